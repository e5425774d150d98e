import { z } from 'zod';
import { CALL_OUTCOMES, URGENCIES } from '../../contract/enums.ts';

export { CALL_OUTCOMES };

export const listQuery = z
  .object({
    /** Calls that started at or after / before these instants. */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** The caller's number, exactly as signalled (digits, optionally a leading +). */
    caller: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{2,20}$/, 'digits, optionally after +')
      .optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    ticketId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export type ListQuery = z.infer<typeof listQuery>;

export const callParams = z.object({ id: z.uuid() });

/** A ticket made from a call: what the operator typed; the caller's number comes from the call. */
export const callTicketBody = z.object({
  content: z.string().trim().min(5).max(20_000),
  subject: z.string().trim().min(1).max(300).optional(),
  fieldId: z.uuid().optional(),
  urgency: z.enum(URGENCIES).default('normal'),
  confidential: z.boolean().default(false),
  citizenName: z.string().trim().min(1).max(200).optional(),
  citizenPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9]{6,15}$/)
    .optional(),
  citizenEmail: z.email().optional(),
  citizenAddress: z.string().trim().min(1).max(500).optional(),
});
export type CallTicketBody = z.infer<typeof callTicketBody>;
