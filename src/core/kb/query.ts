/**
 * From what an operator types to PostgreSQL full-text queries (R-KB-3).
 *
 * 1. `parseQuery`: the same tokenisation as documents; group phrases become their synonym tag
 *    (`cmnd` → `zzcccd`); filler words of spoken questions are dropped (`cho hỏi`, `như thế
 *    nào`, `tôi muốn`); the last word, while still being typed (no trailing space), is matched
 *    as a prefix.
 * 2. `planSearch`: with the knowledge base's vocabulary (term → number of articles), words it
 *    does not hold are replaced by likely corrections (`sihn` → `sinh`) or dropped, and the
 *    tiers are laid out: every unit (AND); then all but any one, all but any two (while that
 *    makes few clauses); then the rarest n−3, n−4… units, never fewer than half; skipping
 *    clauses so common that they would match much of the corpus.
 *
 * Terms are folded ASCII words or tags, so they need no escaping inside a tsquery; they are
 * still quoted.
 */
import { foldWord, looksLikeCode, normalizeCode, tokenize, type Token } from './normalize.ts';
import { DEFAULT_SYNONYMS, type SynonymIndex } from './synonyms.ts';
import { typoCandidates } from './typo.ts';

/** One thing the query asks for: any of `terms` (a word, its corrections, or a tag). */
export interface QueryUnit {
  terms: string[];
  /** Matched as a prefix (`doanh:*`): the word being typed. */
  prefix: boolean;
  /** The words as typed, for display. */
  source: string;
  kind: 'word' | 'synonym' | 'corrected';
}

export interface ParsedQuery {
  raw: string;
  units: QueryUnit[];
  /** Words dropped as filler. */
  dropped: string[];
  /** Folded query words kept (synonym phrases as typed), for title similarity. */
  text: string;
  /** The query as a code (`1.001612`), when it looks like one. */
  code: string | null;
}

/** Filler phrases of spoken questions, folded; longest first at each position. */
const STOP_PHRASES = [
  'cho hoi',
  'xin hoi',
  'cho toi hoi',
  'toi muon hoi',
  'toi muon',
  'toi can',
  'can nhung gi',
  'gom nhung gi',
  'nhung gi',
  'nhu the nao',
  'the nao',
  'lam sao',
  'lam the nao',
  'o dau',
  'tai dau',
  'la gi',
  'phai khong',
  'duoc khong',
  'co duoc',
  'bao nhieu',
  'vui long',
  'giup toi',
  'giup em',
  'xin chao',
  'chao ban',
].map((p) => p.split(' '));

/**
 * Single filler words, folded. Only words that are filler in nearly every reading; many
 * short words stay because a folded form has a meaningful twin: `can` (cần/căn hộ), `co`
 * (có/cơ sở), `the` (thế/thẻ), `ban` (bạn/bản sao), `dau` (đâu/đầu tư), `nha` (nha/nhà ở),
 * `thi` (thì/thi cử), `vay` (vậy/vay vốn), `ma` (mà/mã), `minh` (mình/chứng minh).
 */
const STOP_WORDS = new Set([
  'toi',
  'muon',
  'hoi',
  'xin',
  'gi',
  'nao',
  'khong',
  'duoc',
  'la',
  'va',
  'nhe',
  'a',
  'ah',
  'oi',
  'nhung',
  'cac',
  'mot',
  'nay',
  'giup',
  'lam',
  'ai',
  'khi',
  'neu',
  'roi',
  'nua',
  'phai',
]);

const MAX_UNITS = 12;

function isStopPhraseAt(tokens: readonly Token[], i: number): number {
  let best = 0;
  for (const p of STOP_PHRASES) {
    if (p.length > best && p.every((w, k) => tokens[i + k]?.norm === w)) best = p.length;
  }
  return best;
}

/**
 * Parses a query. Filler is dropped only when something else is left (`hỏi` alone stays).
 *
 * ### Examples
 * ```ts
 * parseQuery('Cho hỏi thủ tục đăng kí hộ kinh doanh').units.map((u) => u.terms);
 * // [['thu'], ['tuc'], ['dang'], ['ki'], ['zzhkd']]
 * parseQuery('dang ky khai si').units.at(-1); // { terms: ['si'], prefix: true, … }
 * ```
 */
