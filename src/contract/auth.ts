/** Signing in and out, the caller's own account, API tokens: `/api/v1/auth/*`. */
import { z } from 'zod';
import { ROLES } from './enums.ts';
import { instant } from './common.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

/** Staff passwords are at least this long (and pass the strength policy, see below). */
export const STAFF_PASSWORD_MIN = 12;
/** A new API token expires after this many days unless its creator picks a date. */
export const TOKEN_DEFAULT_DAYS = 90;

export const tokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  /**
   * When the token stops working: in the future and at most API_TOKEN_MAX_DAYS (365 by
   * default) ahead; omitted = TOKEN_DEFAULT_DAYS from now.
   */
  expiresAt: instant.optional(),
});

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

/**
 * GET /auth/session: who this browser is signed in as, or nobody — always 200, so the sign-in
 * page opens without a failed request in the console (GET /auth/me answers 401 for API clients).
 */
export const sessionState = z.object({ user: me.nullable(), csrfToken: z.string().nullable() });
export type SessionState = z.infer<typeof sessionState>;

/** POST /auth/login: a cookie session always has a CSRF token. */
export const loginResult = z.object({ user: me, csrfToken: z.string() });

export const loggedOut = z.object({ ok: z.literal(true) });

/** A new API token; `token` is the secret, shown this once. */
export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  createdAt: instant,
  expiresAt: instant,
});

export const TOKEN_STATES = ['active', 'expired', 'revoked'] as const;
/** Why a token stopped working before its expiry. */
export const TOKEN_REVOKE_REASONS = [
  'owner',
  'admin',
  'password_changed',
  'password_reset',
  'deactivated',
  'sign_out_all',
] as const;

/** An API token as its owner and administrators see it: never its secret. */
export const apiTokenInfo = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  createdAt: instant,
  expiresAt: instant,
  /** Minute precision: written at most once a minute per token. */
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
  revokeReason: z.enum(TOKEN_REVOKE_REASONS).nullable(),
  state: z.enum(TOKEN_STATES),
});
export const apiTokenList = z.array(apiTokenInfo);

/** POST /auth/password: the current password proves it is the owner, not a borrowed session. */
export const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

/** What ending a user's access did: other sessions ended, tokens revoked. */
export const accessRevoked = z.object({
  ok: z.literal(true),
  sessionsEnded: z.number().int(),
  tokensRevoked: z.number().int(),
});

/** Why the password policy refused a password (`password_weak`'s `details.problems`). */
export const PASSWORD_PROBLEMS = ['too_short', 'contains_username', 'common', 'weak'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

export type LoginBody = z.infer<typeof loginBody>;
export type Me = z.infer<typeof me>;
export type Session = z.infer<typeof session>;
export type LoginResult = z.infer<typeof loginResult>;
export type ApiToken = z.infer<typeof apiToken>;
export type ApiTokenInfo = z.infer<typeof apiTokenInfo>;
export type TokenBody = z.infer<typeof tokenBody>;
export type PasswordChangeBody = z.infer<typeof passwordChangeBody>;
export type AccessRevoked = z.infer<typeof accessRevoked>;
