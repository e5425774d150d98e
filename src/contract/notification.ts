/** A staff member's in-app notifications (R-CH-8): `/api/v1/notifications`. */
import { z } from 'zod';
import { bigintId, instant } from './common.ts';

export const notificationQuery = z.object({
  /** `1`: only the unread ones. */
  unread: z.enum(['1', '0']).optional(),
});

/** Notifications are numbered (bigserial), not uuids. */
export const notificationParams = z.object({ id: bigintId });

export const notification = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  ticketId: z.string().nullable(),
  createdAt: instant,
  readAt: instant.nullable(),
});

export const markedRead = z.object({ ok: z.literal(true) });

export type NotificationQuery = z.infer<typeof notificationQuery>;
export type Notification = z.infer<typeof notification>;
