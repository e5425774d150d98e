/**
 * Text normalisation for knowledge-base search (R-KB-3). Documents and queries go through the
 * same functions, so what an operator types and what an agency wrote meet in one form:
 *
 * - **folded**: lower case, tone marks and vowel marks removed, đ → d
 *   (`Đăng KÝ` → `dang ky`), so `hoà` = `hòa` = `hoa` and text typed without diacritics matches;
 * - **i/y alternation**: a syllable made of a consonant onset and a lone `y` is written with `i`
 *   (`ký`/`kí` → `ki`, `lý`/`lí` → `li`, `quy`/`qui` → `qui`, `công ty`/`công ti` → `cong ti`);
 *   `uy`, `ay`, `yêu`, a standalone `y` (`ý kiến`) are left alone;
 * - **accent key**: a finer form that keeps the vowel marks and the tone, with the tone as a
 *   digit after the syllable so that tone placement does not matter (`hoà`/`hòa` → `hoa2`,
 *   `sổ` → `sô3`). Used where folding would merge words that must stay apart (`sổ đỏ` vs
 *   `hồ sơ đo đạc`).
 *
 * Pure: no I/O. Words are runs of letters, digits and combining marks; everything else
 * (punctuation, symbols, spaces) separates words.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;
const MAX_WORD = 48;
/** Combining tone marks → tone number (sắc 1, huyền 2, hỏi 3, ngã 4, nặng 5). */
const TONES: Record<string, string> = {
  '\u0301': '1',
  '\u0300': '2',
  '\u0309': '3',
  '\u0303': '4',
  '\u0323': '5',
};
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** Consonant onsets after which a lone final `y` is the same syllable as `i`. */
const IY_SYLLABLE = /^(?:b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|nh|p|ph|r|s|t|th|tr|v|x|qu)y$/;

/** One word of a text, with its place in the original string (UTF-16 offsets). */
export interface Token {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
  /** Folded and i/y-canonical: `Ký` → `ki`. */
  norm: string;
}

/** `ky` → `ki`, `quy` → `qui`; anything else unchanged. Expects a folded or lower-case syllable. */
export function canonicalIY(syllable: string): string {
  return IY_SYLLABLE.test(syllable) ? `${syllable.slice(0, -1)}i` : syllable;
}

/**
 * Folds one word: lower case, marks removed, đ → d, then the i/y rule.
 *
 * ### Examples
 * ```ts
 * foldWord('KÝ');   // 'ki'
 * foldWord('Hoà');  // 'hoa'
 * foldWord('Đường'); // 'duong'
 * ```
 */
export function foldWord(word: string): string {
  const folded = word.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
  return canonicalIY(folded);
}

/**
 * The accent key of one word: lower case with vowel marks kept (NFC) and the tone moved to a
 * trailing digit; i/y canonical. Words without diacritics give their folded form.
 *
 * ### Examples
 * ```ts
 * accentKey('Hoà'); // 'hoa2'
 * accentKey('hòa'); // 'hoa2'
 * accentKey('Sổ');  // 'sô3'
 * accentKey('kí');  // 'ki1'
 * ```
 */
export function accentKey(word: string): string {
  const nfd = word.toLowerCase().normalize('NFD');
  let tone = '';
  const base = nfd
    .replace(TONE_MARKS, (m) => {
      tone = TONES[m] ?? '';
      return '';
    })
    .normalize('NFC');
  return canonicalIY(base) + tone;
}

/** True when the word carries any Vietnamese mark (tone, vowel mark or đ). */
export function hasDiacritics(word: string): boolean {
  return /[\u0300-\u036f]/.test(word.normalize('NFD')) || /[đĐ]/.test(word);
}

/**
 * Splits a text into words with their offsets and folded forms.
 *
 * ### Examples
 * ```ts
 * tokenize('Đăng ký hộ-kinh doanh!').map((t) => t.norm); // ['dang', 'ki', 'ho', 'kinh', 'doanh']
 * ```
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    // Search works on ASCII letters and digits: letters of other scripts drop out (on both
    // sides alike), and absurdly long "words" are cut.
    const norm = foldWord(word)
      .replace(/[^a-z0-9]/g, '')
      .slice(0, MAX_WORD);
    if (norm === '') continue; // a stray combining mark, or another script
    out.push({ text: word, start: m.index, end: m.index + word.length, norm });
  }
  return out;
}

/**
 * The folded words of a text joined by single spaces: the form stored in the search columns
 * and compared with queries.
 *
 * ### Examples
 * ```ts
 * normalizeForSearch('Thủ tục ĐĂNG KÍ hộ kinh doanh'); // 'thu tuc dang ki ho kinh doanh'
 * normalizeForSearch('thu tuc dang ky ho kinh doanh'); // same
 * ```
 */
export function normalizeForSearch(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/**
 * A code as stored and compared: lower case, whitespace removed (`1.001612`,
 * `1.001612.000.00.00.H12` → `1.001612.000.00.00.h12`).
 */
export function normalizeCode(code: string): string {
  return code.normalize('NFC').replace(/\s+/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/**
 * Whether a query looks like a procedure code rather than words: digits joined by dots or
 * dashes (`1.001612`, `2.000986.000.00.00.H12`, `TTHC-001`) or a bare number of 5+ digits.
 */
export function looksLikeCode(query: string): boolean {
  const q = query.trim();
  if (q.length < 3 || q.length > 60 || /\s/.test(q)) return false;
  if (/^\d{5,}$/.test(q)) return true;
  return /\d/.test(q) && /^[\p{L}\p{N}]+(?:[.\-_/][\p{L}\p{N}]+)+$/u.test(q);
}
