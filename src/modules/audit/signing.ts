import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 keys of the audit checkpoints (issue #12, finding 4). The private key is never in
 * the database: it comes from `AUDIT_SIGNING_KEY` (PEM PKCS#8, or the 32-byte seed in base64,
 * base64url or hex). Anyone can check a checkpoint with the public key alone (`AUDIT_PUBLIC_KEY`,
 * the 32 raw bytes in base64, or PEM), e.g. on another machine.
 *
 * ### Examples
 * ```ts
 * const key = signingKey(env.AUDIT_SIGNING_KEY!);
 * const signature = signCheckpoint(key, { chainId: 'system', chainSeq: '42', hash, at });
 * checkCheckpoint(key.publicKey, { chainId: 'system', chainSeq: '42', hash, at }, signature); // true
 * ```
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as 32 raw bytes in base64: what checkpoints carry and the site shows. */
  publicKeyB64: string;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function raw32(text: string): Buffer | undefined {
  const s = text.trim();
  const b = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  return b.length === 32 ? b : undefined;
}

export function signingKey(text: string): SigningKey {
  let privateKey: KeyObject;
  if (text.includes('-----BEGIN')) privateKey = createPrivateKey(text.replace(/\\n/g, '\n'));
  else {
    const seed = raw32(text);
    if (!seed) throw new Error('AUDIT_SIGNING_KEY: expected an Ed25519 PEM key or a 32-byte seed');
    privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519, seed]),
      format: 'der',
      type: 'pkcs8',
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('AUDIT_SIGNING_KEY: not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyB64: publicKeyB64(publicKey) };
}

export function publicKeyB64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
}

export function publicKey(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPublicKey(text.replace(/\\n/g, '\n'));
  const b = raw32(text);
  if (!b) throw new Error('AUDIT_PUBLIC_KEY: expected an Ed25519 PEM key or 32 bytes in base64');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, b]), format: 'der', type: 'spki' });
}

export interface CheckpointHead {
  chainId: string;
  chainSeq: string;
  hash: string;
  at: Date;
}

/** The exact text a checkpoint's signature covers (also what an RFC 3161 token would stamp). */
export function checkpointText(h: CheckpointHead): string {
  return `open1022 audit checkpoint v1\n${h.chainId}\n${h.chainSeq}\n${h.hash}\n${h.at.toISOString()}\n`;
}

export function signCheckpoint(key: SigningKey, h: CheckpointHead): string {
  return sign(null, Buffer.from(checkpointText(h), 'utf8'), key.privateKey).toString('base64');
}

export function checkCheckpoint(key: KeyObject, h: CheckpointHead, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointText(h), 'utf8'),
      key,
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
