import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../app/context.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import type { CreateKeyBody } from '../../contract/open311.ts';
import { slaSettings } from '../sla/sla.settings.ts';
import type { TicketService } from '../ticket/ticket.service.ts';
import type { CreateTicketBody } from '../../contract/ticket.ts';
import { RateCounter, type RateRule } from '../abuse/rate-counter.ts';
import type { AbuseService, ScreeningRecord } from '../abuse/abuse.service.ts';
import { Open311Error } from './open311.errors.ts';
import {
  newRequestInput,
  problem,
  requestQuery,
  type Args,
  type NewRequestInput,
} from './open311.input.ts';
import { open311Repository as repo } from './open311.repository.ts';
import {
  ATTRIBUTES,
  presentCreated,
  presentDefinition,
  presentDiscovery,
  presentRequest,
  presentServices,
  presentToken,
  serviceNotice,
  type Lang,
} from './open311.presenter.ts';

const HOUR_MS = 3600_000;
/** Posts one client address may make per hour, whatever key it uses. */
export const IP_HOURLY_LIMIT = 60;
const IP_RULE: RateRule = { scope: 'open311:ip', limit: IP_HOURLY_LIMIT, windowMs: HOUR_MS };
const ORGANIZATION_MAX = 300;

/** Per-deployment settings (tenant.settings.open311), all optional. */
const settingsSchema = z.object({
  /** Matched by jurisdiction_id besides the tenant's code, e.g. "dongthap.gov.vn". */
  jurisdictionId: z.string().optional(),
  contact: z.string().optional(),
  keyService: z.string().optional(),
});
type Open311Settings = z.infer<typeof settingsSchema>;

interface Jurisdiction {
  id: string;
  code: string;
  name: string;
  settings: Record<string, unknown>;
  open311: Open311Settings;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const KEY_PREFIX = 'o311_';
const ANONYMOUS = 'Ẩn danh (Open311)';

/** The body of the ticket a submission becomes, whom its audit names, and its flag if any. */
interface PendingTicket {
  body: CreateTicketBody;
  label: string;
  flag?: ScreeningRecord;
}

/**
 * Open311 GeoReport v2 (R-CH-9): third-party apps read the service list (our fields), post
 * service requests that become tickets through the ticket intake (channel `open311`), and
 * follow them. Reads are public; posting needs an api_key that an administrator issued.
 */
export class Open311Service {
  private readonly rate: RateCounter;
  private readonly jurisdictions = new TtlCache<Jurisdiction[]>(5_000);
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly tickets: TicketService,
    private readonly abuse: AbuseService,
  ) {
    this.rate = new RateCounter(ctx.db);
  }

  private async allJurisdictions(): Promise<Jurisdiction[]> {
    return this.jurisdictions.get('all', async () =>
      (await repo.tenants(this.ctx.db)).map((t) => {
        const parsed = settingsSchema.safeParse(t.settings.open311 ?? {});
        return { ...t, open311: parsed.success ? parsed.data : {} };
      }),
    );
  }

  /** Drops the cached jurisdiction list (other nodes see a new tenant within 5 s anyway). */
  forgetJurisdictions() {
    this.jurisdictions.clear();
  }

  /**
   * The tenant a call is about. jurisdiction_id may be omitted when the server holds one
   * jurisdiction (the spec's rule); it matches a tenant's code or its configured id.
   */
  async jurisdiction(id: string | undefined): Promise<Jurisdiction> {
    const all = await this.allJurisdictions();
    if (id === undefined) {
      if (all.length === 1) return all[0]!;
      throw new Open311Error([problem('jurisdiction_id', 'chưa được gửi', 'was not provided')]);
    }
    const want = id.trim().toLowerCase();
    const found = all.find(
      (j) => j.code.toLowerCase() === want || j.open311.jurisdictionId?.toLowerCase() === want,
    );
    if (!found) {
      throw new Open311Error([problem('jurisdiction_id', 'không tìm thấy', 'was not found', 404)]);
    }
    return found;
  }

