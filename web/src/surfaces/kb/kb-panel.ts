/**
 * The rules of the knowledge-base panel (R-WF-1, R-KB-3), pure so they are unit-tested: what
 * to search for while the operator types, how highlight ranges become marked text, which
 * suggestion the arrow keys move to, whether an article may be outdated, and the answer text
 * (with its citation) an article gives.
 */
import type { KbArticle, KbHit, KbRange } from '../../../../src/contract/kb.ts';
import type { MessageKey, Params } from '../../i18n/catalog.ts';

/** Shorter than the API's 300: a whole complaint makes a slow query that finds no more. */
export const QUERY_MAX = 200;
export const QUERY_MIN = 2;

/**
 * The search text for what the operator has typed: the parts (subject, content…) joined,
 * whitespace collapsed, cut at a word boundary within `QUERY_MAX`; '' when too short to
 * search (a single letter would list half the base).
 */
export function searchText(...parts: readonly (string | null | undefined)[]): string {
  const all = parts
    .map((p) => (p ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
  if (all.length < QUERY_MIN) return '';
  if (all.length <= QUERY_MAX) return all;
  const cut = all.slice(0, QUERY_MAX + 1);
  const space = cut.lastIndexOf(' ');
  return (space > QUERY_MAX / 2 ? cut.slice(0, space) : cut.slice(0, QUERY_MAX)).trim();
}

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * `text` split into plain and marked pieces by the server's `[start, end)` ranges; ranges
 * out of order, overlapping or outside the text are tolerated (sorted, merged, clamped).
 */
export function segments(text: string, ranges: readonly KbRange[]): Segment[] {
  const sorted = ranges
    .map(([s, e]): KbRange => [Math.max(0, s), Math.min(text.length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: KbRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/**
 * Where a key moves among `count` suggestions from `current` (-1: the search box). `null`:
 * the key is not the panel's. ArrowUp from the first suggestion goes back to the box.
 */
export function moveTo(current: number, key: string, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, count - 1);
    case 'ArrowUp':
      return Math.max(current - 1, -1);
    case 'Home':
      return current < 0 ? null : 0;
    case 'End':
      return current < 0 ? null : count - 1;
    default:
      return null;
  }
}

export type Freshness = 'current' | 'review' | 'expired';

/** An expired article or one past its review date may no longer match current rules. */
export function freshness(a: Pick<KbHit, 'needsReview' | 'expired'>): Freshness {
  return a.expired ? 'expired' : a.needsReview ? 'review' : 'current';
}

export type Tr = (key: MessageKey, params?: Params) => string;

/** The part of an article (GET /kb/articles/:id) an answer is built from. */
export type AnswerSource = Pick<
  KbArticle,
  | 'id'
  | 'kind'
  | 'code'
  | 'title'
  | 'summary'
  | 'body'
  | 'procedure'
  | 'sourceUrl'
  | 'version'
  | 'reviewDue'
  | 'needsReview'
  | 'expired'
>;

function procedureLines(p: NonNullable<KbArticle['procedure']>, t: Tr): string[] {
  const list = (xs: readonly string[]) => xs.map((x) => `- ${x}`).join('\n');
  return [
    p.implementingAgency && `${t('kb.proc.agency')}: ${p.implementingAgency}`,
    p.steps.length > 0 && `${t('kb.proc.steps')}:\n${list(p.steps)}`,
    p.dossier.length > 0 && `${t('kb.proc.dossier')}:\n${list(p.dossier)}`,
    p.processingTime && `${t('kb.proc.time')}: ${p.processingTime}`,
    p.fees && `${t('kb.proc.fees')}: ${p.fees}`,
    p.legalBasis.length > 0 && `${t('kb.proc.legal')}: ${p.legalBasis.join('; ')}`,
  ].filter((x): x is string => Boolean(x));
}

/**
 * The answer an article gives, ready for the citizen: its summary, then its body (unless the
 * body repeats the summary) or a procedure's fields, then where it comes from — title, code,
 * version and official source — so the answer cites its source (R-KB-3). `t` translates in
 * the citizen's language.
 */
export function articleAnswer(a: AnswerSource, t: Tr): string {
  const summary = a.summary.trim();
  const body = a.body.trim();
  const parts: string[] = [];
  // A body that opens with the summary says it all.
  if (summary && !body.startsWith(summary)) parts.push(summary);
  if (body) parts.push(body);
  if (a.procedure) parts.push(procedureLines(a.procedure, t).join('\n'));
  const cite = a.code
    ? t('kb.citationCode', { title: a.title, code: a.code, version: a.version })
    : t('kb.citation', { title: a.title, version: a.version });
  parts.push(a.sourceUrl ? `${cite}\n${a.sourceUrl}` : cite);
  return parts.filter(Boolean).join('\n\n');
}

/** What the answer form sends with the answer: which article, in which version. */
export interface KbChoice {
  id: string;
  version: number;
  title: string;
  code: string | null;
  freshness: Freshness;
}

export function choiceOf(a: AnswerSource): KbChoice {
  return { id: a.id, version: a.version, title: a.title, code: a.code, freshness: freshness(a) };
}
