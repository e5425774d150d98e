import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AppContext } from '../../app/context.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import { AppError } from '../../core/errors/codes.ts';
import { parseChallenge } from '../../core/abuse/challenge.ts';
import { FILE_MAX_BYTES, FILE_MAX_MB, FILES_MAX, type Rating } from '../../contract/public.ts';
import { chainOf } from '../audit/audit.repository.ts';
import type { Actor } from '../auth/actor.ts';
import type { KbService } from '../kb/kb.service.ts';
import { presentSearch } from '../kb/kb.presenter.ts';
import type { TemplateService } from '../template/template.service.ts';
import type { TicketService } from '../ticket/ticket.service.ts';
import type { AbuseService } from '../abuse/abuse.service.ts';
import type { ChallengeService } from '../abuse/challenge.service.ts';
import { RateCounter, type RateRule } from '../abuse/rate-counter.ts';
import type { MessageKey } from './i18n.ts';
import type { FormOptions, KbArticleView, KbListItem, TenantInfo } from './views.ts';
import { publicRepository as repo, type PublishedFilter } from './public.repository.ts';
import { checkSubmission, sniffType, type Problem } from './submission.ts';
import { IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE, imageTooLarge } from '../../core/files/image-size.ts';

const HOUR_MS = 3600_000;
/** Submissions one client address may make per hour (the phone has its own limits). */
export const SUBMIT_PER_HOUR = 20;
/** Look-ups one client address may make per hour, and tries at one code per hour. */
export const TRACK_PER_HOUR = 30;
export const TRACK_PER_CODE_HOUR = 10;
/** Ratings and reopen requests one client address may send per hour. */
const FEEDBACK_PER_HOUR = 30;
const ACCESS_TTL_MS = 2 * HOUR_MS;
const STATS_TTL_MS = 60_000;

/** A failure the public pages show as a page or a form error, in the visitor's language. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly problems: Problem[] = [],
    readonly retryAfterS?: number,
  ) {
    super(key);
  }
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

const limited = (retryAfterS: number) =>
  new PublicError(
    429,
    'err.rate',
    { minutes: Math.max(1, Math.ceil(retryAfterS / 60)) },
    [],
    retryAfterS,
  );

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The citizens' side of the hotline (R-CH-4, R-PUB-1..3): submit a request as a ticket, track
 * it by code plus phone or email, rate the answer and reopen it, read published answers, the
 * knowledge base and each agency's figures. Anonymous: every write is rate-limited per client
 * address (and per phone through the abuse controls), submissions need a solved challenge.
 */
