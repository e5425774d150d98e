import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import type { TypedApp } from '../../http/server.ts';
import { presentCall } from './calls.presenter.ts';
import { listQuery } from './calls.schema.ts';
import { CallsService } from './calls.service.ts';

/** The call log (R-TEL-1) under /api/v1/calls. */
export function callsRoutes(app: TypedApp, ctx: AppContext, service = new CallsService(ctx)) {
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
}
