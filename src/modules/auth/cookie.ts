/**
 * Whether a cookie set in answer to `req` is `Secure`: always when COOKIE_SECURE=1 (or
 * PUBLIC_URL is https), and whenever the request came over HTTPS — directly, or through a
 * trusted proxy's X-Forwarded-Proto (`req.protocol` honours Fastify's trustProxy only).
 */
export const cookieSecure = (env: { cookieSecure: boolean }, req: { protocol: string }) =>
  env.cookieSecure || req.protocol === 'https';
