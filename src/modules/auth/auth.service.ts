import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors/codes.ts';
import type { AppContext } from '../../app/context.ts';
import { AuthRepository } from './auth.repository.ts';
import { dummyHash, verifyPassword } from './password.ts';
import type { Actor } from './actor.ts';
import type { Role } from '../../core/access/roles.ts';
import { appendAudit, auditBy } from '../audit/audit.repository.ts';
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

export class AuthService {
  private readonly repo: AuthRepository;
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
  ) {
    this.repo = new AuthRepository(ctx.db);
  }

  /** Signs in; throttled per username and per client address. */
  async login(username: string, password: string, ip: string) {
    const now = this.ctx.clock.now();
    const limits = [
      { key: `user:${username.toLowerCase()}`, max: USER_FAIL_MAX },
      { key: `ip:${ip}`, max: IP_FAIL_MAX },
    ];
    for (const { key } of limits) {
      const f = await this.repo.getFailure(key);
      if (f?.locked_until && f.locked_until > now) throw new AppError('login_throttled');
    }
    const user = await this.repo.findUserByUsername(username);
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : (await verifyPassword(await dummyHash(), password), false);
    if (!user || !ok) {
      for (const { key, max } of limits)
        await this.repo.recordFailure(key, now, FAIL_WINDOW_MS, max, LOCK_MS);
      throw new AppError('invalid_credentials');
    }
    await this.repo.clearFailures([limits[0]!.key]);
    const sid = randomToken();
    const csrf = randomToken();
    await this.ctx.db.transaction().execute(async (trx) => {
      await new AuthRepository(trx).createSession(
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
    await this.repo.deleteSession(sha256(sid));
  }

  async actorFromSession(sid: string): Promise<{ actor: Actor; csrf: string } | undefined> {
    const row = await this.repo.findSession(sha256(sid), this.ctx.clock.now());
    if (!row) return undefined;
    return {
      csrf: row.csrf_token,
      actor: {
        userId: row.id,
        tenantId: row.tenant_id,
        role: row.role as Role,
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
    const row = await this.config.tokenUser(hash, () => this.repo.findToken(hash));
    if (!row) return undefined;
    // last_used_at is for administrators ("is this token still used?"): minute precision is
    // enough, and writing the same row on every request serialised concurrent API clients.
    const now = this.ctx.clock.now();
    const last = this.touched.get(row.token_id) ?? 0;
    if (now.getTime() - last > 60_000) {
      this.touched.set(row.token_id, now.getTime());
      await this.repo.touchToken(row.token_id, now);
    }
    return {
      userId: row.id,
      tenantId: row.tenant_id,
      role: row.role as Role,
      agencyId: row.agency_id,
      username: row.username,
      displayName: row.display_name,
      via: 'token',
    };
  }

  /** Issues an API token for the caller; the secret is shown once. */
  async createToken(actor: Actor, name: string) {
    const secret = `o1022_${randomToken()}`;
    const row = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await new AuthRepository(trx).createToken(actor.userId, name, sha256(secret));
      await auditBy(trx, actor, {
        action: 'auth.token.create',
        entityType: 'api_token',
        entityId: r.id,
        data: { name },
        at: this.ctx.clock.now(),
      });
      return r;
    });
    return { ...row, token: secret };
  }
}
