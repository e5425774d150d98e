/**
 * Pure routing helpers for intake: out-of-scope screening (R-SC-3), the field → agency proposal
 * (R-SC-2) and ticket codes. No I/O: the rules and fields are configurable data loaded by the
 * caller.
 */

/**
 * Folds Vietnamese text for matching: lowercase, tone marks and diacritics removed (NFD, then
 * combining marks dropped), đ/Đ → d, runs of whitespace collapsed to one space, ends trimmed.
 *
 * ### Examples
 * ```ts
 * normalizeVietnamese('  Cháy   NHÀ ở Đồng Tháp '); // 'chay nha o dong thap'
 * ```
 */
export function normalizeVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised words only: punctuation becomes a word break. */
function words(text: string): string {
  return normalizeVietnamese(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type ScopeAction = 'reject' | 'redirect' | 'transfer';

/** One out-of-scope rule (R-SC-3), e.g. fire → "call 114". */
export interface ScopeRule {
  code: string;
  action: ScopeAction;
  /** Where the citizen is sent (a phone number or channel), if anywhere. */
  redirectTo: string | null;
  /** Matched as whole words, ignoring case and diacritics; a keyword may span several words. */
  keywords: readonly string[];
  guidanceVi: string;
  guidanceEn: string;
}

/**
 * The first rule (in the given order) one of whose keywords occurs in `text` as whole words,
 * comparing both sides after `normalizeVietnamese()`; `null` when none does.
 *
 * Folding tones makes short keywords ambiguous ("chay" is both "cháy", fire, and "chạy", run):
 * prefer multi-word keywords ("chay nha") where a single syllable would over-match.
 *
 * ### Examples
 * ```ts
 * matchScopeRule('Nhà tôi bị cháy!', rules)?.code; // 'fire' if a 'fire' rule lists 'chay'
 * matchScopeRule('Tốc độ xử lý chậm', rules);      // null: 'to' is not a whole word here
 * ```
 */
export function matchScopeRule<R extends ScopeRule>(text: string, rules: readonly R[]): R | null {
  const haystack = ` ${words(text)} `;
  if (haystack.trim() === '') return null;
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      const needle = words(keyword);
      if (needle !== '' && haystack.includes(` ${needle} `)) return rule;
    }
  }
  return null;
}

/** A subject field (lĩnh vực) and the agency that owns it by default. */
export interface FieldRoute {
  id: string;
  defaultAgencyId: string | null;
  active: boolean;
}

/**
 * The agency a ticket of this field should be forwarded to by default (R-SC-2), or `null`
 * when the field is unknown, inactive or has no default agency. Only a proposal: the operator
 * or coordinator decides.
 */
export function proposeAgency(
  fieldId: string | null,
  fields: readonly FieldRoute[],
): string | null {
  if (fieldId === null) return null;
  const field = fields.find((f) => f.id === fieldId);
  if (!field || !field.active) return null;
  return field.defaultAgencyId;
}

const PREFIX = /^[A-Z][A-Z0-9]{0,9}$/;
const CODE = /^([A-Z][A-Z0-9]{0,9})-(\d{4})-(\d{6,})$/;

export interface TicketCode {
  prefix: string;
  year: number;
  n: number;
}

/**
 * The public code of the `n`-th ticket of `year`: `PA-2026-000123`. The number is padded to
 * 6 digits and simply grows past 999999 (`PA-2026-1000000`).
 *
 * Throws `RangeError` for a prefix other than 1–10 capital letters/digits starting with a
 * letter, a year outside 1000–9999, or `n` not a safe integer ≥ 1.
 */
export function ticketCode(prefix: string, year: number, n: number): string {
  if (!PREFIX.test(prefix)) throw new RangeError(`invalid ticket code prefix: ${prefix}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`invalid ticket code year: ${year}`);
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`invalid ticket number: ${n}`);
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

/**
 * Parses a ticket code as a citizen may type it (surrounding spaces and lower case tolerated).
 * Returns `null` unless it is the canonical form `ticketCode()` would produce.
 */
export function parseTicketCode(code: string): TicketCode | null {
  const m = CODE.exec(code.trim().toUpperCase());
  if (!m) return null;
  const [, prefix = '', yearText = '', digits = ''] = m;
  if (digits.length > 6 && digits.startsWith('0')) return null;
  const year = Number(yearText);
  const n = Number(digits);
  if (year < 1000 || n < 1 || !Number.isSafeInteger(n)) return null;
  return { prefix, year, n };
}

/**
 * The ticket code meant by the digits a caller keyed: the year and the number
 * (`2026000123` → `PA-2026-000123`), or the number alone for this year (`123`).
 * `null` when the digits cannot be a code.
 *
 * ### Examples
 * ```ts
 * ticketCodeFromDigits('2026000123', 'PA', 2026); // 'PA-2026-000123'
 * ticketCodeFromDigits('123', 'PA', 2026);        // 'PA-2026-000123'
 * ```
 */
export function ticketCodeFromDigits(
  digits: string,
  prefix: string,
  currentYear: number,
): string | null {
  if (!/^\d{1,16}$/.test(digits)) return null;
  let year = currentYear;
  let number = digits;
  // Ten digits or more starting with a plausible year: the year, then the number (6+ digits).
  if (digits.length >= 10) {
    const y = Number(digits.slice(0, 4));
    if (y >= 2000 && y <= currentYear) {
      year = y;
      number = digits.slice(4);
    }
  }
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n < 1) return null;
  const code = ticketCode(prefix, year, n);
  return parseTicketCode(code) ? code : null;
}
