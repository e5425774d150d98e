import { createReadStream } from 'node:fs';
import type { TypedApp } from '../../http/types.ts';
import { idParams } from '../../contract/common.ts';
import {
  callListQuery,
  callPage,
  callTicket,
  callTicketBody,
  wavFile,
} from '../../contract/calls.ts';
import { presentCall } from './calls.presenter.ts';
import type { CallsService } from './calls.service.ts';

/** The call log (R-TEL-1), recordings (R-TEL-5) and calls made into tickets, under /api/v1/calls. */
export function callsRoutes(app: TypedApp, service: CallsService) {
  const tags = ['telephony'];
  app.get(
    '/calls',
    {
      schema: {
        tags,
        summary: 'Call records, newest first',
        querystring: callListQuery,
        response: { 200: callPage },
      },
      config: { permission: 'call.read' },
    },
    async (req) => {
      const { actor, total, items } = await service.list(req.actor, req.query);
      return { total, items: items.map((c) => presentCall(c, actor)) };
    },
  );
  app.get(
    '/calls/:id/recording',
    {
      schema: {
        tags,
        summary: "A call's recording (WAV, streamed; access audited)",
        params: idParams,
        response: { 200: wavFile },
      },
      config: { permission: 'call.recording' },
    },
    async (req, reply) => {
      const r = await service.recording(req.actor, req.params.id);
      return reply
        .header('content-type', 'audio/wav')
        .header('content-length', String(r.bytes))
        .header('content-disposition', `attachment; filename="${req.params.id}.wav"`)
        .header('cache-control', 'private, no-store')
        .send(createReadStream(r.file));
    },
  );
  app.post(
    '/calls/:id/ticket',
    {
      schema: {
        tags,
        summary: 'Make a ticket from a call (caller prefilled, call bound)',
        params: idParams,
        body: callTicketBody,
        response: { 201: callTicket },
      },
      config: { permission: 'call.ticket' },
    },
    async (req, reply) =>
      reply.code(201).send(await service.toTicket(req.actor, req.params.id, req.body)),
  );
}
