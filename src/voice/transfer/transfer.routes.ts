import type { TypedApp } from '../../http/types.ts';
import { idParams } from '../../contract/common.ts';
import { transferBody, transferStarted, transferStep } from '../../contract/transfers.ts';
import type { TransferService } from './transfer.service.ts';

/** Transfers of live calls to agency phones (R-WF-8), under /api/v1/calls/{id}/transfer. */
export function transferRoutes(app: TypedApp, service: TransferService) {
  const tags = ['telephony'];
  app.post(
    '/calls/:id/transfer',
    {
      schema: {
        tags,
        summary: "Transfer a live call to an agency's number (blind or attended)",
        params: idParams,
        body: transferBody,
        response: { 202: transferStarted },
      },
      config: { permission: 'call.transfer' },
    },
    async (req, reply) =>
      reply.code(202).send(await service.transfer(req.actor, req.params.id, req.body)),
  );
  app.post(
    '/calls/:id/transfer/complete',
    {
      schema: {
        tags,
        summary: 'Attended transfer: hand the caller to the agency',
        params: idParams,
        response: { 200: transferStep },
      },
      config: { permission: 'call.transfer' },
    },
    async (req) => service.complete(req.actor, req.params.id),
  );
  app.post(
    '/calls/:id/transfer/cancel',
    {
      schema: {
        tags,
        summary: 'Attended transfer: hang up the agency, back to the caller',
        params: idParams,
        response: { 200: transferStep },
      },
      config: { permission: 'call.transfer' },
    },
    async (req) => service.cancel(req.actor, req.params.id),
  );
}
