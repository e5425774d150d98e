/**
 * The administrators' side of Open311 (R-CH-9): the api_keys third-party apps post with,
 * under `/api/v1/open311/keys`. The GeoReport v2 resources themselves (`/open311/v2`) follow
 * their own specification (JSON and XML, the spec's error list): src/modules/open311.
 */
import { z } from 'zod';
import { instant } from './common.ts';

/** An administrator issuing a key to an app. */
export const createKeyBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' }),
  /** Service requests the app may post per hour. */
  hourlyLimit: z.number().int().min(1).max(100_000).default(600),
});

/** An api_key as administrators see it: never the key itself (shown once, at creation). */
export const open311Key = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to tell keys apart. */
  prefix: z.string(),
  hourlyLimit: z.number().int(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
});
export const open311KeyList = z.object({ items: open311Key.array() });
/** The answer to issuing a key: the only time the key itself is shown. */
export const open311IssuedKey = open311Key.extend({ key: z.string() });

export type CreateKeyBody = z.infer<typeof createKeyBody>;
export type Open311Key = z.infer<typeof open311Key>;
export type Open311IssuedKey = z.infer<typeof open311IssuedKey>;
/** What a client sends (defaults not yet applied). */
export type CreateKeyBodyInput = z.input<typeof createKeyBody>;

/**
 * A GeoReport v2 query string as Fastify parses it: a repeated name gives a list (the
 * resources read it with the spec's own rules, src/modules/open311/open311.input.ts).
 */
export const georeportQuery = z.record(z.string(), z.union([z.string(), z.string().array()]));
/** `/services/{code}.{format}`, `/requests/{id}.{format}`, `/tokens/{token}.{format}`. */
export const georeportFile = z.object({ file: z.string() });
export type GeoreportQuery = z.infer<typeof georeportQuery>;