  async discovery(jurisdictionId: string | undefined, lang: Lang) {
    const all = await this.allJurisdictions();
    const j =
      jurisdictionId !== undefined || all.length === 1
        ? await this.jurisdiction(jurisdictionId)
        : null;
    const changeset = (await repo.changeset(this.ctx.db, j?.id ?? null)) ?? new Date(0);
    const base = this.ctx.env.PUBLIC_URL.replace(/\/+$/, '');
    const name = j?.name ?? '';
    return presentDiscovery({
      changeset,
      contact:
        j?.open311.contact ??
        (lang === 'en'
          ? `1022 public-service hotline${name ? ` — ${name}` : ''}: ${base}`
          : `Tổng đài thông tin dịch vụ công 1022${name ? ` — ${name}` : ''}: ${base}`),
      keyService:
        j?.open311.keyService ??
        (lang === 'en'
          ? 'API keys (api_key) are issued by the hotline’s system administrator on request; reading needs no key.'
          : 'Khóa API (api_key) do quản trị viên hệ thống của tổng đài 1022 cấp theo đề nghị; đọc dữ liệu không cần khóa.'),
      url: `${base}/open311/v2`,
    });
  }

  async services(jurisdictionId: string | undefined, lang: Lang) {
    const j = await this.jurisdiction(jurisdictionId);
    return presentServices(await repo.services(this.ctx.db, j.id), lang);
  }

  async definition(jurisdictionId: string | undefined, serviceCode: string, lang: Lang) {
    const j = await this.jurisdiction(jurisdictionId);
    const field = await repo.field(this.ctx.db, j.id, serviceCode);
    if (!field) {
      throw new Open311Error([problem('service_code', 'không tìm thấy', 'was not found', 404)]);
    }
    return presentDefinition(field.code, lang);
  }

  // ------------------------------------------------------------------------ POST

  /** Checks the key (403), its jurisdiction and the rate limits; returns the key's tenant. */
  private async authorize(args: Args, ip: string) {
    const now = this.ctx.clock.now();
    // Per address first: it also bounds how fast anyone can try keys.
    const byIp = await this.rate.hit(IP_RULE, ip, now);
    if (!byIp.allowed) throw rateLimited('client', byIp.retryAfterS);
    const apiKey = args.values.api_key;
    if (!apiKey) {
      throw new Open311Error([
        problem('api_key', 'chưa được gửi — cần khóa API để gửi phản ánh', 'was not provided', 403),
      ]);
    }
    const key =
      apiKey.length <= 200 ? await repo.keyByHash(this.ctx.db, sha256(apiKey)) : undefined;
    if (!key || key.revoked_at) {
      throw new Open311Error([
        problem('api_key', 'không hợp lệ hoặc đã bị thu hồi', 'is invalid or revoked', 403),
      ]);
    }
    if (args.values.jurisdiction_id !== undefined) {
      const j = await this.jurisdiction(args.values.jurisdiction_id);
      if (j.id !== key.tenant_id) {
        throw new Open311Error([
          problem(
            'api_key',
            'không dùng được cho jurisdiction_id này',
            'is not valid for this jurisdiction_id',
            403,
          ),
        ]);
      }
    }
    const byKey = await this.rate.hit(
      { scope: 'open311:key', limit: key.hourly_limit, windowMs: HOUR_MS },
      key.id,
      now,
    );
    if (!byKey.allowed) throw rateLimited('api_key', byKey.retryAfterS);
    // Minute precision is enough for "is this key still used?" and spares a write per post.
    const last = this.touched.get(key.id) ?? 0;
    if (now.getTime() - last > 60_000) {
      this.touched.set(key.id, now.getTime());
      await repo.touchKey(this.ctx.db, key.id, now);
    }
    return key;
  }

