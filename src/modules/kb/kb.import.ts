/**
 * Importing articles (R-KB-2: synced from the province's systems), one command: the file is
 * parsed and checked whole (`kb.import-file.ts`), then stored in one transaction or not at all.
 */
import type { KbArticleRow } from '../../db/schema.ts';
import { requirePermission } from '../../core/access/check.ts';
import { SEARCH_REVISION } from '../../core/kb/document.ts';
import { normalizeCode } from '../../core/kb/normalize.ts';
import { ACTION_PERMISSION, decide } from '../../core/kb/review.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { ArticleContent, KbImportResult } from '../../contract/kb.ts';
import type { Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { kbRepository as repo, type NewArticle } from './kb.repository.ts';
import {
  inTransaction,
  searchFields,
  todayOf,
  withReviewDue,
  type KbContext,
} from './kb.content.ts';
import { parseImport, type ImportItem } from './kb.import-file.ts';
import { storedTerms, VocabularyDelta } from './kb.vocabulary.ts';

/** New articles are inserted this many per statement. */
const CHUNK = 400;

type Imported = KbImportResult['articles'][number];

/**
 * Imports articles all-or-nothing. Rows with a code already in the knowledge base update that
 * article (a new version: a draft, or published at once when `publish`); others create one.
 * Any invalid row → 422 `kb_import_invalid` naming every bad row, nothing stored. Audited as
 * one `kb.import` record listing every article.
 *
 * ### Examples
 * ```ts
 * await importArticles(kb, admin, { body: csvText, contentType: 'text/csv' }, { publish: true });
 * // → [{ row: 1, id, code: '1.001612', action: 'updated' }, { row: 2, …, action: 'created' }]
 * ```
 */
export async function importArticles(
  kb: KbContext,
  actorIn: Actor | undefined,
  input: { body: unknown; contentType: string },
  opts: { publish: boolean },
): Promise<Imported[]> {
  const actor = requirePermission(actorIn, ACTION_PERMISSION.import);
  const db = kb.ctx.db;
  const [agencies, fields] = await Promise.all([
    repo.agencies(db, actor.tenantId),
    repo.fields(db, actor.tenantId),
  ]);
  const items = parseImport(input.body, input.contentType, { agencies, fields });
  const now = kb.ctx.clock.now();
  const today = todayOf(kb);
  const stamp = { by: actor.userId, at: now };
  const published = opts.publish ? stamp : null;
  const prepare = (content: ArticleContent) => {
    const c = opts.publish ? withReviewDue(content, today) : content;
    return { content: c, search: searchFields(c, kb.synonyms) };
  };

  const result = await inTransaction(kb, async (trx) => {
    const codes = items.flatMap((i) => (i.content.code ? [normalizeCode(i.content.code)] : []));
    const existing = new Map(
      (await repo.articlesByCode(trx, actor.tenantId, codes)).map((r) => [r.code_norm!, r]),
    );
    const delta = new VocabularyDelta();
    const out: Imported[] = [];
    const fresh: ImportItem[] = [];
    /** A row for an article that exists: a new version, as an edit or published at once. */
    const update = async (prior: KbArticleRow, item: ImportItem) => {
      const d = decide(
        { status: prior.status, pending: prior.pending_status },
        opts.publish ? 'import' : 'edit',
      );
      if (!d.ok) throw new AppError(d.error);
      const version = (await repo.latestVersion(trx, prior.id)) + 1;
      const { content, search } = prepare(item.content);
      await repo.insertVersions(trx, [
        {
          articleId: prior.id,
          version,
          tenantId: actor.tenantId,
          content,
          note: 'import',
          created: stamp,
          published,
        },
      ]);
      if (d.edit === 'pending') {
        await repo.setState(trx, prior.id, { pending: { version, status: d.to.pending } }, stamp);
        return;
      }
      delta.apply(
        d.vocabulary,
        () => storedTerms(prior),
        () => search.terms,
      );
      await repo.writeContent(trx, prior.id, {
        content,
        search,
        revision: SEARCH_REVISION,
        status: d.to.status,
        version,
        published: d.publishes ? stamp : null,
        updated: stamp,
      });
    };
    for (const item of items) {
      const prior = item.content.code ? existing.get(normalizeCode(item.content.code)) : undefined;
      if (!prior) {
        fresh.push(item);
        continue;
      }
      await update(prior, item);
      out.push({ row: item.row, id: prior.id, code: item.content.code, action: 'updated' });
    }
    // New articles in multi-row statements: an import may bring thousands.
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK).map((item) => ({ item, ...prepare(item.content) }));
      if (opts.publish) for (const c of chunk) delta.add(c.search.terms, 1);
      const rows = await repo.insertArticles(
        trx,
        chunk.map((c): NewArticle => ({
          tenantId: actor.tenantId,
          content: c.content,
          search: c.search,
          revision: SEARCH_REVISION,
          status: opts.publish ? 'published' : 'draft',
          published,
          created: stamp,
        })),
      );
      await repo.insertVersions(
        trx,
        rows.map((r, k) => ({
          articleId: r.id,
          version: 1,
          tenantId: actor.tenantId,
          content: chunk[k]!.content,
          note: 'import',
          created: stamp,
          published,
        })),
      );
      rows.forEach((r, k) =>
        out.push({ row: chunk[k]!.item.row, id: r.id, code: r.code, action: 'created' }),
      );
    }
    await delta.save(trx, actor.tenantId);
    out.sort((a, b) => a.row - b.row);
    await auditBy(trx, actor, {
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
  if (opts.publish) kb.vocabulary.invalidate(actor.tenantId);
  return result;
}
