import type { TypedApp } from '../../http/types.ts';
import { setupBody, setupResult, setupStatus } from '../../contract/setup.ts';
import type { SetupService } from './setup.service.ts';

/**
 * The first run for the browser wizard (issue #14 item 1): public, rate limited. `POST
 * /setup` answers 409 `setup_done` once any administrator exists.
 */
export function setupRoutes(app: TypedApp, service: SetupService) {
  const tags = ['setup'];
  app.get(
    '/setup/status',
    {
      schema: { tags, response: { 200: setupStatus } },
      config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async () => service.status(),
  );
  app.post(
    '/setup',
    {
      schema: { tags, body: setupBody, response: { 201: setupResult } },
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) =>
      reply.status(201).send(await service.initialize(req.body, { via: 'web', ip: req.ip })),
  );
}
