import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AppError } from '../../core/errors/codes.ts';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import { authRepository as repo } from './auth.repository.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';
import { assertPasswordAccepted } from './password-policy.ts';
import type { Actor } from './actor.ts';
import { allowed, requirePermission } from '../../core/access/check.ts';
import { appendAudit, auditBy } from '../audit/audit.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import { outboxRepository, type OutboxMessage } from '../notification/outbox.repository.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import {
  KNOWN_FOR_MS,
  STREAK_RESET_MS,
  THROTTLE,
  backoffMs,
  checkedScopes,
  countedScopes,
  throttleKey,
  type ThrottleScope,
} from '../../core/auth/throttle.ts';
import { TOKEN_DEFAULT_DAYS, type TOKEN_REVOKE_REASONS } from '../../contract/auth.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');
const DAY_MS = 24 * 3600_000;
/** Sessions and tokens record their use at most this often (a write a minute, not a request). */
const TOUCH_MS = 60_000;

type RevokeReason = (typeof TOKEN_REVOKE_REASONS)[number];

/** A new device id for a browser that has none (the `o1022_device` cookie). */
export const newDeviceId = randomToken;

/**
 * Who is calling (R-SEC-1): password sign-in throttled per account and address with
 * exponential back-off (src/core/auth/throttle.ts), cookie sessions with a CSRF token, an idle
 * and an absolute timeout, API tokens that expire and can be listed and revoked. Every
 * sign-in, throttling, token and password change is audited.
 */
