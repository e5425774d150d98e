/** Signing in and out, the caller's own account, API tokens: `/api/v1/auth/*`. */
import { z } from 'zod';
import { ROLES } from './enums.ts';
import { instant } from './common.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const tokenBody = z.object({ name: z.string().trim().min(1).max(100) });

/** The signed-in user, as the web app shows and checks them. */
export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyId: z.string().nullable(),
});

/** GET /auth/me: the user and the CSRF token writes echo (null for API tokens). */
export const session = z.object({ user: me, csrfToken: z.string().nullable() });

/** POST /auth/login: a cookie session always has a CSRF token. */
export const loginResult = z.object({ user: me, csrfToken: z.string() });

export const loggedOut = z.object({ ok: z.literal(true) });

/** A new API token; `token` is the secret, shown this once. */
export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  createdAt: instant,
});

export type LoginBody = z.infer<typeof loginBody>;
export type Me = z.infer<typeof me>;
export type Session = z.infer<typeof session>;
export type LoginResult = z.infer<typeof loginResult>;
export type ApiToken = z.infer<typeof apiToken>;
