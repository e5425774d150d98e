/**
 * SQL of knowledge-base search (R-KB-3): the word tiers, similar titles and codes over
 * published articles. The plan (which tiers, in which order) is `kb.search.ts`'s; the scores
 * are `core/kb/rank.ts`'s.
 */
import { sql, type RawBuilder } from 'kysely';
import { prepared } from '../../db/database.ts';
import type { Q } from '../../db/helpers.ts';
import type { KbArticleRow, KbKind } from '../../db/schema.ts';
import { RANK_WEIGHTS } from '../../core/kb/rank.ts';
import type { BigramScore, UnitScore } from '../../core/kb/query.ts';

/** What a search returns per article before presentation (the body cut for snippets). */
export interface SearchHit {
  id: string;
  kind: KbKind;
  code: string | null;
  title: string;
  summary: string;
  body: string;
  procedure: KbArticleRow['procedure'];
  agency_id: string;
  field_id: string | null;
  review_due: string | null;
  expires_at: string | null;
  effective_from: string | null;
  version: number;
  updated_at: Date;
  score: number;
}

export interface SearchFilters {
  tenantId: string;
  kind?: KbKind | undefined;
  fieldId?: string | undefined;
  agencyId?: string | undefined;
  exclude: string[];
}

/** Candidates of a tier given the full score after the cheap first ranking. */
const RESCORE = 30;
/** Characters of the body fetched for snippets. */
const SNIPPET_SOURCE = 6000;
const W = RANK_WEIGHTS;
const VECTOR_WEIGHTS = `{${W.vector.join(',')}}`;

function filterSql(f: SearchFilters, alias?: string) {
  const col = (name: string) => (alias ? sql.ref(`${alias}.${name}`) : sql.ref(name));
  return sql.join(
    [
      sql`${col('tenant_id')} = ${f.tenantId}`,
      sql`${col('status')} = 'published'`,
      ...(f.kind ? [sql`${col('kind')} = ${f.kind}`] : []),
      ...(f.fieldId ? [sql`${col('field_id')} = ${f.fieldId}`] : []),
      ...(f.agencyId ? [sql`${col('agency_id')} = ${f.agencyId}`] : []),
      ...(f.exclude.length > 0 ? [sql`${col('id')} <> ALL(${f.exclude}::uuid[])`] : []),
    ],
    sql` AND `,
  );
}

/** What scores a tier's candidates (see `planSearch`). */
export interface TierScoring {
  units: UnitScore[];
  /** Every unit of the query, ANDed: whether an article holds them all. */
  allUnits: string;
  bigrams: BigramScore[];
  similarityText: string;
}

/**
 * Coverage of the query by an article's head, 0…1: Σ idf-weighted units (twice in the title)
 * and adjacent consecutive units, over its maximum.
 */
function coverSql(s: TierScoring, alias: string) {
  const head = sql.ref(`${alias}.search_head`);
  const max =
    2 * s.units.reduce((n, u) => n + u.weight, 0) + s.bigrams.reduce((n, b) => n + b.weight, 0);
  const parts = [
    ...s.units.map(
      (u) => sql`CASE WHEN ${head} @@ ${u.titleQuery}::tsquery THEN ${2 * u.weight}::float8
                      WHEN ${head} @@ ${u.query}::tsquery THEN ${u.weight}::float8 ELSE 0 END`,
    ),
    ...s.bigrams.map(
      (b) => sql`CASE WHEN ${head} @@ ${b.query}::tsquery THEN ${b.weight}::float8 ELSE 0 END`,
    ),
  ];
  if (parts.length === 0 || max <= 0) return sql`0`;
  return sql`(${sql.join(parts, sql` + `)}) / ${max}::float8`;
}

/** The columns of a search hit, from `kb_article a`. */
const HIT_COLUMNS = sql.raw(
  `a.id, a.kind, a.code, a.title, a.summary, left(a.body, ${SNIPPET_SOURCE}) AS body, a.procedure,
   a.agency_id, a.field_id, a.review_due, a.expires_at, a.effective_from, a.version, a.updated_at`,
);

/**
 * Search statements run prepared: their text depends only on the query's shape (how many
 * words), every value is a parameter, so PostgreSQL parses and plans each shape once per
 * connection (planning was ~0.8 ms of a 1–3 ms statement).
 */
function runPrepared<R>(q: Q, raw: RawBuilder<R>) {
  return q.executeQuery(prepared(raw, q));
}

const kindScore = (alias: string) =>
  sql`CASE ${sql.ref(`${alias}.kind`)} WHEN 'procedure' THEN ${sql.lit(W.kind.procedure)} WHEN 'faq' THEN ${sql.lit(W.kind.faq)} ELSE ${sql.lit(W.kind.policy)} END`;

