import type { AppContext } from '../../app/context.ts';
import { SESSION_COOKIE, type TypedApp } from '../../http/types.ts';
import type { AuthService } from './auth.service.ts';
import {
  apiToken,
  loggedOut,
  loginBody,
  loginResult,
  session,
  tokenBody,
} from '../../contract/auth.ts';
import { presentActor, presentMe, presentToken } from './auth.presenter.ts';

/** Signing in and out, the caller's own account and API tokens under /api/v1/auth. */
export function authRoutes(app: TypedApp, auth: AuthService, ctx: AppContext) {
  const tags = ['auth'];
  app.post(
    '/auth/login',
    {
      schema: { tags, body: loginBody, response: { 200: loginResult } },
      config: {
        permission: 'public',
        rateLimit: { max: 30, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const { sid, csrf, user } = await auth.login(req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, sid, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.env.cookieSecure,
        maxAge: 12 * 3600,
      });
      return { user: presentMe(user), csrfToken: csrf };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: { tags, response: { 200: loggedOut } },
      config: { permission: 'public' },
    },
    async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) await auth.logout(sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags, response: { 200: session } }, config: { permission: 'auth.me' } },
    async (req) => ({ user: presentActor(auth.me(req.actor)), csrfToken: req.csrf ?? null }),
  );

  app.post(
    '/auth/tokens',
    {
      schema: { tags, body: tokenBody, response: { 201: apiToken } },
      config: { permission: 'auth.token.create' },
    },
    async (req, reply) =>
      reply.status(201).send(presentToken(await auth.createToken(req.actor, req.body.name))),
  );
}
