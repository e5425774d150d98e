/**
 * Knowledge-base search (R-KB-3) over published articles: the query is read
 * (`core/kb/query.ts`), planned against the vocabulary into tiers, and the tiers are run
 * (`kb.search.repository.ts`) until enough articles are found. Ours rather than a search
 * engine's: Vietnamese diacritics and tone placement, typos, synonyms and procedure codes are
 * handled by rules we test (`kb.quality.test.ts`), on PostgreSQL alone.
 */
import { performance } from 'node:perf_hooks';
import { parseQuery, planSearch, type SearchPlan, type SearchTier } from '../../core/kb/query.ts';
import type { KbMatch, KbSearchQuery } from '../../contract/kb.ts';
import type { KbContext } from './kb.content.ts';
import {
  kbSearchRepository as repo,
  type SearchFilters,
  type SearchHit,
} from './kb.search.repository.ts';

/**
 * At most this many matching articles are scored per tier (see `kbSearchRepository.tier`):
 * heads (title, summary, keywords) holding every unit; whole texts holding every unit; heads
 * holding most units.
 */
export const RANK_CAP = { head: 300, full: 100, relaxed: 150, broad: 100 } as const;
/**
 * A tier that thousands of articles may match (a word barely begun, "gia…") is ranked on the
 * first `RANK_CAP.broad` found: more of an arbitrary sample ranks no better and costs more.
 */
const BROAD_TIER = 3000;
/** The most articles a query's words may share for whole texts to be searched too. */
export const FULL_TEXT_BOUND = 2000;

export interface SearchResultItem {
  hit: SearchHit;
  score: number;
  match: KbMatch;
}

export interface SearchResult {
  plan: SearchPlan;
  items: SearchResultItem[];
  tookMs: number;
}

/**
 * Searches a tenant's published articles: an exact or prefix code match first, then the tiers
 * of the plan (every unit, then fewer; see the loop) until `limit` articles are found, then
 * titles similar to the query when nothing was. Results are ordered by the score of
 * `core/kb/rank.ts`. Nodes keep a copy of the vocabulary (typo correction, rarity) refreshed
 * every minute; a word another node has just published may miss correction until then.
 */
export async function searchArticles(
  kb: KbContext,
  tenantId: string,
  q: KbSearchQuery,
): Promise<SearchResult> {
  const t0 = performance.now();
  const parsed = parseQuery(q.q, kb.synonyms);
  const plan = planSearch(parsed, await kb.vocabulary.get(tenantId), {}, kb.synonyms);
  const filters: SearchFilters = {
    tenantId,
    kind: q.kind,
    fieldId: q.fieldId,
    agencyId: q.agencyId,
    exclude: [],
  };
  const items: SearchResultItem[] = [];
  const take = (rows: SearchHit[], match: KbMatch) => {
    for (const hit of rows) {
      items.push({ hit, score: hit.score, match });
      filters.exclude.push(hit.id);
    }
  };
  const db = kb.ctx.db;
  if (plan.code) take(await repo.code(db, filters, plan.code, q.limit), 'code');
  // Heads (title, summary, keywords) first: every unit, then all but one; then whole texts
  // holding every unit; then heads with fewer units. Relaxed levels look at heads only: over
  // whole texts they would mostly find articles sharing the query's commonest words, slowly.
  // Every tier is scored alike, so the results are merged by score.
  const [first, second, ...rest] = plan.tiers;
  const steps: { tier: SearchTier; column: 'head' | 'full' }[] = [];
  if (first) steps.push({ tier: first, column: 'head' });
  if (second) steps.push({ tier: second, column: 'head' });
  // Whole texts only when few hold every word: thousands would be ranked on the first
  // `RANK_CAP.full` found, in no useful order, at the cost of the longest posting lists.
  if (first && first.bound <= FULL_TEXT_BOUND) steps.push({ tier: first, column: 'full' });
  for (const tier of rest) steps.push({ tier, column: 'head' });
  const scoring = {
    units: plan.scoring,
    allUnits: plan.allUnits,
    bigrams: plan.bigrams,
    similarityText: plan.similarityText,
  };
  for (const { tier, column } of steps) {
    if (items.length >= q.limit) break;
    const rows = await repo.tier(
      db,
      filters,
      column,
      tier,
      scoring,
      !tier.exact,
      q.limit - items.length,
      tier.bound > BROAD_TIER
        ? RANK_CAP.broad
        : tier.relaxation > 0
          ? RANK_CAP.relaxed
          : RANK_CAP[column],
    );
    take(rows, tier.relaxation === 0 ? 'all' : 'most');
  }
  // Titles like the query, for what no word tier found (typos the vocabulary could not mend,
  // words run together). Costly on long queries, which the word tiers serve anyway.
  if (
    items.length === 0 &&
    parsed.units.length <= 4 &&
    plan.similarityText.replace(/\s/g, '').length >= 4
  ) {
    take(
      await repo.similarTitles(db, filters, plan.similarityText, q.limit - items.length),
      'similar',
    );
  }
  items.sort((a, b) => b.score - a.score);
  return { plan, items: items.slice(0, q.limit), tookMs: performance.now() - t0 };
}
