import { z } from 'zod';
import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import { requireActor } from '../auth/actor.ts';
import { AppError } from '../../core/errors/codes.ts';

export function notificationRoutes(app: TypedApp, s: Services) {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    { schema: { tags, querystring: z.object({ unread: z.enum(['1', '0']).optional() }) } },
    async (req) => {
      const actor = requireActor(req.actor);
      const rows = await s.notifications.list(actor.userId, req.query.unread === '1');
      return rows.map((n) => ({
        id: n.id,
        title: n.title,
        body: n.body,
        ticketId: n.ticket_id,
        createdAt: n.created_at.toISOString(),
        readAt: n.read_at?.toISOString() ?? null,
      }));
    },
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags, params: z.object({ id: z.string().regex(/^\d+$/) }) } },
    async (req) => {
      const actor = requireActor(req.actor);
      if (!(await s.notifications.markRead(actor.userId, req.params.id)))
        throw new AppError('not_found');
      return { ok: true };
    },
  );
}
