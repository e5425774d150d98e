import { z } from 'zod';

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
export type SipAccountBody = z.infer<typeof sipAccountBody>;

/** States an operator sets; ringing, on-call and wrap-up are set by calls. */
export const stateBody = z.object({
  state: z.enum(['available', 'break', 'offline']),
  /** Queue codes this operator answers; empty = every queue. Unchanged when absent. */
  queues: z
    .array(z.string().regex(/^[a-z0-9-]{1,60}$/))
    .max(50)
    .optional(),
});
export type StateBody = z.infer<typeof stateBody>;

export const queueParams = z.object({ code: z.string().regex(/^[a-z0-9-]{1,60}$/) });

export const queueBody = z.object({
  name: z.string().trim().min(1).max(200),
  fieldId: z.uuid().nullable().default(null),
  maxWaitSeconds: z.number().int().min(5).max(3600).default(180),
  announceSeconds: z.number().int().min(5).max(600).default(30),
  ringSeconds: z.number().int().min(5).max(120).default(20),
  wrapUpSeconds: z.number().int().min(0).max(900).default(30),
  overflow: z.enum(['voicemail', 'callback']).default('voicemail'),
});
export type QueueBody = z.infer<typeof queueBody>;
