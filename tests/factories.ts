/**
 * Test data, built one way: `createTestApp()`, the bench and every test that needs a tenant,
 * a calendar, an agency, a user or a ticket body build it here (as Outline's
 * `server/test/factories.ts`). Each builder writes real rows and returns them; every option
 * has a plain default, so a test states only what it is about.
 *
 * ### Examples
 * ```ts
 * const tenant = await buildTenant(db);
 * const agency = await buildAgency(db, tenant.id, { code: 'STNMT' });
 * const fp = await buildUser(db, tenant.id, 'focal_point', { agencyId: agency.id });
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { AgencyKind } from '../src/contract/enums.ts';
import type { Role } from '../src/core/access/roles.ts';
import { hashPassword } from '../src/modules/auth/password.ts';

type Db = Kysely<Database>;

/** The password of every built user unless a test gives another. */
export const TEST_PASSWORD = 'mat-khau-thu-nghiem';

let seq = 0;
const next = () => `${++seq}${Math.random().toString(36).slice(2, 6)}`;

// argon2id takes tens of milliseconds: each password is hashed once per process.
const hashes = new Map<string, Promise<string>>();
function hashOf(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) hashes.set(password, (h = hashPassword(password)));
  return h;
}

export function buildTenant(
  db: Db,
  o: { code?: string; name?: string; kind?: 'province' | 'district'; settings?: object } = {},
) {
  return db
    .insertInto('tenant')
    .values({
      code: o.code ?? `T${next()}`,
      name: o.name ?? 'Tỉnh Thử nghiệm',
      kind: o.kind ?? 'province',
      settings: JSON.stringify(o.settings ?? { ticketPrefix: 'PA' }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The tenant's default working-hours calendar (Asia/Ho_Chi_Minh, statutory holidays). */
export function buildCalendar(
  db: Db,
  tenantId: string,
  o: { name?: string; isDefault?: boolean; config?: object } = {},
) {
  return db
    .insertInto('calendar')
    .values({
      tenant_id: tenantId,
      name: o.name ?? 'Giờ hành chính',
      is_default: o.isDefault ?? true,
      config: JSON.stringify(o.config ?? { timezone: 'Asia/Ho_Chi_Minh' }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function buildAgency(
  db: Db,
  tenantId: string,
  o: {
    code?: string;
    name?: string;
    kind?: AgencyKind;
    parentId?: string | null;
    requiresApproval?: boolean;
  } = {},
) {
  const code = o.code ?? `AG${next()}`;
  return db
    .insertInto('agency')
    .values({
      tenant_id: tenantId,
      code,
      name: o.name ?? `Cơ quan ${code}`,
      kind: o.kind ?? 'department',
      parent_id: o.parentId ?? null,
      org_unit_id: null,
      calendar_id: null,
      phone: null,
      email: null,
      requires_approval: o.requiresApproval ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Db,
  tenantId: string,
  role: Role,
  o: {
    agencyId?: string | null;
    username?: string;
    displayName?: string;
    email?: string | null;
    password?: string;
  } = {},
) {
  const username = o.username ?? `${role}${next()}`;
  return db
    .insertInto('app_user')
    .values({
      tenant_id: tenantId,
      username,
      display_name: o.displayName ?? `Người dùng ${role} ${username}`,
      email: o.email ?? null,
      phone: null,
      role,
      agency_id: o.agencyId ?? null,
      title: null,
      password_hash: await hashOf(o.password ?? TEST_PASSWORD),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A field (lĩnh vực) in its group, the group made on first use (number 1 by default). */
export async function buildField(
  db: Db,
  tenantId: string,
  o: { code?: string; name?: string; groupNumber?: number; defaultAgencyId?: string | null } = {},
) {
  const number = o.groupNumber ?? 1;
  const group =
    (await db
      .selectFrom('field_group')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('number', '=', number)
      .executeTakeFirst()) ??
    (await db
      .insertInto('field_group')
      .values({ tenant_id: tenantId, number, name: `Nhóm ${number}`, name_en: '' })
      .returning('id')
      .executeTakeFirstOrThrow());
  const code = o.code ?? `F${next()}`;
  return db
    .insertInto('field')
    .values({
      tenant_id: tenantId,
      group_id: group.id,
      code,
      name: o.name ?? `Lĩnh vực ${code}`,
      name_en: '',
      default_agency_id: o.defaultAgencyId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * An answered one-minute call to 1022 (2 March 2026), optionally bound to a ticket and with a
 * two-channel recording (a path under DATA_DIR/voice/recordings). Returns its id.
 */
export async function buildCall(
  db: Db,
  tenantId: string,
  o: {
    caller?: string;
    callerName?: string | null;
    ticketId?: string | null;
    recordingFile?: string | null;
    digits?: string;
  } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const file = o.recordingFile ?? null;
  await db
    .insertInto('call_record')
    .values({
      id,
      tenant_id: tenantId,
      sip_call_id: `${id}@test`,
      caller: o.caller ?? '0905123456',
      caller_name: o.callerName ?? null,
      called: '1022',
      started_at: new Date('2026-03-02T01:00:00Z'),
      answered_at: new Date('2026-03-02T01:00:01Z'),
      ended_at: new Date('2026-03-02T01:01:00Z'),
      wait_ms: 1000,
      talk_ms: 59000,
      digits: o.digits ?? '',
      queue: null,
      agent_id: null,
      outcome: 'answered',
      end_reason: 'remote-bye',
      recording_file: file,
      recording_ms: file ? 59000 : null,
      codec: 'PCMA',
      media: null,
      ticket_id: o.ticketId ?? null,
      queue_wait_ms: null,
      transfer_to: null,
      recording_channels: file ? 2 : null,
    })
    .execute();
  return id;
}

/** A valid body for `POST /api/v1/tickets`: a typical phone contact; override what matters. */
export function ticketBody<T extends Record<string, unknown>>(over: T = {} as T) {
  return {
    channel: 'phone',
    content: 'Đèn đường trên đường Trần Hưng Đạo bị hỏng nhiều ngày, đề nghị sửa chữa.',
    citizen: { name: 'Nguyễn Văn An', phone: '0912345678', address: '12 Trần Hưng Đạo, phường 1' },
    ...over,
  };
}
