/**
 * Data shapes shared by the holiday rules, the working-time engine and the iCalendar bridge.
 * They are plain JSON-compatible objects so they can be stored in the database and sent to
 * the web app unchanged.
 */

export type { Weekday } from './dates.ts';

/** A local working interval `[start, end)` as `HH:MM` wall-clock times, e.g. `['07:30', '11:30']`. */
export type TimeRange = readonly [start: string, end: string];

/** Statutory holidays (Labour Code 2019 Art. 112) and Art. 111 compensatory days off. */
export type HolidayKind = 'statutory' | 'compensation';

/** One computed public holiday or compensatory day off. */
export interface Holiday {
  /** Local calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly kind: HolidayKind;
  /** For a compensation day: the holiday date it makes up for. */
  readonly compensates?: string;
}

/**
 * An official notice or an administrator's decision about one date, overriding everything the
 * rules compute for it. `holiday` closes the day; `working` opens it (a make-up working day)
 * with `intervals`, or the normal weekday hours of the season when they are omitted.
 */
export interface CalendarException {
  readonly date: string;
  readonly kind: 'holiday' | 'working';
  readonly nameVi: string;
  readonly nameEn: string;
  readonly intervals?: readonly TimeRange[];
}

/** Which day joins 2 September as the second National Day holiday. */
export type AdjacentNationalDay = '09-01' | '09-03';

/** Decides whether a local date (`YYYY-MM-DD`) is a weekly rest day of the work schedule. */
export type RestDayPredicate = (date: string) => boolean;

/** How a particular day is classified by a work calendar. */
export type DayKind =
  /** An ordinary working day of the weekly schedule. */
  | 'regular'
  /** A weekly rest day of the schedule. */
  | 'rest'
  | 'statutory'
  | 'compensation'
  /** Closed by an exception (official notice or administrator). */
  | 'holiday'
  /** Opened by an exception (make-up working day or a cancelled holiday). */
  | 'working';

/** A day that differs from the plain weekly schedule, with its names. */
export interface SpecialDay {
  readonly date: string;
  readonly kind: 'statutory' | 'compensation' | 'holiday' | 'working';
  readonly nameVi: string;
  readonly nameEn: string;
  /** Only for `working` days that were given explicit hours. */
  readonly intervals?: readonly TimeRange[];
}

/** A day on which no work is scheduled for a named reason. */
export interface NonWorkingDay extends SpecialDay {
  readonly kind: 'statutory' | 'compensation' | 'holiday';
}

/**
 * Working-time arithmetic on one calendar, as deadlines use it (R-SLA-1..4): the compiled
 * calendar of an agency, or either side of a calendar change.
 */
export interface WorkingTime {
  addWorkingHours(start: Date, hours: number): Date;
  workingMillisBetween(a: Date, b: Date): number;
  /** End of the given local date's working day (for promised dates), as an instant. */
  endOfWorkingDay(date: string): Date;
}
