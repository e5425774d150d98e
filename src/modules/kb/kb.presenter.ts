import type { KbArticleRow, KbArticleVersionRow } from '../../db/schema.ts';
import { procedureText } from '../../core/kb/document.ts';
import { bestSnippet, highlightAll, leadSnippet, type Snippet } from '../../core/kb/highlight.ts';
import type { KbArticle, KbArticleSummary, KbSearchResult, KbVersion } from '../../contract/kb.ts';
import { versionContent } from './kb.content.ts';
import type { SearchResult } from './kb.search.ts';

/**
 * Whether an article needs its owner's attention so that answers stay "còn phù hợp với quy
 * định hiện hành": its review date has passed, or it has expired.
 */
export function reviewFlags(
  a: { review_due: string | null; expires_at: string | null; effective_from: string | null },
  today: string,
) {
  const overdue = a.review_due !== null && a.review_due < today;
  const expired = a.expires_at !== null && a.expires_at < today;
  return {
    needsReview: overdue || expired,
    expired,
    notYetEffective: a.effective_from !== null && a.effective_from > today,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A list entry: everything but the body. */
export function presentArticleSummary(a: KbArticleRow, today: string): KbArticleSummary {
  return {
    id: a.id,
    kind: a.kind,
    code: a.code,
    title: a.title,
    summary: a.summary,
    agencyId: a.agency_id,
    fieldId: a.field_id,
    status: a.status,
    version: a.version,
    // Both set or neither (a CHECK constraint).
    pending:
      a.pending_status && a.pending_version !== null
        ? { version: a.pending_version, status: a.pending_status }
        : null,
    effectiveFrom: a.effective_from,
    expiresAt: a.expires_at,
    reviewDue: a.review_due,
    ...reviewFlags(a, today),
    publishedAt: iso(a.published_at),
    updatedAt: a.updated_at.toISOString(),
  };
}

/** The whole article, with the edit waiting on top of it when the reader may see it. */
export function presentArticle(
  a: KbArticleRow,
  today: string,
  extra: { pending?: KbArticleVersionRow | null; canEdit?: boolean } = {},
): KbArticle {
  const pending = extra.pending;
  return {
    ...presentArticleSummary(a, today),
    body: a.body,
    procedure: a.procedure,
    keywords: a.keywords,
    sourceUrl: a.source_url,
    publishedBy: a.published_by,
    createdBy: a.created_by,
    createdAt: a.created_at.toISOString(),
    canEdit: extra.canEdit ?? false,
    pendingRevision:
      pending && a.pending_status
        ? {
            version: pending.version,
            status: a.pending_status,
            content: versionContent(pending),
            note: pending.note,
            createdBy: pending.created_by,
            createdAt: pending.created_at.toISOString(),
          }
        : null,
  };
}

export function presentVersion(
  v: KbArticleVersionRow & { created_by_name?: string | null; published_by_name?: string | null },
): KbVersion {
  return {
    version: v.version,
    content: versionContent(v),
    note: v.note,
    createdBy: v.created_by,
    createdByName: v.created_by_name ?? null,
    createdAt: v.created_at.toISOString(),
    published: v.published_at !== null,
    publishedAt: iso(v.published_at),
    publishedBy: v.published_by,
    publishedByName: v.published_by_name ?? null,
  };
}

/**
 * Search results: a snippet from the summary, else the body, else the procedure's fields,
 * with highlight ranges (`[start, end)` offsets) over the snippet and the title.
 */
export function presentSearch(r: SearchResult, today: string): KbSearchResult {
  const terms = r.plan.highlight;
  return {
    query: {
      terms: r.plan.units.map((u) => ({ text: u.source, kind: u.kind, prefix: u.prefix })),
      corrections: r.plan.units
        .filter((u) => u.kind === 'corrected')
        .map((u) => ({ from: u.source, to: u.terms })),
      ignored: r.plan.unknown,
    },
    tookMs: Math.round(r.tookMs * 100) / 100,
    items: r.items.map(({ hit, score, match }) => {
      const sources = [hit.summary, hit.body, hit.procedure ? procedureText(hit.procedure) : ''];
      let snippet: Snippet | null = null;
      for (const s of sources) {
        if (s && (snippet = bestSnippet(s, terms))) break;
      }
      snippet ??= leadSnippet(sources.find((s) => s) ?? '');
      return {
        id: hit.id,
        kind: hit.kind,
        code: hit.code,
        title: hit.title,
        titleHighlights: highlightAll(hit.title, terms),
        snippet: snippet.text,
        highlights: snippet.highlights,
        score: Math.round(score * 10_000) / 10_000,
        match,
        agencyId: hit.agency_id,
        fieldId: hit.field_id,
        level: hit.procedure?.level ?? null,
        version: hit.version,
        reviewDue: hit.review_due,
        expiresAt: hit.expires_at,
        ...reviewFlags(hit, today),
        updatedAt: hit.updated_at.toISOString(),
      };
    }),
  };
}
