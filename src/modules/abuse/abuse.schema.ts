import { z } from 'zod';
import { MATCH_LEVELS } from '../../core/abuse/profanity.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

/** A blocklist entry: a phone number, an email (or '@domain'), an address or CIDR range. */
export const blockBody = z.object({
  kind: z.enum(['phone', 'email', 'ip']),
  value: text(320).min(1),
  reason: text(500).min(1),
  /** Omitted or null: until removed. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type BlockBody = z.infer<typeof blockBody>;

export const blockPatch = z
  .object({
    reason: text(500).min(1).optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((b) => b.reason !== undefined || b.expiresAt !== undefined, {
    message: 'nothing to change',
  });
export type BlockPatch = z.infer<typeof blockPatch>;

export const idParams = z.object({ id: z.uuid() });

/** Adds a term, changes its level, or switches a term (built-in or added) on or off. */
export const wordBody = z.object({
  term: text(60).min(2),
  level: z.enum(MATCH_LEVELS).optional(),
  enabled: z.boolean().default(true),
});
export type WordBody = z.infer<typeof wordBody>;

export const wordQuery = z.object({ term: text(60).min(2) });

export const eventsQuery = z.object({
  outcome: z.enum(['flagged', 'blocked', 'rate_limited']).optional(),
  channel: text(30).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EventsQuery = z.infer<typeof eventsQuery>;
