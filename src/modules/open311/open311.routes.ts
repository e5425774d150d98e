import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors/codes.ts';
import { preferredLanguage } from '../../http/errors.ts';
import type { TypedApp } from '../../http/types.ts';
import { idParams } from '../../contract/common.ts';
import {
  createKeyBody,
  georeportFile,
  georeportQuery,
  open311IssuedKey,
  open311Key,
  open311KeyList,
  type GeoreportQuery,
} from '../../contract/open311.ts';
import { Open311Error, describe } from './open311.errors.ts';
import { problem, readForm, readJson, readQuery, type Args } from './open311.input.ts';
import { presentErrors, presentKey, type Lang } from './open311.presenter.ts';
import type { Open311Service } from './open311.service.ts';
import { toXml, type XmlValue } from './xml.ts';

export const OPEN311_PREFIX = '/open311/v2';
type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
/** A description is at most 4,000 characters (≤ 16 kB in UTF-8); the rest is small. */
const BODY_LIMIT = 64 * 1024;

const FILE = /^(.{1,200})\.(json|xml)$/;
/** Public reads of one resource one client address may make per minute on one node. */
export const READS_PER_MINUTE = 300;

/** The format a URL asks for; XML (the spec's required format) when it names none. */
function formatOf(url: string): Format {
  return /\.json(?:\?|$)/.test(url) ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Format, root: string, doc: XmlValue, status = 200) {
  reply.status(status).header('access-control-allow-origin', '*');
  if (format === 'json') {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(doc));
  }
  return reply.type('text/xml; charset=utf-8').send(toXml(root, doc));
}

function sendErrors(
  req: FastifyRequest,
  reply: FastifyReply,
  err: Open311Error,
  status = err.status,
) {
  if (err.retryAfterS) reply.header('retry-after', String(err.retryAfterS));
  const lang = preferredLanguage(req);
  return send(
    reply,
    formatOf(req.url),
    'errors',
    presentErrors(describe(err.problems, lang)),
    status,
  );
}

/** Failures of the layers below, in the spec's terms. */
function toOpen311(err: unknown): Open311Error | null {
  if (err instanceof Open311Error) return err;
  if (err instanceof AppError) {
    if (err.status === 404 || err.code === 'field_not_found') {
      return new Open311Error([problem('', 'không tìm thấy', 'not found', 404)]);
    }
    if (err.status === 403 || err.status === 401) {
      return new Open311Error([problem('', 'không được phép', 'forbidden', 403)]);
    }
    if (err.status === 429) {
      return new Open311Error([problem('', 'quá nhiều yêu cầu', 'too many requests', 429)]);
    }
    if (err.status < 500) {
      return new Open311Error([problem('', 'yêu cầu không hợp lệ', 'invalid request')]);
    }
    return null;
  }
  const fe = err as { statusCode?: number; code?: string };
  if (fe.statusCode === 429) {
    return new Open311Error(
      [
        problem(
          '',
          'quá nhiều yêu cầu; vui lòng thử lại sau',
          'too many requests; retry later',
          429,
        ),
      ],
      60,
    );
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return new Open311Error([
      problem(
        '',
        `nội dung gửi lên quá ${BODY_LIMIT / 1024} kB`,
        `the body exceeds ${BODY_LIMIT / 1024} kB`,
      ),
    ]);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new Open311Error([
      problem(
        '',
        'yêu cầu không hợp lệ (nội dung không đọc được)',
        'invalid request (the body could not be read)',
      ),
    ]);
  }
  return null;
}

/** The body of a POST as arguments, whichever of the accepted encodings it came in. */
function bodyArgs(req: FastifyRequest<{ Querystring: GeoreportQuery }>): Args {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  let args: Args | undefined;
  if (type.startsWith('application/json')) args = readJson(req.body);
  else if (type.startsWith('application/x-www-form-urlencoded') && typeof req.body === 'string') {
    args = readForm(req.body);
  } else if (type === '') {
    // No body at all: the arguments may be in the query string (merged below).
    args = readForm('');
  }
  if (args) {
    // Some clients put api_key or jurisdiction_id in the query string: the body wins.
    for (const [k, v] of Object.entries(readQuery(req.query).values)) {
      if (!(k in args.values) && (k === 'api_key' || k === 'jurisdiction_id')) args.values[k] = v;
    }
    return args;
  }
  throw new Open311Error([
    problem(
      '',
      'chỉ nhận application/x-www-form-urlencoded hoặc application/json',
      'send application/x-www-form-urlencoded or application/json',
    ),
  ]);
}

/**
 * Open311 GeoReport v2 at /open311/v2 (outside /api/v1): public, apart from the api_key on
 * POST. Every resource answers in JSON or XML by its extension; errors follow the spec's
 * format in the same format as the URL asked for.
 */
