/**
 * Message encryption for Web Push (RFC 8291) in the `aes128gcm` content coding (RFC 8188),
 * with node:crypto only. One record: push messages are small (a push service takes 4096
 * bytes at least), so the whole payload is a single final record.
 */
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import type { ECDH } from 'node:crypto';

/** RFC 8291 §4: the record size written in the header (payloads are one record). */
export const RECORD_SIZE = 4096;
/** The largest plaintext one record holds: rs − 16 (tag) − 1 (delimiter) − 86 (header). */
export const MAX_PLAINTEXT = RECORD_SIZE - 16 - 1 - 86;

export interface PushKeys {
  /** The user agent's P-256 public key, uncompressed point, base64url (`keys.p256dh`). */
  p256dh: string;
  /** The 16-byte authentication secret, base64url (`keys.auth`). */
  auth: string;
}

const b64u = (s: string) => Buffer.from(s, 'base64url');
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

/**
 * Encrypts `plaintext` for a subscription: header (salt, rs, the sender's ephemeral public
 * key) then the ciphertext with its tag. `salt` and `senderKeys` are for the RFC's test
 * vector only; by default both are fresh for every message, as RFC 8291 §3.1 requires.
 */
export function encrypt(
  plaintext: Buffer | string,
  keys: PushKeys,
  fixed: { salt?: Buffer; senderKeys?: ECDH } = {},
): Buffer {
  const data = Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8');
  if (data.length > MAX_PLAINTEXT) throw new RangeError(`push payload over ${MAX_PLAINTEXT} bytes`);
  const uaPublic = b64u(keys.p256dh);
  const auth = b64u(keys.auth);
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error('p256dh: not a P-256 point');
  if (auth.length !== 16) throw new Error('auth: not 16 bytes');
  const salt = fixed.salt ?? randomBytes(16);
  const as = fixed.senderKeys ?? createECDH('prime256v1');
  if (!fixed.senderKeys) as.generateKeys();
  const asPublic = as.getPublicKey();
  const { cek, nonce } = derive(as.computeSecret(uaPublic), auth, uaPublic, asPublic, salt);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  // 0x02: the delimiter of the last (only) record, no padding.
  const body = Buffer.concat([
    cipher.update(data),
    cipher.update(Buffer.from([2])),
    cipher.final(),
  ]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header[20] = asPublic.length;
  return Buffer.concat([header, asPublic, body, cipher.getAuthTag()]);
}

/**
 * The receiving side (a browser's): decrypts a single-record `aes128gcm` message with the
 * user agent's private key. Used by tests acting as the push service and the browser.
 */
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
