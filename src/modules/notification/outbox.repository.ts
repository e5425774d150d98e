import { sql, type Transaction } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { Database, OutboxRow } from '../../db/schema.ts';

export interface OutboxMessage {
  tenantId: string;
  channel: 'email' | 'inapp' | 'sms' | 'webpush';
  recipient: string;
  userId: string | null;
  template: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/** SQL of the transactional outbox. */
export const outboxRepository = {
  /** Inserts in the caller's transaction; a repeated idempotency key is ignored. */
  async enqueue(q: Q, messages: OutboxMessage[], now: Date) {
    if (messages.length === 0) return;
    // The NOTIFY rides in the same statement; delivered at commit, it wakes the dispatchers
    // on every node without polling delay.
    await q
      .with('i', (db) =>
        db
          .insertInto('outbox')
          .values(
            messages.map((m) => ({
              tenant_id: m.tenantId,
              channel: m.channel,
              recipient: m.recipient,
              user_id: m.userId,
              template: m.template,
              payload: JSON.stringify(m.payload),
              idempotency_key: m.idempotencyKey,
              created_at: now,
              next_attempt_at: now,
            })),
          )
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returning('id'),
      )
      .selectNoFrom(sql<string>`pg_notify('open1022_outbox', '')`.as('notified'))
      .execute();
  },

  claim(
    trx: Transaction<Database>,
    now: Date,
    channels: string[],
    limit: number,
  ): Promise<OutboxRow[]> {
    return (
      trx
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where('channel', 'in', channels as OutboxRow['channel'][])
        .orderBy('id')
        .limit(limit)
        // NO KEY UPDATE: adapters insert rows referencing the claimed message (notification
        // .outbox_id) from their own transaction; FOR UPDATE would block that FK check.
        .forNoKeyUpdate()
        .skipLocked()
        .execute()
    );
  },

  async markSent(q: Q, id: string, now: Date) {
    await q
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: now, last_error: null })
      .where('id', '=', id)
      .execute();
  },

  async markFailed(q: Q, id: string, attempts: number, error: string, nextAttempt: Date | null) {
    await q
      .updateTable('outbox')
      .set({
        attempts,
        last_error: error.slice(0, 2000),
        status: nextAttempt ? 'pending' : 'failed',
        ...(nextAttempt ? { next_attempt_at: nextAttempt } : {}),
      })
      .where('id', '=', id)
      .execute();
  },
};
