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

/** SQL of signing in: sessions, API tokens, failed-login windows. */
export const authRepository = {
  findUserByUsername(q: Q, username: string) {
    return q
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .where('active', '=', true)
      .executeTakeFirst();
  },

  /**
   * Housekeeping: sessions that expired before `before`, and failed-login windows that
   * started before it and lock nobody any more. Returns the rows removed.
   */
  async purgeExpired(q: Q, before: Date, now: Date): Promise<number> {
    const a = await q.deleteFrom('session').where('expires_at', '<', before).execute();
    const b = await q
      .deleteFrom('login_failure')
      .where('window_start', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
    return Number(a[0]?.numDeletedRows ?? 0) + Number(b[0]?.numDeletedRows ?? 0);
  },

  async createSession(q: Q, idHash: string, userId: string, csrf: string, expiresAt: Date) {
    await q
      .insertInto('session')
      .values({ id_hash: idHash, user_id: userId, csrf_token: csrf, expires_at: expiresAt })
      .execute();
  },

  findSession(q: Q, idHash: string, now: Date) {
    return q
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select(['session.csrf_token', ...actorColumns])
      .where('session.id_hash', '=', idHash)
      .where('session.expires_at', '>', now)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  },

  async deleteSession(q: Q, idHash: string) {
    await q.deleteFrom('session').where('id_hash', '=', idHash).execute();
  },

  /** Ends every session of a user (a changed role, agency or password; deactivation). */
  async deleteUserSessions(q: Q, userId: string) {
    await q.deleteFrom('session').where('user_id', '=', userId).execute();
  },

  findToken(q: Q, tokenHash: string) {
    return q
      .selectFrom('api_token')
      .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select(['api_token.id as token_id', ...actorColumns])
      .where('api_token.token_hash', '=', tokenHash)
      .where('api_token.revoked_at', 'is', null)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  },

  async touchToken(q: Q, id: string, now: Date) {
    await q.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
  },

  async createToken(q: Q, userId: string, name: string, tokenHash: string) {
    return q
      .insertInto('api_token')
      .values({ user_id: userId, name, token_hash: tokenHash })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  getFailure(q: Q, key: string) {
    return q.selectFrom('login_failure').selectAll().where('key', '=', key).executeTakeFirst();
  },

  /** Counts a failure in a sliding window; locks the key once `max` is reached. */
  async recordFailure(q: Q, key: string, now: Date, windowMs: number, max: number, lockMs: number) {
    const windowStart = new Date(now.getTime() - windowMs);
    const lockedUntil = new Date(now.getTime() + lockMs);
    await q
      .insertInto('login_failure')
      .values({ key, count: 1, window_start: now, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb
            .case()
            .when('login_failure.window_start', '<', windowStart)
            .then(1)
            .else(eb('login_failure.count', '+', 1))
            .end(),
          window_start: eb
            .case()
            .when('login_failure.window_start', '<', windowStart)
            .then(now)
            .else(eb.ref('login_failure.window_start'))
            .end(),
          locked_until: eb
            .case()
            .when(
              eb.and([
                eb('login_failure.window_start', '>=', windowStart),
                eb('login_failure.count', '>=', max - 1),
              ]),
            )
            .then(lockedUntil)
            .else(eb.ref('login_failure.locked_until'))
            .end(),
        })),
      )
      .execute();
  },

  async clearFailures(q: Q, keys: string[]) {
    await q.deleteFrom('login_failure').where('key', 'in', keys).execute();
  },
};
