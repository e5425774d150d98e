/**
 * VAPID (RFC 8292): the application server identifies itself to push services with an ES256
 * JWT signed by a P-256 key whose public half the browser was given at subscription
 * (`applicationServerKey`). Keys are base64url: the public key as the uncompressed point
 * (65 bytes), the private key as the scalar `d` (32 bytes). Signed by the `web-push` package;
 * the expiry is ours, from the application's clock.
 */
import webpush from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** A fresh key pair (the private scalar padded to 32 bytes, which node:crypto may not do). */
export function generateVapidKeys(): VapidKeys {
  return webpush.generateVAPIDKeys();
}

/**
 * A private key as `web-push` takes it: 32 bytes. Pairs generated before by node:crypto alone
 * may have lost a leading zero byte (about 1 in 270).
 */
function padded(privateKey: string): string {
  const d = Buffer.from(privateKey, 'base64url');
  if (d.length >= 32) return privateKey;
  return Buffer.concat([Buffer.alloc(32 - d.length), d]).toString('base64url');
}

/**
 * The `Authorization` header for a push to `endpoint` (RFC 8292 §3): `vapid t=<JWT>,
 * k=<public key>`, the JWT's audience being the push service's origin. Valid 12 hours (the
 * RFC allows at most 24).
 */
export function vapidAuthorization(
  endpoint: string,
  keys: VapidKeys,
  subject: string,
  now: Date,
  ttlSeconds = 12 * 3600,
): string {
  return webpush.getVapidHeaders(
    new URL(endpoint).origin,
    subject,
    keys.publicKey,
    padded(keys.privateKey),
    'aes128gcm',
    Math.floor(now.getTime() / 1000) + ttlSeconds,
  ).Authorization;
}

/** A signed header is reused while it has more than this left (of its 12 hours). */
const REUSE_WHILE_SECONDS = 11 * 3600;

/**
 * VAPID headers per push service, each signed once and reused for an hour (RFC 8292 lets a
 * token serve many pushes). Signing through `web-push` costs ~2.7 ms of CPU against ~0.8 ms
 * for node:crypto's JWK signing (measured, loaded machine): a few push services serve every
 * browser, so reuse makes the library's cost vanish.
 */
export class VapidSigner {
  private readonly signed = new Map<string, { header: string; exp: number }>();

  constructor(private readonly subject: string) {}

  authorization(endpoint: string, keys: VapidKeys, now: Date): string {
    const origin = new URL(endpoint).origin;
    const key = `${origin} ${keys.publicKey}`;
    const t = now.getTime() / 1000;
    const hit = this.signed.get(key);
    // A clock set back would make a kept token outlive the 24 hours a push service allows.
    if (hit && hit.exp - t > REUSE_WHILE_SECONDS && hit.exp - t <= 12 * 3600) return hit.header;
    const header = vapidAuthorization(endpoint, keys, this.subject, now);
    this.signed.set(key, { header, exp: Math.floor(t) + 12 * 3600 });
    return header;
  }
}
