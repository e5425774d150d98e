/**
 * Tickets (R-IN, R-WF): `/api/v1/tickets*` and `/api/v1/attachments*` — intake, the scoped
 * lists, the caller lookup, the detail with its timeline, and the state machine's actions.
 */
import { z } from 'zod';
import {
  ACTIONS,
  CHANNELS,
  ESCALATIONS,
  LANGUAGES,
  STATUSES,
  URGENCIES,
  type TicketStatus,
} from './enums.ts';
import { day, instant, page } from './common.ts';
import { phoneNumber } from './phone.ts';

// PostgreSQL text cannot hold NUL: refuse it as bad input instead of failing with a 500.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), {
      message: 'Không được chứa ký tự NUL / must not contain NUL characters',
    });

const email = z.string().trim().toLowerCase().pipe(z.email());

// ---- requests ----------------------------------------------------------------------------

export const citizenSchema = z
  .object({
    name: text(200).min(1),
    phone: phoneNumber.optional(),
    email: email.optional(),
    address: text(500).optional(),
    organization: text(300).optional(),
    language: z.enum(LANGUAGES).default('vi'),
  })
  .refine((c) => c.phone || c.email, {
    message: 'Cần ít nhất số điện thoại hoặc email / a phone number or an email is required',
    path: ['phone'],
  });

export const createTicketBody = z.object({
  channel: z.enum(CHANNELS),
  subject: text(300).optional(),
  content: text(20_000).min(5),
  citizen: citizenSchema,
  fieldId: z.uuid().optional(),
  urgency: z.enum(URGENCIES).default('normal'),
  confidential: z.boolean().default(false),
  location: z
    .object({
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
      orgUnitId: z.uuid().optional(),
    })
    .optional(),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  /** A client-chosen key: retrying the same submission returns the ticket created first. */
  idempotencyKey: text(100).min(8).optional(),
  /** The phone call this ticket records (bound to it, shown on the timeline). */
  callId: z.uuid().optional(),
});

/** A comma-separated list in the querystring (`?status=received,forwarded`). */
const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(values)));

