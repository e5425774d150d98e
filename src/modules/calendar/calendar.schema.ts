import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const range = z.tuple([hhmm, hhmm]);
const week = z.partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(range).max(6));

/** The stored configuration of a working-hours calendar (exceptions are rows of their own). */
export const calendarConfigSchema = z.object({
  timezone: z.string().min(1).max(64).default('Asia/Ho_Chi_Minh'),
  seasons: z
    .array(
      z.object({
        name: z.string().min(1).max(100),
        from: z.string().regex(/^\d{2}-\d{2}$/),
        to: z.string().regex(/^\d{2}-\d{2}$/),
        week,
      }),
    )
    .min(1)
    .max(12)
    .optional(),
  statutoryHolidays: z.boolean().default(true),
  knownNotices: z.boolean().default(true),
  adjacentNationalDay: z.record(z.string().regex(/^\d{4}$/), z.enum(['09-01', '09-03'])).optional(),
});
export type CalendarConfigInput = z.infer<typeof calendarConfigSchema>;

export const exceptionBody = z.object({
  date: z.iso.date(),
  kind: z.enum(['holiday', 'working']),
  nameVi: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).default(''),
  intervals: z.array(range).max(6).optional(),
});
export type ExceptionBody = z.infer<typeof exceptionBody>;
