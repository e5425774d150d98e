/**
 * What routes need of the HTTP layer, apart from the server that registers them: the typed
 * Fastify instance, the session cookie's name and the per-route configuration. Routes import
 * this file, never `server.ts` (which imports the routes).
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Permission } from '../core/access/permissions.ts';
import type { Actor } from '../modules/auth/actor.ts';

export const SESSION_COOKIE = 'o1022_sid';

export type App = FastifyInstance;
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The session's CSRF token (cookie sessions only). */
    csrf?: string;
  }
  interface FastifyContextConfig {
    /**
     * The permission this route needs (`core/access/permissions.ts`); `public` for routes
     * open to everyone. Every route names one: the server refuses to start otherwise.
     */
    permission?: Permission;
  }
}
