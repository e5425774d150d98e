import type { TypedApp } from '../../http/types.ts';
import type { PushService } from './push.service.ts';
import {
  pushKey,
  pushRemoved,
  subscriptionBody,
  subscriptionCreated,
  unsubscribeBody,
} from '../../contract/push.ts';

/** Web Push subscriptions under /api/v1/push (R-CH-8 agency app). */
export function pushRoutes(app: TypedApp, service: PushService) {
  const tags = ['push'];
  const config = { permission: 'push.subscribe' } as const;
  app.get(
    '/push/key',
    { schema: { tags, summary: 'The VAPID public key', response: { 200: pushKey } }, config },
    async (req) => ({ publicKey: await service.publicKey(req.actor) }),
  );
  app.post(
    '/push/subscriptions',
    {
      schema: {
        tags,
        summary: "This browser's push subscription",
        body: subscriptionBody,
        response: { 201: subscriptionCreated },
      },
      config,
    },
    async (req, reply) => {
      const s = await service.subscribe(req.actor, req.body);
      return reply.status(201).send({ id: s.id });
    },
  );
  app.post(
    '/push/subscriptions/remove',
    {
      schema: {
        tags,
        summary: 'Forget a push subscription',
        body: unsubscribeBody,
        response: { 200: pushRemoved },
      },
      config,
    },
    async (req) => ({ removed: await service.unsubscribe(req.actor, req.body.endpoint) }),
  );
}