export const listTicketsQuery = z.object({
  status: commaList(STATUSES).optional(),
  escalation: commaList(ESCALATIONS).optional(),
  agencyId: z.uuid().optional(),
  fieldId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  mine: z.enum(['created', 'assigned']).optional(),
  /**
   * Words of the code, subject or content; on rows the caller sees masked (R-PUB-2: leaders,
   * administrators; agency staff on confidential tickets) the code only.
   */
  q: text(200).optional(),
  order: z.enum(['created_desc', 'deadline_asc']).default('created_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const lookupQuery = z
  .object({ phone: phoneNumber.optional(), email: email.optional() })
  .refine((q) => q.phone || q.email, { message: 'phone or email required' });

export const actionParams = z.object({ id: z.uuid(), action: z.enum(ACTIONS) });

export const actionBody = z
  .object({
    note: text(20_000).optional(),
    reason: text(5_000).optional(),
    guidance: text(5_000).optional(),
    answer: text(50_000).optional(),
    agencyId: z.uuid().optional(),
    subunitId: z.uuid().optional(),
    promisedDate: z.iso.date().optional(),
    /**
     * The knowledge-base article the answer came from (R-WF-1, R-KB-3): an article id (then
     * checked, and its version, title and code recorded on the event) or an outside reference.
     */
    kbArticleId: text(100).optional(),
    /** The version of that article the operator read; defaults to the published one. */
    kbVersion: z.number().int().positive().optional(),
    attachmentIds: z.array(z.uuid()).max(20).default([]),
    /** Optimistic concurrency: the version the client saw. */
    version: z.number().int().positive().optional(),
  })
  .default({ attachmentIds: [] });

// ---- responses ---------------------------------------------------------------------------

export const DEADLINE_KINDS = ['focal_point', 'head', 'promised'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DEADLINE_STATUSES = ['pending', 'paused', 'fired', 'met', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The citizen as the caller may see them: masked for some roles (R-PUB-2). */
export const citizen = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  organization: z.string().nullable(),
  language: z.enum(LANGUAGES),
});

export const ticket = z.object({
  id: z.string(),
  code: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  escalation: z.enum(ESCALATIONS),
  subject: z.string(),
  content: z.string(),
  urgency: z.enum(URGENCIES),
  fieldId: z.string().nullable(),
  agencyId: z.string().nullable(),
  subunitId: z.string().nullable(),
  citizen,
  /** The citizen's identity is masked for this caller. */
  masked: z.boolean(),
  confidential: z.boolean(),
  /** Why the content was flagged for review (R-AB-1), e.g. `language`; empty if it was not. */
  flags: z.array(z.string()),
  location: z
    .object({
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      orgUnitId: z.string().nullable(),
    })
    .nullable(),
  supplementRequested: z.boolean(),
  promisedDate: day.nullable(),
  answer: z.string().nullable(),
  agencyAnswer: z.string().nullable(),
  rejectReason: z.string().nullable(),
  rejectGuidance: z.string().nullable(),
  reopenCount: z.number().int(),
  version: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
  forwardedAt: instant.nullable(),
  answeredAt: instant.nullable(),
  closedAt: instant.nullable(),
  /** The running clock, if one runs (a paused one has no due time). */
  deadline: z
    .object({ kind: z.enum(DEADLINE_KINDS), dueAt: instant, warnAt: instant.nullable() })
    .optional(),
  /** What this caller may do next (the state machine's answer for their role). */
  actions: z.array(z.enum(ACTIONS)),
});

export const timelineEntry = z.object({
  id: z.string(),
  /** A state-machine action, or `create`, `deadline_warning`, `rating`… */
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  /** Who acted: their display name, `system`, or null. */
  actor: z.string().nullable(),
  actorRole: z.string().nullable(),
  agency: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: instant,
});

export const ticketDeadline = z.object({
  id: z.string(),
  kind: z.enum(DEADLINE_KINDS),
  status: z.enum(DEADLINE_STATUSES),
  startsAt: instant,
  warnAt: instant.nullable(),
  dueAt: instant,
  /** Working time left when the clock was paused. */
  remainingMs: z.number().nullable(),
  firedAt: instant.nullable(),
  closedAt: instant.nullable(),
});

export const attachment = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  createdAt: instant,
});

/** A ticket with its complete timeline, deadlines and attachments. */
export const ticketDetail = ticket.extend({
  timeline: z.array(timelineEntry),
  deadlines: z.array(ticketDeadline),
  attachments: z.array(attachment),
});

export const ticketList = page(ticket);

/**
 * What an action answers: the detail, or only the ticket when the action handed it to
 * someone else and the caller can no longer read its timeline (transfer, return…).
 */
export const actionResult = z.union([ticketDetail, ticket]);

/** A file just uploaded (POST /attachments), to be linked by its id. */
export const uploadedAttachment = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});

/** A stored file, streamed with its own content type and name (GET /attachments/:id). */
export const attachmentFile = z
  .unknown()
  .meta({ type: 'string', format: 'binary', description: 'The file as uploaded' });

// ---- types -------------------------------------------------------------------------------

export type CreateTicketBody = z.infer<typeof createTicketBody>;
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;
export type LookupQuery = z.infer<typeof lookupQuery>;
export type ActionBody = z.infer<typeof actionBody>;
export type Citizen = z.infer<typeof citizen>;
export type Ticket = z.infer<typeof ticket>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type TicketDeadline = z.infer<typeof ticketDeadline>;
export type Attachment = z.infer<typeof attachment>;
export type TicketDetail = z.infer<typeof ticketDetail>;
export type TicketList = z.infer<typeof ticketList>;
export type ActionResult = z.infer<typeof actionResult>;
export type UploadedAttachment = z.infer<typeof uploadedAttachment>;
export type { TicketStatus };

/** What a client sends (defaults not yet applied). */
export type CreateTicketBodyInput = z.input<typeof createTicketBody>;
export type ActionBodyInput = NonNullable<z.input<typeof actionBody>>;
/**
 * The list's filters as a client holds them: lists as arrays (the querystring writes them
 * comma-separated), everything optional.
 */
export type TicketListFilter = Partial<ListTicketsQuery>;
