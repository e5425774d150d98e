/**
 * Flagging vulgar, insulting or threatening language in incoming text (R-AB-1), against an
 * editable list of Vietnamese terms. Pure.
 *
 * Matching is by whole words on normalised text, never by substring ("dit" is not found in
 * "credit"). How loosely a term matches is its level, because Vietnamese written without
 * accents merges words that must stay apart (`cặc` and `các`, `lồn` and `lớn`, `buồi` and
 * `buổi`, `đĩ` and `đi`):
 *
 * - `plain`: any spelling whose letters fold to the same ASCII (`địt`, `DIT`, `đít` → `dit`);
 *   for terms and abbreviations that mean nothing innocent (`vcl`, `đm`);
 * - `shape`: the same letters with the same vowel marks, any tone (`lồn`, `lổn`, not `lớn`);
 *   text typed without any accent does not match, since it is ambiguous;
 * - `exact`: the same letters, vowel marks and tone (`cặc`, not `các` nor `cắc`).
 *
 * Obfuscations are undone first: letters repeated three times or more count once
 * (`địttttt`), and runs of single letters split by dots or spaces are also read joined
 * (`đ.m`, `v c l`).
 */
import { accentKey, foldWord, hasDiacritics } from '../kb/normalize.ts';

export type MatchLevel = 'plain' | 'shape' | 'exact';
export const MATCH_LEVELS: readonly MatchLevel[] = ['plain', 'shape', 'exact'];

export interface Term {
  term: string;
  level: MatchLevel;
}

interface Word {
  plain: string;
  shape: string;
  exact: string;
  accented: boolean;
}

export interface Matcher {
  terms: { term: string; level: MatchLevel; words: Word[] }[];
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const REPEAT = /(\p{L}\p{M}*)\1{2,}/gu;

function keysOf(raw: string): Word {
  const w = raw.normalize('NFC').replace(REPEAT, '$1');
  const exact = accentKey(w);
  return {
    plain: foldWord(w),
    exact,
    shape: exact.replace(/\d$/, ''),
    accented: hasDiacritics(w),
  };
}

/** The words of a term or a text, with every key computed once. */
function wordsOf(text: string): { raw: string; word: Word; single: boolean }[] {
  return [...text.matchAll(WORD)].map((m) => ({
    raw: m[0],
    word: keysOf(m[0]),
    single: [...m[0].normalize('NFC')].length === 1,
  }));
}

/** Normalises a term as staff typed it (trimmed, NFC, lower case, single spaces). */
export function normalizeTerm(term: string): string {
  return term.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Checks a term for the list: one to four words of letters (and digits). */
export function termProblem(term: string): string | undefined {
  const t = normalizeTerm(term);
  if (t.length < 2 || t.length > 60) return 'length';
  const words = t.split(' ');
  if (words.length > 4) return 'words';
  if (!words.every((w) => /^[\p{L}\p{N}\p{M}]+$/u.test(w))) return 'characters';
  return undefined;
}

export function compileTerms(terms: readonly Term[]): Matcher {
  return {
    terms: terms
      .map((t) => ({ term: t.term, level: t.level, words: wordsOf(t.term).map((w) => w.word) }))
      .filter((t) => t.words.length > 0),
  };
}

function same(level: MatchLevel, text: Word, term: Word): boolean {
  if (level === 'plain') return text.plain === term.plain;
  // Unaccented text is ambiguous for shape and exact terms (lon: lớn or lồn?).
  if (!text.accented) return false;
  return level === 'shape' ? text.shape === term.shape : text.exact === term.exact;
}

/**
 * The terms found in `text`, each once, in list order.
 *
 * ### Examples
 * ```ts
 * const m = compileTerms([{ term: 'cặc', level: 'exact' }, { term: 'vcl', level: 'plain' }]);
 * findTerms('Các anh làm ăn vcl', m); // ['vcl']
 * ```
 */
export function findTerms(text: string, m: Matcher): string[] {
  const words = wordsOf(text);
  // Runs of single letters, read joined too: "đ.m" → "đm".
  const joined: Word[] = [];
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j < words.length && words[j]!.single) j++;
    if (j - i >= 2) {
      joined.push(
        keysOf(
          words
            .slice(i, j)
            .map((w) => w.raw)
            .join(''),
        ),
      );
    }
    i = j === i ? i + 1 : j;
  }
  const plainWords = words.map((w) => w.word);
  const found: string[] = [];
  for (const t of m.terms) {
    const n = t.words.length;
    let hit = false;
    for (let i = 0; !hit && i + n <= plainWords.length; i++) {
      hit = t.words.every((tw, k) => same(t.level, plainWords[i + k]!, tw));
    }
    if (!hit && n === 1) hit = joined.some((w) => same(t.level, w, t.words[0]!));
    if (hit) found.push(t.term);
  }
  return found;
}
