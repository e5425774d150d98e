/**
 * The rules of the public forms (R-IN-1: name, address, a phone or an email, clear content
 * in a field), as one pure check that returns every problem with its catalog key, so the form
 * can list them all at once in the visitor's language.
 */
import { z } from 'zod';
import { phoneSchema } from '../../contract/ticket.ts';
import type { MessageKey } from './i18n.ts';

export const CONTENT_MIN = 20;
export const CONTENT_MAX = 5000;
export const FILES_MAX = 3;
export const FILE_MAX_MB = 5;
export const FILE_MAX_BYTES = FILE_MAX_MB * 1024 * 1024;

export interface Problem {
  /** The form control (its name), for the link from the error list. */
  field: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface Submission {
  name: string;
  phone?: string;
  email?: string;
  address: string;
  fieldId: string;
  subject?: string;
  content: string;
  unitId?: string;
  place?: string;
  confidential: boolean;
  consent: boolean;
}

export interface UnitChoice {
  /** Current units (2 tiers), selectable by id. */
  current: Set<string>;
  /** Former units (3 tiers): commune id → its district's id. */
  formerParent: Map<string, string>;
}

const emailSchema = z.email();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Characters that cannot be stored (NUL) or that only hide text (other C0 controls). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const len = (s: string) => [...s].length;

export function checkSubmission(
  form: Record<string, string>,
  fields: Set<string>,
  units: UnitChoice,
): { ok: true; value: Submission } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const get = (k: string) => (form[k] ?? '').trim();
  for (const [k, v] of Object.entries(form)) {
    if (CONTROL.test(v)) problems.push({ field: k, key: 'err.text' });
  }
  const name = get('name').replace(/\s+/g, ' ');
  if (!name || len(name) > 200) problems.push({ field: 'name', key: 'err.name' });
  const phoneRaw = get('phone');
  const emailRaw = get('email').toLowerCase();
  let phone: string | undefined;
  let email: string | undefined;
  if (phoneRaw) {
    const p = phoneSchema.safeParse(phoneRaw);
    if (p.success) phone = p.data;
    else problems.push({ field: 'phone', key: 'err.phone' });
  }
  if (emailRaw) {
    if (len(emailRaw) <= 200 && emailSchema.safeParse(emailRaw).success) email = emailRaw;
    else problems.push({ field: 'email', key: 'err.email' });
  }
  if (!phoneRaw && !emailRaw) problems.push({ field: 'phone', key: 'err.contact' });
  const address = get('address');
  if (!address || len(address) > 500) problems.push({ field: 'address', key: 'err.address' });
  const fieldId = get('field');
  if (!fields.has(fieldId)) problems.push({ field: 'field', key: 'err.field' });
  const subject = get('subject');
  if (len(subject) > 300) problems.push({ field: 'subject', key: 'err.subject' });
  const content = get('content');
  if (len(content) < CONTENT_MIN || len(content) > CONTENT_MAX) {
    problems.push({
      field: 'content',
      key: 'err.content',
      params: { min: CONTENT_MIN, max: CONTENT_MAX },
    });
  }
  let unitId: string | undefined;
  const scheme = get('scheme') || 'new';
  if (scheme === 'new') {
    const u = get('unit_new');
    if (u) {
      if (UUID.test(u) && units.current.has(u)) unitId = u;
      else problems.push({ field: 'unit_new', key: 'err.unit' });
    }
  } else if (scheme === 'old') {
    const u = get('unit_old');
    const d = get('district');
    if (u) {
      const parent = units.formerParent.get(u);
      if (!parent || (d && d !== parent)) problems.push({ field: 'unit_old', key: 'err.unit' });
      else unitId = u;
    } else if (d && ![...units.formerParent.values()].includes(d)) {
      problems.push({ field: 'district', key: 'err.unit' });
    }
  } else {
    problems.push({ field: 'scheme', key: 'err.unit' });
  }
  const place = get('place');
  if (len(place) > 300) problems.push({ field: 'place', key: 'err.place' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      address,
      fieldId,
      ...(subject ? { subject } : {}),
      content,
      ...(unitId ? { unitId } : {}),
      ...(place ? { place } : {}),
      confidential: form.confidential === '1',
      consent: form.consent === '1',
    },
  };
}

/** The file kinds a citizen may attach, recognised by their first bytes (not their name). */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' &&
      b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  {
    type: 'image/heic',
    test: (b) =>
      b.subarray(4, 8).toString('latin1') === 'ftyp' &&
      /^(heic|heix|mif1|msf1|heim|heis|hevc)$/.test(b.subarray(8, 12).toString('latin1')),
  },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The content type of an upload by its bytes, or undefined when not an allowed kind. */
export function sniffType(data: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(data))?.type;
}

export function checkRating(form: Record<string, string>) {
  const rating = Number(form.rating);
  const comment = (form.comment ?? '').trim();
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return undefined;
  if (len(comment) > 2000 || CONTROL.test(comment)) return undefined;
  return { rating, comment: comment || null };
}

export function checkReason(form: Record<string, string>) {
  const reason = (form.reason ?? '').trim();
  if (len(reason) < 10 || len(reason) > 2000 || CONTROL.test(reason)) return undefined;
  return reason;
}

/** A tracking code as people type it: spaces dropped, upper case ("pa-2026-000012"). */
export function normalizeCode(s: string): string | undefined {
  const c = s.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9][A-Z0-9-]{2,39}$/.test(c) ? c : undefined;
}

/** A phone number or an email as stored on tickets. */
export function normalizeContact(s: string): string | undefined {
  const v = s.trim();
  if (v.includes('@')) {
    const e = v.toLowerCase();
    return emailSchema.safeParse(e).success ? e : undefined;
  }
  const p = phoneSchema.safeParse(v);
  return p.success ? p.data : undefined;
}
