/**
 * Abuse controls (R-AB-1) under `/api/v1/abuse`: the blocklist, the word list, the record of
 * refused and flagged attempts; and the anti-automation challenge of anonymous public forms
 * (`/api/v1/public/challenge`).
 */
import { z } from 'zod';
import { MATCH_LEVELS } from '../core/abuse/profanity.ts';
import { instant, page, patchOf } from './common.ts';

/** What a blocklist entry matches: a phone number, an email (or '@domain'), an address range. */
export const ABUSE_BLOCK_KINDS = ['phone', 'email', 'ip'] as const;
export type AbuseBlockKind = (typeof ABUSE_BLOCK_KINDS)[number];
/** What became of an attempt the controls stopped or marked. */
export const ABUSE_OUTCOMES = ['flagged', 'blocked', 'rate_limited'] as const;
export type AbuseOutcome = (typeof ABUSE_OUTCOMES)[number];
export { MATCH_LEVELS, type MatchLevel } from '../core/abuse/profanity.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

// ---------------------------------------------------------------------------- requests

/** A blocklist entry: a phone number, an email (or '@domain'), an address or CIDR range. */
export const blockBody = z.object({
  kind: z.enum(ABUSE_BLOCK_KINDS),
  value: text(320).min(1),
  reason: text(500).min(1),
  /** Omitted or null: until removed. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const blockPatch = patchOf({
  reason: text(500).min(1).optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** Adds a term, changes its level, or switches a term (built-in or added) on or off. */
export const wordBody = z.object({
  term: text(60).min(2),
  level: z.enum(MATCH_LEVELS).optional(),
  enabled: z.boolean().default(true),
});

export const wordQuery = z.object({ term: text(60).min(2) });

export const eventsQuery = z.object({
  outcome: z.enum(ABUSE_OUTCOMES).optional(),
  channel: text(30).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

// ---------------------------------------------------------------------------- responses

export const abuseBlock = z.object({
  id: z.string(),
  kind: z.enum(ABUSE_BLOCK_KINDS),
  value: z.string(),
  reason: z.string(),
  expiresAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export const abuseBlockList = z.object({ items: abuseBlock.array() });

/** A term of the effective word list: built in (`default`) or added by the tenant. */
export const abuseWord = z.object({
  term: z.string(),
  level: z.enum(MATCH_LEVELS),
  enabled: z.boolean(),
  source: z.enum(['default', 'custom']),
});
export const abuseWordList = z.object({ items: abuseWord.array() });

/** A refused or flagged attempt; the sender masked for roles that never need it (R-PUB-2). */
export const abuseEvent = z.object({
  id: z.string(),
  at: instant,
  channel: z.string(),
  outcome: z.enum(ABUSE_OUTCOMES),
  reasons: z.string().array(),
  terms: z.string().array(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  ip: z.string().nullable(),
  excerpt: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketCode: z.string().nullable(),
});
export const abuseEventPage = page(abuseEvent);

/**
 * A proof-of-work challenge: find s such that sha256(token ":" s) starts with `bits` zero
 * bits (src/core/abuse/challenge.ts has the solver the public form runs).
 */
export const publicChallenge = z.object({
  token: z.string(),
  algorithm: z.literal('sha256'),
  bits: z.number().int(),
  expiresAt: instant,
  input: z.string(),
});

export type BlockBody = z.infer<typeof blockBody>;
export type BlockPatch = z.infer<typeof blockPatch>;
export type WordBody = z.infer<typeof wordBody>;
export type EventsQuery = z.infer<typeof eventsQuery>;
export type AbuseBlock = z.infer<typeof abuseBlock>;
export type AbuseWord = z.infer<typeof abuseWord>;
export type AbuseEvent = z.infer<typeof abuseEvent>;
export type PublicChallenge = z.infer<typeof publicChallenge>;
/** What a client sends (defaults not yet applied). */
export type BlockBodyInput = z.input<typeof blockBody>;
export type WordBodyInput = z.input<typeof wordBody>;
