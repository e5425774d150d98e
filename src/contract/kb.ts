/**
 * The knowledge base (R-KB-1…4): `/api/v1/kb`. Articles (FAQs, policies, administrative
 * procedures), their versions, search, review dates and the import file format
 * (docs/kb-import.md).
 */
import { z } from 'zod';
import { KB_KINDS, KB_STATUSES, PROCEDURE_LEVELS } from './enums.ts';
import { day, instant, page, patchOf } from './common.ts';
import { KB_PENDING_STATUSES } from '../core/kb/review.ts';

export { KB_KINDS, KB_STATUSES, PROCEDURE_LEVELS };
export type { KbKind, KbStatus } from './enums.ts';

export { KB_PENDING_STATUSES, type KbPendingStatus } from '../core/kb/review.ts';

/** How a search hit was found: by its code, holding every word, most words, a similar title. */
export const KB_MATCHES = ['code', 'all', 'most', 'similar'] as const;
export type KbMatch = (typeof KB_MATCHES)[number];

/** At most this many articles in one import file. */
export const MAX_IMPORT_ROWS = 5000;

// ---- requests ---------------------------------------------------------------------------

const line = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date().nullable();

/** The structured fields of an administrative procedure (TTHC), as written. */
export const procedureBody = z.object({
  level: z.enum(PROCEDURE_LEVELS),
  implementingAgency: z.string().trim().max(500).default(''),
  steps: z.array(line(4000)).max(60).default([]),
  dossier: z.array(line(2000)).max(100).default([]),
  processingTime: z.string().trim().max(1000).default(''),
  fees: z.string().trim().max(2000).default(''),
  legalBasis: z.array(line(1000)).max(60).default([]),
});
export type ProcedureBody = z.infer<typeof procedureBody>;

/** A procedure code: the national portal's `1.001612`, `2.000986.000.00.00.H12`, or the agency's own. */
export const articleCode = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u, 'letters, digits and . _ / - only');

const sourceUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullable();

const keywordList = z.array(z.string().trim().min(1).max(100)).max(50);
/** The content of an article, as created, edited or imported. */
const content = {
  kind: z.enum(KB_KINDS),
  code: articleCode.nullable().default(null),
  title: z.string().trim().min(3).max(500),
  summary: z.string().trim().max(5000).default(''),
  body: z.string().max(100_000).default(''),
  procedure: procedureBody.nullable().default(null),
  keywords: keywordList.default([]),
  sourceUrl: sourceUrl.default(null),
  effectiveFrom: date.default(null),
  expiresAt: date.default(null),
  reviewDue: date.default(null),
};

/** What the cross-field rules read of an article's content. */
export interface ContentRules {
  kind: string;
  procedure: unknown;
  effectiveFrom: string | null;
  expiresAt: string | null;
}

/** Cross-field rules, shared by create, edit (after merging) and import. */
export function contentIssues(c: ContentRules): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (c.kind === 'procedure' && !c.procedure)
    out.push({ path: 'procedure', message: 'a procedure needs its structured fields' });
  if (c.kind !== 'procedure' && c.procedure)
    out.push({ path: 'procedure', message: 'only procedures have structured fields' });
  if (c.effectiveFrom && c.expiresAt && c.expiresAt < c.effectiveFrom)
    out.push({ path: 'expiresAt', message: 'must not be before effectiveFrom' });
  return out;
}

const refine = (v: ContentRules, ctx: z.RefinementCtx) => {
  for (const i of contentIssues(v))
    ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
};

