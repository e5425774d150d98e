import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import { roomsFor, type Gateway } from '../realtime/gateway.ts';
import swagger from '@fastify/swagger';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler } from './serializer.ts';
import { openApiTransform, openToEveryone, watchRoutes } from './route-rules.ts';
import swaggerUi from '@fastify/swagger-ui';
import { ping } from '../db/database.ts';
import { trustedProxyMatcher } from '../config/trusted-proxies.ts';
import { securityHeaders } from './security-headers.ts';
import type { AppContext } from '../app/context.ts';
import {
  errorHandler,
  frameworkErrorHandler,
  notFoundHandler,
  errorBody,
  preferredLanguage,
} from './errors.ts';
import { registerJsonParser, requireWellFormedText } from './body.ts';
import { SESSION_COOKIE, type App } from './types.ts';
import { buildServices, type Services } from '../app/services.ts';
import { registerRoutes } from './routes.ts';
import { registerWebApp } from './static.ts';
import { METRICS_PATH, metricsEnabled, registerMetricsRoute } from './metrics.ts';
import { open311Routes } from '../modules/open311/open311.routes.ts';
import { publicRoutes } from '../modules/public/public.routes.ts';
import { chatPublicRoutes } from '../modules/chat/chat.routes.ts';
import {
  registerSipWebSocket,
  webSocketProtocols,
  type SipWebSocketHub,
} from '../voice/ws-endpoint.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface BuildOptions {
  ctx: AppContext;
  services?: Services;
  /** Live events over WebSocket at /api/v1/ws; omitted = no live endpoint. */
  gateway?: Gateway;
  /** Fastify's logger; tests pass false. */
  logger?: boolean | object;
  /** Serve the built web app from this directory (see static.ts); omitted = API only. */
  webRoot?: string;
  /** SIP over WebSocket at /sip (TELEPHONY=1): handed to the telephony service once started. */
  sipWebSocket?: SipWebSocketHub;
}

/**
 * Builds the HTTP application (not listening). Routes stay thin:
 * validate (zod) → authorize + act (service) → present.
 */
