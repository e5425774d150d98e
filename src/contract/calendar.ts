/**
 * Working-hours calendars per tenant, overridable per agency (R-SLA-4): weekly schedule and
 * seasons, holiday rules, days off and make-up days, iCalendar import and export.
 * `/api/v1/calendars*`.
 */
import { z } from 'zod';
import { day } from './common.ts';
import { WorkCalendar, type WorkCalendarConfig } from '../core/calendar/working-time.ts';
import type { CalendarException as EngineException } from '../core/calendar/types.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
/** A local working interval `[start, end)`, `HH:MM` wall-clock times. */
const range = z.tuple([hhmm, hhmm]);
const week = z.partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(range).max(6));

const configFields = {
  timezone: z.string().min(1).max(64),
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
    .max(12),
  statutoryHolidays: z.boolean(),
  knownNotices: z.boolean(),
  adjacentNationalDay: z.record(z.string().regex(/^\d{4}$/), z.enum(['09-01', '09-03'])),
};

/** The configuration of a working-hours calendar (exceptions are rows of their own). */
export const calendarConfig = z.object({
  timezone: configFields.timezone.default('Asia/Ho_Chi_Minh'),
  seasons: configFields.seasons.optional(),
  statutoryHolidays: configFields.statutoryHolidays.default(true),
  knownNotices: configFields.knownNotices.default(true),
  adjacentNationalDay: configFields.adjacentNationalDay.optional(),
});

/** A configuration as stored and answered: what was sent, defaults not filled in. */
export const storedCalendarConfig = z.object(configFields).partial();

export const calendarBody = z.object({
  name: z.string().trim().min(1).max(200),
  config: calendarConfig,
});

export const exceptionBody = z.object({
  date: z.iso.date(),
  kind: z.enum(['holiday', 'working']),
  nameVi: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).default(''),
  intervals: z.array(range).max(6).optional(),
});

export const exceptionParams = z.object({ id: z.uuid(), date: z.iso.date() });
export const yearQuery = z.object({ year: z.coerce.number().int().min(1900).max(2199) });
export const previewQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  hours: z.coerce.number().positive().max(10_000),
});
/** The body of POST /calendars/:id/ical: an iCalendar file (text/calendar or text/plain). */
export const icalText = z.string();

export const calendarSummary = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
});

/** A day off, make-up working day or special hours an administrator set on one date. */
export const calendarException = z.object({
  date: day,
  kind: z.enum(['holiday', 'working']),
  nameVi: z.string(),
  nameEn: z.string(),
  intervals: z.array(z.tuple([z.string(), z.string()])).nullable(),
});

export const calendarDetail = calendarSummary.extend({
  config: storedCalendarConfig,
  exceptions: z.array(calendarException),
});

/** The answer of every change: how many running deadlines it moved (R-SLA-4). */
export const calendarChanged = z.object({
  ok: z.literal(true),
  deadlinesMoved: z.number().int(),
});

/** A day no work is scheduled on, and why. */
export const nonWorkingDay = z.object({
  date: day,
  kind: z.enum(['statutory', 'compensation', 'holiday']),
  nameVi: z.string(),
  nameEn: z.string(),
  intervals: z.array(z.tuple([z.string(), z.string()])).optional(),
});

/** Where a deadline of `hours` working hours from `from` falls, in the calendar's zone. */
export const deadlinePreview = z.object({
  from: z.iso.datetime({ offset: true }),
  hours: z.number(),
  dueAt: z.iso.datetime({ offset: true }),
});

export const icalImported = z.object({ imported: z.number().int() });

/**
 * A stored configuration and its exceptions compiled by the working-time engine
 * (`src/core/calendar`): the server's deadlines and the screens' countdowns read a
 * configuration the same way. Throws when the configuration is invalid.
 */
export function buildCalendar(config: unknown, exceptions: EngineException[]): WorkCalendar {
  const c = calendarConfig.parse(config);
  const cfg: WorkCalendarConfig = {
    timezone: c.timezone,
    statutoryHolidays: c.statutoryHolidays,
    knownNotices: c.knownNotices,
    exceptions,
    ...(c.seasons ? { seasons: c.seasons as WorkCalendarConfig['seasons'] } : {}),
    ...(c.adjacentNationalDay
      ? {
          adjacentNationalDay: Object.fromEntries(
            Object.entries(c.adjacentNationalDay).map(([y, v]) => [Number(y), v]),
          ),
        }
      : {}),
  };
  return new WorkCalendar(cfg);
}

export type CalendarConfig = z.infer<typeof calendarConfig>;
export type CalendarConfigInput = z.input<typeof calendarConfig>;
export type StoredCalendarConfig = z.infer<typeof storedCalendarConfig>;
export type CalendarBody = z.infer<typeof calendarBody>;
export type ExceptionBody = z.infer<typeof exceptionBody>;
/** What a client sends (defaults not yet applied). */
export type ExceptionBodyInput = z.input<typeof exceptionBody>;
export type CalendarSummary = z.infer<typeof calendarSummary>;
export type CalendarException = z.infer<typeof calendarException>;
export type CalendarDetail = z.infer<typeof calendarDetail>;
export type CalendarChanged = z.infer<typeof calendarChanged>;
export type NonWorkingDay = z.infer<typeof nonWorkingDay>;
export type DeadlinePreview = z.infer<typeof deadlinePreview>;
