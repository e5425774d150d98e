/**
 * The public website under /cong-dan (R-CH-4, R-CH-8, R-PUB): server-rendered pages, plain
 * HTML forms, one small script. Its own Fastify scope: HTML error pages, a form-encoded body
 * parser, security headers (CSP without inline scripts), compression, per-address limits.
 * Forms carry no session, so there is nothing for a cross-site request to ride on: a
 * submission needs a fresh single-use signed challenge, and the rating and reopen forms a
 * signed tracking token only the person who looked the ticket up holds.
 *
 * One router per group of pages (routes/): submitting, tracking (with rating and reopening),
 * published answers, the knowledge base, agencies' figures, the installable app's files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.ts';
import type { Services } from '../../app/services.ts';
import { siteQuery } from '../../contract/public.ts';
import { ERRORS } from '../../core/errors/codes.ts';
import { databaseRefusal } from '../../http/errors.ts';
import type { MessageKey } from './i18n.ts';
import { siteAssets } from './assets.ts';
import { BASE, errorPage } from './pages.ts';
import { PublicError } from './public.service.ts';
import { LANG_COOKIE, pageRoute, Site } from './site.ts';
import { cookieSecure } from '../auth/cookie.ts';
import { agencyRoutes } from './routes/agencies.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { answerRoutes } from './routes/answers.routes.ts';
import { assetRoutes } from './routes/assets.routes.ts';
import { kbRoutes } from './routes/kb.routes.ts';
import { submitRoutes } from './routes/submit.routes.ts';
import { trackRoutes } from './routes/track.routes.ts';

// Only this site's own files; no inline script or style; forms post only here.
export const PUBLIC_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export async function publicRoutes(app: FastifyInstance, services: Services, ctx: AppContext) {
  const assets = await siteAssets();
  const site = new Site(services.publicSite, assets.version);

  await app.register(
    async (scope) => {
      const web = scope.withTypeProvider<ZodTypeProvider>();
      web.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_req, body, done) => {
          const out: Record<string, string> = {};
          for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
          done(null, out);
        },
      );

      web.addHook('onRequest', async (req, reply) => {
        const lang = siteQuery.safeParse(req.query).data?.lang;
        if (lang) {
          reply.setCookie(LANG_COOKIE, lang, {
            path: BASE,
            sameSite: 'lax',
            httpOnly: true,
            secure: cookieSecure(ctx.env, req),
            maxAge: 365 * 86400,
          });
        }
      });
      web.addHook('onSend', async (_req, reply, payload) => {
        reply
          .header('content-security-policy', PUBLIC_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('x-frame-options', 'DENY');
        return payload;
      });

      const fail = async (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
        const c = await site.pageContext(req).catch(() => undefined);
        let status = 500;
        let key: MessageKey = 'err.server';
        let params: Record<string, string | number> = {};
        const statusCode = (err as { statusCode?: number }).statusCode;
        // What the database refused because of what was sent (a NUL in a search…): the API's
        // one mapping, shown as this site's page.
        const refused = databaseRefusal(err);
        if (refused) {
          status = ERRORS[refused.code].status;
          key = status === 404 ? 'err.notFound' : 'err.malformed';
        } else if (err instanceof PublicError) {
          status = err.status;
          key = err.key;
          params = err.params;
          if (err.retryAfterS) reply.header('retry-after', String(err.retryAfterS));
        } else if (statusCode === 429) {
          status = 429;
          key = 'err.rate';
          params = { minutes: 1 };
        } else if (statusCode && statusCode < 500) {
          // Fastify's own refusals: a query or form its schema refuses, a body it cannot read.
          status = statusCode;
          key = status === 404 ? 'err.notFound' : 'err.malformed';
        } else {
          req.log.error({ err }, 'public site error');
        }
        if (!c) return reply.status(status).type('text/plain; charset=utf-8').send(key);
        return site.send(req, reply, errorPage(c, key, params), { status });
      };
      web.setErrorHandler((err, req, reply) => fail(req, reply, err));
      web.setNotFoundHandler((req, reply) =>
        fail(req, reply, new PublicError(404, 'err.notFound')),
      );

      assetRoutes(web, site, assets);
      answerRoutes(web, site);
      submitRoutes(web, site);
      trackRoutes(web, site);
      kbRoutes(web, site);
      agencyRoutes(web, site);
      auditRoutes(web, site, services.audit);
      // Anything else under the prefix is this site's 404 (not the staff app's index.html).
      web.get('/*', pageRoute(), () => {
        throw new PublicError(404, 'err.notFound');
      });
    },
    { prefix: BASE },
  );

  // PUBLIC_HOST: on the public site's own host name, "/" is the public site.
  const host = ctx.env.PUBLIC_HOST;
  if (host) {
    app.route({
      method: 'GET',
      url: '/',
      constraints: { host },
      schema: { hide: true },
      config: { permission: 'public' },
      handler: (_req, reply) => reply.redirect(`${BASE}/`, 302),
    });
  }
}
