/**
 * The call log (R-TEL-1), recordings (R-TEL-5) and tickets made from calls:
 * `/api/v1/calls`.
 */
import { z } from 'zod';
import { CALL_OUTCOMES, URGENCIES } from './enums.ts';
import { instant, page } from './common.ts';

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;

export const callListQuery = z
  .object({
    /** Calls that started at or after / before these instants. */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /**
     * The caller's number, exactly as signalled (digits, optionally a leading +). Refused
     * (`masked_filter`) to roles that see callers masked (R-PUB-2).
     */
    caller: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{2,20}$/, 'digits, optionally after +')
      .optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    ticketId: z.uuid().optional(),
    limit: z.coerce.number<number>().int().min(1).max(200).default(50),
    offset: z.coerce.number<number>().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

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

/**
 * A call as it leaves the server. Leaders see the caller masked (R-PUB-2, as for tickets);
 * the recording is announced, never located (no file path leaves the server).
 */
export const call = z.object({
  id: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  /** Null when masked and nothing of it may be shown. */
  caller: z.string().nullable(),
  callerName: z.string().nullable(),
  called: z.string(),
  startedAt: instant,
  answeredAt: instant.nullable(),
  endedAt: instant.nullable(),
  waitSeconds: z.number(),
  talkSeconds: z.number(),
  digits: z.string(),
  ivrPath: z.array(z.string()),
  queue: z.string().nullable(),
  queueWaitSeconds: z.number().nullable(),
  agentId: z.string().nullable(),
  transferTo: z.string().nullable(),
  outcome: z.enum(CALL_OUTCOMES),
  endReason: z.string().nullable(),
  recording: z.object({ seconds: z.number().nullable(), channels: z.number().int() }).nullable(),
  codec: z.string().nullable(),
  media: z
    .object({
      packetsReceived: z.number().int(),
      packetsSent: z.number().int(),
      packetsLost: z.number().int(),
      jitterMs: z.number(),
      dtmf: z.string(),
    })
    .nullable(),
  ticketId: z.string().nullable(),
  masked: z.boolean(),
});

export const callPage = page(call);

/** The ticket just made from a call. */
export const callTicket = z.object({ id: z.string(), code: z.string(), callId: z.string() });

/**
 * A recording or a rendered prompt: 8 kHz speech as a WAV file, streamed (never written as
 * JSON, so the schema only documents it).
 */
export const wavFile = {
  description: 'A WAV file',
  content: { 'audio/wav': { schema: z.unknown().meta({ type: 'string', format: 'binary' }) } },
};

export type CallListQuery = z.infer<typeof callListQuery>;
export type CallTicketBody = z.infer<typeof callTicketBody>;
export type Call = z.infer<typeof call>;
export type CallPage = z.infer<typeof callPage>;
export type CallTicket = z.infer<typeof callTicket>;
/** What a client sends (defaults not yet applied). */
export type CallListQueryInput = z.input<typeof callListQuery>;
export type CallTicketBodyInput = z.input<typeof callTicketBody>;
export type { CallOutcome } from './enums.ts';
