import type { AppContext } from '../../app/context.ts';
import type { KbArticleRow } from '../../db/schema.ts';
import type { Q } from '../../db/helpers.ts';
import { AppError } from '../../core/errors/codes.ts';
import { allowed, requirePermission } from '../../core/access/check.ts';
import { can, reaches, type Permission } from '../../core/access/permissions.ts';
import { SEARCH_REVISION } from '../../core/kb/document.ts';
import { normalizeCode } from '../../core/kb/normalize.ts';
import { ACTION_PERMISSION, decide, type KbReviewAction } from '../../core/kb/review.ts';
import { DEFAULT_SYNONYMS, type SynonymIndex } from '../../core/kb/synonyms.ts';
import {
  contentIssues,
  type ArticleBody,
  type ArticleContent,
  type ArticlePatch,
  type KbListQuery,
  type KbReviewDueQuery,
  type KbSearchQuery,
} from '../../contract/kb.ts';
import type { Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import { kbRepository as repo } from './kb.repository.ts';
import {
  addDays,
  contentOf,
  inTransaction,
  searchFields,
  todayOf,
  versionContent,
  withReviewDue,
  type KbContext,
} from './kb.content.ts';
import { importArticles } from './kb.import.ts';
import { searchArticles, type SearchResult } from './kb.search.ts';
import { storedTerms, VocabularyCache, VocabularyDelta } from './kb.vocabulary.ts';

export { DEFAULT_REVIEW_DAYS } from './kb.content.ts';
export type { SearchResult, SearchResultItem } from './kb.search.ts';

/** The part of an article its access is decided on: the owner agency. */
const owned = (row: { agency_id: string }) => ({ agencyId: row.agency_id });

/**
 * Sees the article whatever its status, with the edit waiting on it: those who may edit it
 * (the owner agency's staff, coordinators and administrators, `kb.edit`).
 */
const seesAll = (actor: Actor, row: KbArticleRow) => allowed(actor, 'kb.edit', owned(row));

/** Published articles are everyone's; the rest only of those who may edit them. */
const visible = (actor: Actor, row: KbArticleRow) =>
  row.status === 'published' || seesAll(actor, row);

/**
 * Whether the permission's scope stops the actor at their own agency (agency staff): they do
 * not reach an article of no agency, so they reach their own agency's only.
 */
const confined = (actor: Actor, p: Permission) => !reaches(actor, p, { agencyId: null });

/**
 * The knowledge base (R-KB-1…4): agencies draft and update their own articles, approvers
 * publish, every saved version is kept, operators search what is published.
 *
 * Who may do what is the permission table's (`kb.*` in `core/access/permissions.ts`):
 * - read published articles, search: every staff role (`kb.read`);
 * - create, edit, submit for review, archive: the owner agency's focal points and head, and
 *   coordinators and admins for any agency (`kb.edit`, scope agency);
 * - publish: coordinators and admins, and the agency head for their own agency's articles
 *   (`kb.publish`, scope agency: a head answers for the agency's content);
 * - import and re-index: admins (`kb.import`);
 * - drafts, reviews and archived articles are seen by those who may edit them; anyone else
 *   gets 404, as if they did not exist.
 *
 * The review workflow is `core/kb/review.ts`; import is a command (`kb.import.ts`); search
 * is `kb.search.ts`. This one instance per process (built in `app/services.ts`, shared with
 * chat and the public site) owns the vocabulary cache, so a publish is seen by the next search.
 */
export class KbService {
  private readonly kb: KbContext;

  constructor(
    private readonly ctx: AppContext,
    synonyms: SynonymIndex = DEFAULT_SYNONYMS,
  ) {
    this.kb = { ctx, synonyms, vocabulary: new VocabularyCache(ctx.db, ctx.log) };
  }

  /** Today in the deployment's local time (UTC+7). */
  today(): string {
    return todayOf(this.kb);
  }

  /** The article if the actor may see it; 404 otherwise. */
  private async visibleArticle(q: Q, actor: Actor, id: string, lock = false) {
    const row = await repo.article(q, actor.tenantId, id, lock);
    if (!row || !visible(actor, row)) throw new AppError('kb_article_not_found');
    return row;
  }

  /**
   * The article for a review action: 404 if the actor may not see it, 403 if they see it but
   * may not take the action on this agency's article.
   */
  private async articleFor(q: Q, actor: Actor, id: string, action: KbReviewAction) {
    const row = await this.visibleArticle(q, actor, id, true);
    if (!allowed(actor, ACTION_PERMISSION[action], owned(row))) throw new AppError('forbidden');
    return row;
  }

  // ---- reads -------------------------------------------------------------------------------

  async get(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'kb.read');
    const db = this.ctx.db;
    const row = await this.visibleArticle(db, actor, id);
    const pending =
      row.pending_version !== null && seesAll(actor, row)
        ? await repo.version(db, row.id, row.pending_version)
        : undefined;
    return {
      row,
      pending: pending ?? null,
      canEdit: allowed(actor, ACTION_PERMISSION.edit, owned(row)),
    };
  }

  async list(actorIn: Actor | undefined, q: KbListQuery) {
    const actor = requirePermission(actorIn, 'kb.read');
    const db = this.ctx.db;
    const base = {
      kind: q.kind,
      pending: q.pending === undefined ? undefined : q.pending === 'true',
      limit: q.limit,
      offset: q.offset,
    };
    if (can(actor.role, 'kb.curate')) {
      return repo.list(db, actor.tenantId, {
        ...base,
        statuses: q.status ? [q.status] : undefined,
        agencyId: q.agencyId,
      });
    }
    const own = confined(actor, 'kb.edit') ? actor.agencyId : null;
    // Others' articles only when published; the agency's own in every status.
    if (q.status && q.status !== 'published') {
      if (!own || (q.agencyId && q.agencyId !== own)) return { total: 0, items: [] };
      return repo.list(db, actor.tenantId, { ...base, statuses: [q.status], agencyId: own });
    }
    if (own && (!q.agencyId || q.agencyId === own) && !q.status) {
      return repo.list(db, actor.tenantId, { ...base, agencyId: own });
    }
    return repo.list(db, actor.tenantId, {
      ...base,
      statuses: ['published'],
      agencyId: q.agencyId,
    });
  }

  async versions(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'kb.read');
    const row = await this.visibleArticle(this.ctx.db, actor, id);
    const all = await repo.versions(this.ctx.db, actor.tenantId, row.id);
    // Outside those who may edit it, only what was published.
    return seesAll(actor, row) ? all : all.filter((v) => v.published_at !== null);
  }

  async reviewDue(actorIn: Actor | undefined, q: KbReviewDueQuery) {
    const actor = requirePermission(actorIn, 'kb.review_due');
    let agencyId = q.agencyId;
    // Agency staff see their own agency's articles only (the permission's scope).
    if (confined(actor, 'kb.review_due')) {
      if (agencyId && agencyId !== actor.agencyId) throw new AppError('forbidden');
      agencyId = actor.agencyId ?? undefined;
    }
    // Flagged once the date has passed (< today), or within the look-ahead.
    const until = addDays(this.today(), q.withinDays - 1);
    return repo.reviewDue(this.ctx.db, actor.tenantId, until, { agencyId, limit: q.limit });
  }

  // ---- writes ------------------------------------------------------------------------------

  private async checkRefs(tenantId: string, c: { agencyId?: string; fieldId?: string | null }) {
    if (c.agencyId) {
      const a = await repo.agency(this.ctx.db, tenantId, c.agencyId);
      if (!a || !a.active) throw new AppError('agency_not_found');
    }
    if (c.fieldId) {
      const f = await repo.field(this.ctx.db, tenantId, c.fieldId);
      if (!f) throw new AppError('field_not_found');
    }
  }

  private async checkCodeFree(q: Q, tenantId: string, code: string | null, selfId: string | null) {
    if (!code) return;
    const taken = await repo.codeHolder(q, tenantId, normalizeCode(code));
    if (taken && taken.id !== selfId) throw new AppError('kb_code_taken', { code });
  }

  async create(actorIn: Actor | undefined, b: ArticleBody) {
    const actor = requirePermission(actorIn, 'kb.edit');
    let agencyId: string;
    if (confined(actor, 'kb.edit')) {
      // Agency staff write for their own agency only.
      if (b.agencyId && !reaches(actor, 'kb.edit', { agencyId: b.agencyId }))
        throw new AppError('forbidden');
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
    const stamp = { by: actor.userId, at: now };
    return writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'kb.create',
        entityType: 'kb_article',
        data: { kind: b.kind, code: b.code, title: b.title, agencyId, version: 1 },
        at: now,
        conflict: 'kb_code_taken',
      },
      async (trx) => {
        await this.checkCodeFree(trx, actor.tenantId, content.code, null);
        const row = await repo.insertArticle(trx, {
          tenantId: actor.tenantId,
          content,
          search: searchFields(content, this.kb.synonyms),
          revision: SEARCH_REVISION,
          status: 'draft',
          published: null,
          created: stamp,
        });
        await repo.insertVersions(trx, [
          {
            articleId: row.id,
            version: 1,
            tenantId: actor.tenantId,
            content,
            note: b.note ?? null,
            created: stamp,
            published: null,
          },
        ]);
        return row;
      },
    );
  }

  async update(actorIn: Actor | undefined, id: string, p: ArticlePatch) {
    const actor = requirePermission(actorIn, ACTION_PERMISSION.edit);
    const now = this.ctx.clock.now();
    const stamp = { by: actor.userId, at: now };
    return inTransaction(this.kb, async (trx) => {
      const current = await this.articleFor(trx, actor, id, 'edit');
      const d = decide({ status: current.status, pending: current.pending_status }, 'edit');
      if (!d.ok) throw new AppError(d.error, { status: current.status });
      const latest = await repo.latestVersion(trx, id);
      if (p.baseVersion !== undefined && p.baseVersion !== latest)
        throw new AppError('kb_version_conflict', { latestVersion: latest });
      let base = contentOf(current);
      if (current.pending_version !== null) {
        const pending = await repo.version(trx, id, current.pending_version);
        if (pending) base = versionContent(pending);
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
      await repo.insertVersions(trx, [
        {
          articleId: id,
          version,
          tenantId: actor.tenantId,
          content: merged,
          note: p.note ?? null,
          created: stamp,
          published: null,
        },
      ]);
      // A published article keeps the text operators read until the edit is published.
      const updated =
        d.edit === 'pending'
          ? await repo.setState(trx, id, { pending: { version, status: d.to.pending } }, stamp)
          : await repo.writeContent(trx, id, {
              content: merged,
              search: searchFields(merged, this.kb.synonyms),
              revision: SEARCH_REVISION,
              status: d.to.status,
              version,
              published: null,
              updated: stamp,
            });
      const changed = Object.keys(p).filter((k) => k !== 'note' && k !== 'baseVersion');
      await auditBy(trx, actor, {
        action: 'kb.update',
        entityType: 'kb_article',
        entityId: id,
        data: {
          version,
          changed,
          pending: d.edit === 'pending',
          previousStatus: current.status,
        },
        at: now,
      });
      return updated;
    });
  }

  async submit(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requirePermission(actorIn, ACTION_PERMISSION.submit);
    const now = this.ctx.clock.now();
    return inTransaction(this.kb, async (trx) => {
      const row = await this.articleFor(trx, actor, id, 'submit');
      const d = decide({ status: row.status, pending: row.pending_status }, 'submit');
      if (!d.ok) throw new AppError(d.error, { status: row.status, pending: row.pending_status });
      const updated = await repo.setState(
        trx,
        id,
        d.to.pending
          ? { pending: { version: row.pending_version, status: d.to.pending } }
          : { status: d.to.status },
        { by: actor.userId, at: now },
      );
      await auditBy(trx, actor, {
        action: 'kb.submit',
        entityType: 'kb_article',
        entityId: id,
        data: { version: row.pending_version ?? row.version, note: note ?? null },
        at: now,
      });
      return updated;
    });
  }

  async publish(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requirePermission(actorIn, ACTION_PERMISSION.publish);
    const now = this.ctx.clock.now();
    const stamp = { by: actor.userId, at: now };
    const row = await inTransaction(this.kb, async (trx) => {
      const row = await this.articleFor(trx, actor, id, 'publish');
      const d = decide({ status: row.status, pending: row.pending_status }, 'publish');
      if (!d.ok) throw new AppError(d.error, { status: row.status, pending: row.pending_status });
      let content = contentOf(row);
      let version = row.version;
      if (d.text === 'pending') {
        const pending = await repo.version(trx, id, row.pending_version!);
        if (!pending) throw new AppError('kb_invalid_state');
        content = versionContent(pending);
        version = pending.version;
        await this.checkCodeFree(trx, actor.tenantId, content.code, id);
      }
      content = withReviewDue(content, this.today());
      const search = searchFields(content, this.kb.synonyms);
      const delta = new VocabularyDelta();
      delta.apply(
        d.vocabulary,
        () => storedTerms(row),
        () => search.terms,
      );
      const updated = await repo.writeContent(trx, id, {
        content,
        search,
        revision: SEARCH_REVISION,
        status: d.to.status,
        version,
        published: stamp,
        updated: stamp,
      });
      await repo.markVersionPublished(trx, id, version, stamp);
      await delta.save(trx, actor.tenantId);
      await auditBy(trx, actor, {
        action: 'kb.publish',
        entityType: 'kb_article',
        entityId: id,
        data: { version, reviewDue: content.reviewDue, note: note ?? null },
        at: now,
      });
      return updated;
    });
    this.kb.vocabulary.invalidate(actor.tenantId);
    return row;
  }

  async archive(actorIn: Actor | undefined, id: string, note?: string) {
    const actor = requirePermission(actorIn, ACTION_PERMISSION.archive);
    const now = this.ctx.clock.now();
    const row = await inTransaction(this.kb, async (trx) => {
      const row = await this.articleFor(trx, actor, id, 'archive');
      const d = decide({ status: row.status, pending: row.pending_status }, 'archive');
      if (!d.ok) throw new AppError(d.error, { status: row.status });
      const delta = new VocabularyDelta();
      delta.apply(
        d.vocabulary,
        () => storedTerms(row),
        () => [],
      );
      await delta.save(trx, actor.tenantId);
      const updated = await repo.setState(
        trx,
        id,
        { status: d.to.status, pending: { version: null, status: null } },
        { by: actor.userId, at: now },
      );
      await auditBy(trx, actor, {
        action: 'kb.archive',
        entityType: 'kb_article',
        entityId: id,
        data: { version: row.version, previousStatus: row.status, note: note ?? null },
        at: now,
      });
      return updated;
    });
    this.kb.vocabulary.invalidate(actor.tenantId);
    return row;
  }

  /** Imports articles all-or-nothing (the `importArticles` command). */
  async import(
    actorIn: Actor | undefined,
    input: { body: unknown; contentType: string },
    opts: { publish: boolean },
  ) {
    requirePermission(actorIn, ACTION_PERMISSION.import);
    return importArticles(this.kb, actorIn, input, opts);
  }

  /**
   * Rewrites the search columns (and the vocabulary) of articles indexed by an older
   * normaliser, in batches; returns how many were re-indexed. Admins only.
   */
  async reindex(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'kb.import');
    let total = 0;
    for (;;) {
      const batch = await repo.staleSearch(this.ctx.db, actor.tenantId, SEARCH_REVISION, 500);
      if (batch.length === 0) break;
      await this.ctx.db.transaction().execute(async (trx) => {
        const delta = new VocabularyDelta();
        for (const row of batch) {
          const search = searchFields(contentOf(row), this.kb.synonyms);
          if (row.status === 'published') {
            delta.add(storedTerms(row), -1);
            delta.add(search.terms, 1);
          }
          await repo.writeSearch(trx, row.id, search, SEARCH_REVISION);
        }
        await delta.save(trx, actor.tenantId);
        await auditBy(trx, actor, {
          action: 'kb.reindex',
          entityType: 'kb_article',
          entityId: batch[0]!.id,
          data: { count: batch.length, revision: SEARCH_REVISION },
          at: this.ctx.clock.now(),
        });
      });
      total += batch.length;
    }
    this.kb.vocabulary.invalidate(actor.tenantId);
    return { reindexed: total, revision: SEARCH_REVISION };
  }

  // ---- search ------------------------------------------------------------------------------

  /** Searches published articles (R-KB-3; `kb.search.ts`). */
  async search(actorIn: Actor | undefined, q: KbSearchQuery): Promise<SearchResult> {
    const actor = requirePermission(actorIn, 'kb.read');
    return searchArticles(this.kb, actor.tenantId, q);
  }

  /**
   * The same search for callers without a staff session (the chat's first line): it reads
   * published articles only, which are public.
   */
  async searchPublished(tenantId: string, q: KbSearchQuery): Promise<SearchResult> {
    return searchArticles(this.kb, tenantId, q);
  }
}
