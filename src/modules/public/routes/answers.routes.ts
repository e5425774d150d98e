import type { TypedApp } from '../../../http/types.ts';
import { answersQuery, pageParams } from '../../../contract/public.ts';
import { answerPage, answersPage, homePage } from '../pages.ts';
import { PublicError } from '../public.service.ts';
import { pageRoute, type Site } from '../site.ts';

const PAGE_SIZE = 20;

/** Midnight of a day in Vietnam (UTC+7), `plus` days later; undefined for no such day. */
function vnDay(d: string, plus = 0): Date | undefined {
  const x = new Date(`${d}T00:00:00+07:00`);
  x.setUTCDate(x.getUTCDate() + plus);
  return Number.isNaN(x.getTime()) ? undefined : x;
}

/** The home page and the published answers (R-PUB-1): searched, filtered, one by one. */
export function answerRoutes(app: TypedApp, site: Site) {
  app.get('/', pageRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    const recent = await site.svc.published({ tenantId: c.tenant.id, limit: 4, offset: 0 });
    return site.send(req, reply, homePage(c, recent.rows));
  });

  app.get('/tra-loi', pageRoute({ querystring: answersQuery }), async (req, reply) => {
    const c = await site.pageContext(req);
    const q = req.query;
    const [options, agencies, result] = await Promise.all([
      site.svc.formOptions(c.tenant.id),
      site.svc.agencies(c.tenant.id),
      site.svc.published({
        tenantId: c.tenant.id,
        q: q.q || undefined,
        fieldId: q.field,
        agencyId: q.agency,
        from: q.from ? vnDay(q.from) : undefined,
        to: q.to ? vnDay(q.to, 1) : undefined,
        limit: PAGE_SIZE,
        offset: (q.page - 1) * PAGE_SIZE,
      }),
    ]);
    const shown = {
      q: q.q,
      field: q.field ?? '',
      agency: q.agency ?? '',
      from: q.from ?? '',
      to: q.to ?? '',
      page: q.page,
    };
    return site.send(
      req,
      reply,
      answersPage(
        c,
        shown,
        { fields: options.fields, agencies },
        { ...result, pageSize: PAGE_SIZE },
      ),
    );
  });

  app.get('/tra-loi/:id', pageRoute({ params: pageParams }), async (req, reply) => {
    const c = await site.pageContext(req);
    const id = req.params.id;
    const p = id ? await site.svc.publishedOne(c.tenant.id, id) : undefined;
    if (!p) throw new PublicError(404, 'err.notFound');
    return site.send(req, reply, answerPage(c, p));
  });
}
