import type { AppContext } from '../app/context.ts';
import type { Services } from '../app/services.ts';

/**
 * The deadline sweeper (R-SLA-2, R-SLA-3): fires due deadlines and pre-breach warnings.
 * Idempotent and safe on many nodes at once: each batch claims rows with
 * FOR UPDATE SKIP LOCKED and marks them in the same transaction as their effects.
 */
export async function sweepDeadlines(
  ctx: AppContext,
  s: Services,
  batch = 200,
): Promise<{ fired: number; warned: number }> {
  let fired = 0;
  let warned = 0;
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const due = await s.deadlines.repo.claimDue(trx, now, batch);
      for (const d of due) await s.tickets.fireDeadline(trx, d);
      await s.deadlines.repo.markFired(
        trx,
        due.map((d) => d.id),
        now,
      );
      return due.length;
    });
    fired += n;
    if (n < batch) break;
  }
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const rows = await s.deadlines.repo.claimWarnings(trx, now, batch);
      for (const d of rows) await s.tickets.warnDeadline(trx, d);
      await s.deadlines.repo.markWarned(
        trx,
        rows.map((d) => d.id),
        now,
      );
      return rows.length;
    });
    warned += n;
    if (n < batch) break;
  }
  return { fired, warned };
}
