/**
 * Ranking of knowledge-base results, and the measures used to judge it.
 *
 * Candidates come tier by tier (see `planSearch` and `KbService.search`): articles whose head
 * (title, code, summary, keywords) holds every query unit; whose head holds all units but one;
 * whose whole text holds every unit; whose head holds fewer (never below half); then titles
 * similar by trigrams when nothing else was found. An exact code match comes first. Every
 * candidate gets the same score, and the tiers are merged by it:
 *
 *   score = matched · MATCH      rarity-weighted share of units anywhere in the article
 *         + coverage · COVER      rarity-weighted share of units and adjacent unit pairs in
 *                                 the head, a unit in the title counting twice
 *         + ts_rank_cd(head) · RANK       proximity of the units in title and summary
 *         + similarity(title, query) · TITLE   trigram likeness of the whole title
 *         + KIND[kind]
 *
 * with idf(unit) = ln(1 + articles / articles holding it): the rare word of a question
 * ("căn cước") outweighs its common ones ("lệ phí", "cấp lại").
 */

export const RANK_WEIGHTS = {
  /** ts_rank_cd weights for D, C, B, A (PostgreSQL's order): summary 0.4, title 1. */
  vector: [0.05, 0.2, 0.4, 1.0] as const,
  /** ts_rank_cd normalisation: 1 = divide by 1 + log(length); long bodies do not win by size. */
  normalization: 1,
  /** Rarity-weighted share of the query's units the article holds anywhere (1 when all). */
  match: 2,
  /** Rarity-weighted share of the query's units in the head (a title unit counts twice). */
  cover: 1,
  rank: 0.3,
  title: 0.5,
  kind: { procedure: 0.03, faq: 0.02, policy: 0 } as Record<'procedure' | 'faq' | 'policy', number>,
  codeExact: 1000,
  codePrefix: 500,
};

/** 1-based position of the first relevant item in `ranked`, or 0 if none. */
export function firstRelevant(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const i = ranked.findIndex((r) => relevant.has(r));
  return i < 0 ? 0 : i + 1;
}

export interface QualityReport {
  queries: number;
  k: number;
  /** Mean over queries of |relevant ∩ top k| / |relevant|. */
  recallAtK: number;
  /** Share of queries with at least one relevant result in the top k. */
  hitRateAtK: number;
  /** Mean reciprocal rank of the first relevant result (0 when none in the list). */
  mrr: number;
}

/**
 * recall@k, hit rate@k and MRR over labelled queries.
 *
 * ### Examples
 * ```ts
 * quality([{ ranked: ['b', 'a'], relevant: ['a'] }], 5); // { recallAtK: 1, mrr: 0.5, … }
 * ```
 */
export function quality(
  runs: readonly { ranked: readonly string[]; relevant: readonly string[] }[],
  k: number,
): QualityReport {
  let recall = 0;
  let hits = 0;
  let rr = 0;
  for (const r of runs) {
    const relevant = new Set(r.relevant);
    const top = r.ranked.slice(0, k);
    const found = top.filter((x) => relevant.has(x)).length;
    if (relevant.size > 0) recall += found / relevant.size;
    if (found > 0) hits++;
    const pos = firstRelevant(r.ranked, relevant);
    if (pos > 0) rr += 1 / pos;
  }
  const n = runs.length;
  return {
    queries: n,
    k,
    recallAtK: n ? recall / n : 0,
    hitRateAtK: n ? hits / n : 0,
    mrr: n ? rr / n : 0,
  };
}
