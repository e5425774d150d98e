import { sql } from 'kysely';
import type { Q } from '../db/helpers.ts';
import type { Role } from '../core/access/roles.ts';
import type { IvrFlow } from '../contract/ivr.ts';

/** A demo account, as `insertUsers` writes it. */
export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  title: string;
  isDeputy: boolean;
  locale: 'vi' | 'en';
}

/** A message the demo's past left in the outbox for one of its timeline events. */
export interface EventMessage {
  id: string;
  channel: string;
  user_id: string | null;
  template: string;
  payload: Record<string, unknown>;
  /** When its event happened. */
  at: Date;
}

/** An in-app notification as a user would have received (and maybe read) it. */
export interface DemoNotification {
  userId: string;
  outboxId: string;
  title: string;
  body: string;
  ticketId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Outbox messages written for a ticket event carry `<event id>:` in their idempotency key;
 * only those belong to the simulated past.
 */
const EVENT_KEY = '^[0-9]+:';

/**
 * Serialises concurrent first starts: only one process seeds, the others then see it. The
 * first-run set-up (src/modules/setup) takes the same lock, so a demo seed and a set-up never
 * both create a province.
 */
export const SEED_LOCK = 1022_0042;

/**
 * SQL of loading the demo province (src/demo) that no module runs: rows dated in the past,
 * written many at a time, and the settling of the simulated past. What a module already
 * writes (agencies, fields, queues…) is written through that module's repository.
 */
export const demoRepository = {
  /** Holds `key` until the caller's transaction ends: concurrent first starts seed once. */
  async lockSeed(q: Q, key: number) {
    await sql`SELECT pg_advisory_xact_lock(${key})`.execute(q);
  },

  insertTenant(
    q: Q,
    t: { code: string; name: string; kind: 'province' | 'district'; settings: object },
    at: Date,
  ) {
    return q
      .insertInto('tenant')
      .values({
        code: t.code,
        name: t.name,
        kind: t.kind,
        settings: JSON.stringify(t.settings),
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  /** The tenant's default working-hours calendar. */
  insertDefaultCalendar(q: Q, tenantId: string, name: string, config: object, at: Date) {
    return q
      .insertInto('calendar')
      .values({
        tenant_id: tenantId,
        name,
        is_default: true,
        config: JSON.stringify(config),
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  /** Every account in one statement, sharing one password hash (argon2id is slow). */
  insertUsers(q: Q, tenantId: string, users: DemoUser[], passwordHash: string, at: Date) {
    return q
      .insertInto('app_user')
      .values(
        users.map((u) => ({
          tenant_id: tenantId,
          username: u.username,
          display_name: u.displayName,
          email: `${u.username}@example.vn`,
          phone: null,
          role: u.role,
          agency_id: u.agencyId,
          title: u.title,
          is_deputy: u.isDeputy,
          password_hash: passwordHash,
          locale: u.locale,
          created_at: at,
        })),
      )
      .returning(['id', 'username'])
      .execute();
  },

  /**
   * The tenant's default IVR flow answering `number`, dated `at` and changed by no one (the
   * flows module's insert records who saved it, now).
   */
  async insertDefaultFlow(q: Q, tenantId: string, flow: IvrFlow, number: string, at: Date) {
    const row = await q
      .insertInto('ivr_flow')
      .values({
        tenant_id: tenantId,
        name: flow.name,
        flow: JSON.stringify(flow),
        is_default: true,
        created_at: at,
        updated_at: at,
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q
      .insertInto('ivr_flow_number')
      .values({ tenant_id: tenantId, number, flow_id: row.id })
      .execute();
  },

  // ---- the simulated past ------------------------------------------------------------------

  /** How many of the tenant's tickets have each value of `col`. */
  async ticketCounts(
    q: Q,
    tenantId: string,
    col: 'status' | 'escalation',
  ): Promise<Record<string, number>> {
    const rows = await q
      .selectFrom('ticket')
      .select([col, (eb) => eb.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy(col)
      .execute();
    return Object.fromEntries(rows.map((r) => [r[col as keyof typeof r] as string, Number(r.n)]));
  },

  async eventCount(q: Q, tenantId: string): Promise<number> {
    const r = await q
      .selectFrom('ticket_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** The messages still pending for the tenant's ticket events, with their events' times. */
  async eventMessages(q: Q, tenantId: string): Promise<EventMessage[]> {
    const r = await sql<EventMessage>`
      SELECT o.id, o.channel, o.user_id, o.template, o.payload, e.at
      FROM outbox o JOIN ticket_event e ON e.id = split_part(o.idempotency_key, ':', 1)::bigint
      WHERE o.tenant_id = ${tenantId} AND o.status = 'pending' AND o.idempotency_key ~ ${EVENT_KEY}`.execute(
      q,
    );
    return r.rows;
  },

  async insertNotifications(q: Q, notes: DemoNotification[]) {
    // 500 rows × 7 columns stays well under PostgreSQL's 65,535 parameters per statement.
    for (let i = 0; i < notes.length; i += 500) {
      await q
        .insertInto('notification')
        .values(
          notes.slice(i, i + 500).map((n) => ({
            user_id: n.userId,
            outbox_id: n.outboxId,
            title: n.title,
            body: n.body,
            ticket_id: n.ticketId,
            created_at: n.createdAt,
            read_at: n.readAt,
          })),
        )
        .execute();
    }
  },

  /** Marks the tenant's pending event messages sent once, at the time of their events. */
  async settleEventMessages(q: Q, tenantId: string) {
    await sql`
      UPDATE outbox o SET status = 'sent', attempts = 1, sent_at = e.at, created_at = e.at,
        next_attempt_at = e.at, last_error = NULL
      FROM ticket_event e
      WHERE o.tenant_id = ${tenantId} AND o.status = 'pending' AND o.idempotency_key ~ ${EVENT_KEY}
        AND e.id = split_part(o.idempotency_key, ':', 1)::bigint`.execute(q);
  },
};
