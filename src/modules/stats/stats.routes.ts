import type { TypedApp } from '../../http/types.ts';
import { StatsService } from './stats.service.ts';
import { operatorLoadQuery } from './stats.schema.ts';
import { presentOperatorLoad } from './stats.presenter.ts';

/** Statistics under /api/v1/stats. */
export function statsRoutes(app: TypedApp, service: StatsService) {
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
