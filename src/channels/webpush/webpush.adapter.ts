import type { AppContext } from '../../app/context.ts';
import type { DeliveryAdapter } from '../types.ts';
import type { PushService } from '../../modules/push/push.service.ts';
import { pushRepository } from '../../modules/push/push.repository.ts';
import { encrypt } from './encryption.ts';
import { VapidSigner } from './vapid.ts';

/** How long a push service keeps a message for an offline browser: a working day. */
const TTL_SECONDS = 24 * 3600;

/**
 * Web Push delivery (RFC 8030): the outbox row names a push subscription; the notification
 * (title, body, ticket) is encrypted for that browser (RFC 8291) and POSTed to its push
 * service with a VAPID signature (RFC 8292), both by the `web-push` package; the request is
 * ours (`fetch`, and the application's clock for the signature's expiry). A subscription the
 * push service no longer knows (404/410) is forgotten and the message counts as delivered;
 * anything else not 2xx is retried by the outbox.
 */
export class WebPushAdapter implements DeliveryAdapter {
  readonly channel = 'webpush' as const;
  private readonly vapid: VapidSigner;
  constructor(
    private readonly ctx: AppContext,
    private readonly push: PushService,
    private readonly send: typeof fetch = fetch,
  ) {
    this.vapid = new VapidSigner(ctx.env.VAPID_SUBJECT);
  }

  async deliver(m: { recipient: string; title: string; body: string; ticketId: string | null }) {
    const db = this.ctx.db;
    const sub = await pushRepository.byId(db, m.recipient);
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
        authorization: this.vapid.authorization(sub.endpoint, keys, now),
        'content-encoding': 'aes128gcm',
        'content-type': 'application/octet-stream',
        ttl: String(TTL_SECONDS),
        urgency: 'high',
      },
      body: encrypt(payload, { p256dh: sub.p256dh, auth: sub.auth }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 404 || res.status === 410) {
      await pushRepository.removeById(db, sub.id);
      return;
    }
    if (!res.ok) throw new Error(`push service answered ${res.status}`);
    await pushRepository.touch(db, sub.id, now);
  }
}