export class AuthService {
  /** When this node last wrote `last_used_at` of a token (by token id). */
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
  ) {}

  private get idleMs() {
    return this.ctx.env.SESSION_IDLE_MINUTES * 60_000;
  }
  /** The absolute session lifetime, in ms (the cookie's max-age too). */
  get sessionMaxMs() {
    return this.ctx.env.SESSION_MAX_HOURS * 3600_000;
  }

  /**
   * Signs in. Failures hold back the account from this address, the account from strangers
   * and the address across accounts, with exponentially growing waits; a correct password
   * from a device or address that signed in to the account before is held back only by the
   * failures made from there (so nobody can lock the owner out). `deviceId` is the browser's
   * device cookie, if it has one.
   */
  async login(username: string, password: string, ip: string, deviceId?: string | null) {
    const now = this.ctx.clock.now();
    const user = await repo.findUserByUsername(this.ctx.db, username);
    const deviceHash = deviceId ? sha256(deviceId) : null;
    const addressHash = sha256(ip);
    let known = { device: false, address: false };
    if (user) {
      const hashes = deviceHash ? [deviceHash, addressHash] : [addressHash];
      const rows = await repo.knownOrigins(
        this.ctx.db,
        user.id,
        hashes,
        new Date(now.getTime() - KNOWN_FOR_MS),
      );
      known = {
        device: rows.some((r) => r.kind === 'device' && r.hash === deviceHash),
        address: rows.some((r) => r.kind === 'address' && r.hash === addressHash),
      };
    }
    const at = { username, ip, userId: user?.id ?? null, deviceHash };
    const keyOf = (s: ThrottleScope) => throttleKey(s, at);

    const checked = checkedScopes(known).flatMap((s) => {
      const key = keyOf(s);
      return key ? [{ scope: s, key }] : [];
    });
    const failures = await repo.getFailures(
      this.ctx.db,
      checked.map((c) => c.key),
    );
    const streakSince = now.getTime() - STREAK_RESET_MS;
    for (const { scope, key } of checked) {
      const f = failures.find((r) => r.key === key);
      const last = (f?.last_at ?? f?.window_start)?.getTime();
      if (!f || last === undefined || last < streakSince) continue;
      const until = last + backoffMs(THROTTLE[scope], f.count);
      if (until > now.getTime()) {
        throw new AppError('login_throttled', {
          retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000),
        });
      }
    }

    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : (await verifyPassword(await dummyHash(), password), false);
    if (!user || !ok) {
      await this.recordFailure(user, at, now);
      throw new AppError('invalid_credentials');
    }

    const sid = randomToken();
    const csrf = randomToken();
    await this.ctx.db.transaction().execute(async (trx) => {
      // Failures of this origin are forgiven; those of strangers (`account`, `address`) are
      // not: the owner signing in must not give an attacker a fresh set of attempts.
      await repo.clearFailures(
        trx,
        [keyOf('pair'), keyOf('device')].filter((k): k is string => k !== null),
      );
      await repo.rememberOrigins(
        trx,
        user.id,
        [
          { kind: 'address', hash: addressHash },
          ...(deviceHash ? [{ kind: 'device' as const, hash: deviceHash }] : []),
        ],
        now,
      );
      await repo.createSession(
        trx,
        sha256(sid),
        user.id,
        csrf,
        now,
        new Date(now.getTime() + this.sessionMaxMs),
      );
      // Sign-ins are part of the record (who acted when): TCVN 11930 level-3 systems log them.
      await appendAudit(trx, {
        tenantId: user.tenant_id,
        actorId: user.id,
        actorLabel: user.username,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        data: { ip, knownDevice: known.device, knownAddress: known.address },
        at: now,
      });
    });
    return { sid, csrf, user };
  }

  /**
   * Counts a failed sign-in. When a streak on the account first reaches its back-off (from
   * this address, or from anywhere), the owner hears of it (in the app, and by e-mail if
   * they have one) and the audit trail records it: once per streak, not per attempt.
   */
  private async recordFailure(
    user:
      | { id: string; tenant_id: string; username: string; email: string | null; locale: string }
      | undefined,
    at: { username: string; ip: string; userId: string | null; deviceHash: string | null },
    now: Date,
  ) {
    const scopes = countedScopes(Boolean(at.deviceHash) && Boolean(user));
    const keys = scopes.flatMap((s) => {
      const key = throttleKey(s, at);
      return key ? [{ scope: s, key }] : [];
    });
    await this.ctx.db.transaction().execute(async (trx) => {
      const rows = await repo.recordFailures(
        trx,
        keys.map((k) => k.key),
        now,
        new Date(now.getTime() - STREAK_RESET_MS),
      );
      if (!user) return;
      const reached = keys.filter(({ scope, key }) => {
        if (scope !== 'pair' && scope !== 'account') return false;
        return rows.find((r) => r.key === key)?.count === THROTTLE[scope].free;
      });
      if (reached.length === 0) return;
      const first = reached[0]!;
      const streak = rows.find((r) => r.key === first.key)!.window_start;
      const retryAfterSeconds = backoffMs(THROTTLE[first.scope], THROTTLE[first.scope].free) / 1000;
      await appendAudit(trx, {
        tenantId: user.tenant_id,
        actorId: null,
        actorLabel: null,
        action: 'auth.login.throttled',
        entityType: 'user',
        entityId: user.id,
        data: {
          ip: at.ip,
          scope: first.scope,
          failures: THROTTLE[first.scope].free,
          retryAfterSeconds,
        },
        at: now,
      });
      await this.notifyOwner(
        trx,
        user,
        'account_signin_throttled',
        `${first.key}:${streak.toISOString()}`,
        {
          ip: at.ip,
          failures: THROTTLE[first.scope].free,
          at: now.toISOString(),
        },
      );
    });
  }

  /** An in-app notice to the account's owner, and an e-mail when they have an address. */
  private async notifyOwner(
    trx: Transaction<Database>,
    user: { id: string; tenant_id: string; email: string | null; locale: string },
    template: string,
    idempotency: string,
    payload: Record<string, unknown>,
  ) {
    const p = { ...payload, locale: user.locale };
    const messages: OutboxMessage[] = [
      {
        tenantId: user.tenant_id,
        channel: 'inapp',
        recipient: user.id,
        userId: user.id,
        template,
        payload: p,
        idempotencyKey: `${template}:${idempotency}:inapp`,
      },
    ];
    if (user.email) {
      messages.push({
        tenantId: user.tenant_id,
        channel: 'email',
        recipient: user.email,
        userId: user.id,
        template,
        payload: p,
        idempotencyKey: `${template}:${idempotency}:email`,
      });
    }
    await outboxRepository.enqueue(trx, messages, this.ctx.clock.now());
  }

  async logout(sid: string) {
    await repo.deleteSession(this.ctx.db, sha256(sid));
  }

  /**
   * The actor of a session cookie: none once the session is past its absolute expiry or
   * has not been used for SESSION_IDLE_MINUTES. Use is recorded at most once a minute.
   */
  async actorFromSession(sid: string): Promise<{ actor: Actor; csrf: string } | undefined> {
    const now = this.ctx.clock.now();
    const idHash = sha256(sid);
    const row = await repo.findSession(
      this.ctx.db,
      idHash,
      now,
      new Date(now.getTime() - this.idleMs),
    );
    if (!row) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_MS) {
      await repo.touchSession(this.ctx.db, idHash, now);
    }
    return {
      csrf: row.csrf_token,
      actor: {
        userId: row.id,
        tenantId: row.tenant_id,
        role: row.role,
        agencyId: row.agency_id,
        username: row.username,
        displayName: row.display_name,
        via: 'session',
      },
    };
  }

  /** Whether a session still holds (for open WebSockets); does not count as use. */
  async sessionAlive(sid: string): Promise<boolean> {
    const now = this.ctx.clock.now();
    const row = await repo.findSession(
      this.ctx.db,
      sha256(sid),
      now,
      new Date(now.getTime() - this.idleMs),
    );
    return row !== undefined;
  }

  /** Whether a token still holds (for open WebSockets), bypassing the 2 s cache. */
  async tokenAlive(token: string): Promise<boolean> {
    return (await repo.findToken(this.ctx.db, sha256(token), this.ctx.clock.now())) !== undefined;
  }

  async actorFromToken(token: string): Promise<Actor | undefined> {
    const hash = sha256(token);
    const now = this.ctx.clock.now();
    // API clients (channel gateways, integrations) call many times a second with one token:
    // its user is cached for a moment (see ConfigCache.tokenUser), unknown tokens are not.
    // A revocation on this node forgets the cache at once; on others it holds ≤ 2 s.
    const row = await this.config.tokenUser(hash, () => repo.findToken(this.ctx.db, hash, now));
    if (!row || row.expires_at <= now) return undefined;
    // last_used_at is for people ("is this token still used?"): minute precision is enough,
    // and writing the same row on every request serialised concurrent API clients.
    const last = this.touched.get(row.token_id) ?? 0;
    if (now.getTime() - last >= TOUCH_MS) {
      if (this.touched.size > 10_000) this.touched.clear();
      this.touched.set(row.token_id, now.getTime());
      await repo.touchToken(this.ctx.db, row.token_id, now);
    }
    return {
      userId: row.id,
      tenantId: row.tenant_id,
      role: row.role,
      agencyId: row.agency_id,
      username: row.username,
      displayName: row.display_name,
      via: 'token',
    };
  }

  /** The caller's own account. */
  me(actorIn: Actor | undefined): Actor {
    return requirePermission(actorIn, 'auth.me');
  }

  /**
   * Issues an API token for the caller; the secret is shown once. It expires at the date
   * given (in the future, at most API_TOKEN_MAX_DAYS ahead) or after TOKEN_DEFAULT_DAYS.
   */
  async createToken(actorIn: Actor | undefined, name: string, expiresAt?: string) {
    const actor = requirePermission(actorIn, 'auth.token.create');
    const now = this.ctx.clock.now();
    const maxDays = this.ctx.env.API_TOKEN_MAX_DAYS;
    const expires = expiresAt
      ? new Date(expiresAt)
      : new Date(now.getTime() + Math.min(TOKEN_DEFAULT_DAYS, maxDays) * DAY_MS);
    if (expires <= now || expires.getTime() > now.getTime() + maxDays * DAY_MS) {
      throw new AppError('token_expiry_invalid', [
        { path: 'expiresAt', message: `must be in the future and within ${maxDays} days` },
      ]);
    }
    const secret = `o1022_${randomToken()}`;
    const row = await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'auth.token.create',
        entityType: 'api_token',
        data: { name, expiresAt: expires.toISOString() },
        at: now,
      },
      (trx) =>
        repo.createToken(trx, {
          userId: actor.userId,
          name,
          tokenHash: sha256(secret),
          now,
          expiresAt: expires,
        }),
    );
    return { ...row, token: secret };
  }

  /** The caller's own tokens (never their secrets). */
  async listOwnTokens(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'auth.token.manage');
    return repo.listTokens(this.ctx.db, actor.userId);
  }

  /** Any staff account's tokens, for administrators. */
  async listUserTokens(actorIn: Actor | undefined, userId: string) {
    const actor = requirePermission(actorIn, 'user.token.manage');
    // An inactive user's tokens are listed too: they show what was revoked and when.
    const tenant = await repo.userTenant(this.ctx.db, userId);
    if (tenant !== actor.tenantId) throw new AppError('not_found');
    return repo.listTokens(this.ctx.db, userId);
  }

  /**
   * Revokes a token: one's own, or (administrators) anyone's in the tenant. It stops working
   * at once on this node and within the token cache's 2 s on the others.
   */
  async revokeToken(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'auth.token.manage');
    const token = await repo.tokenWithOwner(this.ctx.db, id);
    if (!token || token.tenant_id !== actor.tenantId) throw new AppError('not_found');
    const own = token.user_id === actor.userId;
    // Someone else's token is "not found" to all but administrators.
    if (!own && !allowed(actor, 'user.token.manage')) throw new AppError('not_found');
    const now = this.ctx.clock.now();
    const reason: RevokeReason = own ? 'owner' : 'admin';
    await this.ctx.db.transaction().execute(async (trx) => {
      const done = await repo.revokeToken(trx, id, actor.userId, reason, now);
      if (done) {
        await auditBy(trx, actor, {
          action: 'auth.token.revoke',
          entityType: 'api_token',
          entityId: id,
          data: { userId: token.user_id, name: token.name, reason },
          at: now,
        });
      }
    });
    this.config.invalidateUsers();
    return (await repo.tokenWithOwner(this.ctx.db, id))!;
  }

  /**
   * Ends a user's access everywhere, in the caller's transaction: every session (but
   * `exceptSession`, an id hash) and every live API token. Used on a password change or
   * reset and on deactivation; call `forgetCachedTokens` after the commit.
   */
  async revokeAccess(
    trx: Transaction<Database>,
    userId: string,
    by: string | null,
    reason: RevokeReason,
    exceptSession?: string,
  ) {
    const now = this.ctx.clock.now();
    const sessionsEnded = await repo.deleteUserSessions(trx, userId, exceptSession);
    const tokensRevoked = await repo.revokeUserTokens(trx, userId, by, reason, now);
    return { sessionsEnded, tokensRevoked };
  }

  /**
   * "Sign out everywhere": ends the caller's other sessions and revokes all their API tokens
   * (a lost laptop, a token pasted where it should not be).
   */
  async signOutEverywhere(actorIn: Actor | undefined, sid: string | undefined) {
    const actor = requirePermission(actorIn, 'auth.token.manage');
    const now = this.ctx.clock.now();
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await this.revokeAccess(
        trx,
        actor.userId,
        actor.userId,
        'sign_out_all',
        actor.via === 'session' && sid ? sha256(sid) : undefined,
      );
      await auditBy(trx, actor, {
        action: 'auth.sign_out_all',
        entityType: 'user',
        entityId: actor.userId,
        data: r,
        at: now,
      });
      return r;
    });
    this.forgetCachedTokens();
    return { ok: true as const, ...result };
  }

  /** Tokens authenticate from a 2 s cache: a revocation forgets it on this node at once. */
  forgetCachedTokens() {
    this.config.invalidateUsers();
  }

  /**
   * Changes the caller's own password: the current one proves it is the owner (not someone
   * at an unlocked screen); the new one must pass the policy. Every other session of the
   * user ends and every API token is revoked; the session making the change stays.
   */
  async changePassword(
    actorIn: Actor | undefined,
    b: { currentPassword: string; newPassword: string },
    sid: string | undefined,
  ) {
    const actor = requirePermission(actorIn, 'auth.password.change');
    const user = await repo.findUserById(this.ctx.db, actor.userId);
    if (!user) throw new AppError('unauthenticated');
    if (!(await verifyPassword(user.password_hash, b.currentPassword))) {
      throw new AppError('current_password_wrong', [
        { path: 'currentPassword', message: 'wrong password' },
      ]);
    }
    assertPasswordAccepted(
      b.newPassword,
      { username: user.username, displayName: user.display_name },
      'newPassword',
    );
    const hash = await hashPassword(b.newPassword);
    const now = this.ctx.clock.now();
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, user.id, hash);
      const r = await this.revokeAccess(
        trx,
        user.id,
        user.id,
        'password_changed',
        actor.via === 'session' && sid ? sha256(sid) : undefined,
      );
      await auditBy(trx, actor, {
        action: 'auth.password.change',
        entityType: 'user',
        entityId: user.id,
        data: r,
        at: now,
      });
      await this.notifyOwner(
        trx,
        user,
        'account_password_changed',
        `${user.id}:${now.toISOString()}`,
        {
          at: now.toISOString(),
        },
      );
      return r;
    });
    this.forgetCachedTokens();
    return { ok: true as const, ...result };
  }
}