export class PublicService {
  private readonly counter: RateCounter;
  private readonly key: Buffer;
  private readonly tenantCache = new TtlCache<TenantInfo>(10_000);
  private readonly optionsCache = new TtlCache<FormOptions>(30_000);
  /** Agency figures per tenant, recomputed at most once a minute (of the app's clock). */
  private readonly statsCache = new Map<
    string,
    { at: Date; rows: Awaited<ReturnType<typeof repo.agencyStats>> }
  >();

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: {
      tickets: TicketService;
      abuse: AbuseService;
      challenges: ChallengeService;
      kb: KbService;
      templates: TemplateService;
    },
  ) {
    this.counter = new RateCounter(ctx.db);
    // Tracking links are signed like challenges: one key for every node when configured.
    this.key = ctx.env.CHALLENGE_SECRET
      ? createHash('sha256').update(`public-access\n${ctx.env.CHALLENGE_SECRET}`).digest()
      : randomBytes(32);
  }

  /** The tenant this site serves: PUBLIC_TENANT by code, else the first one. */
  async tenant(): Promise<TenantInfo> {
    return this.tenantCache.get('t', async () => {
      const all = await repo.tenants(this.ctx.db);
      const want = this.ctx.env.PUBLIC_TENANT?.toLowerCase();
      const t = want ? all.find((x) => x.code.toLowerCase() === want) : all[0];
      if (!t) throw new PublicError(503, 'err.server');
      const hotline = typeof t.settings.hotline === 'string' ? t.settings.hotline : '1022';
      return { id: t.id, code: t.code, name: t.name, hotline };
    });
  }

  async formOptions(tenantId: string): Promise<FormOptions> {
    return this.optionsCache.get(tenantId, async () => {
      const [fields, units] = await Promise.all([
        repo.fields(this.ctx.db, tenantId),
        repo.units(this.ctx.db, tenantId),
      ]);
      const province = units.find((u) => u.parent_id === null) ?? null;
      const children = (id: string) => units.filter((u) => u.parent_id === id);
      // Current units hang directly under the province (two tiers since 1 July 2025); the
      // former districts are abolished units that still have their communes under them.
      const current = province ? children(province.id).filter((u) => u.valid_to === null) : [];
      const districts = province
        ? children(province.id)
            .filter((u) => u.valid_to !== null && children(u.id).length > 0)
            .map((d) => ({
              id: d.id,
              name: d.name,
              communes: children(d.id).map((c) => ({ id: c.id, name: c.name })),
            }))
        : [];
      const formerParent = new Map<string, string>();
      for (const d of districts) for (const c of d.communes) formerParent.set(c.id, d.id);
      return {
        fields,
        province: province ? { id: province.id, name: province.name } : null,
        current: current.map((u) => ({ id: u.id, name: u.name })),
        districts,
        choice: { current: new Set(current.map((u) => u.id)), formerParent },
      };
    });
  }

  private async limit(rule: RateRule, key: string) {
    const r = await this.counter.hit(rule, key, this.ctx.clock.now());
    if (!r.allowed) throw limited(r.retryAfterS);
  }

  async issueChallenge(ip: string) {
    try {
      return (await this.deps.challenges.issue(ip)).token;
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        throw limited(Number((err.details as { retryAfterS?: number })?.retryAfterS ?? 60));
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------------ submit

  /**
   * Validates everything first (fields, files, the challenge, the abuse screening), then
   * stores the files, writes the ticket through the ticket intake and records the consent.
   * Bad input changes nothing.
   */
  async submit(
    form: Record<string, string>,
    files: UploadedFile[],
    meta: { ip: string; lang: 'vi' | 'en' },
  ) {
    const tenant = await this.tenant();
    await this.limit(
      { scope: 'public:submit:ip', limit: SUBMIT_PER_HOUR, windowMs: HOUR_MS },
      meta.ip,
    );
    const options = await this.formOptions(tenant.id);
    const checked = checkSubmission(form, new Set(options.fields.map((f) => f.id)), options.choice);
    const problems = checked.ok ? [] : [...checked.problems];
    if (files.length > FILES_MAX) {
      problems.push({ field: 'files', key: 'err.fileCount', params: { count: FILES_MAX } });
    }
    const typed: { filename: string; data: Buffer; type: string }[] = [];
    for (const f of files) {
      const name = f.filename.slice(0, 100);
      if (f.data.length > FILE_MAX_BYTES) {
        problems.push({ field: 'files', key: 'err.fileSize', params: { name, size: FILE_MAX_MB } });
        continue;
      }
      const type = sniffType(f.data);
      if (!type) {
        problems.push({ field: 'files', key: 'err.fileType', params: { name } });
        continue;
      }
      if (imageTooLarge(f.data)) {
        problems.push({
          field: 'files',
          key: 'err.fileDimensions',
          params: { name, side: IMAGE_MAX_SIDE, mp: IMAGE_MAX_PIXELS / 1_000_000 },
        });
        continue;
      }
      typed.push({ filename: f.filename, data: f.data, type });
    }
    if (!checked.ok || problems.length) throw new PublicError(400, 'err.malformed', {}, problems);
    const s = checked.value;

    try {
      await this.deps.challenges.verify(form.challenge ?? '', form.solution ?? '');
    } catch (err) {
      if (err instanceof AppError) {
        throw new PublicError(400, 'err.challenge', {}, [{ field: 'send', key: 'err.challenge' }]);
      }
      throw err;
    }
    const screening = await this.deps.abuse.screen({
      tenantId: tenant.id,
      channel: 'web',
      phone: s.phone,
      email: s.email,
      ip: meta.ip,
      texts: [s.name, s.address, s.subject, s.content, s.place],
    });
    if (screening.verdict === 'blocked') {
      await this.deps.abuse.refuse(tenant.id, screening);
      throw new PublicError(403, 'err.blocked');
    }
    if (screening.verdict === 'rate_limited') {
      await this.deps.abuse.refuse(tenant.id, screening);
      throw limited(screening.retryAfterS);
    }

    const system = { system: true as const, tenantId: tenant.id, label: 'web:public' };
    const attachmentIds: string[] = [];
    for (const f of typed) {
      const a = await this.deps.tickets.uploadAs(system, {
        filename: f.filename,
        mimetype: f.type,
        stream: Readable.from(f.data),
      });
      attachmentIds.push(a.id);
    }
    const unitName = s.unitId ? unitLabel(options, s.unitId) : undefined;
    const where = [s.place, unitName].filter(Boolean).join(', ');
    const content = where ? `${s.content}\n\nĐịa điểm / Location: ${where}` : s.content;
    const challengeId =
      parseChallenge(form.challenge ?? '')?.claims.id ?? randomBytes(8).toString('hex');
    const { ticket, created } = await this.deps.tickets.createAs(system, {
      channel: 'web',
      ...(s.subject ? { subject: s.subject } : {}),
      content,
      citizen: {
        name: s.name,
        ...(s.phone ? { phone: s.phone } : {}),
        ...(s.email ? { email: s.email } : {}),
        address: s.address,
        language: meta.lang,
      },
      fieldId: s.fieldId,
      urgency: 'normal',
      confidential: s.confidential,
      ...(s.unitId ? { location: { orgUnitId: s.unitId } } : {}),
      attachmentIds,
      idempotencyKey: `web:${challengeId}`,
    });
    await repo.insertPublicRequest(this.ctx.db, {
      ticketId: ticket.id,
      tenantId: tenant.id,
      consent: s.consent && !s.confidential,
      at: this.ctx.clock.now(),
    });
    if (created && screening.verdict === 'flagged') {
      try {
        await this.deps.abuse.flag(ticket, screening.record);
      } catch (err) {
        // The ticket is written; a missing flag must not make the citizen send it again.
        this.ctx.log.error({ err, ticket: ticket.id }, 'public: flag not recorded');
      }
    }
    return { code: ticket.code, token: this.accessToken(ticket.id) };
  }

  /** R-CH-11: the administrator's acknowledgement for the web channel, else the default. */
  async acknowledgement(tenant: TenantInfo, code: string, name: string, lang: 'vi' | 'en') {
    return this.deps.templates.acknowledgement(tenant.id, 'web', lang, { code, name });
  }

  // ------------------------------------------------------------------------ track

  accessToken(ticketId: string): string {
    const exp = this.ctx.clock.now().getTime() + ACCESS_TTL_MS;
    const payload = `${ticketId}.${exp}`;
    const sig = createHmac('sha256', this.key).update(payload).digest('base64url');
    return `${payload}.${sig}`;
  }

  /** The ticket id of a valid tracking token, else a 403 page ("look it up again"). */
  ticketOfToken(token: string): string {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length === 3 && /^[0-9a-f-]{36}$/.test(parts[0]!) && /^\d{1,15}$/.test(parts[1]!)) {
      const payload = `${parts[0]}.${parts[1]}`;
      const want = Buffer.from(createHmac('sha256', this.key).update(payload).digest('base64url'));
      const got = Buffer.from(parts[2]!);
      if (
        want.length === got.length &&
        timingSafeEqual(want, got) &&
        Number(parts[1]) > this.ctx.clock.now().getTime()
      ) {
        return parts[0]!;
      }
    }
    throw new PublicError(403, 'track.expired');
  }

  /**
   * Code + phone or email → a tracking token. The same answer whether the code does not exist
   * or the contact does not match (no enumeration), contacts compared in constant time, tries
   * limited per address and per code.
   */
  async track(code: string | undefined, contact: string | undefined, ip: string) {
    const tenant = await this.tenant();
    await this.limit({ scope: 'public:track:ip', limit: TRACK_PER_HOUR, windowMs: HOUR_MS }, ip);
    if (!code || !contact) throw new PublicError(400, 'track.notFound');
    await this.limit(
      { scope: 'public:track:code', limit: TRACK_PER_CODE_HOUR, windowMs: HOUR_MS },
      `${tenant.id}:${code}`,
    );
    const t = await repo.ticket(this.ctx.db, tenant.id, { code });
    const given = digest(contact);
    // Compare against something even when there is no ticket, so both paths do the same work.
    const phone = digest(t?.citizen_phone ?? '\u0000none');
    const email = digest(t?.citizen_email ?? '\u0000none');
    const match = timingSafeEqual(given, phone) || timingSafeEqual(given, email);
    if (!t || !match) throw new PublicError(404, 'track.notFound');
    return this.accessToken(t.id);
  }

  async view(token: string) {
    const tenant = await this.tenant();
    const id = this.ticketOfToken(token);
    const t = await repo.ticket(this.ctx.db, tenant.id, { id });
    if (!t) throw new PublicError(403, 'track.expired');
    const rating = await repo.rating(this.ctx.db, t.id, t.reopen_count);
    return { ticket: t, rating: rating ?? null };
  }

  // ------------------------------------------------------------------------ rate, reopen

  async rate(token: string, r: Rating, ip: string) {
    await this.limit(
      { scope: 'public:feedback:ip', limit: FEEDBACK_PER_HOUR, windowMs: HOUR_MS },
      ip,
    );
    const tenant = await this.tenant();
    const id = this.ticketOfToken(token);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const t = await this.deps.tickets.repo.lockById(trx, tenant.id, id);
      if (!t) throw new PublicError(403, 'track.expired');
      if (t.status !== 'answered' && t.status !== 'closed') {
        throw new PublicError(409, 'reopen.state');
      }
      const fresh = await repo.insertRating(trx, {
        tenantId: tenant.id,
        ticketId: t.id,
        agencyId: t.agency_id,
        round: t.reopen_count,
        rating: r.rating,
        comment: r.comment,
        at: now,
      });
      if (!fresh) throw new PublicError(409, 'rate.already');
      // On the timeline and in the audit trail like every other thing that happens to it.
      await this.deps.tickets.repo.insertEventAudited(
        trx,
        {
          ticketId: t.id,
          tenantId: t.tenant_id,
          action: 'citizen_rating',
          fromStatus: t.status,
          toStatus: t.status,
          actorId: null,
          actorRole: 'system',
          agencyId: t.agency_id,
          note: `Mức độ hài lòng / Satisfaction: ${r.rating}/5${r.comment ? ` — ${r.comment}` : ''}`,
          data: { rating: r.rating, comment: r.comment, round: t.reopen_count },
          at: now,
        },
        {
          chainId: chainOf(t.tenant_id),
          actorLabel: 'citizen:web',
          action: 'ticket.citizen_rating',
          data: { code: t.code, rating: r.rating },
        },
      );
    });
  }

  /**
   * A citizen not satisfied with the answer asks for the ticket to be handled again: the
   * state machine's `reopen`, done by the system on the citizen's behalf with their reason.
   */
  async reopen(token: string, reason: string, ip: string) {
    await this.limit(
      { scope: 'public:feedback:ip', limit: FEEDBACK_PER_HOUR, windowMs: HOUR_MS },
      ip,
    );
    const tenant = await this.tenant();
    const id = this.ticketOfToken(token);
    const system = { system: true as const, tenantId: tenant.id, label: 'citizen:web' };
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        const t = await this.deps.tickets.repo.lockById(trx, tenant.id, id);
        if (!t) throw new PublicError(403, 'track.expired');
        await this.deps.tickets.transition(trx, t, system, 'reopen', {
          reason: `Người dân đề nghị xử lý lại / The citizen asked to handle again: ${reason}`,
          attachmentIds: [],
        });
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_transition') {
        throw new PublicError(409, 'reopen.state');
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------------ reads

  async stats(tenantId: string) {
    const now = this.ctx.clock.now();
    const hit = this.statsCache.get(tenantId);
    if (hit && now.getTime() - hit.at.getTime() < STATS_TTL_MS) return hit;
    const fresh = { at: now, rows: await repo.agencyStats(this.ctx.db, tenantId) };
    this.statsCache.set(tenantId, fresh);
    return fresh;
  }

  published(f: PublishedFilter) {
    return repo.publishedList(this.ctx.db, f);
  }

  publishedOne(tenantId: string, id: string) {
    return repo.publishedOne(this.ctx.db, tenantId, id);
  }

  /** Agencies that answer citizens, for the answers' filter and the articles' byline. */
  agencies(tenantId: string) {
    return repo.agencies(this.ctx.db, tenantId);
  }

  /** Published articles matching a search, best first. */
  async kbSearch(tenantId: string, q: string): Promise<KbListItem[]> {
    const r = await this.deps.kb.searchPublished(tenantId, { q, limit: 20 });
    return presentSearch(r, this.deps.kb.today()).items.map((i) => ({
      id: i.id,
      kind: i.kind,
      code: i.code,
      title: i.title,
      snippet: i.snippet,
    }));
  }

  /** The newest published articles. */
  async kbLatest(tenantId: string): Promise<KbListItem[]> {
    const list = await this.deps.kb.list(this.reader(tenantId), {
      limit: 20,
      offset: 0,
      status: 'published',
    });
    return list.items.map((a) => ({
      id: a.id,
      kind: a.kind,
      code: a.code,
      title: a.title,
      snippet: a.summary.slice(0, 240),
    }));
  }

  /** A published article as its page shows it; undefined when there is none to show. */
  async kbArticle(
    tenantId: string,
    id: string,
    lang: 'vi' | 'en',
  ): Promise<KbArticleView | undefined> {
    let row;
    try {
      ({ row } = await this.deps.kb.get(this.reader(tenantId), id));
    } catch (err) {
      if (err instanceof AppError) return undefined;
      throw err;
    }
    if (row.status !== 'published') return undefined;
    const agency = (await this.agencies(tenantId)).find((a) => a.id === row.agency_id);
    return {
      kind: row.kind,
      code: row.code,
      title: row.title,
      summary: row.summary,
      body: row.body,
      procedure: row.procedure,
      sourceUrl: row.source_url,
      agencyName: agency ? (lang === 'en' && agency.name_en ? agency.name_en : agency.name) : null,
      updatedAt: row.updated_at,
    };
  }

  /**
   * The knowledge base as the public sees it: published articles only. KbService decides
   * visibility by role; an operator's view is exactly "published only", so the public reads
   * as a user-less operator of the site's tenant (never used to write).
   */
  private reader(tenantId: string): Actor {
    return {
      userId: '00000000-0000-0000-0000-000000000000',
      tenantId,
      role: 'operator',
      agencyId: null,
      username: 'public-site',
      displayName: 'public-site',
      via: 'token',
    };
  }
}

function unitLabel(o: FormOptions, id: string): string | undefined {
  const cur = o.current.find((u) => u.id === id);
  if (cur) return `${cur.name}, ${o.province?.name ?? ''}`.replace(/, $/, '');
  for (const d of o.districts) {
    const c = d.communes.find((u) => u.id === id);
    if (c) return `${c.name}, ${d.name}, ${o.province?.name ?? ''} (trước 01/07/2025)`;
  }
  return undefined;
}
