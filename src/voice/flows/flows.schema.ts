import { z } from 'zod';
import { VOICES } from '../ivr/flow.ts';

export const flowParams = z.object({ id: z.uuid() });
/** "<node>.<field>": the spoken field of a node a recording replaces. */
export const promptParams = z.object({
  id: z.uuid(),
  key: z.string().regex(/^[a-z0-9_-]{1,40}\.(prompt|invalidPrompt|timeoutPrompt|notFoundPrompt)$/),
});

/** A called number as the SIP Request-URI's user part carries it. */
const number = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z+*#._-]{1,32}$/, '1–32 digits, letters, +, *, #, ., _ or -');

const flowFields = {
  /**
   * The flow (see src/voice/ivr/flow.ts); checked by the service, which reports every problem
   * with its path (e.g. "flow.nodes.main.options.1") in Vietnamese and English.
   */
  flow: z.unknown(),
  /** Called numbers (DNIS) this flow answers; each belongs to one flow of the tenant. */
  numbers: z
    .array(number)
    .max(50)
    .default([])
    .refine((a) => new Set(a).size === a.length, 'numbers must not repeat'),
  /** Answers calls to numbers no flow names (one default per tenant). */
  isDefault: z.boolean().default(false),
};

export const createFlowBody = z.object(flowFields);
export type CreateFlowBody = z.infer<typeof createFlowBody>;

export const updateFlowBody = z.object({
  ...flowFields,
  /** The version the editor loaded; a newer one in the database answers 409. */
  version: z.number().int().min(1),
});
export type UpdateFlowBody = z.infer<typeof updateFlowBody>;

export const previewQuery = z.object({
  text: z.string().trim().min(1).max(1000),
  voice: z.enum(VOICES).default('vi'),
});
export type PreviewQuery = z.infer<typeof previewQuery>;
