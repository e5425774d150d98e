import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';

/** The user a session or API token authenticates as: what an `Actor` is made of. */
const actorColumns = [
  'app_user.id',
  'app_user.tenant_id',
  'app_user.role',
  'app_user.agency_id',
  'app_user.username',
  'app_user.display_name',
] as const;

const tokenColumns = [
  'api_token.id',
  'api_token.user_id',
  'api_token.name',
  'api_token.created_at',
  'api_token.expires_at',
  'api_token.last_used_at',
  'api_token.revoked_at',
  'api_token.revoke_reason',
] as const;

const count = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined) =>
  Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? 0);

/** SQL of signing in: sessions, API tokens, failed sign-ins, known devices and addresses. */
export const authRepository = {
  findUserByUsername(q: Q, username: string) {
    return q
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .where('active', '=', true)
      .executeTakeFirst();
  },

  findUserById(q: Q, id: string) {
    return q
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', id)
      .where('active', '=', true)
      .executeTakeFirst();
  },

  /** The tenant of a user, active or not (undefined: no such user). */
  async userTenant(q: Q, id: string): Promise<string | undefined> {
    const r = await q
      .selectFrom('app_user')
      .select('tenant_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return r?.tenant_id;
  },

  async setPassword(q: Q, userId: string, passwordHash: string) {
    await q
      .updateTable('app_user')
      .set({ password_hash: passwordHash })
      .where('id', '=', userId)
      .execute();
  },

  /**
   * Housekeeping: sessions that expired before `before`, streaks of failed sign-ins whose
   * last failure is older than that, devices and addresses unseen since `knownBefore`.
   * Returns the rows removed.
   */
  async purgeExpired(q: Q, before: Date, knownBefore?: Date): Promise<number> {
    const a = await q.deleteFrom('session').where('expires_at', '<', before).execute();
    const b = await q
      .deleteFrom('login_failure')
      .where(sql<Date>`coalesce(last_at, window_start)`, '<', before)
      .execute();
    let c = 0;
    if (knownBefore) {
      const r = await q.deleteFrom('login_known').where('last_seen_at', '<', knownBefore).execute();
      c = count(r[0]);
    }
    return count(a[0]) + count(b[0]) + c;
  },

  async createSession(
    q: Q,
    idHash: string,
    userId: string,
    csrf: string,
    now: Date,
    expiresAt: Date,
  ) {
    await q
      .insertInto('session')
      .values({
        id_hash: idHash,
        user_id: userId,
        csrf_token: csrf,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
      })
      .execute();
  },

  /** A live session: not past its absolute expiry, used since `idleSince`, of an active user. */
  findSession(q: Q, idHash: string, now: Date, idleSince: Date) {
    return q
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select(['session.csrf_token', 'session.last_seen_at', ...actorColumns])
      .where('session.id_hash', '=', idHash)
      .where('session.expires_at', '>', now)
      .where('session.last_seen_at', '>', idleSince)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  },

  async touchSession(q: Q, idHash: string, now: Date) {
    await q
      .updateTable('session')
      .set({ last_seen_at: now })
      .where('id_hash', '=', idHash)
      .execute();
  },

  async deleteSession(q: Q, idHash: string) {
    await q.deleteFrom('session').where('id_hash', '=', idHash).execute();
  },

  /**
   * Ends every session of a user (a changed role, agency or password; deactivation), but
   * the one `except` (the session that changed its own password). Returns how many ended.
   */
  async deleteUserSessions(q: Q, userId: string, except?: string): Promise<number> {
    let d = q.deleteFrom('session').where('user_id', '=', userId);
    if (except) d = d.where('id_hash', '<>', except);
    return count((await d.execute())[0]);
  },

  /** The active user behind a live token (not revoked, not expired). */
  findToken(q: Q, tokenHash: string, now: Date) {
    return q
      .selectFrom('api_token')
      .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select(['api_token.id as token_id', 'api_token.expires_at', ...actorColumns])
      .where('api_token.token_hash', '=', tokenHash)
      .where('api_token.revoked_at', 'is', null)
      .where('api_token.expires_at', '>', now)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  },

  /** Records use at minute precision: skipped when the row already says "this minute". */
  async touchToken(q: Q, id: string, now: Date) {
    await q
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', new Date(now.getTime() - 60_000)),
        ]),
      )
      .execute();
  },

  async createToken(
    q: Q,
    t: { userId: string; name: string; tokenHash: string; now: Date; expiresAt: Date },
  ) {
    return q
      .insertInto('api_token')
      .values({
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.now,
        expires_at: t.expiresAt,
      })
      .returning(['id', 'name', 'created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
  },

  /** A user's tokens, newest first (never their hashes). */
  listTokens(q: Q, userId: string) {
    return q
      .selectFrom('api_token')
      .select(tokenColumns)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute();
  },

  /** A token with its owner's tenant, to check who may revoke it. */
  tokenWithOwner(q: Q, id: string) {
    return q
      .selectFrom('api_token')
      .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select([...tokenColumns, 'app_user.tenant_id'])
      .where('api_token.id', '=', id)
      .executeTakeFirst();
  },

  /** Revokes one token unless it was revoked before; returns it when this call revoked it. */
  revokeToken(q: Q, id: string, by: string | null, reason: string, now: Date) {
    return q
      .updateTable('api_token')
      .set({ revoked_at: now, revoked_by: by, revoke_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(['id'])
      .executeTakeFirst();
  },

  /** Revokes every live token of a user; returns how many. */
  async revokeUserTokens(
    q: Q,
    userId: string,
    by: string | null,
    reason: string,
    now: Date,
  ): Promise<number> {
    const r = await q
      .updateTable('api_token')
      .set({ revoked_at: now, revoked_by: by, revoke_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    return count(r[0]);
  },

  getFailures(q: Q, keys: string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('login_failure')
      .select(['key', 'count', 'window_start', 'last_at'])
      .where('key', 'in', keys)
      .execute();
  },

  /**
   * Counts a failure on each key: the streak goes on, or a new one starts when the last
   * failure is older than `streakSince`. Returns each key's count in its streak.
   */
  recordFailures(q: Q, keys: string[], now: Date, streakSince: Date) {
    return q
      .insertInto('login_failure')
      .values(
        keys.map((key) => ({ key, count: 1, window_start: now, locked_until: null, last_at: now })),
      )
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => {
          const stale = eb(
            sql<Date>`coalesce(login_failure.last_at, login_failure.window_start)`,
            '<',
            streakSince,
          );
          return {
            count: eb
              .case()
              .when(stale)
              .then(1)
              .else(eb('login_failure.count', '+', 1))
              .end(),
            window_start: eb
              .case()
              .when(stale)
              .then(now)
              .else(eb.ref('login_failure.window_start'))
              .end(),
            last_at: now,
          };
        }),
      )
      .returning(['key', 'count', 'window_start'])
      .execute();
  },

  async clearFailures(q: Q, keys: string[]) {
    if (keys.length === 0) return;
    await q.deleteFrom('login_failure').where('key', 'in', keys).execute();
  },

  /** Which of a user's devices and addresses (by hash) signed in successfully since `since`. */
  knownOrigins(q: Q, userId: string, hashes: string[], since: Date) {
    return q
      .selectFrom('login_known')
      .select(['kind', 'hash'])
      .where('user_id', '=', userId)
      .where('hash', 'in', hashes)
      .where('last_seen_at', '>', since)
      .execute();
  },

  async rememberOrigins(
    q: Q,
    userId: string,
    origins: { kind: 'device' | 'address'; hash: string }[],
    now: Date,
  ) {
    await q
      .insertInto('login_known')
      .values(
        origins.map((o) => ({ user_id: userId, kind: o.kind, hash: o.hash, last_seen_at: now })),
      )
      .onConflict((oc) =>
        oc.columns(['user_id', 'kind', 'hash']).doUpdateSet({ last_seen_at: now }),
      )
      .execute();
  },
};
