/**
 * The rules every route obeys, checked as it is registered:
 * - it names the permission it needs (`config.permission`, from the one permission table);
 * - an API route (`/api/v1`) declares its response schemas (`schema.response`), from the
 *   contract, so the OpenAPI document describes every answer and only those fields are sent.
 *
 * The OpenAPI document carries each operation's permission (`x-permission`) and the roles that
 * hold it, so integrators read who may call what where they read the shapes.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { PERMISSIONS, type Permission } from '../core/access/permissions.ts';

export interface RouteGap {
  route: string;
  missing: ('permission' | 'response')[];
}

const registered = new WeakMap<FastifyInstance, RouteOptions[]>();

const permissionOf = (r: RouteOptions) =>
  (r.config as { permission?: Permission } | undefined)?.permission;

/** Routes registered without a permission or (API routes) a response schema. */
export function routeGaps(app: FastifyInstance): RouteGap[] {
  const out: RouteGap[] = [];
  for (const r of registered.get(app) ?? []) {
    const missing: RouteGap['missing'] = [];
    const permission = permissionOf(r);
    if (!permission || !(permission in PERMISSIONS)) missing.push('permission');
    const schema = r.schema as { response?: unknown; hide?: boolean } | undefined;
    if (r.url.startsWith('/api/v1/') && !schema?.hide && !schema?.response)
      missing.push('response');
    const methods = Array.isArray(r.method) ? r.method.join(',') : r.method;
    if (missing.length) out.push({ route: `${methods} ${r.url}`, missing });
  }
  return out;
}

/** Every route `app` registered (HEAD twins aside), as watched by `watchRoutes`. */
export function registeredRoutes(app: FastifyInstance): readonly RouteOptions[] {
  return registered.get(app) ?? [];
}

/**
 * Keeps every route `app` registers, to be judged by `routeGaps` once the app is ready (hooks
 * of inner scopes, such as `openToEveryone`, may still complete a route after this one sees it).
 */
export function watchRoutes(app: FastifyInstance): void {
  const list: RouteOptions[] = [];
  registered.set(app, list);
  app.addHook('onRoute', (r: RouteOptions) => {
    // HEAD routes are Fastify's automatic twins of GET routes.
    if (r.method === 'HEAD') return;
    list.push(r);
  });
}

/**
 * For a scope whose routes a third-party plugin registers (static files, the API reference):
 * they are open to everyone, and say so.
 */
export function openToEveryone(scope: FastifyInstance): void {
  scope.addHook('onRoute', (r: RouteOptions) => {
    if (!permissionOf(r)) r.config = { ...(r.config as object), permission: 'public' };
  });
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** @fastify/swagger's transform: zod → JSON Schema, plus each operation's permission. */
export function openApiTransform(input: TransformInput) {
  const out = jsonSchemaTransform(input);
  const route = (input as { route?: RouteOptions }).route;
  // An upload route reads its multipart body itself: the document still says what it takes.
  const consumes = (out.schema as { consumes?: string[] } | undefined)?.consumes;
  if (out.schema && consumes?.includes('multipart/form-data') && !('body' in out.schema)) {
    (out.schema as Record<string, unknown>).body = {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    };
  }
  const permission = route && permissionOf(route);
  if (!permission || !out.schema || (out.schema as { hide?: boolean }).hide) return out;
  const rule = PERMISSIONS[permission];
  const schema = out.schema as Record<string, unknown>;
  const who = permission === 'public' ? 'Open to everyone.' : `Roles: ${rule.roles.join(', ')}.`;
  schema['x-permission'] = permission;
  schema.description = [schema.description, `Permission \`${permission}\` (${rule.doc}). ${who}`]
    .filter(Boolean)
    .join('\n\n');
  if (permission === 'public') schema.security = [];
  return out;
}