export const articleBody = z
  .object({
    ...content,
    fieldId: z.uuid().nullable().default(null),
    /** The owner; agency staff may leave it out (their own agency) or give their own. */
    agencyId: z.uuid().optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine(refine);
export type ArticleBody = z.infer<typeof articleBody>;
export type ArticleBodyInput = z.input<typeof articleBody>;

export const articlePatch = patchOf({
  kind: content.kind.optional(),
  code: articleCode.nullable().optional(),
  title: content.title.optional(),
  summary: z.string().trim().max(5000).optional(),
  body: z.string().max(100_000).optional(),
  procedure: procedureBody.nullable().optional(),
  // No default in a patch: `{ title }` must not empty the keywords.
  keywords: keywordList.optional(),
  sourceUrl: sourceUrl.optional(),
  effectiveFrom: date.optional(),
  expiresAt: date.optional(),
  reviewDue: date.optional(),
  fieldId: z.uuid().nullable().optional(),
  note: z.string().trim().max(1000).optional(),
  /** The version the edit is based on; a newer one saved meanwhile → 409 kb_version_conflict. */
  baseVersion: z.number().int().positive().optional(),
});
export type ArticlePatch = z.infer<typeof articlePatch>;
export type ArticlePatchInput = z.input<typeof articlePatch>;

/** One article of an import file (JSON object, or a CSV row mapped to this shape). */
export const importRow = z
  .object({
    ...content,
    agencyCode: z.string().trim().min(1).max(50),
    fieldCode: z.string().trim().min(1).max(50).nullable().default(null),
  })
  .strict()
  .superRefine(refine);
export type ImportRow = z.infer<typeof importRow>;

/**
 * An import file: a JSON array of articles (`importRow`), `{ "articles": [...] }`, or
 * `text/csv` with a header line. Every row is checked by the server, which names each bad row
 * (422 `kb_import_invalid`), so the file is taken as it comes.
 */
export const importFile = z
  .unknown()
  .describe(
    'A JSON array of articles, { "articles": [...] }, or text/csv with a header line (docs/kb-import.md)',
  );

const limit = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

export const kbSearchQuery = z.object({
  q: z.string().trim().min(1).max(300),
  kind: z.enum(KB_KINDS).optional(),
  fieldId: z.uuid().optional(),
  agencyId: z.uuid().optional(),
  limit: limit(10, 50),
});
export type KbSearchQuery = z.infer<typeof kbSearchQuery>;

export const kbListQuery = z.object({
  status: z.enum(KB_STATUSES).optional(),
  agencyId: z.uuid().optional(),
  kind: z.enum(KB_KINDS).optional(),
  /** Only articles with an edit waiting (draft or in review) on top of the published version. */
  pending: z.enum(['true', 'false']).optional(),
  limit: limit(50, 200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type KbListQuery = z.infer<typeof kbListQuery>;

export const kbReviewDueQuery = z.object({
  agencyId: z.uuid().optional(),
  /** Also articles due within this many days. */
  withinDays: z.coerce.number().int().min(0).max(366).default(0),
  limit: limit(100, 500),
});
export type KbReviewDueQuery = z.infer<typeof kbReviewDueQuery>;

export const kbImportQuery = z.object({
  /** Publish at once (the importing administrator is an approver); default: drafts. */
  publish: z.enum(['true', 'false', '1', '0']).default('false'),
});

/** Submit, publish, archive: an optional note for the audit trail. */
export const kbTransitionBody = z
  .object({ note: z.string().trim().max(1000).optional() })
  .default({});

// ---- responses --------------------------------------------------------------------------

export const kbProcedure = z.object({
  level: z.enum(PROCEDURE_LEVELS),
  implementingAgency: z.string(),
  steps: z.array(z.string()),
  dossier: z.array(z.string()),
  processingTime: z.string(),
  fees: z.string(),
  legalBasis: z.array(z.string()),
});
export type KbProcedure = z.infer<typeof kbProcedure>;

/** An article's content as each version keeps it. */
export const articleContent = z.object({
  kind: z.enum(KB_KINDS),
  code: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  procedure: kbProcedure.nullable(),
  keywords: z.array(z.string()),
  sourceUrl: z.string().nullable(),
  fieldId: z.string().nullable(),
  agencyId: z.string(),
  effectiveFrom: day.nullable(),
  expiresAt: day.nullable(),
  reviewDue: day.nullable(),
});
export type ArticleContent = z.infer<typeof articleContent>;

/**
 * Whether an article needs its owner's attention so that answers stay "còn phù hợp với quy
 * định hiện hành": its review date has passed, or it has expired; or it is not in force yet.
 */
const reviewFlags = {
  needsReview: z.boolean(),
  expired: z.boolean(),
  notYetEffective: z.boolean(),
};

/** A list entry: everything but the body. */
export const kbArticleSummary = z.object({
  id: z.string(),
  kind: z.enum(KB_KINDS),
  code: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  agencyId: z.string(),
  fieldId: z.string().nullable(),
  status: z.enum(KB_STATUSES),
  version: z.number().int(),
  /** The edit waiting on top of the published version. */
  pending: z.object({ version: z.number().int(), status: z.enum(KB_PENDING_STATUSES) }).nullable(),
  effectiveFrom: day.nullable(),
  expiresAt: day.nullable(),
  reviewDue: day.nullable(),
  ...reviewFlags,
  publishedAt: instant.nullable(),
  updatedAt: instant,
});
export type KbArticleSummary = z.infer<typeof kbArticleSummary>;

export const kbArticleList = page(kbArticleSummary);
export type KbArticleList = z.infer<typeof kbArticleList>;

/** The whole article, with the edit waiting on top of it when the reader may see it. */
export const kbArticle = kbArticleSummary.extend({
  body: z.string(),
  procedure: kbProcedure.nullable(),
  keywords: z.array(z.string()),
  sourceUrl: z.string().nullable(),
  publishedBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: instant,
  /** Whether the reader may edit, submit and archive it. */
  canEdit: z.boolean(),
  pendingRevision: z
    .object({
      version: z.number().int(),
      status: z.enum(KB_PENDING_STATUSES),
      content: articleContent,
      note: z.string().nullable(),
      createdBy: z.string().nullable(),
      createdAt: instant,
    })
    .nullable(),
});
export type KbArticle = z.infer<typeof kbArticle>;

export const kbVersion = z.object({
  version: z.number().int(),
  content: articleContent,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: instant,
  published: z.boolean(),
  publishedAt: instant.nullable(),
  publishedBy: z.string().nullable(),
  publishedByName: z.string().nullable(),
});
export type KbVersion = z.infer<typeof kbVersion>;

/** `[start, end)` offsets of a highlighted stretch. */
export const kbRange = z.tuple([z.number().int(), z.number().int()]);
export type KbRange = z.infer<typeof kbRange>;

export const kbHit = z.object({
  id: z.string(),
  kind: z.enum(KB_KINDS),
  code: z.string().nullable(),
  title: z.string(),
  titleHighlights: z.array(kbRange),
  /** From the summary, else the body, else the procedure's fields. */
  snippet: z.string(),
  highlights: z.array(kbRange),
  score: z.number(),
  match: z.enum(KB_MATCHES),
  agencyId: z.string(),
  fieldId: z.string().nullable(),
  level: z.enum(PROCEDURE_LEVELS).nullable(),
  version: z.number().int(),
  reviewDue: day.nullable(),
  expiresAt: day.nullable(),
  ...reviewFlags,
  updatedAt: instant,
});
export type KbHit = z.infer<typeof kbHit>;

export const kbSearchResult = z.object({
  /** How the query was read: its words, the corrections made, the words ignored. */
  query: z.object({
    terms: z.array(
      z.object({
        text: z.string(),
        kind: z.enum(['word', 'synonym', 'corrected']),
        prefix: z.boolean(),
      }),
    ),
    corrections: z.array(z.object({ from: z.string(), to: z.array(z.string()) })),
    ignored: z.array(z.string()),
  }),
  tookMs: z.number(),
  items: z.array(kbHit),
});
export type KbSearchResult = z.infer<typeof kbSearchResult>;

export const kbImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Per row of the file (1-based, file order): the article created or updated. */
  articles: z.array(
    z.object({
      row: z.number().int(),
      id: z.string(),
      code: z.string().nullable(),
      action: z.enum(['created', 'updated']),
    }),
  ),
});
export type KbImportResult = z.infer<typeof kbImportResult>;

export const kbReindexResult = z.object({
  reindexed: z.number().int(),
  revision: z.number().int(),
});
export type KbReindexResult = z.infer<typeof kbReindexResult>;
