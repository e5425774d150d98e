/**
 * The other side of Web Push, for tests: a browser decrypting a message (RFC 8291,
 * `aes128gcm`) and a push service checking a VAPID header (RFC 8292). Written with
 * node:crypto alone, apart from the `web-push` package the server sends with, so that each
 * checks the other.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, verify } from 'node:crypto';

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, len: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, len));

/** RFC 8291 §3.3–3.4: the content-encryption key and nonce for one message. */
function derive(
  ecdhSecret: Buffer,
  auth: Buffer,
  uaPublic: Buffer,
  asPublic: Buffer,
  salt: Buffer,
) {
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = hkdf(auth, ecdhSecret, keyInfo, 32);
  return {
    cek: hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
    nonce: hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12),
  };
}

/** Decrypts a single-record `aes128gcm` message with the user agent's private key. */
export function decrypt(message: Buffer, uaPrivate: Buffer, auth: Buffer): Buffer {
  const salt = message.subarray(0, 16);
  const idlen = message[20]!;
  const asPublic = message.subarray(21, 21 + idlen);
  const rest = message.subarray(21 + idlen);
  const ua = createECDH('prime256v1');
  ua.setPrivateKey(uaPrivate);
  const { cek, nonce } = derive(
    ua.computeSecret(asPublic),
    auth,
    ua.getPublicKey(),
    asPublic,
    salt,
  );
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(rest.subarray(rest.length - 16));
  const padded = Buffer.concat([d.update(rest.subarray(0, rest.length - 16)), d.final()]);
  // Strip padding: the last non-zero byte is the delimiter (2 for the last record).
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('not a final record');
  return padded.subarray(0, end);
}

/** A VAPID public key (uncompressed P-256 point, base64url) as a JWK. */
function jwk(publicKey: string) {
  const pub = Buffer.from(publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 4) throw new Error('VAPID public key: not a P-256 point');
  return {
    kty: 'EC',
    crv: 'P-256',
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33).toString('base64url'),
  };
}

/**
 * Checks a VAPID header as a push service does: signature by `k`, audience, expiry.
 * Returns the claims, or throws.
 */
export function verifyVapid(
  header: string,
  origin: string,
  now: Date,
): { aud: string; exp: number; sub: string; k: string } {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header);
  if (!m) throw new Error('not a vapid authorization');
  const [, h, c, s, k] = m as unknown as [string, string, string, string, string];
  const key = createPublicKey({ key: jwk(k), format: 'jwk' });
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