  /**
   * POST Service Request: the submission is recorded with a token, then written as a ticket
   * through the ticket intake. The answer carries the ticket code; should the ticket not be
   * written (a database fault), the submission stays and the answer carries the token, by
   * which the client later gets the code (the ticket is written then).
   */
  async submit(args: Args, meta: { ip: string; lang: Lang }) {
    const key = await this.authorize(args, meta.ip);
    const parsed = newRequestInput(args);
    if (!parsed.ok) throw new Open311Error(parsed.problems);
    const input = parsed.input;
    const j = (await this.allJurisdictions()).find((x) => x.id === key.tenant_id);
    if (!j) throw new Error(`open311: key ${key.id} of an unknown tenant`);
    const field = await repo.field(this.ctx.db, j.id, input.serviceCode);
    if (!field) {
      throw new Open311Error([problem('service_code', 'không tìm thấy', 'was not found', 404)]);
    }
    const attrs = readAttributes(input.attributes);
    if (!attrs.ok) throw new Open311Error(attrs.problems);

    // R-AB-1: blocked senders are refused, a phone's flood is limited, bad language is
    // accepted but flagged for the operator.
    const screening = await this.abuse.screen({
      tenantId: j.id,
      channel: 'open311',
      phone: input.phone,
      email: input.email,
      ip: meta.ip,
      texts: [
        input.description,
        input.addressString,
        input.firstName,
        input.lastName,
        attrs.values.organization,
      ],
    });
    if (screening.verdict === 'blocked') {
      await this.abuse.refuse(j.id, screening);
      throw new Open311Error([
        problem(
          '',
          'người gửi đã bị chặn do vi phạm quy định sử dụng tổng đài',
          'the sender is blocked for misuse of the hotline',
          403,
        ),
      ]);
    }
    if (screening.verdict === 'rate_limited') {
      await this.abuse.refuse(j.id, screening);
      throw rateLimited('phone', screening.retryAfterS);
    }

    const now = this.ctx.clock.now();
    const token = randomBytes(18).toString('base64url');
    const pending: PendingTicket = {
      label: `open311:${key.name}`,
      body: ticketBody(input, attrs.values, field, token),
      ...(screening.verdict === 'flagged' ? { flag: screening.record } : {}),
    };
    const row = await repo.insertSubmission(this.ctx.db, {
      tenantId: j.id,
      token,
      apiKeyId: key.id,
      serviceCode: field.code,
      description: input.description ?? null,
      addressString: input.addressString ?? null,
      addressId: input.addressId ?? null,
      latitude: input.lat ?? null,
      longitude: input.long ?? null,
      mediaUrl: input.mediaUrl ?? null,
      deviceId: input.deviceId ?? null,
      accountId: input.accountId ?? null,
      attributes: input.attributes,
      clientIp: meta.ip,
      pendingBody: pending as unknown as Record<string, unknown>,
      at: now,
    });
    const code = await this.complete(row.id, j.id, pending, true);
    return presentCreated(
      { code, token: row.token, accountId: input.accountId ?? null },
      code
        ? acknowledgement(j, code, meta.lang)
        : meta.lang === 'en'
          ? 'Your request was received; use the token to get its number.'
          : 'Đã nhận phản ánh; dùng token để tra mã phiếu.',
    );
  }

  /**
   * Writes the ticket of a submission (idempotent: the ticket's idempotency key is the
   * submission's token) and links it. Returns the ticket code, or null when the ticket could
   * not be written now. A refusal by the intake (bad input) removes a new submission.
   */
  private async complete(
    id: string,
    tenantId: string,
    p: PendingTicket,
    fresh: boolean,
  ): Promise<string | null> {
    let ticket;
    let created: boolean;
    try {
      ({ ticket, created } = await this.tickets.createAs(
        { system: true, tenantId, label: p.label },
        p.body,
      ));
    } catch (err) {
      if (err instanceof AppError && fresh) {
        await repo.deleteSubmission(this.ctx.db, id);
        throw err;
      }
      this.ctx.log.error({ err, submission: id }, 'open311: ticket not written yet');
      return null;
    }
    if (p.flag && (created || !(await this.abuse.flagged(ticket.id)))) {
      try {
        await this.abuse.flag(ticket, p.flag);
      } catch (err) {
        // The ticket is written: a missing flag must not make the client post it again.
        this.ctx.log.error({ err, ticket: ticket.id }, 'open311: flag not recorded');
      }
    }
    await repo.completeSubmission(this.ctx.db, id, ticket.id);
    return ticket.code;
  }

  /** GET service_request_id from a token; completes a submission still waiting. */
  async token(jurisdictionId: string | undefined, token: string) {
    const j = await this.jurisdiction(jurisdictionId);
    const s = /^[A-Za-z0-9_-]{1,64}$/.test(token)
      ? await repo.submissionByToken(this.ctx.db, token)
      : undefined;
    if (!s || s.tenant_id !== j.id) {
      throw new Open311Error([problem('token', 'không tìm thấy', 'was not found', 404)]);
    }
    let code = s.code;
    if (!code && s.pending_body) {
      code = await this.complete(s.id, j.id, s.pending_body as unknown as PendingTicket, false);
    }
    return presentToken(s.token, code ?? null);
  }

  // ------------------------------------------------------------------------ GET requests

