import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { Services } from '../../app/services.ts';
import { SESSION_COOKIE, type TypedApp } from '../../http/types.ts';
import { requireActor } from './actor.ts';

const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export function presentMe(u: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  agency_id: string | null;
  locale?: string;
}) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: u.agency_id,
  };
}

export function authRoutes(app: TypedApp, s: Services, ctx: AppContext) {
  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], body: loginBody },
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { sid, csrf, user } = await s.auth.login(req.body.username, req.body.password, req.ip);
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
    { schema: { tags: ['auth'] }, config: { public: true } },
    async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) await s.auth.logout(sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get('/auth/me', { schema: { tags: ['auth'] } }, async (req) => {
    const a = requireActor(req.actor);
    return {
      user: {
        id: a.userId,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        agencyId: a.agencyId,
      },
      csrfToken: req.csrf ?? null,
    };
  });

  app.post(
    '/auth/tokens',
    { schema: { tags: ['auth'], body: z.object({ name: z.string().trim().min(1).max(100) }) } },
    async (req, reply) => {
      const t = await s.auth.createToken(requireActor(req.actor), req.body.name);
      return reply
        .status(201)
        .send({ id: t.id, name: t.name, token: t.token, createdAt: t.created_at.toISOString() });
    },
  );
}
