import type { Q } from '../../db/helpers.ts';

/** The columns a delivery reads of a subscription. */
const columns = {
  delivery: ['id', 'endpoint', 'p256dh', 'auth'],
} as const;

/** SQL of Web Push: subscriptions and the stored VAPID key pair. */
export const pushRepository = {
  /** A browser subscribes again with the same endpoint after a re-install: it moves over. */
  upsert(
    q: Q,
    s: { tenantId: string; userId: string; endpoint: string; p256dh: string; auth: string },
    now: Date,
  ) {
    return q
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
  },

  async remove(q: Q, userId: string, endpoint: string) {
    const r = await q
      .deleteFrom('push_subscription')
      .where('user_id', '=', userId)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** A subscription the push service says is gone (404/410). */
  async removeById(q: Q, id: string) {
    await q.deleteFrom('push_subscription').where('id', '=', id).execute();
  },

  byId(q: Q, id: string) {
    return q
      .selectFrom('push_subscription')
      .select(columns.delivery)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async touch(q: Q, id: string, now: Date) {
    await q
      .updateTable('push_subscription')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute();
  },

  /** Subscriptions of these users, for the outbox. */
  forUsers(q: Q, userIds: readonly string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('push_subscription')
      .select(['id', 'user_id'])
      .where('user_id', 'in', [...userIds])
      .execute();
  },

  /** The stored pair, created by the first node that needs one (every node then reads it). */
  async vapid(q: Q, generate: () => { publicKey: string; privateKey: string }) {
    const fresh = generate();
    await q
      .insertInto('push_vapid')
      .values({ public_key: fresh.publicKey, private_key: fresh.privateKey })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await q
      .selectFrom('push_vapid')
      .select(['public_key', 'private_key'])
      .executeTakeFirstOrThrow();
    return { publicKey: row.public_key, privateKey: row.private_key };
  },
};
