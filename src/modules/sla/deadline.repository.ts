import { sql, type Transaction } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { Database, DeadlineKind, DeadlineRow } from '../../db/schema.ts';

/** SQL about deadlines: durable rows, fired by the sweeper with SKIP LOCKED. */
export const deadlineRepository = {
  insert(
    q: Q,
    d: {
      tenantId: string;
      ticketId: string;
      kind: DeadlineKind;
      startsAt: Date;
      warnAt: Date | null;
      dueAt: Date;
    },
  ) {
    return q
      .insertInto('deadline')
      .values({
        tenant_id: d.tenantId,
        ticket_id: d.ticketId,
        kind: d.kind,
        starts_at: d.startsAt,
        warn_at: d.warnAt,
        due_at: d.dueAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  open(q: Q, ticketId: string, statuses: ('pending' | 'paused')[]) {
    return q
      .selectFrom('deadline')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .where('status', 'in', statuses)
      .execute();
  },

  async close(q: Q, ticketId: string, status: 'met' | 'cancelled', now: Date) {
    await q
      .updateTable('deadline')
      .set({ status, closed_at: now })
      .where('ticket_id', '=', ticketId)
      .where('status', 'in', ['pending', 'paused'])
      .execute();
  },

  async pause(q: Q, id: string, remainingMs: number) {
    await q
      .updateTable('deadline')
      .set({ status: 'paused', remaining_ms: remainingMs })
      .where('id', '=', id)
      .execute();
  },

  async resume(q: Q, id: string, dueAt: Date, warnAt: Date | null) {
    await q
      .updateTable('deadline')
      .set({ status: 'pending', due_at: dueAt, warn_at: warnAt, remaining_ms: null })
      .where('id', '=', id)
      .execute();
  },

  /**
   * Claims due deadlines for this transaction. SKIP LOCKED lets several app nodes sweep at
   * once: each row is claimed by exactly one of them, and a crash releases it.
   */
  claimDue(trx: Transaction<Database>, now: Date, limit: number): Promise<DeadlineRow[]> {
    return trx
      .selectFrom('deadline')
      .selectAll()
      .where('status', '=', 'pending')
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  },

  claimWarnings(trx: Transaction<Database>, now: Date, limit: number): Promise<DeadlineRow[]> {
    return trx
      .selectFrom('deadline')
      .selectAll()
      .where('status', '=', 'pending')
      .where('warned_at', 'is', null)
      .where('warn_at', '<=', now)
      .where('due_at', '>', now)
      .orderBy('warn_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  },

  /**
   * The next time the sweeper has something to fire for the tenant: the earliest pending due
   * time or unsent warning (null when none). The demo's simulated clock walks from one to the
   * next.
   */
  async nextFiring(q: Q, tenantId: string): Promise<Date | null> {
    const r = await sql<{ t: Date | null }>`
      SELECT least(
        (SELECT min(due_at) FROM deadline WHERE tenant_id = ${tenantId} AND status = 'pending'),
        (SELECT min(warn_at) FROM deadline
          WHERE tenant_id = ${tenantId} AND status = 'pending' AND warned_at IS NULL AND warn_at < due_at)
      ) AS t`.execute(q);
    const t = r.rows[0]?.t;
    return t ? new Date(t) : null;
  },

  async markFired(q: Q, ids: string[], now: Date) {
    if (ids.length === 0) return;
    await q
      .updateTable('deadline')
      .set({ status: 'fired', fired_at: now })
      .where('id', 'in', ids)
      .execute();
  },

  async markWarned(q: Q, ids: string[], now: Date) {
    if (ids.length === 0) return;
    await q.updateTable('deadline').set({ warned_at: now }).where('id', 'in', ids).execute();
  },

  /**
   * Running (pending) deadlines whose ticket's agency works on a calendar, locked for the
   * caller's transaction: `calendarId` matches agencies that chose it, and with `isDefault`
   * also agencies without a calendar of their own. Or all of one agency's (`agencyId`).
   */
  runningOn(
    trx: Transaction<Database>,
    tenantId: string,
    scope: { calendarId: string; isDefault: boolean } | { agencyId: string },
  ) {
    let q = trx
      .selectFrom('deadline as d')
      .innerJoin('ticket as t', 't.id', 'd.ticket_id')
      .leftJoin('agency as a', 'a.id', 't.agency_id')
      .select([
        'd.id',
        'd.kind',
        'd.due_at',
        'd.warn_at',
        'd.warned_at',
        't.id as ticket_id',
        't.code',
        't.status',
        't.escalation',
        't.agency_id',
        't.subunit_id',
      ])
      .where('d.tenant_id', '=', tenantId)
      .where('d.status', '=', 'pending');
    if ('agencyId' in scope) {
      q = q.where('t.agency_id', '=', scope.agencyId);
    } else {
      const { calendarId, isDefault } = scope;
      q = q.where((eb) =>
        isDefault
          ? eb.or([eb('a.calendar_id', '=', calendarId), eb('a.calendar_id', 'is', null)])
          : eb('a.calendar_id', '=', calendarId),
      );
    }
    return q.orderBy('d.id').forUpdate('d').execute();
  },

  /** Moves many deadlines in one statement. */
  async moveMany(
    trx: Transaction<Database>,
    moves: { id: string; dueAt: Date; warnAt: Date | null }[],
  ) {
    if (moves.length === 0) return;
    await sql`
      UPDATE deadline AS d SET due_at = m.due_at, warn_at = m.warn_at
      FROM unnest(${moves.map((m) => m.id)}::bigint[],
                  ${moves.map((m) => m.dueAt.toISOString())}::timestamptz[],
                  ${moves.map((m) => m.warnAt?.toISOString() ?? null)}::timestamptz[])
        AS m(id, due_at, warn_at)
      WHERE d.id = m.id`.execute(trx);
  },
};

export type DeadlineRepository = typeof deadlineRepository;
