/**
 * A self-hosted proof-of-work challenge for anonymous submissions (R-AB-1), instead of a
 * third-party captcha. The server hands out a signed token; the client must find a solution
 * such that sha256(token ":" solution) starts with `bits` zero bits (2^bits tries on average:
 * a fraction of a second for one honest form, a real cost for a flood). Pure: the signature is
 * computed by the caller (an HMAC with a server secret), the hash is src/core/abuse/sha256.ts.
 *
 * Token: `v1.<id>.<bits>.<expiresAtMs>.<signature>`.
 */
import { sha256 } from './sha256.ts';

export interface ChallengeClaims {
  id: string;
  bits: number;
  expiresAt: number;
}

export const MAX_BITS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The signed part of a token. */
export function challengePayload(c: ChallengeClaims): string {
  return `v1.${c.id}.${c.bits}.${c.expiresAt}`;
}

export function challengeToken(c: ChallengeClaims, signature: string): string {
  return `${challengePayload(c)}.${signature}`;
}

/** Splits a token; undefined when it is not one (any shape error). */
export function parseChallenge(
  token: string,
): { claims: ChallengeClaims; payload: string; signature: string } | undefined {
  if (token.length > 300) return undefined;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return undefined;
  const [, id, bitsRaw, expRaw, signature] = parts as [string, string, string, string, string];
  if (!UUID.test(id) || !/^\d{1,2}$/.test(bitsRaw) || !/^\d{1,15}$/.test(expRaw)) return undefined;
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(signature)) return undefined;
  const bits = Number(bitsRaw);
  if (bits < 1 || bits > MAX_BITS) return undefined;
  const claims = { id, bits, expiresAt: Number(expRaw) };
  return { claims, payload: challengePayload(claims), signature };
}

/** Whether the first `bits` bits of `digest` are zero. */
export function leadingZeroBits(digest: Uint8Array, bits: number): boolean {
  let left = bits;
  for (const byte of digest) {
    if (left <= 0) return true;
    if (left >= 8) {
      if (byte !== 0) return false;
      left -= 8;
    } else {
      return byte >> (8 - left) === 0;
    }
  }
  return left <= 0;
}

/** A solution is short printable ASCII; the work is in finding it, not in its length. */
export function solutionShapeOk(solution: string): boolean {
  return /^[\x21-\x7e]{1,64}$/.test(solution);
}

export function solves(token: string, solution: string, bits: number): boolean {
  return solutionShapeOk(solution) && leadingZeroBits(sha256(`${token}:${solution}`), bits);
}

/**
 * Finds a solution by counting up: what the public form runs (in a worker), and tests.
 * Gives up after `maxTries` (undefined then).
 */
export function solveChallenge(
  token: string,
  bits: number,
  maxTries = 2 ** (bits + 6),
): string | undefined {
  for (let i = 0; i < maxTries; i++) {
    const s = i.toString(36);
    if (leadingZeroBits(sha256(`${token}:${s}`), bits)) return s;
  }
  return undefined;
}
