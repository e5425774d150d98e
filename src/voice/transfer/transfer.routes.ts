import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import { callParams } from '../calls/calls.schema.ts';
import { transferBody } from './transfer.schema.ts';
import { TransferService } from './transfer.service.ts';

/** Transfers of live calls to agency phones (R-WF-8), under /api/v1/calls/{id}/transfer. */
export function transferRoutes(app: TypedApp, service: TransferService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];
  api.post(
    '/calls/:id/transfer',
    {
      schema: {
        tags,
        summary: "Transfer a live call to an agency's number (blind or attended)",
        params: callParams,
        body: transferBody,
      },
    },
    async (req, reply) =>
      reply.code(202).send(await service.transfer(req.actor, req.params.id, req.body)),
  );
  api.post(
    '/calls/:id/transfer/complete',
    {
      schema: {
        tags,
        summary: 'Attended transfer: hand the caller to the agency',
        params: callParams,
      },
    },
    async (req) => service.complete(req.actor, req.params.id),
  );
  api.post(
    '/calls/:id/transfer/cancel',
    {
      schema: {
        tags,
        summary: 'Attended transfer: hang up the agency, back to the caller',
        params: callParams,
      },
    },
    async (req) => service.cancel(req.actor, req.params.id),
  );
}
