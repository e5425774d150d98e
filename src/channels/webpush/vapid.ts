/**
 * VAPID (RFC 8292): the application server identifies itself to push services with an ES256
 * JWT signed by a P-256 key whose public half the browser was given at subscription
 * (`applicationServerKey`). Keys are base64url: the public key as the uncompressed point
 * (65 bytes), the private key as the scalar `d` (32 bytes).
 */
import { createECDH, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export function generateVapidKeys(): VapidKeys {
  const e = createECDH('prime256v1');
  e.generateKeys();
  return {
    publicKey: e.getPublicKey().toString('base64url'),
    privateKey: e.getPrivateKey().toString('base64url'),
  };
}

function jwk(keys: { publicKey: string; privateKey?: string }) {
  const pub = Buffer.from(keys.publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 4) throw new Error('VAPID public key: not a P-256 point');
  return {
    kty: 'EC',
    crv: 'P-256',
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33).toString('base64url'),
    ...(keys.privateKey ? { d: keys.privateKey } : {}),
  };
}

const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

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
  const claims = {
    aud: new URL(endpoint).origin,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
    sub: subject,
  };
  const input = `${part({ typ: 'JWT', alg: 'ES256' })}.${part(claims)}`;
  const key = createPrivateKey({ key: jwk(keys), format: 'jwk' });
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `vapid t=${input}.${sig.toString('base64url')}, k=${keys.publicKey}`;
}

/**
 * Checks a VAPID header as a push service does: signature by `k`, audience, expiry.
 * Returns the claims, or throws. For tests acting as the push service.
 */
export function verifyVapid(
  header: string,
  origin: string,
  now: Date,
): { aud: string; exp: number; sub: string; k: string } {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header);
  if (!m) throw new Error('not a vapid authorization');
  const [, h, c, s, k] = m as unknown as [string, string, string, string, string];
  const key = createPublicKey({ key: jwk({ publicKey: k }), format: 'jwk' });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${c}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('bad signature');
  const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (head.alg !== 'ES256') throw new Error('not ES256');
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== origin) throw new Error(`audience ${claims.aud}`);
  const t = now.getTime() / 1000;
  if (!(claims.exp > t) || claims.exp > t + 24 * 3600) throw new Error('expiry out of range');
  return { ...claims, k };
}
