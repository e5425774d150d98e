/**
 * Civil-date arithmetic on plain integers ("day numbers": days since 1970-01-01 in the
 * proleptic Gregorian calendar). Calendar dates are deliberately kept apart from instants:
 * a holiday is a date, not a 24-hour span of UTC, and mixing the two is the classic source
 * of off-by-one-day bugs around time-zone offsets.
 */

/** A Gregorian calendar date with a 1-based month. */
export interface SolarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (the same numbering as `Date#getDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Milliseconds in a civil day without a time-zone transition. */
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

/**
 * Days since 1970-01-01 for a Gregorian date (Howard Hinnant's `days_from_civil`).
 * @example daysFromCivil(1970, 1, 2) // 1
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Gregorian date for a day number (inverse of {@link daysFromCivil}).
 * @example civilFromDays(0) // { year: 1970, month: 1, day: 1 }
 */
export function civilFromDays(dayNumber: number): SolarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** @example isLeapYear(2028) // true */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** @example daysInMonth(2026, 2) // 28 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for integer year/month/day that name a real Gregorian date. */
export function isValidSolarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/**
 * Day number of a strict `YYYY-MM-DD` string; throws a RangeError for anything else, because
 * a silently misread holiday date would shift deadlines.
 * @example parseIsoDate('1970-01-11') // 10
 */
export function parseIsoDate(text: string): number {
  const m = ISO_DATE.exec(text);
  if (m === null) throw new RangeError(`Invalid date "${text}": expected YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isValidSolarDate(year, month, day)) {
    throw new RangeError(`Invalid date "${text}": no such calendar day`);
  }
  return daysFromCivil(year, month, day);
}

/** @example formatIsoDate({ year: 2026, month: 2, day: 3 }) // '2026-02-03' */
export function formatIsoDate(date: SolarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** @example formatDayNumber(0) // '1970-01-01' */
export function formatDayNumber(dayNumber: number): string {
  return formatIsoDate(civilFromDays(dayNumber));
}

/** @example weekdayOfDayNumber(0) // 4 (1970-01-01 was a Thursday) */
export function weekdayOfDayNumber(dayNumber: number): Weekday {
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

/** @example weekdayOfIsoDate('2026-04-26') // 0 (Sunday) */
export function weekdayOfIsoDate(text: string): Weekday {
  return weekdayOfDayNumber(parseIsoDate(text));
}

/** @example addDaysIso('2026-02-28', 1) // '2026-03-01' */
export function addDaysIso(text: string, days: number): string {
  return formatDayNumber(parseIsoDate(text) + days);
}

/**
 * Minutes after local midnight for a strict `HH:MM` clock time. `24:00` is accepted so an
 * interval can run to the end of the day.
 * @example parseClock('13:30') // 810
 */
export function parseClock(text: string): number {
  const m = CLOCK.exec(text);
  if (m === null) throw new RangeError(`Invalid time "${text}": expected HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`Invalid time "${text}": out of range`);
  }
  return h * 60 + min;
}

/** @example formatClock(810) // '13:30' */
export function formatClock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/** Zero-padded decimal; negative years keep their sign in front of the padding. */
export function pad(value: number, width: number): string {
  const s = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${s}` : s;
}
