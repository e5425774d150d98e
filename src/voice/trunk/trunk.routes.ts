import type { TypedApp } from '../../http/types.ts';
import { noContent } from '../../contract/common.ts';
import { trunk, trunkBody, trunkList, trunkParams } from '../../contract/trunks.ts';
import { presentTrunk } from './trunk.presenter.ts';
import type { TrunkService } from './trunk.service.ts';

/** The carrier's SIP trunks, under /api/v1/telephony/trunks (administrator). */
export function trunkRoutes(app: TypedApp, service: TrunkService) {
  const tags = ['telephony'];
  app.get(
    '/telephony/trunks',
    {
      schema: { tags, summary: 'SIP trunks', response: { 200: trunkList } },
      config: { permission: 'trunk.manage' },
    },
    async (req) => ({ items: (await service.list(req.actor)).map(presentTrunk) }),
  );
  app.put(
    '/telephony/trunks/:name',
    {
      schema: {
        tags,
        summary: 'Create or change a SIP trunk (the password is write-only)',
        params: trunkParams,
        body: trunkBody,
        response: { 200: trunk },
      },
      config: { permission: 'trunk.manage' },
    },
    async (req) => presentTrunk(await service.put(req.actor, req.params.name, req.body)),
  );
  app.delete(
    '/telephony/trunks/:name',
    {
      schema: {
        tags,
        summary: 'Remove a SIP trunk',
        params: trunkParams,
        response: { 204: noContent },
      },
      config: { permission: 'trunk.manage' },
    },
    async (req, reply) => {
      await service.delete(req.actor, req.params.name);
      return reply.code(204).send(null);
    },
  );
}
