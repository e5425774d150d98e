/**
 * Pieces every module's contract shares: path parameters, instants and dates as the API
 * writes them, the error body.
 */
import { z } from 'zod';
import { ERRORS, type ErrorCode } from '../core/errors/codes.ts';

export const idParams = z.object({ id: z.uuid() });

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
