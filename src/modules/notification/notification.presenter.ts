import type { Selectable } from 'kysely';
import type { NotificationTable } from '../../db/schema.ts';
import type { Notification } from '../../contract/notification.ts';

export const presentNotification = (n: Selectable<NotificationTable>): Notification => ({
  id: n.id,
  title: n.title,
  body: n.body,
  ticketId: n.ticket_id,
  createdAt: n.created_at.toISOString(),
  readAt: n.read_at?.toISOString() ?? null,
});
