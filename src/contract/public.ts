/**
 * The citizens' website (`/cong-dan`, R-CH-4, R-PUB): what its pages accept. Its forms are
 * plain HTML: they post `application/x-www-form-urlencoded` (the submission form: multipart,
 * read part by part), and browsers send every field, empty or not. So a blank filter, a
 * repeated name or an unknown language is no value rather than an error; what cannot be used
 * (a malformed date, a page number of 0) is refused with the site's 400 page.
 */
import { z } from 'zod';
import { LANGUAGES } from './enums.ts';
import { phoneNumber } from './phone.ts';

/** Limits of the submission form (R-IN-1), shown on the page and checked on the server. */
export const CONTENT_MIN = 20;
export const CONTENT_MAX = 5000;
export const FILES_MAX = 3;
export const FILE_MAX_MB = 5;
export const FILE_MAX_BYTES = FILE_MAX_MB * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Characters that cannot be stored (NUL) or that only hide text (other C0 controls). */
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Length in characters as people count them (code points, not UTF-16 units). */
export const chars = (s: string) => [...s].length;

/** A query or form value: its string, or none when absent or given more than once. */
const one = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** A filter as a form sends it: trimmed, and none when blank. */
const filled = (v: unknown) => {
  const s = one(v)?.trim();
  return s ? s : undefined;
};
/** A string value, '' when absent. */
const text = z.preprocess(one, z.string().default(''));

// ---------------------------------------------------------------------------- queries

/** Every page: `?lang=vi|en` switches the language (and a cookie remembers it). */
export const siteQuery = z.object({
  lang: z.enum(LANGUAGES).optional().catch(undefined),
});

/** The published answers' search form (`/tra-loi`). */
export const answersQuery = siteQuery.extend({
  q: text.transform((s) => s.trim().slice(0, 200)),
  field: z.preprocess(filled, z.string().regex(UUID).optional()),
  agency: z.preprocess(filled, z.string().regex(UUID).optional()),
  /** Received from this day on (Vietnam's date). */
  from: z.preprocess(filled, z.string().regex(DATE).optional()),
  /** Received up to this day, inclusive. */
  to: z.preprocess(filled, z.string().regex(DATE).optional()),
  page: z.preprocess(filled, z.coerce.number().int().min(1).max(1000).default(1)),
});

/** The knowledge base's search (`/hoi-dap`). */
export const kbQuery = siteQuery.extend({
  q: text.transform((s) => s.trim().slice(0, 300)),
});

/**
 * A looked-up ticket (`/phieu`): its signed tracking token, and what was just done (`moi=1`
 * after sending, `ok=rate|reopen` after a form).
 */
export const ticketQuery = siteQuery.extend({
  t: z.preprocess(one, z.string().optional()),
  moi: z.preprocess(one, z.string().optional()),
  ok: z.preprocess(one, z.string().optional()),
});

/** A published answer or an article: an id that is not one is no page (404, not 400). */
export const pageParams = z.object({ id: z.string().regex(UUID).optional().catch(undefined) });

/** A static file of the site; `v` is the assets' content hash (cached for good when current). */
export const assetParams = z.object({ file: z.string() });
export const assetQuery = z.object({ v: z.preprocess(one, z.string().optional()) });

// ---------------------------------------------------------------------------- forms

// A form post without a body is an empty form: every field then fails its own check.

/** Tracking: a ticket's code and the phone number or email given with it. */
export const trackForm = z
  .object({
    code: text.transform((s) => s.slice(0, 60)),
    contact: text.transform((s) => s.slice(0, 200)),
  })
  .prefault({});

/** Rating an answer: the tracking token, 1–5 stars, a comment (checked by `rating`). */
export const rateForm = z.object({ t: text, rating: text, comment: text }).prefault({});

/** Asking for an answer to be handled again: the tracking token and why (`reopenReason`). */
export const reopenForm = z.object({ t: text, reason: text }).prefault({});

/** What a rating must be to be recorded. */
export const rating = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z
    .string()
    .trim()
    .refine((s) => chars(s) <= 2000 && !CONTROL.test(s))
    .transform((s) => s || null),
});

/** A reason to handle the answer again: a sentence, not a word. */
export const reopenReason = z
  .string()
  .trim()
  .refine((s) => chars(s) >= 10 && chars(s) <= 2000 && !CONTROL.test(s));

/** A tracking code as people type it: spaces dropped, upper case ("pa-2026-000012"). */
export const trackingCode = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/));

/** A phone number or an email, in the form tickets store it. */
export const contactValue = z
  .string()
  .trim()
  .pipe(
    z.union([
      z
        .string()
        .includes('@')
        .transform((s) => s.toLowerCase())
        .pipe(z.email()),
      z
        .string()
        .refine((s) => !s.includes('@'))
        .pipe(phoneNumber),
    ]),
  );

export type SiteQuery = z.infer<typeof siteQuery>;
export type AnswersQuery = z.infer<typeof answersQuery>;
export type TrackForm = z.infer<typeof trackForm>;
export type RateForm = z.infer<typeof rateForm>;
export type ReopenForm = z.infer<typeof reopenForm>;
export type Rating = z.infer<typeof rating>;
