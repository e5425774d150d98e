import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors/codes.ts';
import type { AppContext } from '../../app/context.ts';
import { authRepository as repo } from './auth.repository.ts';
import { dummyHash, verifyPassword } from './password.ts';
import type { Actor } from './actor.ts';
import { requirePermission } from '../../core/access/check.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import type { ConfigCache } from '../../app/config-cache.ts';

const SESSION_TTL_MS = 12 * 3600_000; // one shift plus margin
const FAIL_WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
// Per account: five wrong passwords lock it (guessing one person's password).
const USER_FAIL_MAX = 5;
// Per address: a whole office often signs in from one NAT address, so one colleague's typos
// must not lock everyone out; only a spray of failures across accounts locks the address.
const IP_FAIL_MAX = 30;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/**
 * Who is calling (R-SEC-1): password sign-in throttled per account and per address, cookie
 * sessions with a CSRF token, API tokens for integrations. Every sign-in and token is audited.
 */
export class AuthService {
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
  ) {}

  /** Signs in; throttled per username and per client address. */
  async login(username: string, password: string, ip: string) {
    const now = this.ctx.clock.now();
    const limits = [
      { key: `user:${username.toLowerCase()}`, max: USER_FAIL_MAX },
      { key: `ip:${ip}`, max: IP_FAIL_MAX },
    ];
    for (const { key } of limits) {
      const f = await repo.getFailure(this.ctx.db, key);
      if (f?.locked_until && f.locked_until > now) throw new AppError('login_throttled');
    }
    const user = await repo.findUserByUsername(this.ctx.db, username);
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : (await verifyPassword(await dummyHash(), password), false);
    if (!user || !ok) {
      for (const { key, max } of limits)
        await repo.recordFailure(this.ctx.db, key, now, FAIL_WINDOW_MS, max, LOCK_MS);
      throw new AppError('invalid_credentials');
    }
    await repo.clearFailures(this.ctx.db, [limits[0]!.key]);
    const sid = randomToken();
    const csrf = randomToken();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.createSession(
        trx,
        sha256(sid),
        user.id,
        csrf,
        new Date(now.getTime() + SESSION_TTL_MS),
      );
      // Sign-ins are part of the record (who acted when): TCVN 11930 level-3 systems log them.
      await appendAudit(trx, {
        tenantId: user.tenant_id,
        actorId: user.id,
        actorLabel: user.username,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        data: { ip },
        at: now,
      });
    });
    return { sid, csrf, user };
  }

  async logout(sid: string) {
    await repo.deleteSession(this.ctx.db, sha256(sid));
  }

  async actorFromSession(sid: string): Promise<{ actor: Actor; csrf: string } | undefined> {
    const row = await repo.findSession(this.ctx.db, sha256(sid), this.ctx.clock.now());
    if (!row) return undefined;
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

  async actorFromToken(token: string): Promise<Actor | undefined> {
    const hash = sha256(token);
    // API clients (channel gateways, integrations) call many times a second with one token:
    // its user is cached for a moment (see ConfigCache.tokenUser), unknown tokens are not.
    const row = await this.config.tokenUser(hash, () => repo.findToken(this.ctx.db, hash));
    if (!row) return undefined;
    // last_used_at is for administrators ("is this token still used?"): minute precision is
    // enough, and writing the same row on every request serialised concurrent API clients.
    const now = this.ctx.clock.now();
    const last = this.touched.get(row.token_id) ?? 0;
    if (now.getTime() - last > 60_000) {
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

  /** Issues an API token for the caller; the secret is shown once. */
  async createToken(actorIn: Actor | undefined, name: string) {
    const actor = requirePermission(actorIn, 'auth.token.create');
    const secret = `o1022_${randomToken()}`;
    const row = await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'auth.token.create',
        entityType: 'api_token',
        data: { name },
        at: this.ctx.clock.now(),
      },
      (trx) => repo.createToken(trx, actor.userId, name, sha256(secret)),
    );
    return { ...row, token: secret };
  }
}
