import { performance } from 'node:perf_hooks';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database, KbArticleRow, KbProcedureJson } from '../../db/schema.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { Role } from '../../core/access/roles.ts';
import {
  buildSearchFields,
  SEARCH_REVISION,
  type ArticleText,
  type SearchFields,
} from '../../core/kb/document.ts';
import { normalizeCode } from '../../core/kb/normalize.ts';
import {
  parseQuery,
  planSearch,
  type SearchPlan,
  type SearchTier,
  type Vocabulary,
} from '../../core/kb/query.ts';
import { DEFAULT_SYNONYMS, type SynonymIndex } from '../../core/kb/synonyms.ts';
import { ALL_ROLES, AGENCY_ROLES, requireRole, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { localDate } from '../ticket/local-time.ts';
import { KbRepository, type SearchFilters, type SearchHit } from './kb.repository.ts';
import {
  contentIssues,
  type ArticleBody,
  type ArticlePatch,
  type ListQuery,
  type ReviewDueQuery,
  type SearchQuery,
} from './kb.schema.ts';
import { parseImport, type ImportItem } from './kb.import.ts';

/** Roles that write articles: agency staff (their own agency's), the Provincial Office, admins. */
const EDITORS: readonly Role[] = ['focal_point', 'agency_head', 'coordinator', 'admin'];
/** Roles that publish: coordinators and admins (any agency), agency heads (their own). */
const APPROVERS: readonly Role[] = ['agency_head', 'coordinator', 'admin'];
/** Roles that see every article of the tenant whatever its status. */
const CURATORS: readonly Role[] = ['coordinator', 'admin'];

/** Days from publication to the default review date, when the article sets none. */
export const DEFAULT_REVIEW_DAYS = 365;
/**
 * At most this many matching articles are scored per tier (see KbRepository.searchTier): heads
 * (title, summary, keywords) holding every unit; whole texts holding every unit; heads holding
 * most units.
 */
export const RANK_CAP = { head: 300, full: 100, relaxed: 150, broad: 100 } as const;
/**
 * A tier that thousands of articles may match (a word barely begun, "gia…") is ranked on the
 * first `RANK_CAP.broad` found: more of an arbitrary sample ranks no better and costs more.
 */
const BROAD_TIER = 3000;
/** The most articles a query's words may share for whole texts to be searched too. */
export const FULL_TEXT_BOUND = 2000;
/** How long a node trusts its copy of the vocabulary before refreshing it in the background. */
const VOCABULARY_TTL_MS = 60_000;

/** The content of an article as versions store it (camelCase, JSON). */
export interface ArticleContent {
  kind: 'faq' | 'policy' | 'procedure';
  code: string | null;
  title: string;
  summary: string;
  body: string;
  procedure: KbProcedureJson | null;
  keywords: string[];
  sourceUrl: string | null;
  fieldId: string | null;
  agencyId: string;
  effectiveFrom: string | null;
  expiresAt: string | null;
  reviewDue: string | null;
}

interface LoadedVocabulary extends Vocabulary {
  loadedAt: number;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function contentOf(row: KbArticleRow): ArticleContent {
  return {
    kind: row.kind,
    code: row.code,
    title: row.title,
    summary: row.summary,
    body: row.body,
    procedure: row.procedure,
    keywords: row.keywords,
    sourceUrl: row.source_url,
    fieldId: row.field_id,
    agencyId: row.agency_id,
    effectiveFrom: row.effective_from,
    expiresAt: row.expires_at,
    reviewDue: row.review_due,
  };
}

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

function searchText(c: ArticleContent): ArticleText {
  return {
    kind: c.kind,
    code: c.code,
    title: c.title,
    summary: c.summary,
    body: c.body,
    keywords: c.keywords,
    procedure: c.procedure,
  };
}

/** The distinct terms of a row's stored search columns. */
function storedTerms(row: Pick<KbArticleRow, 'search_a' | 'search_b' | 'search_c'>): Set<string> {
  const out = new Set<string>();
  for (const col of [row.search_a, row.search_b, row.search_c])
    for (const t of col.split(' ')) if (t) out.add(t);
  return out;
}

/** Document-frequency changes as published content comes and goes. */
class VocabularyDelta {
  readonly deltas = new Map<string, number>();
  add(terms: Iterable<string>, sign: 1 | -1) {
    for (const t of terms) this.deltas.set(t, (this.deltas.get(t) ?? 0) + sign);
  }
  get empty() {
    return [...this.deltas.values()].every((d) => d === 0);
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface SearchResultItem {
  hit: SearchHit;
  score: number;
  match: 'code' | 'all' | 'most' | 'similar';
}

export interface SearchResult {
  plan: SearchPlan;
  items: SearchResultItem[];
  tookMs: number;
}

/**
 * The knowledge base (R-KB-1…4): agencies draft and update their own articles, approvers
 * publish, every saved version is kept, operators search what is published.
 *
 * Who may do what:
 * - read published articles, search: every staff role;
 * - create, edit, submit for review, archive: the owner agency's focal points and head, and
 *   coordinators and admins for any agency (the Provincial Office keeps the base up to date);
 * - publish: coordinators and admins, and the agency head for their own agency's articles
 *   (a head answers for the agency's content, as for its answers to citizens);
 * - import: admins;
 * - drafts, reviews and archived articles are seen by the owner agency, coordinators and
 *   admins; anyone else gets 404, as if they did not exist.
 */
export class KbService {
  readonly repo: KbRepository;
  private readonly vocabularies = new Map<
    string,
    { value?: LoadedVocabulary; loading?: Promise<LoadedVocabulary> }
  >();

  constructor(
    private readonly ctx: AppContext,
    private readonly synonyms: SynonymIndex = DEFAULT_SYNONYMS,
  ) {
    this.repo = new KbRepository(ctx.db);
  }

  /** Today in the deployment's local time (UTC+7). */
  today(): string {
    return localDate(this.ctx.clock.now());
  }

  // ---- access ----------------------------------------------------------------------------

  private seesAll(actor: Actor, row: { agency_id: string }) {
    return (
      CURATORS.includes(actor.role) ||
      (AGENCY_ROLES.includes(actor.role) && actor.agencyId === row.agency_id)
    );
  }

  private visible(actor: Actor, row: KbArticleRow) {
    return row.status === 'published' || this.seesAll(actor, row);
  }

  private canEdit(actor: Actor, row: { agency_id: string }) {
    return (
      CURATORS.includes(actor.role) ||
      (AGENCY_ROLES.includes(actor.role) && actor.agencyId === row.agency_id)
    );
  }

  private canApprove(actor: Actor, row: { agency_id: string }) {
    return (
      CURATORS.includes(actor.role) ||
      (actor.role === 'agency_head' && actor.agencyId === row.agency_id)
    );
  }

  /** The article if the actor may see it; 404 otherwise. */
  private async visibleArticle(
    q: Transaction<Database> | AppContext['db'],
    actor: Actor,
    id: string,
    lock = false,
  ) {
    const row = await this.repo.article(q, actor.tenantId, id, lock);
    if (!row || !this.visible(actor, row)) throw new AppError('kb_article_not_found');
    return row;
  }

  // ---- reads -------------------------------------------------------------------------------

  async get(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const row = await this.visibleArticle(this.ctx.db, actor, id);
    const pending =
      row.pending_version !== null && this.seesAll(actor, row)
        ? await this.repo.version(this.ctx.db, row.id, row.pending_version)
        : undefined;
    return { row, pending: pending ?? null, canEdit: this.canEdit(actor, row) };
  }

  async list(actorIn: Actor | undefined, q: ListQuery) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const base = {
      kind: q.kind,
      pending: q.pending === undefined ? undefined : q.pending === 'true',
      limit: q.limit,
      offset: q.offset,
    };
    if (CURATORS.includes(actor.role)) {
      return this.repo.list(actor.tenantId, {
        ...base,
        statuses: q.status ? [q.status] : undefined,
        agencyId: q.agencyId,
      });
    }
    const own = AGENCY_ROLES.includes(actor.role) ? actor.agencyId : null;
    // Others' articles only when published; the agency's own in every status.
    if (q.status && q.status !== 'published') {
      if (!own || (q.agencyId && q.agencyId !== own)) return { total: 0, items: [] };
      return this.repo.list(actor.tenantId, { ...base, statuses: [q.status], agencyId: own });
    }
    if (own && (!q.agencyId || q.agencyId === own) && !q.status) {
      return this.repo.list(actor.tenantId, { ...base, agencyId: own });
    }
    return this.repo.list(actor.tenantId, {
      ...base,
      statuses: ['published'],
      agencyId: q.agencyId,
    });
  }

  async versions(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const row = await this.visibleArticle(this.ctx.db, actor, id);
    const all = await this.repo.versions(actor.tenantId, row.id);
    // Outside the owner agency and the curators, only what was published.
    return this.seesAll(actor, row) ? all : all.filter((v) => v.published_at !== null);
  }

  async reviewDue(actorIn: Actor | undefined, q: ReviewDueQuery) {
    const actor = requireRole(actorIn, [
      'focal_point',
      'agency_head',
      'supervisor',
      'coordinator',
      'leader',
      'admin',
    ]);
    let agencyId = q.agencyId;
    if (AGENCY_ROLES.includes(actor.role)) {
      if (agencyId && agencyId !== actor.agencyId) throw new AppError('forbidden');
      agencyId = actor.agencyId ?? undefined;
    }
    // Flagged once the date has passed (< today), or within the look-ahead.
    const until = addDays(this.today(), q.withinDays - 1);
    return this.repo.reviewDue(actor.tenantId, until, { agencyId, limit: q.limit });
  }

  // ---- writes ------------------------------------------------------------------------------

  private async audit(
    trx: Transaction<Database>,
    actor: Actor,
    action: string,
    entityId: string,
    data: Record<string, unknown>,
  ) {
    await appendAudit(trx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLabel: actor.username,
      action,
      entityType: 'kb_article',
      entityId,
      data,
      at: this.ctx.clock.now(),
    });
  }

  private async checkRefs(tenantId: string, c: { agencyId?: string; fieldId?: string | null }) {
    if (c.agencyId) {
      const a = await this.repo.agency(tenantId, c.agencyId);
      if (!a || !a.active) throw new AppError('agency_not_found');
    }
    if (c.fieldId) {
      const f = await this.repo.field(tenantId, c.fieldId);
      if (!f) throw new AppError('field_not_found');
    }
  }

  private async checkCodeFree(
    q: Transaction<Database>,
    tenantId: string,
    code: string | null,
    selfId: string | null,
  ) {
    if (!code) return;
    const taken = await q
      .selectFrom('kb_article')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('code_norm', '=', normalizeCode(code))
      .executeTakeFirst();
    if (taken && taken.id !== selfId) throw new AppError('kb_code_taken', { code });
  }

  private fields(c: ArticleContent): SearchFields {
    return buildSearchFields(searchText(c), this.synonyms);
  }

  private async run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    try {
      return await this.ctx.db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('kb_code_taken');
      throw err;
    }
  }

  private async latestVersion(trx: Transaction<Database>, id: string): Promise<number> {
    const r = await trx
      .selectFrom('kb_article_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('article_id', '=', id)
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  async create(actorIn: Actor | undefined, b: ArticleBody) {
    const actor = requireRole(actorIn, EDITORS);
    let agencyId: string;
    if (AGENCY_ROLES.includes(actor.role)) {
      if (b.agencyId && b.agencyId !== actor.agencyId) throw new AppError('forbidden');
      agencyId = actor.agencyId!;
    } else {
      if (!b.agencyId)
        throw new AppError('validation_failed', [
          { path: 'agencyId', message: 'the owner agency is required' },
        ]);
      agencyId = b.agencyId;
    }
    await this.checkRefs(actor.tenantId, { agencyId, fieldId: b.fieldId });
    const content: ArticleContent = {
      kind: b.kind,
      code: b.code,
      title: b.title,
      summary: b.summary,
      body: b.body,
      procedure: b.procedure,
      keywords: b.keywords,
      sourceUrl: b.sourceUrl,
      fieldId: b.fieldId,
      agencyId,
      effectiveFrom: b.effectiveFrom,
      expiresAt: b.expiresAt,
      reviewDue: b.reviewDue,
    };
    const now = this.ctx.clock.now();
    return this.run(async (trx) => {
      await this.checkCodeFree(trx, actor.tenantId, content.code, null);
      const row = await trx
        .insertInto('kb_article')
        .values({
          tenant_id: actor.tenantId,
          ...contentColumns(content),
          ...KbRepository.searchColumns(this.fields(content), SEARCH_REVISION),
          status: 'draft',
          version: 1,
          created_by: actor.userId,
          created_at: now,
          updated_by: actor.userId,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('kb_article_version')
        .values({
          article_id: row.id,
          version: 1,
          tenant_id: actor.tenantId,
          snapshot: JSON.stringify(content),
          note: b.note ?? null,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      await this.audit(trx, actor, 'kb.create', row.id, {
        kind: row.kind,
        code: row.code,
        title: row.title,
        agencyId,
        version: 1,
      });
      return row;
    });
  }

  async update(actorIn: Actor | undefined, id: string, p: ArticlePatch) {
    const actor = requireRole(actorIn, EDITORS);
    const now = this.ctx.clock.now();
    return this.run(async (trx) => {
      const current = await this.visibleArticle(trx, actor, id, true);
      if (!this.canEdit(actor, current)) throw new AppError('forbidden');
      const latest = await this.latestVersion(trx, id);
      if (p.baseVersion !== undefined && p.baseVersion !== latest)
        throw new AppError('kb_version_conflict', { latestVersion: latest });
      let base = contentOf(current);
      if (current.pending_version !== null) {
        const pending = await this.repo.version(trx, id, current.pending_version);
        if (pending) base = pending.snapshot as unknown as ArticleContent;
      }
      const merged: ArticleContent = {
        ...base,
        ...(p.kind !== undefined && { kind: p.kind }),
        ...(p.code !== undefined && { code: p.code }),
        ...(p.title !== undefined && { title: p.title }),
        ...(p.summary !== undefined && { summary: p.summary }),
        ...(p.body !== undefined && { body: p.body }),
        ...(p.procedure !== undefined && { procedure: p.procedure }),
        ...(p.keywords !== undefined && { keywords: p.keywords }),
        ...(p.sourceUrl !== undefined && { sourceUrl: p.sourceUrl }),
        ...(p.effectiveFrom !== undefined && { effectiveFrom: p.effectiveFrom }),
        ...(p.expiresAt !== undefined && { expiresAt: p.expiresAt }),
        ...(p.reviewDue !== undefined && { reviewDue: p.reviewDue }),
        ...(p.fieldId !== undefined && { fieldId: p.fieldId }),
      };
      const issues = contentIssues(merged);
      if (issues.length > 0) throw new AppError('validation_failed', issues);
      if (p.fieldId) await this.checkRefs(actor.tenantId, { fieldId: p.fieldId });
      await this.checkCodeFree(trx, actor.tenantId, merged.code, id);
      const version = latest + 1;
      await trx
        .insertInto('kb_article_version')
        .values({
          article_id: id,
          version,
          tenant_id: actor.tenantId,
          snapshot: JSON.stringify(merged),
          note: p.note ?? null,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      let updated: KbArticleRow;
      if (current.status === 'published') {
        // The published text stays what operators read until the edit is published.
        updated = await trx
          .updateTable('kb_article')
          .set({
            pending_version: version,
            pending_status: 'draft',
            updated_by: actor.userId,
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        updated = await trx
          .updateTable('kb_article')
          .set({
            ...contentColumns(merged),
            ...KbRepository.searchColumns(this.fields(merged), SEARCH_REVISION),
            status: 'draft',
            version,
            pending_version: null,
            pending_status: null,
            updated_by: actor.userId,
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const changed = Object.keys(p).filter((k) => k !== 'note' && k !== 'baseVersion');
      await this.audit(trx, actor, 'kb.update', id, {
        version,
        changed,
        pending: current.status === 'published',
        previousStatus: current.status,
      });
      return updated;
    });
  }

  async submit(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requireRole(actorIn, EDITORS);
    return this.run(async (trx) => {
      const row = await this.visibleArticle(trx, actor, id, true);
      if (!this.canEdit(actor, row)) throw new AppError('forbidden');
      const now = this.ctx.clock.now();
      let updated: KbArticleRow;
      if (row.status === 'draft') {
        updated = await trx
          .updateTable('kb_article')
          .set({ status: 'in_review', updated_by: actor.userId, updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else if (row.status === 'published' && row.pending_status === 'draft') {
        updated = await trx
          .updateTable('kb_article')
          .set({ pending_status: 'in_review', updated_by: actor.userId, updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        throw new AppError('kb_invalid_state', { status: row.status, pending: row.pending_status });
      }
      await this.audit(trx, actor, 'kb.submit', id, {
        version: row.pending_version ?? row.version,
        note: note ?? null,
      });
      return updated;
    });
  }

  async publish(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requireRole(actorIn, APPROVERS);
    const row = await this.run(async (trx) => {
      const row = await this.visibleArticle(trx, actor, id, true);
      if (!this.canApprove(actor, row)) throw new AppError('forbidden');
      const now = this.ctx.clock.now();
      const delta = new VocabularyDelta();
      let content: ArticleContent;
      let version: number;
      if (row.status === 'in_review') {
        content = contentOf(row);
        version = row.version;
      } else if (row.status === 'published' && row.pending_status === 'in_review') {
        const pending = await this.repo.version(trx, id, row.pending_version!);
        if (!pending) throw new AppError('kb_invalid_state');
        content = pending.snapshot as unknown as ArticleContent;
        version = row.pending_version!;
        delta.add(storedTerms(row), -1);
        await this.checkCodeFree(trx, actor.tenantId, content.code, id);
      } else {
        throw new AppError('kb_invalid_state', { status: row.status, pending: row.pending_status });
      }
      const reviewDue = content.reviewDue ?? addDays(this.today(), DEFAULT_REVIEW_DAYS);
      content = { ...content, reviewDue };
      const fields = this.fields(content);
      delta.add(fields.terms, 1);
      const updated = await trx
        .updateTable('kb_article')
        .set({
          ...contentColumns(content),
          ...KbRepository.searchColumns(fields, SEARCH_REVISION),
          status: 'published',
          version,
          pending_version: null,
          pending_status: null,
          published_at: now,
          published_by: actor.userId,
          updated_by: actor.userId,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('kb_article_version')
        .set({ published_at: now, published_by: actor.userId })
        .where('article_id', '=', id)
        .where('version', '=', version)
        .execute();
      await this.repo.adjustVocabulary(trx, actor.tenantId, delta.deltas);
      await this.audit(trx, actor, 'kb.publish', id, { version, reviewDue, note: note ?? null });
      return updated;
    });
    this.invalidateVocabulary(actor.tenantId);
    return row;
  }

  async archive(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requireRole(actorIn, EDITORS);
    const row = await this.run(async (trx) => {
      const row = await this.visibleArticle(trx, actor, id, true);
      if (!this.canEdit(actor, row)) throw new AppError('forbidden');
      if (row.status === 'archived') throw new AppError('kb_invalid_state', { status: row.status });
      const now = this.ctx.clock.now();
      if (row.status === 'published') {
        const delta = new VocabularyDelta();
        delta.add(storedTerms(row), -1);
        await this.repo.adjustVocabulary(trx, actor.tenantId, delta.deltas);
      }
      const updated = await trx
        .updateTable('kb_article')
        .set({
          status: 'archived',
          pending_version: null,
          pending_status: null,
          updated_by: actor.userId,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit(trx, actor, 'kb.archive', id, {
        version: row.version,
        previousStatus: row.status,
        note: note ?? null,
      });
      return updated;
    });
    this.invalidateVocabulary(actor.tenantId);
    return row;
  }

  /**
   * Imports articles all-or-nothing (R-KB-2: synced from the province's systems). Rows with a
   * code already in the knowledge base update that article (a new version); others create one.
   * Any invalid row → 422 `kb_import_invalid` naming every bad row, nothing stored.
   */
  async import(
    actorIn: Actor | undefined,
    input: { body: unknown; contentType: string },
    opts: { publish: boolean },
  ) {
    const actor = requireRole(actorIn, ['admin']);
    const [agencies, fields] = await Promise.all([
      this.repo.agenciesByCode(actor.tenantId),
      this.repo.fieldsByCode(actor.tenantId),
    ]);
    const items = parseImport(input.body, input.contentType, { agencies, fields });
    const now = this.ctx.clock.now();
    const today = this.today();
    const result = await this.run(async (trx) => {
      const codes = items.flatMap((i) => (i.content.code ? [normalizeCode(i.content.code)] : []));
      const existing = new Map(
        (await this.repo.articlesByCode(trx, actor.tenantId, codes)).map((r) => [r.code_norm!, r]),
      );
      const delta = new VocabularyDelta();
      const out: { row: number; id: string; code: string | null; action: 'created' | 'updated' }[] =
        [];
      const fresh: ImportItem[] = [];
      for (const item of items) {
        const prior = item.content.code
          ? existing.get(normalizeCode(item.content.code))
          : undefined;
        if (!prior) {
          fresh.push(item);
          continue;
        }
        const id = await this.importUpdate(
          trx,
          actor,
          prior,
          item,
          opts.publish,
          now,
          today,
          delta,
        );
        out.push({ row: item.row, id, code: item.content.code, action: 'updated' });
      }
      // New articles in multi-row statements: an import may bring thousands.
      for (let i = 0; i < fresh.length; i += 400) {
        const chunk = fresh.slice(i, i + 400);
        const prepared = chunk.map((item) => {
          const content = opts.publish
            ? {
                ...item.content,
                reviewDue: item.content.reviewDue ?? addDays(today, DEFAULT_REVIEW_DAYS),
              }
            : item.content;
          const f = this.fields(content);
          if (opts.publish) delta.add(f.terms, 1);
          return { item, content, f };
        });
        const rows = await trx
          .insertInto('kb_article')
          .values(
            prepared.map(({ content, f }) => ({
              tenant_id: actor.tenantId,
              ...contentColumns(content),
              ...KbRepository.searchColumns(f, SEARCH_REVISION),
              status: opts.publish ? ('published' as const) : ('draft' as const),
              version: 1,
              published_at: opts.publish ? now : null,
              published_by: opts.publish ? actor.userId : null,
              created_by: actor.userId,
              created_at: now,
              updated_by: actor.userId,
              updated_at: now,
            })),
          )
          .returning(['id', 'code'])
          .execute();
        await trx
          .insertInto('kb_article_version')
          .values(
            rows.map((r, k) => ({
              article_id: r.id,
              version: 1,
              tenant_id: actor.tenantId,
              snapshot: JSON.stringify(prepared[k]!.content),
              note: 'import',
              created_by: actor.userId,
              created_at: now,
              published_at: opts.publish ? now : null,
              published_by: opts.publish ? actor.userId : null,
            })),
          )
          .execute();
        rows.forEach((r, k) =>
          out.push({ row: prepared[k]!.item.row, id: r.id, code: r.code, action: 'created' }),
        );
      }
      await this.repo.adjustVocabulary(trx, actor.tenantId, delta.deltas);
      out.sort((a, b) => a.row - b.row);
      await appendAudit(trx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        actorLabel: actor.username,
        action: 'kb.import',
        entityType: 'kb_import',
        entityId: out[0]?.id ?? actor.tenantId,
        data: {
          publish: opts.publish,
          format: input.contentType.includes('csv') ? 'csv' : 'json',
          created: out.filter((o) => o.action === 'created').length,
          updated: out.filter((o) => o.action === 'updated').length,
          articles: out.map((o) => ({ id: o.id, code: o.code, action: o.action })),
        },
        at: now,
      });
      return out;
    });
    if (opts.publish) this.invalidateVocabulary(actor.tenantId);
    return result;
  }

  private async importUpdate(
    trx: Transaction<Database>,
    actor: Actor,
    prior: KbArticleRow,
    item: ImportItem,
    publish: boolean,
    now: Date,
    today: string,
    delta: VocabularyDelta,
  ): Promise<string> {
    const version = (await this.latestVersion(trx, prior.id)) + 1;
    let content = item.content;
    if (publish)
      content = { ...content, reviewDue: content.reviewDue ?? addDays(today, DEFAULT_REVIEW_DAYS) };
    await trx
      .insertInto('kb_article_version')
      .values({
        article_id: prior.id,
        version,
        tenant_id: actor.tenantId,
        snapshot: JSON.stringify(content),
        note: 'import',
        created_by: actor.userId,
        created_at: now,
        published_at: publish ? now : null,
        published_by: publish ? actor.userId : null,
      })
      .execute();
    if (!publish && prior.status === 'published') {
      await trx
        .updateTable('kb_article')
        .set({
          pending_version: version,
          pending_status: 'draft',
          updated_by: actor.userId,
          updated_at: now,
        })
        .where('id', '=', prior.id)
        .execute();
      return prior.id;
    }
    const f = this.fields(content);
    if (prior.status === 'published') delta.add(storedTerms(prior), -1);
    if (publish) delta.add(f.terms, 1);
    await trx
      .updateTable('kb_article')
      .set({
        ...contentColumns(content),
        ...KbRepository.searchColumns(f, SEARCH_REVISION),
        status: publish ? 'published' : 'draft',
        version,
        pending_version: null,
        pending_status: null,
        ...(publish && { published_at: now, published_by: actor.userId }),
        updated_by: actor.userId,
        updated_at: now,
      })
      .where('id', '=', prior.id)
      .execute();
    return prior.id;
  }

  /**
   * Rewrites the search columns (and the vocabulary) of articles indexed by an older
   * normaliser, in batches; returns how many were re-indexed. Admins only.
   */
  async reindex(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ['admin']);
    let total = 0;
    for (;;) {
      const batch = await this.repo.staleSearch(actor.tenantId, SEARCH_REVISION, 500);
      if (batch.length === 0) break;
      await this.ctx.db.transaction().execute(async (trx) => {
        const delta = new VocabularyDelta();
        for (const row of batch) {
          const f = this.fields(contentOf(row));
          if (row.status === 'published') {
            delta.add(storedTerms(row), -1);
            delta.add(f.terms, 1);
          }
          await trx
            .updateTable('kb_article')
            .set(KbRepository.searchColumns(f, SEARCH_REVISION))
            .where('id', '=', row.id)
            .execute();
        }
        await this.repo.adjustVocabulary(trx, actor.tenantId, delta.deltas);
        await this.audit(trx, actor, 'kb.reindex', batch[0]!.id, {
          count: batch.length,
          revision: SEARCH_REVISION,
        });
      });
      total += batch.length;
    }
    this.invalidateVocabulary(actor.tenantId);
    return { reindexed: total, revision: SEARCH_REVISION };
  }

  // ---- search ------------------------------------------------------------------------------

  private invalidateVocabulary(tenantId: string) {
    this.vocabularies.delete(tenantId);
  }

  private async loadVocabulary(tenantId: string): Promise<LoadedVocabulary> {
    const { terms, total } = await this.repo.vocabulary(tenantId);
    const df = new Map<string, number>();
    for (const t of terms) df.set(t.term, t.df);
    const sorted = [...df.keys()].sort();
    return {
      loadedAt: Date.now(),
      total,
      df: (t) => df.get(t) ?? 0,
      prefixDf(prefix) {
        // Binary search for the first term ≥ prefix, then sum while terms share it.
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid]! < prefix) lo = mid + 1;
          else hi = mid;
        }
        let n = 0;
        for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
          n += df.get(sorted[i]!)!;
          if (n >= total) return total;
        }
        return n;
      },
    };
  }

  /** This node's copy of the tenant's vocabulary: loaded once, refreshed in the background. */
  private async vocabulary(tenantId: string): Promise<Vocabulary> {
    let entry = this.vocabularies.get(tenantId);
    if (!entry) {
      entry = {};
      this.vocabularies.set(tenantId, entry);
    }
    const e = entry;
    const load = () => {
      e.loading ??= this.loadVocabulary(tenantId)
        .then((v) => {
          e.value = v;
          return v;
        })
        .finally(() => {
          e.loading = undefined;
        });
      return e.loading;
    };
    if (!e.value) return load();
    if (Date.now() - e.value.loadedAt > VOCABULARY_TTL_MS) {
      load().catch((err: unknown) => this.ctx.log.warn({ err }, 'kb vocabulary refresh failed'));
    }
    return e.value;
  }

  /**
   * Searches published articles (R-KB-3): an exact or prefix code match first, then the tiers
   * of the plan (every unit, then fewer; see the loop) until `limit` articles are found, then
   * titles similar to the query when nothing was. Results are ordered by the score of
   * `core/kb/rank.ts`. Nodes keep a copy of the vocabulary (typo correction, rarity) refreshed
   * every minute; a word another node has just published may miss correction until then.
   */
  async search(actorIn: Actor | undefined, q: SearchQuery): Promise<SearchResult> {
    const actor = requireRole(actorIn, ALL_ROLES);
    return this.searchPublished(actor.tenantId, q);
  }

  /**
   * The same search for callers without a staff session (the chat's first line): it reads
   * published articles only, which are public.
   */
  async searchPublished(tenantId: string, q: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    const parsed = parseQuery(q.q, this.synonyms);
    const plan = planSearch(parsed, await this.vocabulary(tenantId), {}, this.synonyms);
    const filters: SearchFilters = {
      tenantId,
      kind: q.kind,
      fieldId: q.fieldId,
      agencyId: q.agencyId,
      exclude: [],
    };
    const items: SearchResultItem[] = [];
    const take = (
      rows: SearchHit[],
      match: SearchResultItem['match'],
      score: (h: SearchHit) => number,
    ) => {
      for (const hit of rows) {
        const s = score(hit);
        items.push({ hit: { ...hit, score: s }, score: s, match });
        filters.exclude.push(hit.id);
      }
    };
    const db = this.ctx.db;
    if (plan.code) {
      take(await this.repo.searchCode(db, filters, plan.code, q.limit), 'code', (h) => h.score);
    }
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
      const rows = await this.repo.searchTier(
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
      take(rows, tier.relaxation === 0 ? 'all' : 'most', (h) => h.score);
    }
    // Titles like the query, for what no word tier found (typos the vocabulary could not mend,
    // words run together). Costly on long queries, which the word tiers serve anyway.
    if (
      items.length === 0 &&
      parsed.units.length <= 4 &&
      plan.similarityText.replace(/\s/g, '').length >= 4
    ) {
      take(
        await this.repo.searchTrigram(db, filters, plan.similarityText, q.limit - items.length),
        'similar',
        (h) => h.score,
      );
    }
    items.sort((a, b) => b.score - a.score);
    return { plan, items: items.slice(0, q.limit), tookMs: performance.now() - t0 };
  }
}
