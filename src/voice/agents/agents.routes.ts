import type { TypedApp } from '../../http/types.ts';
import { idParams, noContent } from '../../contract/common.ts';
import {
  agentList,
  agentSipAccount,
  agentStateBody,
  agentStateSet,
  callQueue,
  callQueueList,
  queueBody,
  queueParams,
  sipAccountBody,
  waitingCallList,
} from '../../contract/agents.ts';
import { presentAgent, presentWaiting } from './agents.presenter.ts';
import type { AgentsService } from './agents.service.ts';

/** Operators' phones and states, and the call queues, under /api/v1. */
export function agentsRoutes(app: TypedApp, service: AgentsService) {
  const tags = ['telephony'];
  app.get(
    '/agents',
    {
      schema: {
        tags,
        summary: 'Operators: phone, state, registration',
        response: { 200: agentList },
      },
      config: { permission: 'agent.read' },
    },
    async (req) => ({ items: (await service.list(req.actor)).map(presentAgent) }),
  );
  app.put(
    '/agents/me/state',
    {
      schema: {
        tags,
        summary: 'Set my availability (available, break, offline)',
        body: agentStateBody,
        response: { 200: agentStateSet },
      },
      config: { permission: 'agent.state' },
    },
    async (req) => service.setMyState(req.actor, req.body),
  );
  app.put(
    '/agents/:id/sip',
    {
      schema: {
        tags,
        summary: "Set an operator's SIP user name and password (stored as digest HA1)",
        params: idParams,
        body: sipAccountBody,
        response: { 200: agentSipAccount },
      },
      config: { permission: 'agent.manage' },
    },
    async (req) => service.setSipAccount(req.actor, req.params.id, req.body),
  );
  app.delete(
    '/agents/:id/sip',
    {
      schema: {
        tags,
        summary: "Remove an operator's SIP account",
        params: idParams,
        response: { 204: noContent },
      },
      config: { permission: 'agent.manage' },
    },
    async (req, reply) => {
      await service.deleteSipAccount(req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/call-queues',
    {
      schema: { tags, summary: 'Call queues', response: { 200: callQueueList } },
      config: { permission: 'agent.read' },
    },
    async (req) => ({ items: await service.queues(req.actor) }),
  );
  app.get(
    '/call-queues/waiting',
    {
      schema: {
        tags,
        summary: 'Callers waiting in the queues now (every node)',
        response: { 200: waitingCallList },
      },
      config: { permission: 'agent.read' },
    },
    async (req) => ({ items: (await service.waiting(req.actor)).map(presentWaiting) }),
  );
  app.put(
    '/call-queues/:code',
    {
      schema: {
        tags,
        summary: 'Create or change a call queue',
        params: queueParams,
        body: queueBody,
        response: { 200: callQueue },
      },
      config: { permission: 'agent.manage' },
    },
    async (req) => service.putQueue(req.actor, req.params.code, req.body),
  );
}
