import { z } from 'zod';

export const CALL_OUTCOMES = [
  'ivr-hangup',
  'queued',
  'transferred',
  'answered',
  'abandoned',
  'cancelled',
  'rejected',
  'failed',
  'interrupted',
  'voicemail',
  'callback',
] as const;

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
