import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import { AppError } from '../../core/errors/codes.ts';
import {
  markedRead,
  notification,
  notificationParams,
  notificationQuery,
} from '../../contract/notification.ts';
import { presentNotification } from './notification.presenter.ts';
import { requireActor } from '../auth/actor.ts';

/** One's own in-app notifications under /api/v1/notifications. */
export function notificationRoutes(app: TypedApp, s: Services) {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    {
      schema: { tags, querystring: notificationQuery, response: { 200: notification.array() } },
      config: { permission: 'notification.read' },
    },
    async (req) => {
      const rows = await s.notifications.list(req.actor, req.query.unread === '1');
      const actor = requireActor(req.actor);
      return rows.map((n) => presentNotification(n, actor));
    },
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: { tags, params: notificationParams, response: { 200: markedRead } },
      config: { permission: 'notification.read' },
    },
    async (req) => {
      if (!(await s.notifications.markRead(req.actor, req.params.id)))
        throw new AppError('not_found');
      return { ok: true as const };
    },
  );
}
