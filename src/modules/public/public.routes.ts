/**
 * The public website under /cong-dan (R-CH-4, R-CH-8, R-PUB): server-rendered pages, plain
 * HTML forms, one small script. Its own Fastify scope: HTML error pages, a form-encoded body
 * parser, security headers (CSP without inline scripts), compression, per-address limits.
 * Forms carry no session, so there is nothing for a cross-site request to ride on: a
 * submission needs a fresh single-use signed challenge, and the rating and reopen forms a
 * signed tracking token only the person who looked the ticket up holds.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import type { Services } from '../../app/services.ts';
import { AppError } from '../../core/errors/codes.ts';
import { presentSearch } from '../kb/kb.presenter.ts';
import type { Html } from './html.ts';
import { translator, type Lang, type MessageKey } from './i18n.ts';
import {
  agenciesPage,
  answerPage,
  answersPage,
  BASE,
  errorPage,
  homePage,
  kbArticlePage,
  kbPage,
  offlinePage,
  submitPage,
  ticketPage,
  trackPage,
  type PageContext,
} from './pages.ts';
import {
  checkRating,
  checkReason,
  FILE_MAX_BYTES,
  FILES_MAX,
  normalizeCode,
  normalizeContact,
  type Problem,
} from './public.schema.ts';
import { PublicError, PublicService, type UploadedFile } from './public.service.ts';

const LANG_COOKIE = 'o1022_lang';
const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

/** Reads of one page per client address per minute (each node counts its own). */
const PAGE_RATE = { max: 240, timeWindow: '1 minute' };
/** Form posts per client address per minute, before the per-hour counts in PostgreSQL. */
const POST_RATE = { max: 30, timeWindow: '1 minute' };

interface Asset {
  body: Buffer;
  gz: Buffer;
  type: string;
}

function loadAssets() {
  const dir = path.join(import.meta.dirname, 'assets');
  const types: Record<string, string> = {
    'public.css': 'text/css; charset=utf-8',
    'public.js': 'text/javascript; charset=utf-8',
    'icon.svg': 'image/svg+xml',
    'sw.js': 'text/javascript; charset=utf-8',
  };
  const assets = new Map<string, Asset>();
  const hash = createHash('sha256');
  for (const [name, type] of Object.entries(types)) {
    const body = readFileSync(path.join(dir, name));
    hash.update(body);
    assets.set(name, { body, gz: gzipSync(body, { level: 9 }), type });
  }
  return { assets, version: hash.digest('hex').slice(0, 10) };
}

const accepts = (req: FastifyRequest, enc: string) =>
  new RegExp(`\\b${enc}\\b`).test(String(req.headers['accept-encoding'] ?? ''));

function sendBody(
  req: FastifyRequest,
  reply: FastifyReply,
  body: string | Buffer,
  gz?: Buffer,
): FastifyReply {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  reply.header('vary', 'accept-encoding');
  if (buf.length > 1024 && accepts(req, 'gzip')) {
    return reply.header('content-encoding', 'gzip').send(gz ?? gzipSync(buf));
  }
  return reply.send(buf);
}

function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'vi' || q === 'en') return q;
  const c = req.cookies[LANG_COOKIE];
  if (c === 'vi' || c === 'en') return c;
  return 'vi';
}

function clientIp(req: FastifyRequest) {
  return req.ip;
}

type Form = Record<string, string>;

