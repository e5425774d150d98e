import { z } from 'zod';
import { PROCEDURE_LEVELS } from '../../core/kb/document.ts';

import { KB_KINDS, KB_STATUSES } from '../../contract/enums.ts';

export { KB_KINDS, KB_STATUSES };

const line = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date().nullable();

export const procedureSchema = z.object({
  level: z.enum(PROCEDURE_LEVELS),
  implementingAgency: z.string().trim().max(500).default(''),
  steps: z.array(line(4000)).max(60).default([]),
  dossier: z.array(line(2000)).max(100).default([]),
  processingTime: z.string().trim().max(1000).default(''),
  fees: z.string().trim().max(2000).default(''),
  legalBasis: z.array(line(1000)).max(60).default([]),
});
export type ProcedureInput = z.infer<typeof procedureSchema>;

/** A procedure code: the national portal's `1.001612`, `2.000986.000.00.00.H12`, or the agency's own. */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u, 'letters, digits and . _ / - only');

/** The content of an article, as created, edited or imported. */
const content = {
  kind: z.enum(KB_KINDS),
  code: codeSchema.nullable().default(null),
  title: z.string().trim().min(3).max(500),
  summary: z.string().trim().max(5000).default(''),
  body: z.string().max(100_000).default(''),
  procedure: procedureSchema.nullable().default(null),
  keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  sourceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  effectiveFrom: date.default(null),
  expiresAt: date.default(null),
  reviewDue: date.default(null),
};

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

export const articlePatch = z.object({
  kind: content.kind.optional(),
  code: codeSchema.nullable().optional(),
  title: content.title.optional(),
  summary: z.string().trim().max(5000).optional(),
  body: z.string().max(100_000).optional(),
  procedure: procedureSchema.nullable().optional(),
  keywords: content.keywords.optional(),
  sourceUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  effectiveFrom: date.optional(),
  expiresAt: date.optional(),
  reviewDue: date.optional(),
  fieldId: z.uuid().nullable().optional(),
  note: z.string().trim().max(1000).optional(),
  /** The version the edit is based on; a newer one saved meanwhile → 409 kb_version_conflict. */
  baseVersion: z.number().int().positive().optional(),
});
export type ArticlePatch = z.infer<typeof articlePatch>;

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

const limit = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(300),
  kind: z.enum(KB_KINDS).optional(),
  fieldId: z.uuid().optional(),
  agencyId: z.uuid().optional(),
  limit: limit(10, 50),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const listQuery = z.object({
  status: z.enum(KB_STATUSES).optional(),
  agencyId: z.uuid().optional(),
  kind: z.enum(KB_KINDS).optional(),
  /** Only articles with an edit waiting (draft or in review) on top of the published version. */
  pending: z.enum(['true', 'false']).optional(),
  limit: limit(50, 200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const reviewDueQuery = z.object({
  agencyId: z.uuid().optional(),
  /** Also articles due within this many days. */
  withinDays: z.coerce.number().int().min(0).max(366).default(0),
  limit: limit(100, 500),
});
export type ReviewDueQuery = z.infer<typeof reviewDueQuery>;

export const importQuery = z.object({
  /** Publish at once (the importing administrator is an approver); default: drafts. */
  publish: z.enum(['true', 'false', '1', '0']).default('false'),
});

export const transitionBody = z
  .object({ note: z.string().trim().max(1000).optional() })
  .default({});

export const MAX_IMPORT_ROWS = 5000;
