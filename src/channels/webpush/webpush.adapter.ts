import type { AppContext } from '../../app/context.ts';
import type { DeliveryAdapter } from '../types.ts';
import { PushService } from '../../modules/push/push.service.ts';
import { encrypt } from './encryption.ts';
import { vapidAuthorization } from './vapid.ts';

/** How long a push service keeps a message for an offline browser: a working day. */
const TTL_SECONDS = 24 * 3600;

/**
 * Web Push delivery (RFC 8030): the outbox row names a push subscription; the notification
 * (title, body, ticket) is encrypted for that browser (RFC 8291) and POSTed to its push
 * service with a VAPID signature (RFC 8292). A subscription the push service no longer knows
 * (404/410) is forgotten and the message counts as delivered; anything else not 2xx is
 * retried by the outbox.
 */
export class WebPushAdapter implements DeliveryAdapter {
  readonly channel = 'webpush' as const;
  constructor(
    private readonly ctx: AppContext,
    private readonly push: PushService,
    private readonly send: typeof fetch = fetch,
  ) {}

  async deliver(m: { recipient: string; title: string; body: string; ticketId: string | null }) {
    const sub = await this.push.repo.byId(m.recipient);
    if (!sub) return; // Unsubscribed since: nothing to deliver.
    const payload = JSON.stringify({
      title: m.title,
      body: m.body,
      ticketId: m.ticketId,
      url: m.ticketId ? `/tickets/${m.ticketId}` : '/',
    });
    const keys = await this.push.vapidKeys();
    const now = this.ctx.clock.now();
    const res = await this.send(sub.endpoint, {
      method: 'POST',
      headers: {
        authorization: vapidAuthorization(sub.endpoint, keys, this.ctx.env.VAPID_SUBJECT, now),
        'content-encoding': 'aes128gcm',
        'content-type': 'application/octet-stream',
        ttl: String(TTL_SECONDS),
        urgency: 'high',
      },
      body: encrypt(payload, { p256dh: sub.p256dh, auth: sub.auth }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 404 || res.status === 410) {
      await this.push.repo.removeById(sub.id);
      return;
    }
    if (!res.ok) throw new Error(`push service answered ${res.status}`);
    await this.push.repo.touch(sub.id, now);
  }
}
