import type { TypedApp } from '../../../http/types.ts';
import { assetParams, assetQuery } from '../../../contract/public.ts';
import type { SiteAssets } from '../assets.ts';
import { BASE, offlinePage } from '../pages.ts';
import { PublicError } from '../public.service.ts';
import { pageRoute, sendBody, type Site } from '../site.ts';

/**
 * The installable app's parts (R-CH-8): static files (cached for good when the URL carries
 * the current version), the service worker at the site's root so that it may control every
 * page, the manifest and the page shown offline.
 */
export function assetRoutes(app: TypedApp, site: Site, assets: SiteAssets) {
  app.get(
    '/static/:file',
    pageRoute({ params: assetParams, querystring: assetQuery }),
    (req, reply) => {
      const a = req.params.file !== 'sw.js' ? assets.files.get(req.params.file) : undefined;
      if (!a) throw new PublicError(404, 'err.notFound');
      const versioned = req.query.v === assets.version;
      reply
        .type(a.type)
        .header(
          'cache-control',
          versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        );
      return sendBody(req, reply, a.body, a.gz);
    },
  );
  app.get('/sw.js', pageRoute(), (req, reply) => {
    const a = assets.files.get('sw.js')!;
    reply
      .type(a.type)
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', `${BASE}/`);
    return sendBody(req, reply, a.body, a.gz);
  });
  app.get('/manifest.webmanifest', pageRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'no-cache');
    return JSON.stringify({
      name: `${c.t('site.short')} — ${c.tenant.name}`,
      short_name: c.t('site.short'),
      description: c.t('site.tagline'),
      lang: c.lang,
      start_url: `${BASE}/`,
      scope: `${BASE}/`,
      display: 'standalone',
      background_color: '#f5f7fa',
      theme_color: '#0b4f9c',
      icons: [
        { src: `${BASE}/static/icon.svg`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    });
  });
  app.get('/offline', pageRoute(), async (req, reply) =>
    site.send(req, reply, offlinePage(await site.pageContext(req))),
  );
}