  async requests(args: Args, lang: Lang) {
    const j = await this.jurisdiction(args.values.jurisdiction_id);
    const parsed = requestQuery(args, this.ctx.clock.now());
    if (!parsed.ok) throw new Open311Error(parsed.problems);
    const q = parsed.query;
    const rows = await repo.requests(this.ctx.db, {
      tenantId: j.id,
      ...(q.ids
        ? { codes: q.ids }
        : {
            from: q.from,
            to: q.to,
            ...(q.serviceCodes ? { serviceCodes: q.serviceCodes } : {}),
            ...(q.statuses ? { statuses: q.statuses } : {}),
          }),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const notice = { focalPointHours: slaSettings(j.settings).focalPointHours };
    return rows.map((r) => presentRequest(r, lang, notice));
  }

  async request(jurisdictionId: string | undefined, code: string, lang: Lang) {
    const j = await this.jurisdiction(jurisdictionId);
    const rows = /^[A-Za-z0-9-]{1,64}$/.test(code)
      ? await repo.requests(this.ctx.db, { tenantId: j.id, codes: [code], limit: 1, offset: 0 })
      : [];
    if (!rows.length) {
      throw new Open311Error([
        problem('service_request_id', 'không tìm thấy', 'was not found', 404),
      ]);
    }
    const notice = { focalPointHours: slaSettings(j.settings).focalPointHours };
    return rows.map((r) => presentRequest(r, lang, notice));
  }

  // ------------------------------------------------------------------------ keys (admin)

  /** Issues a key; the secret is returned once and only its hash is kept. */
  async createKey(actorIn: Actor | undefined, b: CreateKeyBody) {
    const actor = requirePermission(actorIn, 'open311.keys');
    const secret = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const prefix = secret.slice(0, KEY_PREFIX.length + 4);
    const at = this.ctx.clock.now();
    const row = await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'open311.key.create',
        entityType: 'open311_api_key',
        data: { name: b.name, prefix, hourlyLimit: b.hourlyLimit },
        at,
      },
      (trx) =>
        repo.insertKey(trx, {
          tenantId: actor.tenantId,
          name: b.name,
          hash: sha256(secret),
          prefix,
          hourlyLimit: b.hourlyLimit,
          createdBy: actor.userId,
          at,
        }),
    );
    return { row, secret };
  }

  async listKeys(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'open311.keys');
    return repo.keys(this.ctx.db, actor.tenantId);
  }

  async revokeKey(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'open311.keys');
    const at = this.ctx.clock.now();
    // Not writeAudited: the record names the key revoked, known once it is.
    return this.ctx.db.transaction().execute(async (trx) => {
      const r = await repo.revokeKey(trx, actor.tenantId, id, actor.userId, at);
      if (!r) throw new AppError('not_found');
      await auditBy(trx, actor, {
        action: 'open311.key.revoke',
        entityType: 'open311_api_key',
        entityId: r.id,
        data: { name: r.name, prefix: r.key_prefix },
        at,
      });
      return r;
    });
  }
}

function rateLimited(who: 'client' | 'api_key' | 'phone', retryAfterS: number) {
  return new Open311Error(
    [
      problem(
        who === 'client' ? '' : who,
        `gửi quá nhiều phản ánh; vui lòng thử lại sau ${retryAfterS} giây`,
        `too many requests; retry in ${retryAfterS} seconds`,
        429,
      ),
    ],
    retryAfterS,
  );
}

/** R-CH-11: the acknowledgement every message channel gives, in the POST answer here. */
function acknowledgement(j: Jurisdiction, code: string, lang: Lang): string {
  const sla = serviceNotice({ focalPointHours: slaSettings(j.settings).focalPointHours }, lang);
  return lang === 'en'
    ? `The 1022 public-service hotline of ${j.name} has received your request (number ${code}); thank you. ${sla}`
    : `Tổng đài Thông tin dịch vụ công ${j.name} đã nhận được phản ánh của Quý khách (mã phiếu ${code}), xin cảm ơn. ${sla}`;
}

interface AttributeValues {
  urgency: 'normal' | 'urgent' | 'emergency';
  confidential: boolean;
  language: 'vi' | 'en';
  organization?: string;
}

