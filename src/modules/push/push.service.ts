import type { AppContext } from '../../app/context.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Actor } from '../auth/actor.ts';
import { generateVapidKeys, type VapidKeys } from '../../channels/webpush/vapid.ts';
import type { SubscriptionBody } from '../../contract/push.ts';
import { pushRepository as repo } from './push.repository.ts';

/** Which notifications also go out as Web Push: new forwards and pre-breach warnings (R-CH-8). */
export const PUSH_TEMPLATES: ReadonlySet<string> = new Set([
  'agency_forwarded',
  'deadline_warning',
  'head_escalated',
  'subunit_routed',
]);

/**
 * Web Push for the agency app (R-CH-8): each signed-in person's browsers subscribe; the
 * server signs with its VAPID key pair — from the environment, else generated once and kept
 * in PostgreSQL so that every node uses the key the browsers subscribed with.
 */
export class PushService {
  private keys: Promise<VapidKeys> | undefined;
  constructor(private readonly ctx: AppContext) {}

  /** The key pair pushes are signed with (for the delivery channel). */
  vapidKeys(): Promise<VapidKeys> {
    const { VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv } = this.ctx.env;
    this.keys ??=
      pub && priv
        ? Promise.resolve({ publicKey: pub, privateKey: priv })
        : repo.vapid(this.ctx.db, generateVapidKeys);
    // A failed read is retried next time rather than kept.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  async publicKey(actorIn: Actor | undefined) {
    requirePermission(actorIn, 'push.subscribe');
    return (await this.vapidKeys()).publicKey;
  }

  async subscribe(actorIn: Actor | undefined, b: SubscriptionBody) {
    const actor = requirePermission(actorIn, 'push.subscribe');
    return repo.upsert(
      this.ctx.db,
      {
        tenantId: actor.tenantId,
        userId: actor.userId,
        endpoint: b.endpoint,
        p256dh: b.keys.p256dh,
        auth: b.keys.auth,
      },
      this.ctx.clock.now(),
    );
  }

  async unsubscribe(actorIn: Actor | undefined, endpoint: string) {
    const actor = requirePermission(actorIn, 'push.subscribe');
    return (await repo.remove(this.ctx.db, actor.userId, endpoint)) > 0;
  }
}