export async function open311Routes(app: FastifyInstance, service: Open311Service) {
  await app.register(
    async (untyped) => {
      const scope = untyped.withTypeProvider<ZodTypeProvider>();
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: BODY_LIMIT },
        (_req, body, done) => done(null, body),
      );
      scope.setErrorHandler((err, req, reply) => {
        const spec = toOpen311(err);
        if (spec) return sendErrors(req, reply, spec);
        req.log.error({ err }, 'open311: unhandled error');
        return sendErrors(
          req,
          reply,
          new Open311Error([
            problem('', 'lỗi hệ thống, vui lòng thử lại', 'server error, please retry'),
          ]),
          500,
        );
      });
      const notFound = (req: FastifyRequest, reply: FastifyReply) =>
        sendErrors(req, reply, new Open311Error([problem('', 'không tìm thấy', 'not found', 404)]));
      scope.setNotFoundHandler(notFound);
      // Also for unknown paths under the prefix, which the web app's catch-all would serve.
      scope.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/*',
        schema: { hide: true },
        config: { permission: 'public' },
        handler: notFound,
      });
      // Browsers may call the API from other sites: the data is public, no cookie is used.
      scope.options(
        '/*',
        { schema: { hide: true }, config: { permission: 'public' } },
        async (_req, reply) =>
          reply
            .status(204)
            .header('access-control-allow-origin', '*')
            .header('access-control-allow-methods', 'GET, POST, OPTIONS')
            .header('access-control-allow-headers', 'content-type, accept-language')
            .header('access-control-max-age', '86400')
            .send(),
      );

      const lang = (req: FastifyRequest): Lang => preferredLanguage(req);
      const jid = (req: FastifyRequest<{ Querystring: GeoreportQuery }>) =>
        readQuery(req.query).values.jurisdiction_id;
      // Open to everyone: reads need nothing, a POST carries an api_key the service checks.
      const opts = {
        schema: { hide: true, querystring: georeportQuery },
        config: { permission: 'public' },
        bodyLimit: BODY_LIMIT,
      } as const;
      // Reads are public and may be heavy (a page holds up to 1,000 requests): a per-address
      // limit kept in each node's memory (posts are limited in PostgreSQL, in the service).
      const read = {
        ...opts,
        config: { ...opts.config, rateLimit: { max: READS_PER_MINUTE, timeWindow: 60_000 } },
      };

      for (const f of FORMATS) {
        scope.get(`/discovery.${f}`, read, async (req, reply) =>
          send(reply, f, 'discovery', await service.discovery(jid(req), lang(req))),
        );
        scope.get(`/services.${f}`, read, async (req, reply) =>
          send(reply, f, 'services', await service.services(jid(req), lang(req))),
        );
        scope.get(`/requests.${f}`, read, async (req, reply) =>
          send(
            reply,
            f,
            'service_requests',
            await service.requests(readQuery(req.query), lang(req)),
          ),
        );
        scope.post(`/requests.${f}`, opts, async (req, reply) =>
          send(
            reply,
            f,
            'service_requests',
            await service.submit(bodyArgs(req), { ip: req.ip, lang: lang(req) }),
          ),
        );
      }

      // Identifiers may contain dots, so the format is split off the last segment here.
      const file = (raw: string, what: string) => {
        const m = FILE.exec(raw);
        if (!m) throw new Open311Error([problem(what, 'không tìm thấy', 'was not found', 404)]);
        return { id: m[1]!, format: formatOf(raw) };
      };
      const readFile = { ...read, schema: { ...read.schema, params: georeportFile } };
      scope.get('/services/:file', readFile, async (req, reply) => {
        const { id, format } = file(req.params.file, 'service_code');
        return send(
          reply,
          format,
          'service_definition',
          await service.definition(jid(req), id, lang(req)),
        );
      });
      scope.get('/requests/:file', readFile, async (req, reply) => {
        const { id, format } = file(req.params.file, 'service_request_id');
        return send(
          reply,
          format,
          'service_requests',
          await service.request(jid(req), id, lang(req)),
        );
      });
      scope.get('/tokens/:file', readFile, async (req, reply) => {
        const { id, format } = file(req.params.file, 'token');
        return send(reply, format, 'service_requests', await service.token(jid(req), id));
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}

/** Key administration under /api/v1/open311/keys (administrators). */
export function open311KeyRoutes(app: TypedApp, service: Open311Service) {
  const tags = ['open311'];
  const config = { permission: 'open311.keys' } as const;
  app.post(
    '/open311/keys',
    {
      schema: {
        tags,
        summary: 'Issue an Open311 api_key (shown once)',
        body: createKeyBody,
        response: { 201: open311IssuedKey },
      },
      config,
    },
    async (req, reply) => {
      const { row, secret } = await service.createKey(req.actor, req.body);
      return reply.status(201).send({ ...presentKey(row), key: secret });
    },
  );
  app.get(
    '/open311/keys',
    { schema: { tags, response: { 200: open311KeyList } }, config },
    async (req) => ({ items: (await service.listKeys(req.actor)).map(presentKey) }),
  );
  app.delete(
    '/open311/keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an Open311 api_key',
        params: idParams,
        response: { 200: open311Key },
      },
      config,
    },
    async (req) => presentKey(await service.revokeKey(req.actor, req.params.id)),
  );
}
