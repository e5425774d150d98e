import { sql, type RawBuilder, type Transaction } from 'kysely';
import { prepared, type DB } from '../../db/database.ts';
import type { Database, KbArticleRow, KbKind, KbStatus } from '../../db/schema.ts';
import type { SearchFields } from '../../core/kb/document.ts';
import { RANK_WEIGHTS } from '../../core/kb/rank.ts';
import type { BigramScore, UnitScore } from '../../core/kb/query.ts';

type Q = DB | Transaction<Database>;

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

/** SQL of the knowledge base: articles, versions, the vocabulary, search. */
export class KbRepository {
  constructor(private readonly db: DB) {}

  article(q: Q, tenantId: string, id: string, lock = false) {
    let query = q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  articlesByCode(q: Q, tenantId: string, codes: string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code_norm', 'in', codes)
      .forUpdate()
      .execute();
  }

  agenciesByCode(tenantId: string) {
    return this.db
      .selectFrom('agency')
      .select(['id', 'code', 'name', 'active'])
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  fieldsByCode(tenantId: string) {
    return this.db
      .selectFrom('field')
      .select(['id', 'code', 'active'])
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  agency(tenantId: string, id: string) {
    return this.db
      .selectFrom('agency')
      .select(['id', 'name', 'active'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  field(tenantId: string, id: string) {
    return this.db
      .selectFrom('field')
      .select(['id', 'active'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async list(
    tenantId: string,
    f: {
      statuses?: KbStatus[] | undefined;
      agencyId?: string | undefined;
      kind?: KbKind | undefined;
      pending?: boolean | undefined;
      limit: number;
      offset: number;
    },
  ) {
    let base = this.db.selectFrom('kb_article').where('tenant_id', '=', tenantId);
    if (f.statuses) base = base.where('status', 'in', f.statuses);
    if (f.agencyId) base = base.where('agency_id', '=', f.agencyId);
    if (f.kind) base = base.where('kind', '=', f.kind);
    if (f.pending === true) base = base.where('pending_status', 'is not', null);
    if (f.pending === false) base = base.where('pending_status', 'is', null);
    const [total, items] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      base
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
    ]);
    return { total: Number(total.n), items };
  }

  reviewDue(tenantId: string, until: string, f: { agencyId?: string | undefined; limit: number }) {
    let q = this.db
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('review_due', '<=', until), eb('expires_at', '<=', until)]));
    if (f.agencyId) q = q.where('agency_id', '=', f.agencyId);
    return q
      .orderBy(sql`LEAST(coalesce(review_due, 'infinity'), coalesce(expires_at, 'infinity'))`)
      .orderBy('id')
      .limit(f.limit)
      .execute();
  }

  versions(tenantId: string, articleId: string) {
    return this.db
      .selectFrom('kb_article_version as v')
      .leftJoin('app_user as c', 'c.id', 'v.created_by')
      .leftJoin('app_user as p', 'p.id', 'v.published_by')
      .selectAll('v')
      .select(['c.display_name as created_by_name', 'p.display_name as published_by_name'])
      .where('v.tenant_id', '=', tenantId)
      .where('v.article_id', '=', articleId)
      .orderBy('v.version', 'desc')
      .execute();
  }

  version(q: Q, articleId: string, version: number) {
    return q
      .selectFrom('kb_article_version')
      .selectAll()
      .where('article_id', '=', articleId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  // ---- search ----------------------------------------------------------------------------

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
  async searchTier(
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
  }

  /** Titles similar to the text (trigram), for what the word tiers missed. */
  async searchTrigram(q: Q, f: SearchFilters, text: string, limit: number): Promise<SearchHit[]> {
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
  }

  /** Articles whose code is the query, or starts with it followed by a dot. */
  async searchCode(q: Q, f: SearchFilters, code: string, limit: number): Promise<SearchHit[]> {
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
  }

  // ---- vocabulary --------------------------------------------------------------------------

  async vocabulary(tenantId: string) {
    const [terms, total] = await Promise.all([
      this.db
        .selectFrom('kb_term')
        .select(['term', 'df'])
        .where('tenant_id', '=', tenantId)
        .where('df', '>', 0)
        .execute(),
      this.db
        .selectFrom('kb_article')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow(),
    ]);
    return { terms, total: Number(total.n) };
  }

  /**
   * Applies document-frequency changes (term → +n / −n) in one statement, terms in order so
   * that concurrent writers lock rows in the same order.
   */
  async adjustVocabulary(
    trx: Transaction<Database>,
    tenantId: string,
    deltas: Map<string, number>,
  ) {
    const entries = [...deltas.entries()]
      .filter(([, d]) => d !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return;
    const terms = entries.map(([t]) => t);
    const counts = entries.map(([, d]) => d);
    await sql`
      INSERT INTO kb_term (tenant_id, term, df)
      SELECT ${tenantId}, t, d FROM unnest(${terms}::text[], ${counts}::int[]) AS x(t, d)
      ON CONFLICT (tenant_id, term) DO UPDATE SET df = GREATEST(kb_term.df + EXCLUDED.df, 0)`.execute(
      trx,
    );
    const dropped = entries.filter(([, d]) => d < 0).map(([t]) => t);
    if (dropped.length > 0) {
      await sql`DELETE FROM kb_term WHERE tenant_id = ${tenantId} AND term = ANY(${dropped}::text[]) AND df <= 0`.execute(
        trx,
      );
    }
  }

  /** Articles whose search columns an older normaliser wrote (a batch, for re-indexing). */
  staleSearch(tenantId: string, revision: number, limit: number) {
    return this.db
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('search_revision', '<', revision)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Search column values for an insert or update. */
  static searchColumns(s: SearchFields, revision: number) {
    return {
      code_norm: s.codeNorm,
      search_title: s.title,
      search_a: s.a,
      search_b: s.b,
      search_c: s.c,
      search_revision: revision,
    };
  }
}