export function parseQuery(raw: string, synonyms: SynonymIndex = DEFAULT_SYNONYMS): ParsedQuery {
  const typing = raw.length > 0 && !/[\s.,;:!?)]$/u.test(raw);
  const tokens = tokenize(raw);
  const spans = synonyms.querySpans(tokens);
  const spanAt = new Map(spans.map((s) => [s.start, s]));

  type Piece = { unit: QueryUnit; stop: boolean; index: number; phrase?: boolean };
  const pieces: Piece[] = [];
  for (let i = 0; i < tokens.length;) {
    const span = spanAt.get(i);
    if (span) {
      const words = tokens.slice(span.start, span.end);
      pieces.push({
        unit: {
          terms: [span.tag],
          prefix: false,
          source: words.map((t) => t.text).join(' '),
          kind: 'synonym',
        },
        stop: false,
        index: i,
      });
      i = span.end;
      continue;
    }
    const stopLen = isStopPhraseAt(tokens, i);
    if (stopLen > 0) {
      for (let k = 0; k < stopLen; k++) {
        const t = tokens[i + k]!;
        pieces.push({
          unit: { terms: [t.norm], prefix: false, source: t.text, kind: 'word' },
          stop: true,
          index: i + k,
          phrase: true,
        });
      }
      i += stopLen;
      continue;
    }
    const t = tokens[i]!;
    pieces.push({
      unit: { terms: [t.norm], prefix: false, source: t.text, kind: 'word' },
      stop: STOP_WORDS.has(t.norm),
      index: i,
    });
    i++;
  }

  // The word being typed: a prefix if long enough to narrow anything, otherwise not yet a word.
  const last = pieces.at(-1);
  if (
    typing &&
    last &&
    last.unit.kind === 'word' &&
    !last.phrase &&
    last.index === tokens.length - 1 &&
    !(last.stop && pieces.some((p) => p !== last && !p.stop))
  ) {
    const word = last.unit.terms[0]!;
    const others = pieces.filter((p) => p !== last && !p.stop).length;
    if (word.length >= 3 || (word.length === 2 && others > 0) || /^\d+$/.test(word)) {
      last.unit.prefix = true;
      last.stop = false;
    } else if (others > 0) {
      pieces.pop();
    }
  }

  const content = pieces.filter((p) => !p.stop);
  const kept = content.length > 0 ? content : pieces;
  const units: QueryUnit[] = [];
  const seen = new Set<string>();
  for (const p of kept) {
    const key = `${p.unit.terms.join('|')}${p.unit.prefix ? '*' : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    units.push(p.unit);
  }
  return {
    raw,
    units: units.slice(0, MAX_UNITS),
    dropped: pieces.filter((p) => !kept.includes(p)).map((p) => p.unit.source),
    text: kept
      .map((p) =>
        p.unit.kind === 'synonym'
          ? tokenize(p.unit.source)
              .map((t) => t.norm)
              .join(' ')
          : p.unit.terms[0],
      )
      .join(' '),
    code: looksLikeCode(raw) ? normalizeCode(raw) : null,
  };
}

/** What the knowledge base holds: articles per term, and how many articles in all. */
export interface Vocabulary {
  df(term: string): number;
  /** Articles holding any term that starts with `prefix` (an upper bound is fine). */
  prefixDf(prefix: string): number;
  total: number;
}

export interface SearchTier {
  /** 0 = every selecting unit; 1 = all but one; … */
  relaxation: number;
  /** The tier as one tsquery: its clauses ORed. */
  tsquery: string;
  /** Each an AND of units; an article matches the tier when it matches any. */
  clauses: string[];
  /** Matches hold every unit of the query (no common unit was left out). */
  exact: boolean;
  /**
   * At most this many articles match (the rarest unit's count, whole texts included);
   * `Infinity` without a vocabulary.
   */
  bound: number;
}

/** How an article's head is scored for one unit (see `kbSearchRepository.tier`). */
export interface UnitScore {
  /** The unit as a tsquery. */
  query: string;
  /** The same, restricted to the title (weight A). */
  titleQuery: string;
  /** Rarity: ln(1 + articles / articles holding the unit); 1 without a vocabulary. */
  weight: number;
}

/** Two consecutive query units next to each other in the head: a phrase, scored. */
export interface BigramScore {
  query: string;
  weight: number;
}

export interface SearchPlan {
  units: QueryUnit[];
  /** Every unit, as one tsquery (whether an article holds them all). */
  allUnits: string;
  /** Per unit, for scoring: rarer words count more, in the title twice. */
  scoring: UnitScore[];
  /** Consecutive units adjacent in the head (`giấy phép xây dựng` as written, not scattered). */
  bigrams: BigramScore[];
  tiers: SearchTier[];
  /** Words nothing in the knowledge base holds, even corrected. */
  unknown: string[];
  /** Terms to highlight: exact words, prefixes, tags. */
  highlight: { words: string[]; prefixes: string[]; tags: string[] };
  similarityText: string;
  code: string | null;
}

const quote = (term: string) => `'${term.replace(/'/g, "''")}'`;

