import type { TypedApp } from '../../http/types.ts';
import { PushService } from './push.service.ts';
import { subscriptionBody, unsubscribeBody } from './push.schema.ts';

/** Web Push subscriptions under /api/v1/push (R-CH-8 agency app). */
export function pushRoutes(app: TypedApp, service: PushService) {
  const tags = ['push'];
  app.get('/push/key', { schema: { tags, summary: 'The VAPID public key' } }, async (req) => ({
    publicKey: await service.publicKey(req.actor),
  }));
  app.post(
    '/push/subscriptions',
    { schema: { tags, summary: "This browser's push subscription", body: subscriptionBody } },
    async (req, reply) => {
      const s = await service.subscribe(req.actor, req.body);
      return reply.status(201).send({ id: s.id });
    },
  );
  app.post(
    '/push/subscriptions/remove',
    { schema: { tags, summary: 'Forget a push subscription', body: unsubscribeBody } },
    async (req) => ({ removed: await service.unsubscribe(req.actor, req.body.endpoint) }),
  );
}
