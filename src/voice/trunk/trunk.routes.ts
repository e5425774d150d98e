import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import { presentTrunk } from './trunk.presenter.ts';
import { trunkBody, trunkParams } from './trunk.schema.ts';
import { TrunkService } from './trunk.service.ts';

/** The carrier's SIP trunks, under /api/v1/telephony/trunks (administrator). */
export function trunkRoutes(app: TypedApp, service: TrunkService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];
  api.get('/telephony/trunks', { schema: { tags, summary: 'SIP trunks' } }, async (req) => ({
    items: (await service.list(req.actor)).map(presentTrunk),
  }));
  api.put(
    '/telephony/trunks/:name',
    {
      schema: {
        tags,
        summary: 'Create or change a SIP trunk (the password is write-only)',
        params: trunkParams,
        body: trunkBody,
      },
    },
    async (req) => presentTrunk(await service.put(req.actor, req.params.name, req.body)),
  );
  api.delete(
    '/telephony/trunks/:name',
    { schema: { tags, summary: 'Remove a SIP trunk', params: trunkParams } },
    async (req, reply) => {
      await service.delete(req.actor, req.params.name);
      return reply.code(204).send();
    },
  );
}
