/**
 * Secrets the product must keep readable (a carrier trunk's password answers the carrier's
 * digest challenge, so it cannot be hashed) are sealed with AES-256-GCM under a key that
 * lives only in the environment (`SECRETS_KEY`). A database dump alone then reveals nothing,
 * and a sealed value copied to another row does not open there: the row's identity is
 * authenticated with it.
 *
 * @example
 * const box = new SecretBox(process.env.SECRETS_KEY!);
 * const stored = box.seal('carrier-password', 'sip_trunk:tenant-id:vnpt');
 * box.open(stored, 'sip_trunk:tenant-id:vnpt'); // 'carrier-password'
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that does not open: wrong key, another row's value, or altered. */
export class SecretUnreadableError extends Error {
  constructor() {
    super('sealed secret cannot be opened: SECRETS_KEY differs or the value was altered');
    this.name = 'SecretUnreadableError';
  }
}

export class SecretBox {
  private readonly key: Buffer;

  /** `secret`: at least 32 characters (any text); the AES key is derived from it with HKDF. */
  constructor(secret: string) {
    if (secret.length < 32) throw new Error('SECRETS_KEY must have at least 32 characters');
    this.key = Buffer.from(
      hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'open1022', 'secret-box v1', 32),
    );
  }

  /** Was `stored` written by `seal` (as opposed to a value stored before sealing existed)? */
  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** `context` names where the value lives (table, tenant, row); `open` needs the same. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The plain text of a sealed value; throws `SecretUnreadableError` if it does not open. */
  open(stored: string, context: string): string {
    if (!SecretBox.isSealed(stored)) throw new SecretUnreadableError();
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretUnreadableError();
    }
  }
}

/** The box for `SECRETS_KEY`, or null when it is unset (nothing can be sealed then). */
export function secretBoxFrom(secret: string | undefined): SecretBox | null {
  return secret ? new SecretBox(secret) : null;
}
