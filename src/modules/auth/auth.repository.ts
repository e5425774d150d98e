import type { DB } from '../../db/database.ts';

export class AuthRepository {
  constructor(private readonly db: DB) {}

  findUserByUsername(username: string) {
    return this.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .where('active', '=', true)
      .executeTakeFirst();
  }

  /**
   * Housekeeping: sessions that expired before `before`, and failed-login windows that
   * started before it and lock nobody any more. Returns the rows removed.
   */
  async purgeExpired(before: Date, now: Date): Promise<number> {
    const a = await this.db.deleteFrom('session').where('expires_at', '<', before).execute();
    const b = await this.db
      .deleteFrom('login_failure')
      .where('window_start', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
    return Number(a[0]?.numDeletedRows ?? 0) + Number(b[0]?.numDeletedRows ?? 0);
  }

  async createSession(idHash: string, userId: string, csrf: string, expiresAt: Date) {
    await this.db
      .insertInto('session')
      .values({ id_hash: idHash, user_id: userId, csrf_token: csrf, expires_at: expiresAt })
      .execute();
  }

  findSession(idHash: string, now: Date) {
    return this.db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select([
        'session.csrf_token',
        'app_user.id',
        'app_user.tenant_id',
        'app_user.role',
        'app_user.agency_id',
        'app_user.username',
        'app_user.display_name',
      ])
      .where('session.id_hash', '=', idHash)
      .where('session.expires_at', '>', now)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  }

  async deleteSession(idHash: string) {
    await this.db.deleteFrom('session').where('id_hash', '=', idHash).execute();
  }

  findToken(tokenHash: string) {
    return this.db
      .selectFrom('api_token')
      .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select([
        'api_token.id as token_id',
        'app_user.id',
        'app_user.tenant_id',
        'app_user.role',
        'app_user.agency_id',
        'app_user.username',
        'app_user.display_name',
      ])
      .where('api_token.token_hash', '=', tokenHash)
      .where('api_token.revoked_at', 'is', null)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
  }

  async touchToken(id: string, now: Date) {
    await this.db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute();
  }

  async createToken(userId: string, name: string, tokenHash: string) {
    return this.db
      .insertInto('api_token')
      .values({ user_id: userId, name, token_hash: tokenHash })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  getFailure(key: string) {
    return this.db
      .selectFrom('login_failure')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
  }

  /** Counts a failure in a sliding window; locks the key once `max` is reached. */
  async recordFailure(key: string, now: Date, windowMs: number, max: number, lockMs: number) {
    const windowStart = new Date(now.getTime() - windowMs);
    const lockedUntil = new Date(now.getTime() + lockMs);
    await this.db
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
  }

  async clearFailures(keys: string[]) {
    await this.db.deleteFrom('login_failure').where('key', 'in', keys).execute();
  }
}
