import type { TypedApp } from '../../../http/types.ts';
import { kbQuery, pageParams } from '../../../contract/public.ts';
import { kbArticlePage, kbPage } from '../pages.ts';
import { PublicError } from '../public.service.ts';
import { pageRoute, type Site } from '../site.ts';

/** The knowledge base as the public reads it (R-KB): published articles, searched or newest. */
export function kbRoutes(app: TypedApp, site: Site) {
  app.get('/hoi-dap', pageRoute({ querystring: kbQuery }), async (req, reply) => {
    const c = await site.pageContext(req);
    const q = req.query.q;
    const items = q
      ? await site.svc.kbSearch(c.tenant.id, q)
      : await site.svc.kbLatest(c.tenant.id);
    return site.send(req, reply, kbPage(c, q, items, !!q));
  });
  app.get('/hoi-dap/:id', pageRoute({ params: pageParams }), async (req, reply) => {
    const c = await site.pageContext(req);
    const id = req.params.id;
    const article = id ? await site.svc.kbArticle(c.tenant.id, id, c.lang) : undefined;
    if (!article) throw new PublicError(404, 'err.notFound');
    return site.send(req, reply, kbArticlePage(c, article));
  });
}
