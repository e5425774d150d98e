/**
 * The publication workflow (R-PUB-1/2): `/api/v1/publications`. Hotline staff review the
 * automatically redacted texts of an answered ticket and publish them on the citizens' site.
 */
import { z } from 'zod';
import { CHANNELS, STATUSES } from './enums.ts';
import { instant } from './common.ts';
import { REDACTION_KINDS } from '../core/publication/redact.ts';

export { REDACTION_KINDS };
export type { RedactionKind } from '../core/publication/redact.ts';

/** Why a ticket may not be published. */
export const INELIGIBLE = ['not_answered', 'confidential', 'no_consent'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

export const publicationQuery = z.object({
  /** candidates: answered tickets that may be published and are not; published: on the site. */
  state: z.enum(['candidates', 'published']).default('candidates'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PublicationQuery = z.infer<typeof publicationQuery>;

export const publicationParams = z.object({ ticketId: z.uuid() });

/** The texts as the approver approved them (after reviewing the proposed redactions). */
export const publishBody = z.object({
  title: text(5, 300),
  question: text(10, 20_000),
  answer: text(10, 50_000),
});
export type PublishBody = z.infer<typeof publishBody>;
export type PublishBodyInput = z.input<typeof publishBody>;

// ---- responses --------------------------------------------------------------------------

/** A candidate for publication, or an answer on the site. */
export const publicationItem = z.object({
  ticketId: z.string(),
  code: z.string(),
  subject: z.string(),
  status: z.enum(STATUSES),
  channel: z.enum(CHANNELS),
  answeredAt: instant.nullable(),
  fieldName: z.string().nullable(),
  agencyName: z.string().nullable(),
  /** On the site since (null when not, or withdrawn). */
  publishedAt: instant.nullable(),
  withdrawnAt: instant.nullable(),
});
export type PublicationItem = z.infer<typeof publicationItem>;

/** What the site shows of an answer. */
export const publication = z.object({
  ticketId: z.string(),
  title: z.string(),
  question: z.string(),
  answer: z.string(),
  publishedAt: instant,
  unpublishedAt: instant.nullable(),
});
export type Publication = z.infer<typeof publication>;

export const redaction = z.object({
  /** `[start, end)` offsets into the original text. */
  start: z.number().int(),
  end: z.number().int(),
  kind: z.enum(REDACTION_KINDS),
  text: z.string(),
  replacement: z.string(),
});

/** One text as proposed: the original, the redactions found, the text they give. */
export const proposedText = z.object({
  original: z.string(),
  redacted: z.string(),
  redactions: z.array(redaction),
});
export type ProposedText = z.infer<typeof proposedText>;

/**
 * What the approver reviews. The original texts carry the citizen's personal data, so only
 * the roles that approve (hotline staff, who see it anyway) ever get this document.
 */
export const publicationDraft = z.object({
  ticket: z.object({
    id: z.string(),
    code: z.string(),
    status: z.enum(STATUSES),
    channel: z.enum(CHANNELS),
    confidential: z.boolean(),
    fieldName: z.string().nullable(),
    agencyName: z.string().nullable(),
    receivedAt: instant,
    answeredAt: instant.nullable(),
  }),
  publishable: z.boolean(),
  ineligible: z.enum(INELIGIBLE).nullable(),
  proposal: z.object({ title: proposedText, question: proposedText, answer: proposedText }),
  publication: publication.extend({ publishedBy: z.string().nullable() }).nullable(),
});
export type PublicationDraft = z.infer<typeof publicationDraft>;
