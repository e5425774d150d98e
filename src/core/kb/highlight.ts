/**
 * Snippets and highlights for search results, computed on the original text (marks, case and
 * tone placement as the agency wrote them) by matching its words in normalised form.
 * Highlights are `[start, end)` UTF-16 offsets into the returned text: clients mark them up
 * themselves, so no HTML ever comes out of the server.
 */
import { tokenize, type Token } from './normalize.ts';
import { DEFAULT_SYNONYMS, type SynonymIndex } from './synonyms.ts';

export interface HighlightTerms {
  /** Folded words matched exactly. */
  words: readonly string[];
  /** Folded prefixes (the word being typed). */
  prefixes: readonly string[];
  /** Synonym tags: every phrase of the group is highlighted. */
  tags: readonly string[];
}

export type Range = [number, number];

export interface Snippet {
  text: string;
  highlights: Range[];
}

/** Which tokens match, each with an id of the term it matched (to count distinct terms). */
function matchTokens(
  tokens: readonly Token[],
  terms: HighlightTerms,
  synonyms: SynonymIndex,
): (string | null)[] {
  const words = new Set(terms.words);
  const out = tokens.map((t): string | null => {
    if (words.has(t.norm)) return t.norm;
    const p = terms.prefixes.find((x) => t.norm.startsWith(x));
    return p === undefined ? null : `${p}*`;
  });
  if (terms.tags.length > 0) {
    const tags = new Set(terms.tags);
    for (const span of synonyms.documentSpans(tokens)) {
      if (!tags.has(span.tag)) continue;
      for (let i = span.start; i < span.end; i++) out[i] = span.tag;
    }
  }
  return out;
}

/** Merges matched neighbouring words separated only by spaces into one range. */
function ranges(text: string, tokens: readonly Token[], hits: readonly (string | null)[]): Range[] {
  const out: Range[] = [];
  tokens.forEach((t, i) => {
    if (hits[i] === null) return;
    const prev = out.at(-1);
    if (prev && /^\s*$/.test(text.slice(prev[1], t.start))) prev[1] = t.end;
    else out.push([t.start, t.end]);
  });
  return out;
}

/**
 * Highlight ranges over a whole (short) text such as a title.
 *
 * ### Examples
 * ```ts
 * highlightAll('Đăng ký hộ kinh doanh', { words: ['dang', 'ki'], prefixes: [], tags: ['zzhkd'] });
 * // [[0, 21]]
 * ```
 */
export function highlightAll(
  text: string,
  terms: HighlightTerms,
  synonyms: SynonymIndex = DEFAULT_SYNONYMS,
): Range[] {
  const tokens = tokenize(text);
  return ranges(text, tokens, matchTokens(tokens, terms, synonyms));
}

/**
 * The passage of `text` (whitespace collapsed) of at most about `maxLength` characters with
 * the most distinct matched terms, cut at word boundaries, `…` where cut, with highlights.
 * `null` when nothing in the text matches.
 */
export function bestSnippet(
  source: string,
  terms: HighlightTerms,
  maxLength = 220,
  synonyms: SynonymIndex = DEFAULT_SYNONYMS,
): Snippet | null {
  const text = source.replace(/\s+/g, ' ').trim();
  const tokens = tokenize(text);
  const hits = matchTokens(tokens, terms, synonyms);
  if (!hits.some((h) => h !== null)) return null;
  if (text.length <= maxLength) return { text, highlights: ranges(text, tokens, hits) };

  // Slide a window over start tokens: most distinct terms, then most hits, earliest first.
  let best = { from: 0, to: 0, distinct: -1, count: -1 };
  let end = 0;
  for (let from = 0; from < tokens.length; from++) {
    const limit = tokens[from]!.start + maxLength;
    if (end < from) end = from;
    while (end + 1 < tokens.length && tokens[end + 1]!.end <= limit) end++;
    const seen = new Set<string>();
    let count = 0;
    for (let i = from; i <= end; i++) {
      const h = hits[i];
      if (h !== null && h !== undefined) {
        seen.add(h);
        count++;
      }
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) {
      best = { from, to: end, distinct: seen.size, count };
    }
  }
  // Keep the hits; add up to 60 characters of context before them, then fill to the right.
  let firstHit = best.from;
  while (hits[firstHit] === null) firstHit++;
  let lastHit = best.to;
  while (hits[lastHit] === null) lastHit--;
  const endOf = (i: number) => tokens[i]!.end;
  const startOf = (i: number) => tokens[i]!.start;
  let from = firstHit;
  while (
    from > 0 &&
    endOf(lastHit) - startOf(from - 1) <= maxLength &&
    startOf(firstHit) - startOf(from - 1) <= 60
  )
    from--;
  // …starting at a sentence if one begins in that context.
  for (let i = firstHit; i > from; i--) {
    if (/[.!?:;]\s*$/.test(text.slice(endOf(i - 1), startOf(i)))) {
      from = i;
      break;
    }
  }
  let to = lastHit;
  while (to + 1 < tokens.length && endOf(to + 1) - startOf(from) <= maxLength) to++;

  const start = from === 0 ? 0 : tokens[from]!.start;
  const stop = to === tokens.length - 1 ? text.length : tokens[to]!.end;
  const lead = start > 0 ? '… ' : '';
  const tail = stop < text.length ? ' …' : '';
  const shift = lead.length - start;
  const highlights = ranges(text, tokens, hits)
    .filter(([s, e]) => s >= start && e <= stop)
    .map(([s, e]): Range => [s + shift, e + shift]);
  return { text: lead + text.slice(start, stop) + tail, highlights };
}

/** The opening of a text (whitespace collapsed), cut at a word boundary: a snippet without hits. */
export function leadSnippet(source: string, maxLength = 220): Snippet {
  const text = source.replace(/\s+/g, ' ').trim();
  if (text.length <= maxLength) return { text, highlights: [] };
  const cut = text.lastIndexOf(' ', maxLength);
  return { text: `${text.slice(0, cut > 0 ? cut : maxLength)} …`, highlights: [] };
}
