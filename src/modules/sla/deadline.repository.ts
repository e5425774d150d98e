import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database, DeadlineKind, DeadlineRow } from '../../db/schema.ts';

type Q = DB | Transaction<Database>;

/** SQL about deadlines: durable rows, fired by the sweeper with SKIP LOCKED. */
export class DeadlineRepository {
  constructor(private readonly db: DB) {}

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
  }

  open(q: Q, ticketId: string, statuses: ('pending' | 'paused')[]) {
    return q
      .selectFrom('deadline')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .where('status', 'in', statuses)
      .execute();
  }

  async close(q: Q, ticketId: string, status: 'met' | 'cancelled', now: Date) {
    await q
      .updateTable('deadline')
      .set({ status, closed_at: now })
      .where('ticket_id', '=', ticketId)
      .where('status', 'in', ['pending', 'paused'])
      .execute();
  }

  async pause(q: Q, id: string, remainingMs: number) {
    await q
      .updateTable('deadline')
      .set({ status: 'paused', remaining_ms: remainingMs })
      .where('id', '=', id)
      .execute();
  }

  async resume(q: Q, id: string, dueAt: Date, warnAt: Date | null) {
    await q
      .updateTable('deadline')
      .set({ status: 'pending', due_at: dueAt, warn_at: warnAt, remaining_ms: null })
      .where('id', '=', id)
      .execute();
  }

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
  }

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
  }

  async markFired(q: Q, ids: string[], now: Date) {
    if (ids.length === 0) return;
    await q
      .updateTable('deadline')
      .set({ status: 'fired', fired_at: now })
      .where('id', 'in', ids)
      .execute();
  }

  async markWarned(q: Q, ids: string[], now: Date) {
    if (ids.length === 0) return;
    await q.updateTable('deadline').set({ warned_at: now }).where('id', 'in', ids).execute();
  }

  async countPending(): Promise<number> {
    const r = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM deadline WHERE status = 'pending'`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }
}
