import type { TypedApp } from '../../http/types.ts';
import type { StatsService } from './stats.service.ts';
import { operatorLoad, operatorLoadQuery } from '../../contract/stats.ts';
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
        response: { 200: operatorLoad },
      },
      config: { permission: 'stats.operators' },
    },
    async (req) => presentOperatorLoad(await service.operatorLoad(req.actor)),
  );
}