/** Checks attribute answers against the service definition (ATTRIBUTES). */
export function readAttributes(
  given: Record<string, string[]>,
): { ok: true; values: AttributeValues } | { ok: false; problems: ReturnType<typeof problem>[] } {
  const problems: ReturnType<typeof problem>[] = [];
  const byCode = new Map(ATTRIBUTES.filter((a) => a.variable).map((a) => [a.code, a]));
  const one = (code: string): string | undefined => {
    const v = given[code];
    if (!v) return undefined;
    const spec = byCode.get(code)!;
    if (v.length > 1 && spec.datatype !== 'multivaluelist') {
      problems.push(
        problem(`attribute[${code}]`, 'chỉ được chọn một giá trị', 'takes a single value'),
      );
      return undefined;
    }
    if (spec.values && !spec.values.some((x) => x.key === v[0])) {
      problems.push(
        problem(
          `attribute[${code}]`,
          `phải là một trong: ${spec.values.map((x) => x.key).join(', ')}`,
          `must be one of: ${spec.values.map((x) => x.key).join(', ')}`,
        ),
      );
      return undefined;
    }
    return v[0];
  };
  for (const code of Object.keys(given)) {
    if (!byCode.has(code)) {
      problems.push(
        problem(
          `attribute[${code}]`,
          'không có trong định nghĩa dịch vụ',
          'is not defined for this service',
        ),
      );
    }
  }
  const urgency = one('URGENCY') as AttributeValues['urgency'] | undefined;
  const confidential = one('CONFIDENTIAL');
  const language = one('LANGUAGE') as AttributeValues['language'] | undefined;
  const organization = one('ORGANIZATION');
  if (organization !== undefined && [...organization].length > ORGANIZATION_MAX) {
    problems.push(
      problem(
        'attribute[ORGANIZATION]',
        `dài quá ${ORGANIZATION_MAX} ký tự`,
        `is longer than ${ORGANIZATION_MAX} characters`,
      ),
    );
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    values: {
      urgency: urgency ?? 'normal',
      confidential: confidential === 'true',
      language: language ?? 'vi',
      ...(organization ? { organization } : {}),
    },
  };
}

/**
 * The ticket a submission becomes. What the ticket model has no column for (the location as
 * written, address id, media link) is appended to the content, so that operators read the
 * whole report in one place (R-CH-12); the submission row keeps each part separately.
 */
export function ticketBody(
  input: NewRequestInput,
  a: AttributeValues,
  field: { id: string; name: string },
  submissionToken: string,
): CreateTicketBody {
  // Vietnamese names are written family name first; an English speaker's given name first.
  const parts =
    a.language === 'en' ? [input.firstName, input.lastName] : [input.lastName, input.firstName];
  const name = parts.filter(Boolean).join(' ');
  const lines = [input.description ?? field.name];
  const where = [
    input.addressString,
    input.lat !== undefined ? `${input.lat}, ${input.long}` : undefined,
    input.addressId ? `mã địa chỉ / address id ${input.addressId}` : undefined,
  ].filter(Boolean);
  if (where.length) lines.push('', `Địa điểm / Location: ${where.join(' — ')}`);
  if (input.mediaUrl) lines.push(`Hình ảnh, tệp / Media: ${input.mediaUrl}`);
  return {
    channel: 'open311',
    content: lines.join('\n'),
    citizen: {
      name: name || ANONYMOUS,
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.email ? { email: input.email } : {}),
      ...(a.organization ? { organization: a.organization } : {}),
      language: a.language,
    },
    fieldId: field.id,
    urgency: a.urgency,
    confidential: a.confidential,
    ...(input.lat !== undefined
      ? { location: { latitude: input.lat, longitude: input.long } }
      : {}),
    attachmentIds: [],
    idempotencyKey: `open311:${submissionToken}`,
  };
}

/**
 * The demo province's api_key: a fixed, published value (README) so that anyone trying the
 * demo can post with an Open311 client at once. Never use it outside the demo.
 */
export const DEMO_OPEN311_KEY = 'o311_demo_tinh_demo_1022';

/** Issues the demo key in the seeding transaction, audited as the demo administrator's act. */
export async function insertDemoKey(
  trx: Transaction<Database>,
  admin: { tenantId: string; userId: string; username: string },
  at: Date,
) {
  const r = await repo.insertKey(trx, {
    tenantId: admin.tenantId,
    name: 'Ứng dụng thử nghiệm (demo)',
    hash: sha256(DEMO_OPEN311_KEY),
    prefix: DEMO_OPEN311_KEY.slice(0, KEY_PREFIX.length + 4),
    hourlyLimit: 600,
    createdBy: admin.userId,
    at,
  });
  await auditBy(trx, admin, {
    action: 'open311.key.create',
    entityType: 'open311_api_key',
    entityId: r.id,
    data: { name: r.name, prefix: r.key_prefix, hourlyLimit: r.hourly_limit, demo: true },
    at,
  });
}
