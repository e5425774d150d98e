import type { Selectable } from 'kysely';
import type { NotificationTable } from '../../db/schema.ts';
import type { Notification } from '../../contract/notification.ts';
import { Masker, knownOf } from '../../core/privacy/mask.ts';
import type { Actor } from '../auth/actor.ts';

/** A notification row with the citizen data of its ticket, when it has one. */
export type NotificationRow = Selectable<NotificationTable> & {
  confidential: boolean | null;
  citizen_name: string | null;
  citizen_phone: string | null;
  citizen_email: string | null;
  citizen_address: string | null;
};

/**
 * A notification for its recipient: its texts (the ticket's subject, the citizen's name)
 * through the ticket's masker when the recipient must see that ticket masked (R-PUB-2).
 */
export function presentNotification(n: NotificationRow, actor: Pick<Actor, 'role'>): Notification {
  const m = Masker.for(actor.role, { confidential: n.confidential ?? false }, knownOf(n));
  return {
    id: n.id,
    title: m.text(n.title),
    body: m.text(n.body),
    ticketId: n.ticket_id,
    createdAt: n.created_at.toISOString(),
    readAt: n.read_at?.toISOString() ?? null,
  };
}
