import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { SESSION_COOKIE, type TypedApp } from '../../http/types.ts';
import { newDeviceId, type AuthService } from './auth.service.ts';
import {
  accessRevoked,
  apiToken,
  apiTokenInfo,
  apiTokenList,
  loggedOut,
  loginBody,
  loginResult,
  passwordChangeBody,
  session,
  sessionState,
  tokenBody,
} from '../../contract/auth.ts';
import { idParams } from '../../contract/common.ts';
import { AppError } from '../../core/errors/codes.ts';
import { cookieSecure } from './cookie.ts';
import { presentActor, presentMe, presentToken, presentTokenInfo } from './auth.presenter.ts';

/**
 * A browser's device id (R-SEC-1): set at its first successful sign-in, it lets the owner
 * sign in from this browser even while strangers' failures hold the account back. Sent only
 * to the auth routes.
 */
const DEVICE_COOKIE = 'o1022_device';
const DEVICE_MAX_AGE_S = 365 * 24 * 3600;

/** Signing in and out, the caller's own account, password and API tokens under /api/v1/auth. */
export function authRoutes(app: TypedApp, auth: AuthService, ctx: AppContext) {
  const tags = ['auth'];
  const secure = (req: FastifyRequest) => cookieSecure(ctx.env, req);
  const cookie = (
    req: FastifyRequest,
    reply: FastifyReply,
    name: string,
    value: string,
    maxAge: number,
    path = '/',
  ) =>
    reply.setCookie(name, value, {
      path,
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(req),
      maxAge,
    });

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
      const device = req.cookies[DEVICE_COOKIE];
      const { sid, csrf, user } = await auth
        .login(req.body.username, req.body.password, req.ip, device)
        .catch((err: unknown) => {
          // A held-back sign-in says when to try again (RFC 9110 §10.2.3).
          if (err instanceof AppError && err.code === 'login_throttled') {
            const wait = err.details as { retryAfterSeconds?: number } | undefined;
            if (wait?.retryAfterSeconds)
              reply.header('retry-after', String(wait.retryAfterSeconds));
          }
          throw err;
        });
      cookie(req, reply, SESSION_COOKIE, sid, Math.floor(auth.sessionMaxMs / 1000));
      cookie(req, reply, DEVICE_COOKIE, device ?? newDeviceId(), DEVICE_MAX_AGE_S, '/api/v1/auth');
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

  app.get(
    '/auth/session',
    { schema: { tags, response: { 200: sessionState } }, config: { permission: 'public' } },
    async (req) =>
      req.actor
        ? { user: presentActor(auth.me(req.actor)), csrfToken: req.csrf ?? null }
        : { user: null, csrfToken: null },
  );

  app.post(
    '/auth/password',
    {
      schema: { tags, body: passwordChangeBody, response: { 200: accessRevoked } },
      config: {
        permission: 'auth.password.change',
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
    },
    async (req) => auth.changePassword(req.actor, req.body, req.cookies[SESSION_COOKIE]),
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      schema: { tags, response: { 200: accessRevoked } },
      config: { permission: 'auth.token.manage' },
    },
    async (req) => auth.signOutEverywhere(req.actor, req.cookies[SESSION_COOKIE]),
  );

  app.post(
    '/auth/tokens',
    {
      schema: { tags, body: tokenBody, response: { 201: apiToken } },
      config: { permission: 'auth.token.create' },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentToken(await auth.createToken(req.actor, req.body.name, req.body.expiresAt))),
  );

  app.get(
    '/auth/tokens',
    {
      schema: { tags, response: { 200: apiTokenList } },
      config: { permission: 'auth.token.manage' },
    },
    async (req) => (await auth.listOwnTokens(req.actor)).map(presentTokenInfo(ctx.clock.now())),
  );

  app.delete(
    '/auth/tokens/:id',
    {
      schema: { tags, params: idParams, response: { 200: apiTokenInfo } },
      config: { permission: 'auth.token.manage' },
    },
    async (req) =>
      presentTokenInfo(ctx.clock.now())(await auth.revokeToken(req.actor, req.params.id)),
  );

  app.get(
    '/users/:id/tokens',
    {
      schema: { tags: ['org'], params: idParams, response: { 200: apiTokenList } },
      config: { permission: 'user.token.manage' },
    },
    async (req) =>
      (await auth.listUserTokens(req.actor, req.params.id)).map(presentTokenInfo(ctx.clock.now())),
  );
}