/** SQL of knowledge-base search. */
export const kbSearchRepository = {
  /**
   * One tier: published articles whose head (title, code, summary, keywords) or whole text
   * matches any of `tier.clauses`, the best `limit` by score, with what presentation needs.
   *
   * Scoring reads only the small head vector and the title, in two stages. First, over at
   * most `cap` matching articles (a match broader than that is ranked on the first `cap`
   * found), a cheap first ranking. Then, over the best `RESCORE`, the score of `rank.ts`:
   * matched share, coverage, `ts_rank_cd` (proximity) and title trigram similarity (the
   * dearest, ~40 µs a row). In a relaxed tier the matched share is measured on the whole text
   * (a unit the head lacks may be in the body), which reads the large vector of those rows.
   */
  async tier(
    q: Q,
    f: SearchFilters,
    column: 'head' | 'full',
    tier: { tsquery: string; clauses: string[] },
    scoring: TierScoring,
    relaxed: boolean,
    limit: number,
    cap: number,
  ): Promise<SearchHit[]> {
    // First ranking: the rarity-weighted coverage of the head (a few @@ a unit and pair).
    const first = coverSql(scoring, 'm');
    // Relaxed: 1 if the whole text holds every unit after all (one look at the large vector),
    // else the rarity-weighted share of units in the head.
    const unitSum = Math.max(
      1e-9,
      scoring.units.reduce((s, u) => s + u.weight, 0),
    );
    const headShare = sql`(${sql.join(
      scoring.units.map(
        (u) =>
          sql`CASE WHEN r.search_head @@ ${u.query}::tsquery THEN ${u.weight}::float8 ELSE 0 END`,
      ),
      sql` + `,
    )}) / ${unitSum}::float8`;
    const matched =
      relaxed && scoring.units.length > 0
        ? sql`CASE WHEN v.search_vector @@ ${scoring.allUnits}::tsquery THEN 1 ELSE ${headShare} END`
        : sql`1`;
    const wholeText = relaxed ? sql`JOIN kb_article v ON v.id = r.id` : sql``;
    const { rows } = await runPrepared(
      q,
      sql<SearchHit>`
      WITH q AS (SELECT to_tsquery('simple', ${tier.tsquery}) AS tq)
      SELECT ${HIT_COLUMNS}, s.score
        FROM (SELECT r.id,
                     ${matched} * ${sql.lit(W.match)} + r.cover * ${sql.lit(W.cover)}
                     + ts_rank_cd(${VECTOR_WEIGHTS}::float4[], r.search_head, q.tq, ${sql.lit(W.normalization)}) * ${sql.lit(W.rank)}
                     + similarity(r.search_title, ${scoring.similarityText}) * ${sql.lit(W.title)}
                     + r.kind_score AS score
                FROM (SELECT c.*
                        FROM (SELECT m.id, m.search_head, m.search_title, ${kindScore('m')} AS kind_score,
                                     ${first} AS cover
                                FROM kb_candidates_any(${f.tenantId}, ${tier.clauses}::tsquery[], ${column === 'full'},
                                                   ${cap}, ${f.kind ?? null}, ${f.fieldId ?? null},
                                                   ${f.agencyId ?? null}, ${f.exclude}::uuid[]) m) c
                       ORDER BY c.cover + c.kind_score DESC, c.id
                       LIMIT ${RESCORE}) r
                ${wholeText}, q
               ORDER BY score DESC, r.id
               LIMIT ${limit}) s
        JOIN kb_article a ON a.id = s.id
       ORDER BY s.score DESC, s.id`,
    );
    return rows;
  },

  /** Titles similar to the text (trigram), for what the word tiers missed. */
  async similarTitles(q: Q, f: SearchFilters, text: string, limit: number): Promise<SearchHit[]> {
    const { rows } = await runPrepared(
      q,
      sql<SearchHit>`
      SELECT ${HIT_COLUMNS}, s.sim * ${sql.lit(W.title)} + ${kindScore('s')} AS score
        FROM kb_similar_titles(${f.tenantId}, ${text}, ${limit}, ${f.kind ?? null}, ${f.fieldId ?? null},
                               ${f.agencyId ?? null}, ${f.exclude}::uuid[]) s
        JOIN kb_article a ON a.id = s.id
       ORDER BY score DESC, a.id`,
    );
    return rows;
  },

  /** Articles whose code is the query, or starts with it followed by a dot. */
  async code(q: Q, f: SearchFilters, code: string, limit: number): Promise<SearchHit[]> {
    const like = `${code.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    const { rows } = await runPrepared(
      q,
      sql<SearchHit>`
      SELECT ${HIT_COLUMNS},
             CASE WHEN a.code_norm = ${code} THEN ${sql.lit(W.codeExact)} ELSE ${sql.lit(W.codePrefix)} END AS score
        FROM kb_article a
       WHERE ${filterSql(f, 'a')} AND (a.code_norm = ${code} OR a.code_norm LIKE ${like})
       ORDER BY score DESC, a.code_norm, a.id
       LIMIT ${limit}`,
    );
    return rows;
  },
};
