import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import { OPEN_STATES } from '../../core/ticket/state-machine.ts';

export interface OpenTicketsRow {
  tenant: string;
  status: string;
  n: number;
}

/**
 * The database-derived gauges of /metrics: one cheap statement each, answered from an index
 * (open tickets by tenant and status, pending outbox rows, pending deadlines, calls in
 * progress) or a table that holds only the present (callers in a queue). Run on scrape, behind
 * MetricsService's cache — never per request.
 */
export const metricsRepository = {
  /**
   * Open tickets per tenant code and status. One index range per (tenant, open status) on
   * ticket_tenant_status_idx, so closed tickets (the bulk after years) are never read.
   */
  async openTickets(q: Q): Promise<OpenTicketsRow[]> {
    const r = await sql<OpenTicketsRow>`
      SELECT t.code AS tenant, s.status,
             (SELECT count(*)::int FROM ticket k
               WHERE k.tenant_id = t.id AND k.status = s.status) AS n
        FROM tenant t
       CROSS JOIN unnest(${[...OPEN_STATES]}::text[]) AS s(status)`.execute(q);
    return r.rows;
  },

  /** Pending outbox messages and the creation time of the oldest (outbox_pending_idx). */
  async outboxBacklog(q: Q): Promise<{ pending: number; oldest: Date | null }> {
    const r = await sql<{ pending: number; oldest: Date | null }>`
      SELECT count(*)::int AS pending, min(created_at) AS oldest
        FROM outbox WHERE status = 'pending'`.execute(q);
    return r.rows[0] ?? { pending: 0, oldest: null };
  },

  /**
   * The earliest deadline already due and not yet fired (deadline_due_idx): how far the
   * sweeper is behind. Null when nothing due is waiting.
   */
  async oldestOverdue(q: Q, now: Date): Promise<Date | null> {
    const r = await sql<{ due_at: Date | null }>`
      SELECT min(due_at) AS due_at FROM deadline
       WHERE status = 'pending' AND due_at <= ${now}`.execute(q);
    return r.rows[0]?.due_at ?? null;
  },

  /** Calls in progress (call_record_live_idx) and callers waiting in a queue, in one row. */
  async calls(q: Q, now: Date): Promise<{ inProgress: number; waiting: number }> {
    const r = await sql<{ in_progress: number; waiting: number }>`
      SELECT (SELECT count(*)::int FROM call_record WHERE outcome = 'in-progress') AS in_progress,
             (SELECT count(*)::int FROM call_queue_entry WHERE alive_until > ${now}) AS waiting`.execute(
      q,
    );
    const row = r.rows[0];
    return { inProgress: row?.in_progress ?? 0, waiting: row?.waiting ?? 0 };
  },
};
