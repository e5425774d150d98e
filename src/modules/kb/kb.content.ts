/**
 * An article's content as the service works with it: read from a row or a version, indexed
 * for search, given its review date when published. Shared by `KbService` and the import
 * command.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/helpers.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { KbArticleRow, KbArticleVersionRow } from '../../db/schema.ts';
import { buildSearchFields, type SearchFields } from '../../core/kb/document.ts';
import type { SynonymIndex } from '../../core/kb/synonyms.ts';
import type { ArticleContent } from '../../contract/kb.ts';
import { localDate } from '../ticket/local-time.ts';
import type { VocabularyCache } from './kb.vocabulary.ts';

/** Days from publication to the default review date, when the article sets none. */
export const DEFAULT_REVIEW_DAYS = 365;

/** What the knowledge base's workflows run on: built once, by `KbService`. */
export interface KbContext {
  ctx: AppContext;
  synonyms: SynonymIndex;
  vocabulary: VocabularyCache;
}

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

/** The content a version keeps (written from `ArticleContent` only). */
export const versionContent = (v: KbArticleVersionRow) => v.snapshot as unknown as ArticleContent;

/** What of the content is searched (`core/kb/document.ts`). */
export function searchFields(c: ArticleContent, synonyms: SynonymIndex): SearchFields {
  return buildSearchFields(
    {
      kind: c.kind,
      code: c.code,
      title: c.title,
      summary: c.summary,
      body: c.body,
      keywords: c.keywords,
      procedure: c.procedure,
    },
    synonyms,
  );
}

/** Today in the deployment's local time (UTC+7). */
export const todayOf = (kb: KbContext) => localDate(kb.ctx.clock.now());

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Published content carries a review date: its own, else a year from today. */
export const withReviewDue = (c: ArticleContent, today: string): ArticleContent => ({
  ...c,
  reviewDue: c.reviewDue ?? addDays(today, DEFAULT_REVIEW_DAYS),
});

/**
 * Runs a write in one transaction. A code another article took meanwhile (the unique index on
 * `code_norm`, after the service's own check) is `kb_code_taken`, never a 500.
 */
export async function inTransaction<T>(
  kb: KbContext,
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await kb.ctx.db.transaction().execute(write);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('kb_code_taken');
    throw err;
  }
}
