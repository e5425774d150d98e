/**
 * Pure rules of the account screen (issue #12): a token's expiry from a date input, the
 * password policy's refusals as catalog keys, a token's state as a badge. See account.test.ts.
 */
import {
  PASSWORD_PROBLEMS,
  STAFF_PASSWORD_MIN,
  TOKEN_DEFAULT_DAYS,
  type ApiTokenInfo,
  type PasswordProblem,
} from '../../../../src/contract/auth.ts';
import type { MessageKey } from '../../i18n/catalog.ts';

const DAY_MS = 24 * 3600_000;
/** The server's default maximum (API_TOKEN_MAX_DAYS); it answers if its own is shorter. */
export const TOKEN_MAX_DAYS = 365;

/** 'YYYY-MM-DD' in Vietnam's time (UTC+7, no daylight saving), `days` after `now`. */
export function dayInVietnam(now: Date, days = 0): string {
  return new Date(now.getTime() + days * DAY_MS + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The default and latest choosable expiry dates of a new token. */
export function expiryBounds(now: Date): { min: string; max: string; default: string } {
  return {
    min: dayInVietnam(now, 1),
    max: dayInVietnam(now, TOKEN_MAX_DAYS - 1),
    default: dayInVietnam(now, TOKEN_DEFAULT_DAYS),
  };
}

/** A token chosen to last "until 30/06/2026" works to the end of that day in Vietnam. */
export function expiryInstant(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T23:59:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export type PasswordErrors = Partial<
  Record<keyof PasswordForm, { key: MessageKey; params?: Record<string, string | number> }>
>;

/** What the browser can check before asking the server (which applies the whole policy). */
export function validatePasswordForm(f: PasswordForm): PasswordErrors {
  const e: PasswordErrors = {};
  if (!f.currentPassword) e.currentPassword = { key: 'validation.required' };
  if ([...f.newPassword].length < STAFF_PASSWORD_MIN)
    e.newPassword = { key: 'validation.tooShort', params: { min: STAFF_PASSWORD_MIN } };
  else if (f.newPassword === f.currentPassword) e.newPassword = { key: 'account.password.same' };
  if (f.repeat !== f.newPassword) e.repeat = { key: 'account.password.mismatch' };
  return e;
}

/** The policy's reasons (`password_weak` details) as catalog keys, in the policy's order. */
export function problemKeys(details: unknown): MessageKey[] {
  if (!Array.isArray(details)) return [];
  const named = new Set(
    details.map((d) => (d && typeof d === 'object' ? (d as { message?: unknown }).message : null)),
  );
  return PASSWORD_PROBLEMS.filter((p) => named.has(p)).map(
    (p: PasswordProblem) => `account.problem.${p}` as const,
  );
}

/** The badge of a token's state. */
export function tokenStateKey(t: Pick<ApiTokenInfo, 'state'>): MessageKey {
  return `account.tokens.state.${t.state}`;
}
