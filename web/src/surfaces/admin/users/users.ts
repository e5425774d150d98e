/**
 * Staff accounts as the administrator manages them (R-AD-1, R-AG-2): the same rules the
 * server's userBody schema enforces, checked before sending so that every mistake is shown at
 * its input; a password generator for resets; the list filter. Pure: see users.test.ts.
 */
import { STAFF_PASSWORD_MIN } from '../../../../../src/contract/auth.ts';
import { ROLES, type Role } from '../../../../../src/core/access/roles.ts';
import type { User, UserBodyInput, UserPatch } from '../../../../../src/contract/org.ts';
import type { AdminMessage } from '../messages.ts';

/** Roles whose account belongs to an agency (the server refuses them without one). */
export const AGENCY_ROLES: readonly Role[] = ['focal_point', 'agency_head'];

export const needsAgency = (role: string) => (AGENCY_ROLES as readonly string[]).includes(role);

export interface UserForm {
  username: string;
  displayName: string;
  email: string;
  phone: string;
  role: Role | '';
  agencyId: string;
  title: string;
  isDeputy: boolean;
  password: string;
  locale: 'vi' | 'en';
}

export type UserField = keyof UserForm;
export type UserErrors = Partial<Record<UserField, AdminMessage>>;

export const emptyUserForm = (over: Partial<UserForm> = {}): UserForm => ({
  username: '',
  displayName: '',
  email: '',
  phone: '',
  role: '',
  agencyId: '',
  title: '',
  isDeputy: false,
  password: '',
  locale: 'vi',
  ...over,
});

export function formFromUser(u: User): UserForm {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email ?? '',
    phone: u.phone ?? '',
    role: (ROLES as readonly string[]).includes(u.role) ? (u.role as Role) : '',
    agencyId: u.agencyId ?? '',
    title: u.title ?? '',
    isDeputy: u.isDeputy,
    password: '',
    locale: u.locale === 'en' ? 'en' : 'vi',
  };
}

const USERNAME = /^[a-z0-9_.@-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The server's policy asks more (no username, no common password); it explains refusals. */
export const MIN_PASSWORD = STAFF_PASSWORD_MIN;

/**
 * Mistakes in the form. `mode` create checks the username and password; edit leaves both
 * alone; password checks only the new password (a reset).
 */
export function validateUser(f: UserForm, mode: 'create' | 'edit' | 'password'): UserErrors {
  const e: UserErrors = {};
  if (mode === 'password' || mode === 'create') {
    if (f.password.length < MIN_PASSWORD)
      e.password = { key: 'validation.tooShort', params: { min: MIN_PASSWORD } };
  }
  if (mode === 'password') return e;
  if (mode === 'create') {
    const u = f.username.trim();
    if (!u) e.username = { key: 'validation.required' };
    else if (u.length < 3) e.username = { key: 'validation.tooShort', params: { min: 3 } };
    else if (!USERNAME.test(u)) e.username = { key: 'admin.users.err.username' };
  }
  if (!f.displayName.trim()) e.displayName = { key: 'validation.required' };
  if (!f.role) e.role = { key: 'validation.choose' };
  else if (needsAgency(f.role) && !f.agencyId) e.agencyId = { key: 'admin.users.err.agency' };
  if (f.email.trim() && !EMAIL.test(f.email.trim())) e.email = { key: 'validation.email' };
  if (f.phone.trim().length > 30) e.phone = { key: 'validation.tooLong', params: { max: 30 } };
  return e;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function createBody(f: UserForm): UserBodyInput {
  return {
    username: f.username.trim(),
    displayName: f.displayName.trim(),
    email: orNull(f.email),
    phone: orNull(f.phone),
    role: f.role as Role,
    agencyId: f.agencyId || null,
    title: orNull(f.title),
    isDeputy: needsAgency(f.role) && f.isDeputy,
    password: f.password,
    locale: f.locale,
  };
}

/** Only what changed, so the audit record says exactly what the administrator did. */
export function patchBody(before: User, f: UserForm): UserPatch {
  const next = createBody(f);
  const p: UserPatch = {};
  if (next.displayName !== before.displayName) p.displayName = next.displayName;
  if (next.email !== before.email) p.email = next.email;
  if (next.phone !== before.phone) p.phone = next.phone;
  if (next.role !== before.role) p.role = next.role;
  if (next.agencyId !== before.agencyId) p.agencyId = next.agencyId;
  if (next.title !== before.title) p.title = next.title;
  if (next.isDeputy !== before.isDeputy) p.isDeputy = next.isDeputy;
  if (next.locale !== before.locale) p.locale = next.locale;
  return p;
}

// No 0/O, 1/l/I: the password is read out or typed from a note.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters (uniform: rejection sampling, no modulo bias). */
export function generatePassword(
  length = 14,
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const b of random(length * 2)) {
      if (b < limit && out.length < length) out += ALPHABET[b % ALPHABET.length];
    }
  }
  return out;
}

export interface UserFilter {
  text: string;
  role: string;
  /** '' any, 'none' without agency, else an agency id. */
  agency: string;
  showInactive: boolean;
}

/** Accent- and case-insensitive, as Vietnamese names are often typed without tones. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

export function filterUsers(
  users: readonly User[],
  f: UserFilter,
  agencyName: (id: string) => string,
): User[] {
  const q = fold(f.text.trim());
  return users.filter((u) => {
    if (!f.showInactive && !u.active) return false;
    if (f.role && u.role !== f.role) return false;
    if (f.agency === 'none' && u.agencyId) return false;
    if (f.agency && f.agency !== 'none' && u.agencyId !== f.agency) return false;
    if (!q) return true;
    const hay = fold(
      [
        u.username,
        u.displayName,
        u.email ?? '',
        u.title ?? '',
        u.agencyId ? agencyName(u.agencyId) : '',
      ].join(' '),
    );
    return q.split(/\s+/).every((w) => hay.includes(w));
  });
}
