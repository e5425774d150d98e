import { z } from 'zod';
import { CHAT_STATUSES } from '../../contract/enums.ts';
import { phoneSchema } from '../../contract/ticket.ts';

/** The longest message a visitor or operator may send, in characters (code points). */
export const MESSAGE_MAX_CHARS = 2000;

const clientId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'client id: 8–64 of A–Z a–z 0–9 _ -' });

const noNul = (s: string) => !s.includes('\u0000');

/** Opening a conversation: who the visitor is, so that it can become a ticket (R-IN-1). */
export const startBody = z
  .object({
    /** The tenant's code; may be left out while the server holds one tenant. */
    tenant: z.string().trim().max(64).optional(),
    name: z.string().trim().min(1).max(200).refine(noNul),
    phone: phoneSchema.optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    language: z.enum(['vi', 'en']).default('vi'),
    /**
     * The conversation's secret, chosen by the widget (≥ 32 random base64url characters) so
     * that a start sent again after a dropped connection finds the conversation it already
     * made instead of making a second. Left out: the server chooses one.
     */
    token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/)
      .optional(),
  })
  .refine((c) => c.phone || c.email, {
    message: 'Cần số điện thoại hoặc email / a phone number or an email is required',
    path: ['phone'],
  });
export type StartBody = z.infer<typeof startBody>;

/**
 * A message body is checked by the service, not here, so that too long and empty get their
 * own codes and words (the visitor sees them in the widget).
 */
export const messageBody = z.object({
  clientId,
  body: z.string().max(MESSAGE_MAX_CHARS * 4),
});
export type MessageBody = z.infer<typeof messageBody>;

/** What the widget sends over its WebSocket. */
export const visitorFrame = z.discriminatedUnion('type', [
  startBody.safeExtend({ type: z.literal('start') }),
  z.object({
    type: z.literal('resume'),
    token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
    after: z.number().int().min(0).default(0),
  }),
  messageBody.extend({ type: z.literal('send') }),
  z.object({ type: z.literal('handoff') }),
  z.object({ type: z.literal('close') }),
]);
export type VisitorFrame = z.infer<typeof visitorFrame>;

export const CHAT_DESK_STATUSES = CHAT_STATUSES;

export const listQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(CHAT_DESK_STATUSES)))
    .default(['waiting', 'active']),
});
export type ListQuery = z.infer<typeof listQuery>;

export const idParams = z.object({ id: z.uuid() });
