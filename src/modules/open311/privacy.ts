/**
 * What public output does to free text before it leaves (R-PUB-2). Ticket content is written
 * by citizens and operators and may name the citizen or repeat their number: the citizen's
 * own name, phone and email (known from the ticket) are removed wherever they appear, and so
 * is anything shaped like a phone number or an email address. Pure.
 */

import { applyRedactions, findRedactions } from '../../core/publication/redact.ts';

export const REDACTED = '***';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/**
 * Vietnamese phone numbers as people write them: 0912 345 678, 0912.345.678, +84 912345678,
 * 028-3822-1234, 1800 1022 — nine to eleven digits with optional separators. Dates
 * (12/03/2026) and amounts (1.000.000 đồng) have fewer digit groups of this shape.
 */
const PHONE =
  /(?<![\d+])(?:\+?84[\s.-]?|0)(?:\d[\s.-]?){8,9}\d(?!\d)|(?<!\d)1[89]00[\s.-]?\d{4}(?:[\s.-]?\d{2})?(?!\d)/g;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The digits of a phone number as a pattern allowing separators between them. */
function phonePattern(phone: string): RegExp | null {
  const digits = phone.replace(/\D/g, '').replace(/^84/, '0');
  if (digits.length < 8) return null;
  const local = digits.replace(/^0/, '');
  const body = [...local].join('[\\s.-]?');
  return new RegExp(`(?:\\+?84[\\s.-]?|0)${body}`, 'g');
}

export interface KnownPerson {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * Removes personal data from `text`.
 *
 * ### Examples
 * ```ts
 * scrub('Tôi là Nguyễn Văn An, gọi 0912 345 678', { name: 'Nguyễn Văn An' });
 * // 'Tôi là ***, gọi ***'
 * ```
 */
export function scrub(text: string, who: KnownPerson = {}): string {
  let out = text;
  const name = who.name?.trim();
  // A one-word name ("An") is also a place ("An Giang") or a common word: only full names
  // of two words or more are searched for. The text keeps its own Unicode form (output must
  // round-trip), so each accented letter of the name matches precomposed or decomposed.
  if (name && name.split(/\s+/).length >= 2) {
    const letters = [...name.normalize('NFC')].map((c) => {
      if (/\s/.test(c)) return '\\s+';
      const d = c.normalize('NFD');
      return d === c ? escapeRe(c) : `(?:${escapeRe(c)}|${escapeRe(d)})`;
    });
    const words = letters.join('').replace(/(\\s\+)+/g, '\\s+');
    out = out.replace(
      new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${words}(?![\\p{L}\\p{N}\\p{M}])`, 'giu'),
      REDACTED,
    );
  }
  if (who.email) out = out.replace(new RegExp(escapeRe(who.email), 'gi'), REDACTED);
  const p = who.phone ? phonePattern(who.phone) : null;
  if (p) out = out.replace(p, REDACTED);
  return out.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

/**
 * Removes personal data from free text published to anyone (a description, an answer): what
 * `scrub` removes, the citizen's own address wherever it appears, and what the publication
 * workflow's finder sees as personal (R-PUB-2): ID card numbers and people named after a form
 * of address or by a family name. A house number that is not the citizen's address stays: it
 * locates the problem, as the request's published `address` does. Text without a finding keeps
 * its own Unicode form.
 *
 * ### Examples
 * ```ts
 * scrubText('Ông Lê Văn Bình, CCCD 079123456789, báo ổ gà trước 45 Lê Lợi');
 * // 'Ông ***, CCCD ***, báo ổ gà trước 45 Lê Lợi'
 * ```
 */
export function scrubText(text: string, who: KnownPerson & { address?: string | null } = {}) {
  const out = scrub(text, who);
  const nfc = out.normalize('NFC');
  const known = {
    names: [who.name],
    phones: [who.phone],
    emails: [who.email],
    addresses: [who.address],
  };
  const mine = findRedactions(nfc, known, false);
  const own = mine.length
    ? applyRedactions(
        nfc,
        mine.map((r) => ({ ...r, replacement: REDACTED })),
      )
    : nfc;
  const others = findRedactions(own).filter((r) => r.kind !== 'address');
  if (!mine.length && !others.length) return out;
  return applyRedactions(
    own,
    others.map((r) => ({ ...r, replacement: REDACTED })),
  );
}
