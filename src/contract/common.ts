/**
 * Pieces every module's contract shares: path parameters, instants and dates as the API
 * writes them, the error body.
 */
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../core/errors/codes.ts';

export const idParams = z.object({ id: z.uuid() });

/** The largest value of a PostgreSQL `bigint` (2^63 − 1). */
const BIGINT_MAX = 9223372036854775807n;
/**
 * The id of a row keyed by a `bigint` (notifications…), as the API writes it: a decimal string
 * from 1 to 2^63 − 1. Anything else is refused before it reaches the database.
 */
export const bigintId = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/)
  // Checks run on after a failed one: parse only what the pattern let through.
  .refine((v) => !/^[0-9]{1,19}$/.test(v) || BigInt(v) <= BIGINT_MAX, { message: 'out of range' });

/**
 * A PATCH body: the fields that may change, each optional, and at least one of them sent. A
 * body with nothing to change (`{}`, or only unknown keys, which are dropped) is refused with
 * 400 `validation_failed` ("nothing to change") — one rule for every PATCH route, so that no
 * repository is asked for an UPDATE with nothing to set.
 */
export const patchOf = <S extends z.ZodRawShape>(shape: S) => {
  // A default inside a patch fills its key when the client left it out, so `{ title }` would
  // silently reset that field: refused when the contract is loaded, not found in production.
  for (const [key, field] of Object.entries(shape)) {
    if (z.safeParse(field, undefined).data !== undefined) {
      throw new Error(`patchOf: field "${key}" has a default; a patch must leave it out`);
    }
  }
  return z.object(shape).refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'nothing to change',
  });
};

/** A short code an administrator gives a record (agency, field, template…): letters, digits, `_.-`. */
export const code = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_.-]+$/);

/** An instant, as the API writes it: ISO 8601 in UTC (`2026-03-02T01:00:00.000Z`). */
export const instant = z.iso.datetime();
/** A calendar date without time zone (`2026-03-02`). */
export const day = z.iso.date();

/** A page of a list and the number of rows the filter matches. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int(), items: z.array(item) });

/** Every refusal (4xx, 5xx): a stable code and the message in both languages. */
export const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    message_vi: z.string(),
    message_en: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** An answer with no body (204). */
export const noContent = z.null().describe('No content');
