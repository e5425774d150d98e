import type { AppContext } from '../../app/context.ts';
import type { TypedApp } from '../../http/server.ts';
import { StatsService } from './stats.service.ts';
import { operatorLoadQuery } from './stats.schema.ts';
import { presentOperatorLoad } from './stats.presenter.ts';

/** Statistics under /api/v1/stats. */
export function statsRoutes(app: TypedApp, ctx: AppContext, service = new StatsService(ctx)) {
  app.get(
    '/stats/operators',
    {
      schema: {
        tags: ['statistics'],
        summary: "Each operator's load today: recorded, handled, held, last action, signed in",
        querystring: operatorLoadQuery,
      },
    },
    async (req) => presentOperatorLoad(await service.operatorLoad(req.actor)),
  );
}
