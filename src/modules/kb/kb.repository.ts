import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { KbKind, KbStatus } from '../../db/schema.ts';
import type { SearchFields } from '../../core/kb/document.ts';
import type { KbPendingStatus } from '../../core/kb/review.ts';
import type { ArticleContent } from '../../contract/kb.ts';

/** The columns read of agencies and fields an article or an import row names. */
export const columns = {
  agencyRef: ['id', 'code', 'active'],
  fieldRef: ['id', 'code', 'active'],
} as const;

/** Who changed an article, and when. */
interface Stamp {
  by: string;
  at: Date;
}

/** An article's content as columns. */
function contentColumns(c: ArticleContent) {
  return {
    kind: c.kind,
    code: c.code,
    title: c.title,
    summary: c.summary,
    body: c.body,
    procedure: c.procedure ? JSON.stringify(c.procedure) : null,
    keywords: c.keywords,
    source_url: c.sourceUrl,
    field_id: c.fieldId,
    agency_id: c.agencyId,
    effective_from: c.effectiveFrom,
    expires_at: c.expiresAt,
    review_due: c.reviewDue,
  };
}

/** Search column values for an insert or update. */
function searchColumns(s: SearchFields, revision: number) {
  return {
    code_norm: s.codeNorm,
    search_title: s.title,
    search_a: s.a,
    search_b: s.b,
    search_c: s.c,
    search_revision: revision,
  };
}

/** A new article: its content, search columns and state. */
export interface NewArticle {
  tenantId: string;
  content: ArticleContent;
  search: SearchFields;
  revision: number;
  status: KbStatus;
  /** Set when the article is published as it is created (an import). */
  published: Stamp | null;
  created: Stamp;
}

/** A saved version of an article's content. */
export interface NewVersion {
  articleId: string;
  version: number;
  tenantId: string;
  content: ArticleContent;
  note: string | null;
  created: Stamp;
  published: Stamp | null;
}

const versionValues = (v: NewVersion) => ({
  article_id: v.articleId,
  version: v.version,
  tenant_id: v.tenantId,
  snapshot: JSON.stringify(v.content),
  note: v.note,
  created_by: v.created.by,
  created_at: v.created.at,
  published_at: v.published?.at ?? null,
  published_by: v.published?.by ?? null,
});

