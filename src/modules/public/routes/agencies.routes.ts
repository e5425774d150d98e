import type { TypedApp } from '../../../http/types.ts';
import { agenciesPage } from '../pages.ts';
import { pageRoute, type Site } from '../site.ts';

/** Each agency's figures (R-PUB-3): answers, on time, open, citizens' satisfaction. */
export function agencyRoutes(app: TypedApp, site: Site) {
  app.get('/co-quan', pageRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    const s = await site.svc.stats(c.tenant.id);
    return site.send(req, reply, agenciesPage(c, s.rows, s.at));
  });
}