function unitQuery(u: QueryUnit, weight = ''): string {
  const parts = u.terms.map(
    (t) => `${quote(t)}${u.prefix || weight ? `:${u.prefix ? '*' : ''}${weight}` : ''}`,
  );
  return parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
}

function combinations<T>(items: readonly T[], k: number): T[][] {
  const out: T[][] = [];
  const pick = (start: number, acc: T[]) => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i <= items.length - (k - acc.length); i++) {
      acc.push(items[i]!);
      pick(i + 1, acc);
      acc.pop();
    }
  };
  pick(0, []);
  return out;
}

export interface PlanOptions {
  /**
   * A relaxed clause expected to match more than this many articles is skipped: it would
   * mostly find articles that share the query's commonest words and little else. Expected
   * matches assume words independent: total × Π (df / total).
   */
  broadLimit?: number;
  /** At most this many clauses in one relaxed tier. */
  maxClauses?: number;
  /** A prefix expanding to words held by more than this share of articles waits (see above). */
  broadPrefixShare?: number;
  /** Units held by more than this share of articles score but do not select (default 0.3). */
  commonShare?: number;
}

/**
 * Lays out the tiers for a parsed query. Without a vocabulary (none loaded yet) words are
 * taken as typed and only the first tier is strict.
 */
export function planSearch(
  parsed: ParsedQuery,
  vocab: Vocabulary | null,
  o: PlanOptions = {},
  synonyms: SynonymIndex = DEFAULT_SYNONYMS,
): SearchPlan {
  const broadLimit = o.broadLimit ?? 2000;
  const maxClauses = o.maxClauses ?? 24;
  const unknown: string[] = [];
  const deferred: string[] = [];
  const units: QueryUnit[] = [];
  const dfOf = new Map<QueryUnit, number>();
  for (const u of parsed.units) {
    if (!vocab) {
      units.push(u);
      dfOf.set(u, 0);
      continue;
    }
    if (u.prefix) {
      const n = vocab.prefixDf(u.terms[0]!);
      if (n === 0) {
        // Nothing starts so: a typo in the word being typed (`khai sihn`) — mend it.
        const fixes = typoCandidates(u.terms[0]!, (t) => vocab.df(t));
        if (fixes.length > 0) {
          const cu: QueryUnit = { ...u, prefix: false, terms: fixes, kind: 'corrected' };
          units.push(cu);
          dfOf.set(
            cu,
            fixes.reduce((sum, t) => sum + vocab.df(t), 0),
          );
        } else unknown.push(u.source);
      }
      // A word barely begun ('cu' of 'cư trú', 'cung', 'cuộc'…) narrows nothing and costs a
      // scan of every word it starts: wait for the next keystroke, keep the other words.
      else if (n > vocab.total * (o.broadPrefixShare ?? 0.2) && parsed.units.length > 1)
        deferred.push(u.terms[0]!);
      else {
        units.push(u);
        dfOf.set(u, n);
      }
      continue;
    }
    const n = u.terms.reduce((s, t) => s + vocab.df(t), 0);
    if (n > 0) {
      units.push(u);
      dfOf.set(u, n);
      continue;
    }
    if (u.kind === 'synonym') {
      // No article uses the group: try the typed words themselves.
      const words = tokenize(u.source).map((t) => t.norm);
      if (words.every((w) => vocab.df(w) > 0)) {
        for (const w of words) {
          const wu: QueryUnit = { terms: [w], prefix: false, source: w, kind: 'word' };
          units.push(wu);
          dfOf.set(wu, vocab.df(w));
        }
      } else unknown.push(u.source);
      continue;
    }
    const fixes = typoCandidates(u.terms[0]!, (t) => vocab.df(t));
    if (fixes.length > 0) {
      const cu: QueryUnit = { ...u, terms: fixes, kind: 'corrected' };
      units.push(cu);
      dfOf.set(
        cu,
        fixes.reduce((s, t) => s + vocab.df(t), 0),
      );
    } else unknown.push(u.source);
  }

  // Units most articles hold narrow little and cost most (their posting lists are long): they
  // score but do not select, unless nothing rarer is left ("cutoff frequency").
  const total = Math.max(1, vocab?.total ?? 1);
  const isCommon = (u: QueryUnit) =>
    vocab !== null && (dfOf.get(u) ?? 0) > total * (o.commonShare ?? 0.3);
  // Rarest first: dropping a query's commonest words loses least.
  const byRarity = [...units].sort((a, b) => (dfOf.get(a) ?? 0) - (dfOf.get(b) ?? 0));
  let selecting = units.filter((u) => !isCommon(u));
  // Nothing rarer: every unit selects. Their intersection is small and GIN finds it fast,
  // where any one of them alone would list much of the corpus in no useful order.
  if (selecting.length === 0) selecting = units;
  const allUnits = units.map((u) => unitQuery(u)).join(' & ');

  const tiers: SearchTier[] = [];
  const n = selecting.length;
  if (n > 0) {
    // At most the rarest unit's count: words of a query often go together ("kinh doanh"), so
    // the product of their shares (independence) would let a clause matching thousands through.
    const expected = (c: QueryUnit[]) =>
      vocab ? c.reduce((e, u) => Math.min(e, dfOf.get(u) ?? 0), total) : Infinity;
    const and = selecting.map((u) => unitQuery(u)).join(' & ');
    tiers.push({
      relaxation: 0,
      tsquery: and,
      clauses: [and],
      exact: n === units.length,
      bound: expected(selecting),
    });
    const minK = Math.max(1, Math.ceil(n / 2));
    const rarest = byRarity.filter((u) => selecting.includes(u));
    for (let k = n - 1; k >= minK; k--) {
      // All but one or two: any (words the article phrases differently), while the clauses stay
      // few. Fewer: the rarest k.
      let all = k >= n - 2 ? combinations(selecting, k) : [rarest.slice(0, k)];
      if (all.length > maxClauses) all = [rarest.slice(0, k)];
      const clauses = vocab ? all.filter((c) => expected(c) <= broadLimit) : all;
      if (clauses.length === 0) continue;
      const ands = clauses.map((c) => c.map((u) => unitQuery(u)).join(' & '));
      tiers.push({
        relaxation: n - k,
        tsquery: ands.map((c) => `(${c})`).join(' | '),
        clauses: ands,
        exact: false,
        bound: clauses.reduce((sum, c) => sum + expected(c), 0),
      });
    }
  }

  const words: string[] = [];
  const prefixes: string[] = [...deferred];
  const tags: string[] = [];
  for (const u of units) {
    for (const t of u.terms) {
      if (t.startsWith('zz')) tags.push(t);
      else if (u.prefix) prefixes.push(t);
      else words.push(t);
    }
  }
  // Title similarity on what the query means: corrections rather than typos, and a synonym's
  // phrase rather than its abbreviation (`hkd` → `ho kinh doanh`).
  const similarityText = units
    .map((u) =>
      u.kind === 'synonym' ? (synonyms.phraseOf(u.terms[0]!) ?? foldTerm(u.source)) : u.terms[0]!,
    )
    .join(' ');
  const scoring = units.map((u): UnitScore => {
    const df = dfOf.get(u) ?? 0;
    return {
      query: unitQuery(u),
      titleQuery: unitQuery(u, 'A'),
      weight: vocab && df > 0 ? Math.log(1 + total / Math.min(df, total)) : 1,
    };
  });
  const bigrams: BigramScore[] = [];
  for (let i = 0; i + 1 < units.length; i++) {
    const a = units[i]!;
    const b = units[i + 1]!;
    bigrams.push({
      query: `${unitQuery(a)} <-> ${unitQuery(b)}`,
      weight: (scoring[i]!.weight + scoring[i + 1]!.weight) / 2,
    });
  }
  return {
    units,
    allUnits,
    scoring,
    bigrams,
    tiers,
    unknown,
    highlight: { words, prefixes, tags },
    similarityText,
    code: parsed.code,
  };
}

/** Folds a single word the way queries and documents are folded (for callers' lookups). */
export const foldTerm = (word: string) => foldWord(word).replace(/[^a-z0-9]/g, '');