/** SQL of the knowledge base: articles, versions, the references they name, the vocabulary. */
export const kbRepository = {
  article(q: Q, tenantId: string, id: string, lock = false) {
    let query = q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  },

  articlesByCode(q: Q, tenantId: string, codes: string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code_norm', 'in', codes)
      .forUpdate()
      .execute();
  },

  /** The article holding a (normalised) code, if any. */
  codeHolder(q: Q, tenantId: string, codeNorm: string) {
    return q
      .selectFrom('kb_article')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('code_norm', '=', codeNorm)
      .executeTakeFirst();
  },

  agencies(q: Q, tenantId: string) {
    return q
      .selectFrom('agency')
      .select(columns.agencyRef)
      .where('tenant_id', '=', tenantId)
      .execute();
  },

  fields(q: Q, tenantId: string) {
    return q
      .selectFrom('field')
      .select(columns.fieldRef)
      .where('tenant_id', '=', tenantId)
      .execute();
  },

  agency(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('agency')
      .select(columns.agencyRef)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  field(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('field')
      .select(columns.fieldRef)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async list(
    q: Q,
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
    let base = q.selectFrom('kb_article').where('tenant_id', '=', tenantId);
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
  },

  reviewDue(
    q: Q,
    tenantId: string,
    until: string,
    f: { agencyId?: string | undefined; limit: number },
  ) {
    let s = q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('review_due', '<=', until), eb('expires_at', '<=', until)]));
    if (f.agencyId) s = s.where('agency_id', '=', f.agencyId);
    return s
      .orderBy(sql`LEAST(coalesce(review_due, 'infinity'), coalesce(expires_at, 'infinity'))`)
      .orderBy('id')
      .limit(f.limit)
      .execute();
  },

  /** Articles whose search columns an older normaliser wrote (a batch, for re-indexing). */
  staleSearch(q: Q, tenantId: string, revision: number, limit: number) {
    return q
      .selectFrom('kb_article')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('search_revision', '<', revision)
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  insertArticle(q: Q, a: NewArticle) {
    return q
      .insertInto('kb_article')
      .values(articleValues(a))
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** New articles in one statement (an import may bring thousands); ids in the given order. */
  insertArticles(q: Q, as: NewArticle[]) {
    return q
      .insertInto('kb_article')
      .values(as.map(articleValues))
      .returning(['id', 'code'])
      .execute();
  },

  /** Replaces an article's content and search columns and sets its state. */
  writeContent(
    q: Q,
    id: string,
    w: {
      content: ArticleContent;
      search: SearchFields;
      revision: number;
      status: KbStatus;
      version: number;
      published: Stamp | null;
      updated: Stamp;
    },
  ) {
    return q
      .updateTable('kb_article')
      .set({
        ...contentColumns(w.content),
        ...searchColumns(w.search, w.revision),
        status: w.status,
        version: w.version,
        pending_version: null,
        pending_status: null,
        ...(w.published && { published_at: w.published.at, published_by: w.published.by }),
        updated_by: w.updated.by,
        updated_at: w.updated.at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Sets an article's state (and the edit waiting on top of it) without touching its text. */
  setState(
    q: Q,
    id: string,
    s: { status?: KbStatus; pending?: { version: number | null; status: KbPendingStatus | null } },
    updated: Stamp,
  ) {
    return q
      .updateTable('kb_article')
      .set({
        ...(s.status && { status: s.status }),
        ...(s.pending && {
          pending_version: s.pending.version,
          pending_status: s.pending.status,
        }),
        updated_by: updated.by,
        updated_at: updated.at,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Rewrites an article's search columns (re-indexing). */
  async writeSearch(q: Q, id: string, search: SearchFields, revision: number) {
    await q
      .updateTable('kb_article')
      .set(searchColumns(search, revision))
      .where('id', '=', id)
      .execute();
  },

  versions(q: Q, tenantId: string, articleId: string) {
    return q
      .selectFrom('kb_article_version as v')
      .leftJoin('app_user as c', 'c.id', 'v.created_by')
      .leftJoin('app_user as p', 'p.id', 'v.published_by')
      .selectAll('v')
      .select(['c.display_name as created_by_name', 'p.display_name as published_by_name'])
      .where('v.tenant_id', '=', tenantId)
      .where('v.article_id', '=', articleId)
      .orderBy('v.version', 'desc')
      .execute();
  },

  version(q: Q, articleId: string, version: number) {
    return q
      .selectFrom('kb_article_version')
      .selectAll()
      .where('article_id', '=', articleId)
      .where('version', '=', version)
      .executeTakeFirst();
  },

  /** The highest version saved of an article (0 when none). */
  async latestVersion(q: Q, articleId: string): Promise<number> {
    const r = await q
      .selectFrom('kb_article_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('article_id', '=', articleId)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  },

  async insertVersions(q: Q, vs: NewVersion[]) {
    if (vs.length === 0) return;
    await q.insertInto('kb_article_version').values(vs.map(versionValues)).execute();
  },

  async markVersionPublished(q: Q, articleId: string, version: number, published: Stamp) {
    await q
      .updateTable('kb_article_version')
      .set({ published_at: published.at, published_by: published.by })
      .where('article_id', '=', articleId)
      .where('version', '=', version)
      .execute();
  },

  // ---- vocabulary --------------------------------------------------------------------------

  /** The document frequency of every term of the tenant's published articles, and their number. */
  async vocabulary(q: Q, tenantId: string) {
    const [terms, total] = await Promise.all([
      q
        .selectFrom('kb_term')
        .select(['term', 'df'])
        .where('tenant_id', '=', tenantId)
        .where('df', '>', 0)
        .execute(),
      q
        .selectFrom('kb_article')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow(),
    ]);
    return { terms, total: Number(total.n) };
  },

  /**
   * Applies document-frequency changes (term → +n / −n) in one statement, terms in order so
   * that concurrent writers lock rows in the same order.
   */
  async adjustVocabulary(q: Q, tenantId: string, deltas: ReadonlyMap<string, number>) {
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
      q,
    );
    const dropped = entries.filter(([, d]) => d < 0).map(([t]) => t);
    if (dropped.length > 0) {
      await sql`DELETE FROM kb_term WHERE tenant_id = ${tenantId} AND term = ANY(${dropped}::text[]) AND df <= 0`.execute(
        q,
      );
    }
  },
};

function articleValues(a: NewArticle) {
  return {
    tenant_id: a.tenantId,
    ...contentColumns(a.content),
    ...searchColumns(a.search, a.revision),
    status: a.status,
    version: 1,
    published_at: a.published?.at ?? null,
    published_by: a.published?.by ?? null,
    created_by: a.created.by,
    created_at: a.created.at,
    updated_by: a.created.by,
    updated_at: a.created.at,
  };
}
