import type { AppContext } from '../app/context.ts';
import type { DeliveryAdapter } from '../channels/types.ts';
import { outboxRepository as repo } from '../modules/notification/outbox.repository.ts';
import { renderTemplate } from '../modules/notification/templates.ts';

const MAX_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min, … capped at 1 h. */
export const backoffMs = (attempt: number) => Math.min(3600_000, 30_000 * 2 ** (attempt - 1));

/**
 * Delivers pending outbox messages through the adapters present. Claims with SKIP LOCKED so
 * several workers share the work; each message is marked in the same transaction that
 * claimed it. Channels without an adapter (e.g. SMS before a gateway is configured) stay
 * pending, not failed: nothing is lost while the adapter is missing.
 */
export async function dispatchOutbox(
  ctx: AppContext,
  adapters: DeliveryAdapter[],
  batch = 50,
): Promise<{ sent: number; failed: number }> {
  const byChannel = new Map(adapters.map((a) => [a.channel, a]));
  let sent = 0;
  let failed = 0;
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const rows = await repo.claim(trx, now, [...byChannel.keys()], batch);
      for (const r of rows) {
        const adapter = byChannel.get(r.channel)!;
        const lang = r.payload.locale === 'en' ? 'en' : 'vi';
        const { title, body } = renderTemplate(r.template, r.payload, lang);
        try {
          await adapter.deliver({
            id: r.id,
            recipient: r.recipient,
            userId: r.user_id,
            title,
            body,
            ticketId: typeof r.payload.ticketId === 'string' ? r.payload.ticketId : null,
            idempotencyKey: r.idempotency_key,
          });
          await repo.markSent(trx, r.id, now);
          sent++;
        } catch (err) {
          const attempts = r.attempts + 1;
          const next =
            attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoffMs(attempts));
          await repo.markFailed(trx, r.id, attempts, (err as Error).message, next);
          failed++;
          ctx.log.warn(
            { outboxId: r.id, attempts, err: (err as Error).message },
            'delivery failed',
          );
        }
      }
      return rows.length;
    });
    if (n < batch) break;
  }
  return { sent, failed };
}
