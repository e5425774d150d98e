/**
 * Typo tolerance for query words that the knowledge base does not contain (R-KB-3): an
 * operator on a call types fast, often without the Vietnamese keyboard switched on.
 *
 * Candidates for an unknown word, all folded and i/y-canonical:
 * - the word decoded as Telex or VNI typed with the input method off (`ddawngs` → `dang`,
 *   `kys` → `ki`, `d9a8ng` → `dang`);
 * - every word one edit away (delete, insert, substitute, swap two neighbours: `sihn` →
 *   `sinh`), for words of 3+ letters.
 * The caller keeps those its vocabulary holds; the most frequent first.
 */
import { canonicalIY } from './normalize.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const VOWELS = /[aeiouy]/;

/** A word typed in Telex with the input method off, folded: `ddawngs` → `dang`, `kys` → `ky`. */
export function decodeTelex(word: string): string {
  let w = word
    .replace(/dd/g, 'd')
    .replace(/([aou])w/g, '$1')
    .replace(/w/g, 'u')
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o');
  // Tone keys (s f r x j) after the first vowel: no Vietnamese final is one of them.
  const firstVowel = w.search(VOWELS);
  if (firstVowel >= 0) {
    w = w.slice(0, firstVowel + 1) + w.slice(firstVowel + 1).replace(/[sfrxj]/g, '');
  }
  return w;
}

/** A word typed in VNI (digits for marks) with the input method off: `d9a8ng1` → `dang`. */
export function decodeVni(word: string): string {
  if (!/[a-z]/.test(word) || !/\d/.test(word)) return word;
  return word.replace(/(?<=[a-z])[1-9]+/g, '');
}

/** Every string one Damerau-Levenshtein edit away from `word` (over a–z, 0–9). */
export function editsOne(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (right.length > 0) out.add(left + right.slice(1));
    if (right.length > 1) out.add(left + right[1] + right[0] + right.slice(2));
    for (const c of ALPHABET) {
      if (right.length > 0 && c !== right[0]) out.add(left + c + right.slice(1));
      out.add(left + c + right);
    }
  }
  out.delete(word);
  return out;
}

/**
 * Known words the (unknown) `word` was probably meant to be, most frequent first, at most
 * `max`. `df(term)` is the number of articles holding a term (0 = unknown).
 *
 * ### Examples
 * ```ts
 * typoCandidates('sihn', (t) => (t === 'sinh' ? 120 : 0)); // ['sinh']
 * typoCandidates('kys', (t) => (t === 'ki' ? 900 : 0));    // ['ki']
 * ```
 */
export function typoCandidates(word: string, df: (term: string) => number, max = 3): string[] {
  const scored = new Map<string, number>();
  const consider = (candidate: string, bonus: number) => {
    const c = canonicalIY(candidate);
    if (c === '' || c === word) return;
    const n = df(c);
    if (n > 0) scored.set(c, Math.max(scored.get(c) ?? 0, n * bonus));
  };
  // Decoded input-method residue is a near-certain reading: it outranks edit guesses.
  for (const decoded of [decodeTelex(word), decodeVni(word)]) consider(decoded, 1000);
  if (word.length >= 3 && scored.size === 0) {
    for (const e of editsOne(word)) consider(e, 1);
  }
  return [...scored.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([t]) => t);
}
