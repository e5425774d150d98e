/**
 * `GET /metrics` (Prometheus text format) — see docs/operations/metrics.md. Two ways to expose
 * it, chosen by the environment; the default exposes nothing:
 * - METRICS_PORT set: served only by a listener of its own on METRICS_HOST (127.0.0.1 unless
 *   set), for a Prometheus on the same host or a private network; the main port answers 404.
 *   METRICS_TOKEN, when also set, is required there too.
 * - METRICS_TOKEN alone: served on the main port to `Authorization: Bearer <METRICS_TOKEN>`
 *   only (401 otherwise), for a Prometheus that reaches the nodes through the proxy.
 * - neither: 404 on the main port (never the web app's page) and no HTTP histogram is kept.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.ts';
import type { MetricsService } from '../modules/metrics/metrics.service.ts';
import { errorBody, preferredLanguage } from './errors.ts';

export const METRICS_PATH = '/metrics';

type MetricsEnv = Pick<Env, 'METRICS_PORT' | 'METRICS_TOKEN'>;

/** Whether this process serves metrics at all (then requests are timed). */
export const metricsEnabled = (env: MetricsEnv) =>
  env.METRICS_PORT !== undefined || env.METRICS_TOKEN !== undefined;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}

/**
 * The route on the main port. Registered in every mode so that /metrics is never the web
 * app's page: 404 unless token mode, 401 without the token.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  env: MetricsEnv,
  metrics: MetricsService,
) {
  const token = env.METRICS_PORT === undefined ? env.METRICS_TOKEN : undefined;
  app.get(
    METRICS_PATH,
    { schema: { hide: true }, config: { permission: 'public' } },
    async (req, reply) => {
      if (!token) return reply.callNotFound();
      if (!bearerMatches(req.headers.authorization, token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send(errorBody('unauthenticated', preferredLanguage(req)));
      }
      const { body, contentType } = await metrics.scrape();
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    },
  );
}

/** The listener of port mode: GET /metrics only, nothing else of the application. */
export async function listenMetrics(
  metrics: MetricsService,
  opts: { host: string; port: number; token?: string },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (opts.token && !bearerMatches(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
      res.end('unauthenticated\n');
      return;
    }
    metrics.scrape().then(
      ({ body, contentType }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  return {
    server,
    port: typeof addr === 'object' && addr ? addr.port : opts.port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
