/**
 * Message encryption for Web Push (RFC 8291) in the `aes128gcm` content coding (RFC 8188),
 * by the `web-push` package (its engine is `http_ece`): a fresh salt and sender key for every
 * message, one record. `encryption.test.ts` holds it to RFC 8291 Appendix A byte for byte,
 * and the delivery test decrypts what it sends as a browser would (`testing.ts`, ours).
 */
import webpush from 'web-push';

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

/**
 * Encrypts `plaintext` for a subscription: header (salt, rs, the sender's ephemeral public
 * key) then the ciphertext with its tag. A push service takes 4096 bytes at least: a longer
 * payload is refused here rather than split into records some services reject.
 */
export function encrypt(plaintext: Buffer | string, keys: PushKeys): Buffer {
  const data = Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8');
  if (data.length > MAX_PLAINTEXT) throw new RangeError(`push payload over ${MAX_PLAINTEXT} bytes`);
  return webpush.encrypt(keys.p256dh, keys.auth, data, 'aes128gcm').cipherText;
}