export async function publicRoutes(app: FastifyInstance, services: Services, ctx: AppContext) {
  const svc = new PublicService(ctx, services);
  const { assets, version } = loadAssets();

  const pageContext = async (req: FastifyRequest): Promise<PageContext> => {
    const lang = langOf(req);
    return {
      lang,
      t: translator(lang),
      tenant: await svc.tenant(),
      url: req.url,
      assetVersion: version,
    };
  };

  const send = (
    req: FastifyRequest,
    reply: FastifyReply,
    page: Html,
    o: { status?: number; personal?: boolean } = {},
  ) => {
    reply
      .status(o.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      // Personal pages (a ticket looked up) are never stored by the browser or a proxy.
      .header('cache-control', o.personal ? 'no-store' : 'no-cache')
      .header('referrer-policy', o.personal ? 'no-referrer' : 'same-origin');
    return sendBody(req, reply, `${page.value}\n`);
  };

  await app.register(
    async (site) => {
      site.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_req, body, done) => {
          const out: Form = {};
          for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
          done(null, out);
        },
      );

      site.addHook('onRequest', async (req, reply) => {
        const q = (req.query as Record<string, unknown> | undefined)?.lang;
        if (q === 'vi' || q === 'en') {
          reply.setCookie(LANG_COOKIE, q, {
            path: BASE,
            sameSite: 'lax',
            httpOnly: true,
            secure: ctx.env.cookieSecure,
            maxAge: 365 * 86400,
          });
        }
      });
      site.addHook('onSend', async (_req, reply, payload) => {
        reply
          .header('content-security-policy', PUBLIC_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('x-frame-options', 'DENY');
        return payload;
      });

      const fail = async (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
        const c = await pageContext(req).catch(() => undefined);
        let status = 500;
        let key: MessageKey = 'err.server';
        let params: Record<string, string | number> = {};
        if (err instanceof PublicError) {
          status = err.status;
          key = err.key;
          params = err.params;
          if (err.retryAfterS) reply.header('retry-after', String(err.retryAfterS));
        } else if ((err as { statusCode?: number }).statusCode === 429) {
          status = 429;
          key = 'err.rate';
          params = { minutes: 1 };
        } else if (
          (err as { statusCode?: number }).statusCode &&
          (err as { statusCode: number }).statusCode < 500
        ) {
          status = (err as { statusCode: number }).statusCode;
          key = status === 404 ? 'err.notFound' : 'err.malformed';
        } else {
          req.log.error({ err }, 'public site error');
        }
        if (!c) return reply.status(status).type('text/plain; charset=utf-8').send(key);
        return send(req, reply, errorPage(c, key, params), { status });
      };
      site.setErrorHandler((err, req, reply) => fail(req, reply, err));
      site.setNotFoundHandler((req, reply) =>
        fail(req, reply, new PublicError(404, 'err.notFound')),
      );

      const page = { config: { rateLimit: PAGE_RATE }, schema: { hide: true } };
      const post = { config: { rateLimit: POST_RATE }, schema: { hide: true } };

      // ---------------------------------------------------------------- assets, PWA
      site.get('/static/:file', page, (req, reply) => {
        const file = (req.params as { file: string }).file;
        const a = file !== 'sw.js' ? assets.get(file) : undefined;
        if (!a) throw new PublicError(404, 'err.notFound');
        const versioned = (req.query as { v?: string }).v === version;
        reply
          .type(a.type)
          .header(
            'cache-control',
            versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
          );
        return sendBody(req, reply, a.body, a.gz);
      });
      site.get('/sw.js', page, (req, reply) => {
        const a = assets.get('sw.js')!;
        reply
          .type(a.type)
          .header('cache-control', 'no-cache')
          .header('service-worker-allowed', `${BASE}/`);
        return sendBody(req, reply, a.body, a.gz);
      });
      site.get('/manifest.webmanifest', page, async (req, reply) => {
        const c = await pageContext(req);
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
      site.get('/offline', page, async (req, reply) =>
        send(req, reply, offlinePage(await pageContext(req))),
      );

      // ---------------------------------------------------------------- home
      site.get('/', page, async (req, reply) => {
        const c = await pageContext(req);
        const recent = await svc.published({ tenantId: c.tenant.id, limit: 4, offset: 0 });
        return send(req, reply, homePage(c, recent.rows));
      });

      // ---------------------------------------------------------------- submit
      site.get('/gui-phan-anh', page, async (req, reply) => {
        const c = await pageContext(req);
        const options = await svc.formOptions(c.tenant.id);
        const challenge = await svc.issueChallenge(clientIp(req));
        return send(req, reply, submitPage(c, options, { form: {}, problems: [], challenge }), {
          personal: true,
        });
      });

      site.post('/gui-phan-anh', post, async (req, reply) => {
        const c = await pageContext(req);
        const options = await svc.formOptions(c.tenant.id);
        const form: Form = {};
        const files: UploadedFile[] = [];
        const problems: Problem[] = [];
        if (!req.isMultipart()) {
          return send(req, reply, errorPage(c, 'err.malformed'), { status: 400 });
        }
        let current = '';
        const tooLarge = () => {
          if (!problems.some((p) => p.key === 'err.fileSize')) {
            problems.push({
              field: 'files',
              key: 'err.fileSize',
              params: { name: current.slice(0, 100), size: FILE_MAX_BYTES / 1048576 },
            });
          }
        };
        try {
          const parts = req.parts({
            limits: {
              fileSize: FILE_MAX_BYTES,
              files: FILES_MAX + 2,
              fields: 40,
              fieldSize: 64 * 1024,
              parts: 60,
            },
          });
          for await (const part of parts) {
            if (part.type === 'file') {
              current = part.filename;
              try {
                const data = await part.toBuffer();
                if (!part.filename && data.length === 0) continue;
                files.push({ filename: part.filename || 'file', data });
              } catch (err) {
                if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
                tooLarge();
              }
            } else if (typeof part.value === 'string' && !(part.fieldname in form)) {
              form[part.fieldname] = part.value;
            }
          }
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'FST_FILES_LIMIT') {
            problems.push({ field: 'files', key: 'err.fileCount', params: { count: FILES_MAX } });
          } else if (code === 'FST_REQ_FILE_TOO_LARGE') {
            tooLarge();
          } else {
            // A body that is not the form's multipart (cut short, bad boundary, too many parts).
            req.log.info({ err }, 'public: malformed multipart');
            return send(req, reply, errorPage(c, 'err.malformed'), { status: 400 });
          }
        }
        const again = async (status: number, list: Problem[]) => {
          const challenge = await svc.issueChallenge(clientIp(req));
          // The same form back with every problem listed; files must be chosen again.
          const { challenge: _c, solution: _s, ...kept } = form;
          return send(
            req,
            reply,
            submitPage(c, options, { form: kept, problems: list, challenge }),
            {
              status,
              personal: true,
            },
          );
        };
        try {
          if (problems.length)
            throw new PublicError(
              problems.some((p) => p.key === 'err.fileSize') ? 413 : 400,
              'err.malformed',
              {},
              problems,
            );
          const done = await svc.submit(form, files, { ip: clientIp(req), lang: c.lang });
          return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(done.token)}&moi=1`, 303);
        } catch (err) {
          if (err instanceof PublicError && err.problems.length) {
            const all = [
              ...problems,
              ...err.problems.filter(
                (p) => !problems.some((q) => q.key === p.key && q.field === p.field),
              ),
            ];
            return again(all.some((p) => p.key === 'err.fileSize') ? 413 : err.status, all);
          }
          throw err;
        }
      });

      // ---------------------------------------------------------------- track
      site.get('/tra-cuu', page, async (req, reply) =>
        send(req, reply, trackPage(await pageContext(req), { code: '', contact: '' })),
      );
      site.post('/tra-cuu', post, async (req, reply) => {
        const c = await pageContext(req);
        const body = (req.body ?? {}) as Form;
        if (typeof body !== 'object' || Array.isArray(body))
          throw new PublicError(400, 'err.malformed');
        const code = String(body.code ?? '').slice(0, 60);
        const contact = String(body.contact ?? '').slice(0, 200);
        try {
          const token = await svc.track(
            normalizeCode(code),
            normalizeContact(contact),
            clientIp(req),
          );
          return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}`, 303);
        } catch (err) {
          if (err instanceof PublicError && err.key === 'track.notFound') {
            return send(req, reply, trackPage(c, { code, contact, error: err.key }), {
              status: err.status,
              personal: true,
            });
          }
          throw err;
        }
      });

      // ---------------------------------------------------------------- ticket
      const showTicket = async (
        req: FastifyRequest,
        reply: FastifyReply,
        token: string,
        o: {
          status?: number;
          error?: { form: 'rate' | 'reopen'; key: MessageKey };
          form?: Form;
          notice?: MessageKey;
        } = {},
      ) => {
        const c = await pageContext(req);
        const v = await svc.view(token);
        const q = req.query as Record<string, string | undefined>;
        let ack: string | undefined;
        if (q.moi === '1') {
          ack =
            (await svc.acknowledgement(c.tenant, v.ticket.code, v.ticket.citizen_name, c.lang)) ??
            c.t('done.ack', { tenant: c.tenant.name, code: v.ticket.code });
        }
        const notice =
          o.notice ??
          (q.ok === 'rate' ? 'rate.thanks' : q.ok === 'reopen' ? 'reopen.done' : undefined);
        return send(
          req,
          reply,
          ticketPage(c, v, { token, ack, notice, error: o.error, form: o.form ?? {} }),
          {
            status: o.status ?? 200,
            personal: true,
          },
        );
      };
      site.get('/phieu', page, async (req, reply) => {
        const token = (req.query as { t?: unknown }).t;
        if (typeof token !== 'string') throw new PublicError(403, 'track.expired');
        return showTicket(req, reply, token);
      });
      site.post('/phieu/danh-gia', post, async (req, reply) => {
        const body = (req.body ?? {}) as Form;
        const token = String(body.t ?? '');
        const r = checkRating(body);
        if (!r) {
          svc.ticketOfToken(token);
          return showTicket(req, reply, token, {
            status: 400,
            error: { form: 'rate', key: 'rate.err' },
            form: body,
          });
        }
        try {
          await svc.rate(token, r, clientIp(req));
        } catch (err) {
          if (err instanceof PublicError && err.status === 409) {
            return showTicket(req, reply, token, {
              status: 409,
              error: { form: 'rate', key: err.key },
            });
          }
          throw err;
        }
        return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}&ok=rate`, 303);
      });
      site.post('/phieu/mo-lai', post, async (req, reply) => {
        const body = (req.body ?? {}) as Form;
        const token = String(body.t ?? '');
        const reason = checkReason(body);
        if (!reason) {
          svc.ticketOfToken(token);
          return showTicket(req, reply, token, {
            status: 400,
            error: { form: 'reopen', key: 'reopen.err' },
            form: body,
          });
        }
        try {
          await svc.reopen(token, reason, clientIp(req));
        } catch (err) {
          if (err instanceof PublicError && err.status === 409) {
            return showTicket(req, reply, token, {
              status: 409,
              error: { form: 'reopen', key: err.key },
            });
          }
          throw err;
        }
        return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}&ok=reopen`, 303);
      });

      // ---------------------------------------------------------------- published answers
      site.get('/tra-loi', page, async (req, reply) => {
        const c = await pageContext(req);
        const raw = req.query as Record<string, unknown>;
        const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
        const q = {
          q: str('q').slice(0, 200),
          field: str('field'),
          agency: str('agency'),
          from: str('from'),
          to: str('to'),
          page: Number(str('page') || '1'),
        };
        if (
          (q.field && !UUID.test(q.field)) ||
          (q.agency && !UUID.test(q.agency)) ||
          (q.from && !DATE.test(q.from)) ||
          (q.to && !DATE.test(q.to)) ||
          !Number.isInteger(q.page) ||
          q.page < 1 ||
          q.page > 1000
        ) {
          throw new PublicError(400, 'err.malformed');
        }
        const day = (d: string, plus = 0) => {
          const x = new Date(`${d}T00:00:00+07:00`);
          x.setUTCDate(x.getUTCDate() + plus);
          return Number.isNaN(x.getTime()) ? undefined : x;
        };
        const [options, agencies, result] = await Promise.all([
          svc.formOptions(c.tenant.id),
          svc.repo.agencies(c.tenant.id),
          svc.published({
            tenantId: c.tenant.id,
            q: q.q || undefined,
            fieldId: q.field || undefined,
            agencyId: q.agency || undefined,
            from: q.from ? day(q.from) : undefined,
            to: q.to ? day(q.to, 1) : undefined,
            limit: PAGE_SIZE,
            offset: (q.page - 1) * PAGE_SIZE,
          }),
        ]);
        return send(
          req,
          reply,
          answersPage(
            c,
            q,
            { fields: options.fields, agencies },
            { ...result, pageSize: PAGE_SIZE },
          ),
        );
      });
      site.get('/tra-loi/:id', page, async (req, reply) => {
        const c = await pageContext(req);
        const id = (req.params as { id: string }).id;
        const p = UUID.test(id) ? await svc.publishedOne(c.tenant.id, id) : undefined;
        if (!p) throw new PublicError(404, 'err.notFound');
        return send(req, reply, answerPage(c, p));
      });

      // ---------------------------------------------------------------- knowledge base
      site.get('/hoi-dap', page, async (req, reply) => {
        const c = await pageContext(req);
        const raw = (req.query as { q?: unknown }).q;
        const q = typeof raw === 'string' ? raw.trim().slice(0, 300) : '';
        const reader = svc.reader(c.tenant.id);
        if (q) {
          const r = await svc.kb.search(reader, { q, limit: 20 });
          const items = presentSearch(r, svc.kb.today()).items.map((i) => ({
            id: i.id,
            kind: i.kind,
            code: i.code,
            title: i.title,
            snippet: i.snippet,
          }));
          return send(req, reply, kbPage(c, q, items, true));
        }
        const list = await svc.kb.list(reader, { limit: 20, offset: 0, status: 'published' });
        const items = list.items.map((a) => ({
          id: a.id,
          kind: a.kind,
          code: a.code,
          title: a.title,
          snippet: a.summary.slice(0, 240),
        }));
        return send(req, reply, kbPage(c, '', items, false));
      });
      site.get('/hoi-dap/:id', page, async (req, reply) => {
        const c = await pageContext(req);
        const id = (req.params as { id: string }).id;
        if (!UUID.test(id)) throw new PublicError(404, 'err.notFound');
        let row;
        try {
          ({ row } = await svc.kb.get(svc.reader(c.tenant.id), id));
        } catch (err) {
          if (err instanceof AppError) throw new PublicError(404, 'err.notFound');
          throw err;
        }
        if (row.status !== 'published') throw new PublicError(404, 'err.notFound');
        const agencies = await svc.repo.agencies(c.tenant.id);
        const agency = agencies.find((a) => a.id === row.agency_id);
        return send(
          req,
          reply,
          kbArticlePage(c, {
            kind: row.kind,
            code: row.code,
            title: row.title,
            summary: row.summary,
            body: row.body,
            procedure: row.procedure,
            sourceUrl: row.source_url,
            agencyName: agency
              ? c.lang === 'en' && agency.name_en
                ? agency.name_en
                : agency.name
              : null,
            updatedAt: row.updated_at,
          }),
        );
      });

      // Anything else under the prefix is this site's 404 (not the staff app's index.html).
      site.get('/*', page, () => {
        throw new PublicError(404, 'err.notFound');
      });

      // ---------------------------------------------------------------- agencies
      site.get('/co-quan', page, async (req, reply) => {
        const c = await pageContext(req);
        const s = await svc.stats(c.tenant.id);
        return send(req, reply, agenciesPage(c, s.rows, s.at));
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
      handler: (_req, reply) => reply.redirect(`${BASE}/`, 302),
    });
  }
  return svc;
}
