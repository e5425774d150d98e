import type { Q } from '../../db/helpers.ts';

/** SQL of in-app notifications: what each staff member reads in the web app. */
export const notificationRepository = {
  /** A user's latest notifications, newest first. */
  /** The user's notifications, with the citizen data of their ticket (to mask it, R-PUB-2). */
  list(q: Q, userId: string, unreadOnly: boolean) {
    let s = q
      .selectFrom('notification')
      .leftJoin('ticket', 'ticket.id', 'notification.ticket_id')
      .selectAll('notification')
      .select([
        'ticket.confidential',
        'ticket.citizen_name',
        'ticket.citizen_phone',
        'ticket.citizen_email',
        'ticket.citizen_address',
      ])
      .where('notification.user_id', '=', userId);
    if (unreadOnly) s = s.where('notification.read_at', 'is', null);
    return s.orderBy('notification.id', 'desc').limit(100).execute();
  },

  /** Marks one of the user's notifications read; false when they have no such one. */
  async markRead(q: Q, userId: string, id: string, at: Date): Promise<boolean> {
    const r = await q
      .updateTable('notification')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /**
   * Records the delivery of an outbox message as a notification; undefined when that message
   * was delivered before (`outbox_id` is unique).
   */
  insertDelivered(
    q: Q,
    n: { userId: string; outboxId: string; title: string; body: string; ticketId: string | null },
  ) {
    return q
      .insertInto('notification')
      .values({
        user_id: n.userId,
        outbox_id: n.outboxId,
        title: n.title,
        body: n.body,
        ticket_id: n.ticketId,
      })
      .onConflict((oc) => oc.column('outbox_id').doNothing())
      .returning('id')
      .executeTakeFirst();
  },
};
