/**
 * What every router of the citizens' site shares: the page context (language, tenant, asset
 * version), writing a page or a file (compressed when worth it), and the options of a page
 * read or a form post (open to everyone, limited per client address).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { siteQuery } from '../../contract/public.ts';
import type { Html } from './html.ts';
import { translator, type Lang } from './i18n.ts';
import type { PageContext } from './pages.ts';
import type { PublicService } from './public.service.ts';

export const LANG_COOKIE = 'o1022_lang';

/** Reads of one page per client address per minute (each node counts its own). */
const PAGE_RATE = { max: 240, timeWindow: '1 minute' };
/** Form posts per client address per minute, before the per-hour counts in PostgreSQL. */
const POST_RATE = { max: 30, timeWindow: '1 minute' };

/** A page's route options; `schema` adds its querystring, params or form body. */
export function pageRoute<S extends object = object>(schema?: S) {
  return {
    config: { permission: 'public', rateLimit: PAGE_RATE },
    schema: { hide: true, ...schema } as { hide: true } & S,
  } as const;
}

/** A form post's route options. */
export function postRoute<S extends object = object>(schema?: S) {
  return {
    config: { permission: 'public', rateLimit: POST_RATE },
    schema: { hide: true, ...schema } as { hide: true } & S,
  } as const;
}

/** `?lang=` when given (it also sets the cookie), else the cookie, else Vietnamese. */
export function langOf(req: FastifyRequest): Lang {
  const q = siteQuery.safeParse(req.query).data?.lang;
  if (q) return q;
  const c = req.cookies[LANG_COOKIE];
  if (c === 'vi' || c === 'en') return c;
  return 'vi';
}

const accepts = (req: FastifyRequest, enc: string) =>
  new RegExp(`\\b${enc}\\b`).test(String(req.headers['accept-encoding'] ?? ''));

/** A body, gzipped for clients that accept it when over 1 kB (`gz`: compressed already). */
export function sendBody(
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

/** The site as its routers see it. */
export class Site {
  constructor(
    readonly svc: PublicService,
    /** Content hash of the static files. */
    readonly assetVersion: string,
  ) {}

  async pageContext(req: FastifyRequest): Promise<PageContext> {
    const lang = langOf(req);
    return {
      lang,
      t: translator(lang),
      tenant: await this.svc.tenant(),
      url: req.url,
      assetVersion: this.assetVersion,
    };
  }

  /** A page: never cached unseen; a personal one (a ticket looked up) never stored. */
  send(
    req: FastifyRequest,
    reply: FastifyReply,
    page: Html,
    o: { status?: number; personal?: boolean } = {},
  ): FastifyReply {
    reply
      .status(o.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', o.personal ? 'no-store' : 'no-cache')
      .header('referrer-policy', o.personal ? 'no-referrer' : 'same-origin');
    return sendBody(req, reply, `${page.value}\n`);
  }
}
