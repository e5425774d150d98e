import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import { presentAgent, presentWaiting } from './agents.presenter.ts';
import { queueBody, queueParams, sipAccountBody, stateBody } from './agents.schema.ts';
import { AgentsService } from './agents.service.ts';

const idParams = z.object({ id: z.uuid() });

/** Operators' phones and states, and the call queues, under /api/v1. */
export function agentsRoutes(app: TypedApp, service: AgentsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];
  api.get(
    '/agents',
    { schema: { tags, summary: 'Operators: phone, state, registration' } },
    async (req) => ({
      items: (await service.list(req.actor)).map(presentAgent),
    }),
  );
  api.put(
    '/agents/me/state',
    {
      schema: { tags, summary: 'Set my availability (available, break, offline)', body: stateBody },
    },
    async (req) => service.setMyState(req.actor, req.body),
  );
  api.put(
    '/agents/:id/sip',
    {
      schema: {
        tags,
        summary: "Set an operator's SIP user name and password (stored as digest HA1)",
        params: idParams,
        body: sipAccountBody,
      },
    },
    async (req) => service.setSipAccount(req.actor, req.params.id, req.body),
  );
  api.delete(
    '/agents/:id/sip',
    { schema: { tags, summary: "Remove an operator's SIP account", params: idParams } },
    async (req, reply) => {
      await service.deleteSipAccount(req.actor, req.params.id);
      return reply.code(204).send();
    },
  );
  api.get('/call-queues', { schema: { tags, summary: 'Call queues' } }, async (req) => ({
    items: await service.queues(req.actor),
  }));
  api.get(
    '/call-queues/waiting',
    { schema: { tags, summary: 'Callers waiting in the queues now (every node)' } },
    async (req) => ({ items: (await service.waiting(req.actor)).map(presentWaiting) }),
  );
  api.put(
    '/call-queues/:code',
    {
      schema: {
        tags,
        summary: 'Create or change a call queue',
        params: queueParams,
        body: queueBody,
      },
    },
    async (req) => service.putQueue(req.actor, req.params.code, req.body),
  );
}
