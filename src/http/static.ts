/**
 * Serves the built web app (web/dist) from the API server: hashed assets with year-long
 * immutable caching, index.html (never cached, so a deployment is picked up at the next load)
 * for every other non-API path so that deep links such as /tickets/<id> open the app. Text
 * assets are sent pre-compressed (.br/.gz written by scripts/build-web.ts) when the browser
 * accepts it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const DEFAULT_WEB_ROOT = path.resolve(import.meta.dirname, '../../web/dist');

// The app loads only its own scripts and styles and talks only to this origin (HTTP + WS).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export async function registerWebApp(app: FastifyInstance, root: string = DEFAULT_WEB_ROOT) {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ root }, 'web app not built (npm run build:web); serving the API only');
    return;
  }
  // serve: false: no routes of its own, only reply.sendFile for the route below.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .sendFile('index.html', { cacheControl: false });

  app.get('/*', { schema: { hide: true }, config: { permission: 'public' } }, (req, reply) => {
    const pathname = req.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    let rel: string;
    try {
      rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    const full = path.resolve(root, rel);
    const inside = full.startsWith(root + path.sep);
    if (inside && rel !== 'index.html' && isFile(full)) {
      // Vite names assets by content hash: a changed file is a new URL.
      if (rel.startsWith('assets/'))
        return reply.sendFile(rel, { maxAge: '365d', immutable: true });
      // The service worker is checked for updates at every load: never from an HTTP cache.
      if (rel === 'sw.js')
        return reply.header('cache-control', 'no-cache').sendFile(rel, { cacheControl: false });
      return reply.sendFile(rel, { maxAge: '1h' });
    }
    // A missing script or style must fail as such, not load the app's HTML in its place.
    if (rel.startsWith('assets/') || path.extname(rel) !== '') return reply.callNotFound();
    return sendIndex(reply);
  });
}