export async function buildServer(opts: BuildOptions): Promise<{ app: App; services: Services }> {
  const { ctx } = opts;
  const services = opts.services ?? buildServices(ctx);
  const app = Fastify({
    logger: opts.logger ?? false,
    // X-Forwarded-* only from the configured proxies (TRUSTED_PROXIES): from anyone else the
    // TCP peer is the client, so per-address limits cannot be dodged with a header.
    trustProxy: trustedProxyMatcher(ctx.env.TRUSTED_PROXIES),
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: frameworkErrorHandler,
  });
  watchRoutes(app);
  // HSTS behind TLS; CSP and framing protection for every HTML page (security-headers.ts).
  securityHeaders(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler(ctx.env.OPEN1022_CHECK_RESPONSES === '1'));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // JSON bodies with a lone surrogate or NUL anywhere are refused here, for every route.
  registerJsonParser(app);
  // iCalendar imports arrive as text.
  app.addContentTypeParser(
    ['text/calendar', 'text/plain'],
    { parseAs: 'string', bodyLimit: 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10 } });
  await app.register(rateLimit, { global: false });
  // `sip` must be chosen on /sip even when a client lists it second (RFC 7118 §4.1).
  await app.register(websocket, {
    options: { handleProtocols: (offered, req) => webSocketProtocols(offered, req.url) },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'open1022 API',
        version: '1',
        description: 'Tickets, organisation and deadlines of a 1022 public-service hotline.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: openApiTransform,
  });

  const auth = services.auth;
  // Live events still queued go out before the pool they use is closed.
  app.addHook('onClose', () => services.live.flush());
  // Request latency by route pattern for /metrics, only when metrics are served (metrics.ts).
  if (metricsEnabled(ctx.env)) {
    const metrics = services.metrics;
    app.addHook('onResponse', (req, reply, done) => {
      metrics.observeHttp(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime);
      done();
    });
  }
  app.addHook('onRequest', async (req, reply) => {
    // /metrics checks its own bearer token (METRICS_TOKEN), which is no API token.
    if (req.routeOptions.url === METRICS_PATH) return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = await auth.actorFromToken(header.slice(7).trim());
      if (!req.actor)
        return reply.status(401).send(errorBody('unauthenticated', preferredLanguage(req)));
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) return;
    const found = await auth.actorFromSession(sid);
    if (!found) return;
    req.actor = found.actor;
    req.csrf = found.csrf;
    // Cookie-authenticated writes must echo the session's CSRF token in a header, which a
    // cross-site form or script cannot read (SameSite=Lax is the second line of defence).
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== found.csrf) {
      return reply.status(403).send(errorBody('csrf_failed', preferredLanguage(req)));
    }
  });

  app.get(
    '/healthz',
    { schema: { hide: true }, config: { permission: 'public' } },
    async (_req, reply) => {
      try {
        await ping(ctx.db);
        return { status: 'ok' };
      } catch {
        return reply.status(503).send(errorBody('service_unavailable', 'vi'));
      }
    },
  );

  registerMetricsRoute(app, ctx.env, services.metrics);

  await app.register(
    async (api) => {
      // Authentication before validation: an anonymous caller learns nothing about a route's
      // body rules. Routes open to the public name the `public` permission.
      api.addHook('preValidation', async (req, reply) => {
        const open = req.routeOptions.config.permission === 'public';
        if (!req.actor && !open) {
          return reply.status(401).send(errorBody('unauthenticated', preferredLanguage(req)));
        }
        requireWellFormedText(req.query, 'querystring');
        requireWellFormedText(req.params, 'params');
      });
      registerRoutes(api.withTypeProvider<ZodTypeProvider>(), services, ctx);
    },
    { prefix: '/api/v1' },
  );
  // Open311 GeoReport v2 has its own base URL, error format and key (not under /api/v1).
  await open311Routes(app, services.open311);
  // The citizens' website (server-rendered HTML) at /cong-dan, beside the staff app.
  await publicRoutes(app, services, ctx);

  const gateway = opts.gateway;
  // Live chat's public side: widget script, demo page, the visitor's WebSocket (no session).
  await chatPublicRoutes(app, services.chat, gateway);
  if (gateway) {
    app.get(
      '/api/v1/ws',
      { websocket: true, schema: { hide: true }, config: { permission: 'live.events' } },
      (socket, req) => {
        // Browsers cannot set headers on a WebSocket: the session cookie authenticates, and
        // SameSite=Lax plus the Origin check below keep other sites out.
        const origin = req.headers.origin;
        if (!req.actor || (origin && new URL(origin).host !== req.headers.host)) {
          socket.close(4401, 'unauthenticated');
          return;
        }
        // Checked again every minute: an ended session or revoked token stops hearing events.
        const sid = req.cookies[SESSION_COOKIE] ?? '';
        const bearer = req.headers.authorization?.slice(7).trim() ?? '';
        const stillValid =
          req.actor.via === 'token' ? () => auth.tokenAlive(bearer) : () => auth.sessionAlive(sid);
        gateway.join(socket, roomsFor(req.actor), stillValid);
        socket.send(JSON.stringify({ type: 'hello', data: { userId: req.actor.userId } }));
      },
    );
  }

  if (opts.sipWebSocket) registerSipWebSocket(app, opts.sipWebSocket);

  app.get(
    '/api/openapi.json',
    { schema: { hide: true }, config: { permission: 'public' } },
    async () => app.swagger(),
  );
  // The interactive API reference for integrators, served from the package (no CDN).
  await app.register(async (docs) => {
    openToEveryone(docs);
    await docs.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      // Its policy lets the reference be framed by this origin; no page of ours is framed.
      transformStaticCSP: (csp) => csp.replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
    });
  });
  if (opts.webRoot) await registerWebApp(app, opts.webRoot);
  await app.ready();
  return { app, services };
}
