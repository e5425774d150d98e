import { createReadStream } from 'node:fs';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import { presentCall } from './calls.presenter.ts';
import { callParams, callTicketBody, listQuery } from './calls.schema.ts';
import { CallsService } from './calls.service.ts';

/** The call log (R-TEL-1), recordings (R-TEL-5) and calls made into tickets, under /api/v1/calls. */
export function callsRoutes(app: TypedApp, service: CallsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];
  api.get(
    '/calls',
    { schema: { tags, summary: 'Call records, newest first', querystring: listQuery } },
    async (req) => {
      const { actor, total, items } = await service.list(req.actor, req.query);
      return { total, items: items.map((c) => presentCall(c, actor)) };
    },
  );
  api.get(
    '/calls/:id/recording',
    {
      schema: {
        tags,
        summary: "A call's recording (WAV, streamed; access audited)",
        params: callParams,
      },
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
  api.post(
    '/calls/:id/ticket',
    {
      schema: {
        tags,
        summary: 'Make a ticket from a call (caller prefilled, call bound)',
        params: callParams,
        body: callTicketBody,
      },
    },
    async (req, reply) => {
      const t = await service.toTicket(req.actor, req.params.id, req.body);
      return reply.code(201).send({ id: t.id, code: t.code, callId: req.params.id });
    },
  );
}
