import { z } from 'zod';
import { CHANNELS } from '../../core/ticket/channels.ts';
import { URGENCIES } from '../../contract/enums.ts';
import { ACTIONS, STATUSES } from '../../core/ticket/state-machine.ts';

/** Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx, spaces/dots/dashes allowed. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((s) =>
    s
      .replace(/[\s.-]/g, '')
      .replace(/^\+84/, '0')
      .replace(/^84(?=\d{9}$)/, '0'),
  )
  .pipe(
    z.string().regex(/^0\d{9,10}$|^1[89]00\d{4,6}$/, {
      message: 'Số điện thoại không hợp lệ / invalid phone number',
    }),
  );

// PostgreSQL text cannot hold NUL: refuse it as bad input instead of failing with a 500.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), {
      message: 'Không được chứa ký tự NUL / must not contain NUL characters',
    });

export { CHANNELS };

export const citizenSchema = z
  .object({
    name: text(200).min(1),
    phone: phoneSchema.optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    address: text(500).optional(),
    organization: text(300).optional(),
    language: z.enum(['vi', 'en']).default('vi'),
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
export type CreateTicketBody = z.infer<typeof createTicketBody>;

export const listTicketsQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(STATUSES)))
    .optional(),
  escalation: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(['none', 'head', 'overdue'])))
    .optional(),
  agencyId: z.uuid().optional(),
  fieldId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  mine: z.enum(['created', 'assigned']).optional(),
  q: text(200).optional(),
  order: z.enum(['created_desc', 'deadline_asc']).default('created_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const actionParams = z.object({ id: z.uuid(), action: z.enum(ACTIONS) });
export const idParams = z.object({ id: z.uuid() });

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
export type ActionBody = z.infer<typeof actionBody>;

export const lookupQuery = z
  .object({
    phone: phoneSchema.optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  })
  .refine((q) => q.phone || q.email, { message: 'phone or email required' });
