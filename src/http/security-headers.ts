/**
 * Headers every response carries, whatever route wrote it (R-SEC-1):
 * - `Strict-Transport-Security` when the request arrived over HTTPS — directly, or through a
 *   reverse proxy in `TRUSTED_PROXIES` that says so with X-Forwarded-Proto (Fastify's
 *   `req.protocol` reads that header only from those peers). Over plain HTTP it is never sent
 *   (browsers ignore it there, and a forged X-Forwarded-Proto must not switch it on).
 * - For HTML: a page that set no policy of its own gets `DEFAULT_HTML_CSP`, and every page is
 *   refused framing (`X-Frame-Options: DENY` beside CSP `frame-ancestors`) and MIME sniffing.
 *   Pages with richer needs (the staff app, the citizens' site) set their own CSP first.
 */
import type { FastifyInstance } from 'fastify';

/** One year; subdomains too. Not `preload`: that is the operator's decision (docs/security). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** The policy of an HTML page that states none: only its own files, no framing, no plugins. */
export const DEFAULT_HTML_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      if (!reply.hasHeader('content-security-policy'))
        reply.header('content-security-policy', DEFAULT_HTML_CSP);
      if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('x-content-type-options'))
        reply.header('x-content-type-options', 'nosniff');
    }
    return payload;
  });
}
