import type { DB } from '../../db/database.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Q = DB | Transaction<Database>;

/** SQL of Web Push: subscriptions and the stored VAPID key pair. */
export class PushRepository {
  constructor(private readonly db: DB) {}

  /** A browser subscribes again with the same endpoint after a re-install: it moves over. */
  upsert(
    s: { tenantId: string; userId: string; endpoint: string; p256dh: string; auth: string },
    now: Date,
  ) {
    return this.db
      .insertInto('push_subscription')
      .values({
        tenant_id: s.tenantId,
        user_id: s.userId,
        endpoint: s.endpoint,
        p256dh: s.p256dh,
        auth: s.auth,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          tenant_id: s.tenantId,
          user_id: s.userId,
          p256dh: s.p256dh,
          auth: s.auth,
          created_at: now,
        }),
      )
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }

  async remove(userId: string, endpoint: string) {
    const r = await this.db
      .deleteFrom('push_subscription')
      .where('user_id', '=', userId)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** A subscription the push service says is gone (404/410). */
  async removeById(id: string) {
    await this.db.deleteFrom('push_subscription').where('id', '=', id).execute();
  }

  byId(id: string) {
    return this.db
      .selectFrom('push_subscription')
      .select(['id', 'endpoint', 'p256dh', 'auth'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async touch(id: string, now: Date) {
    await this.db
      .updateTable('push_subscription')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Subscriptions of these users, for the outbox. */
  forUsers(q: Q, userIds: readonly string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('push_subscription')
      .select(['id', 'user_id'])
      .where('user_id', 'in', [...userIds])
      .execute();
  }

  /** The stored pair, created by the first node that needs one (every node then reads it). */
  async vapid(generate: () => { publicKey: string; privateKey: string }) {
    const fresh = generate();
    await this.db
      .insertInto('push_vapid')
      .values({ public_key: fresh.publicKey, private_key: fresh.privateKey })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('push_vapid')
      .select(['public_key', 'private_key'])
      .executeTakeFirstOrThrow();
    return { publicKey: row.public_key, privateKey: row.private_key };
  }
}
