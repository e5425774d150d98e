/**
 * Sign-in throttling (R-SEC-2, issue #12 finding 5): who is held back after failed sign-ins,
 * and for how long. Pure; the auth service keeps the counters in `login_failure`.
 *
 * Nobody is ever locked out for good, and a stranger cannot lock the owner out:
 * - failures are counted per account AND address (`pair`), per account from anywhere
 *   (`account`), per address across accounts (`address`, a password spray), and per known
 *   device (`device`);
 * - past a few free attempts each counter backs off exponentially (30 s, 1 min, 2 min…) up to
 *   a ceiling, and a quiet day starts a new streak;
 * - a correct password from a device (cookie) that signed in to the account before is held
 *   back only by failures made from that very device; from an address it signed in from
 *   before, only by failures from that address for that account. Failures an attacker makes
 *   elsewhere (another address, a botnet) slow down strangers, never the owner.
 */

export type ThrottleScope = 'device' | 'pair' | 'account' | 'address';

export interface ThrottleRule {
  /** Failures allowed before any waiting. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

const MINUTE = 60_000;

export const THROTTLE: Record<ThrottleScope, ThrottleRule> = {
  device: { free: 5, baseMs: 30_000, maxMs: 15 * MINUTE },
  pair: { free: 5, baseMs: 30_000, maxMs: 15 * MINUTE },
  // From anywhere: only strangers (unknown device and address) wait for it.
  account: { free: 10, baseMs: MINUTE, maxMs: 60 * MINUTE },
  // A whole office often signs in from one NAT address: only a spray across accounts counts.
  address: { free: 30, baseMs: MINUTE, maxMs: 60 * MINUTE },
};

/** A streak of failures ends after this long without one. */
export const STREAK_RESET_MS = 24 * 60 * MINUTE;
/** How long a device or address stays known after its last successful sign-in. */
export const KNOWN_FOR_MS = 90 * 24 * 60 * MINUTE;

/** How long a key waits after its `failures`-th failure in a streak (0: no wait). */
export function backoffMs(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** (failures - rule.free));
}

/** The counters that may hold a sign-in back, given what the server knows of its origin. */
export function checkedScopes(known: { device: boolean; address: boolean }): ThrottleScope[] {
  if (known.device) return ['device'];
  if (known.address) return ['pair'];
  return ['pair', 'account', 'address'];
}

/** The counters a failure adds to (a device counter only when the browser has a device id). */
export function countedScopes(hasDevice: boolean): ThrottleScope[] {
  return hasDevice ? ['device', 'pair', 'account', 'address'] : ['pair', 'account', 'address'];
}

/** The `login_failure` key of each scope; the device key belongs to one account. */
export function throttleKey(
  scope: ThrottleScope,
  at: { username: string; ip: string; userId?: string | null; deviceHash?: string | null },
): string | null {
  const name = at.username.trim().toLowerCase();
  switch (scope) {
    case 'device':
      return at.userId && at.deviceHash ? `dev:${at.userId}|${at.deviceHash}` : null;
    case 'pair':
      return `pair:${name}|${at.ip}`;
    case 'account':
      return `user:${name}`;
    case 'address':
      return `ip:${at.ip}`;
  }
}
