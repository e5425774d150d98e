import type { DB } from '../../db/database.ts';
import type { DeliveryAdapter } from '../types.ts';
import { publish } from '../../realtime/events.ts';
import { notificationRepository } from '../../modules/notification/notification.repository.ts';

/**
 * In-app notifications: a row the user reads in the web app, and a NOTIFY that the
 * WebSocket gateway on every node turns into a live push. `outbox_id` is unique, so a
 * redelivery never shows the same notification twice.
 */
export class InAppAdapter implements DeliveryAdapter {
  readonly channel = 'inapp' as const;
  constructor(private readonly db: DB) {}

  async deliver(m: {
    id: string;
    userId: string | null;
    title: string;
    body: string;
    ticketId: string | null;
  }) {
    if (!m.userId) return;
    await this.db.transaction().execute(async (trx) => {
      const row = await notificationRepository.insertDelivered(trx, {
        userId: m.userId!,
        outboxId: m.id,
        title: m.title,
        body: m.body,
        ticketId: m.ticketId,
      });
      if (row)
        await publish(trx, 'notification', [`user:${m.userId}`], {
          id: row.id,
          title: m.title,
          ticketId: m.ticketId,
        });
    });
  }
}
