/**
 * Operators' phones and call states (R-TEL-3, R-TEL-6) and the call queues:
 * `/api/v1/agents`, `/api/v1/call-queues`.
 */
import { z } from 'zod';
import { AGENT_STATES, ROLES } from './enums.ts';
import { instant } from './common.ts';

/** What a queue does with a caller nobody answered in time. */
export const QUEUE_OVERFLOWS = ['voicemail', 'callback'] as const;
export type QueueOverflow = (typeof QUEUE_OVERFLOWS)[number];

/** The states an operator sets; ringing, on-call and wrap-up are set by calls. */
export const SETTABLE_AGENT_STATES = ['available', 'break', 'offline'] as const;

const queueCode = z.string().regex(/^[a-z0-9-]{1,60}$/);

export const sipAccountBody = z.object({
  /** The extension / SIP user name the phone registers with. */
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,32}$/, '2–32 letters, digits, dot, dash or underscore'),
  /** Typed into the phone; only its digest HA1 values are stored. */
  password: z.string().min(10).max(128),
});

export const agentStateBody = z.object({
  state: z.enum(SETTABLE_AGENT_STATES),
  /** Queue codes this operator answers; empty = every queue. Unchanged when absent. */
  queues: z.array(queueCode).max(50).optional(),
});

export const queueParams = z.object({ code: queueCode });

export const queueBody = z.object({
  name: z.string().trim().min(1).max(200),
  fieldId: z.uuid().nullable().default(null),
  maxWaitSeconds: z.number().int().min(5).max(3600).default(180),
  announceSeconds: z.number().int().min(5).max(600).default(30),
  ringSeconds: z.number().int().min(5).max(120).default(20),
  wrapUpSeconds: z.number().int().min(0).max(900).default(30),
  overflow: z.enum(QUEUE_OVERFLOWS).default('voicemail'),
});

/** An operator as the supervisor's wallboard and the operator's own phone bar see them. */
export const agent = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  sipUsername: z.string().nullable(),
  state: z.enum(AGENT_STATES),
  since: instant.nullable(),
  wrapUpUntil: instant.nullable(),
  queues: z.array(z.string()),
  /** Why the system set this state: 'no-answer' or 'unreachable' (a break after a missed call). */
  reason: z.string().nullable(),
  missedCalls: z.number().int(),
  registered: z.boolean(),
});

export const agentList = z.object({ items: z.array(agent) });

/** The operator's state as they just set it. */
export const agentStateSet = z.object({ state: z.enum(SETTABLE_AGENT_STATES), since: instant });

/** An operator's SIP account: the password never comes back. */
export const agentSipAccount = z.object({
  userId: z.string(),
  sipUsername: z.string(),
  realm: z.string(),
});

export const callQueue = z.object({
  code: z.string(),
  name: z.string(),
  fieldId: z.string().nullable(),
  maxWaitSeconds: z.number().int(),
  announceSeconds: z.number().int(),
  ringSeconds: z.number().int(),
  wrapUpSeconds: z.number().int(),
  overflow: z.enum(QUEUE_OVERFLOWS),
});

export const callQueueList = z.object({ items: z.array(callQueue) });

/** A caller waiting in a queue (no number: the wallboard shows how many and how long). */
export const waitingCall = z.object({ callId: z.string(), queue: z.string(), enteredAt: instant });

export const waitingCallList = z.object({ items: z.array(waitingCall) });

export type SipAccountBody = z.infer<typeof sipAccountBody>;
export type AgentStateBody = z.infer<typeof agentStateBody>;
export type QueueBody = z.infer<typeof queueBody>;
export type Agent = z.infer<typeof agent>;
export type AgentStateSet = z.infer<typeof agentStateSet>;
export type AgentSipAccount = z.infer<typeof agentSipAccount>;
export type CallQueue = z.infer<typeof callQueue>;
export type WaitingCall = z.infer<typeof waitingCall>;
/** What a client sends (defaults not yet applied). */
export type QueueBodyInput = z.input<typeof queueBody>;
export type AgentStateBodyInput = z.input<typeof agentStateBody>;
export type { AgentState } from './enums.ts';
