/**
 * Working-hours calendar for open1022: Vietnamese lunar calendar, Labour Code holidays,
 * working-time arithmetic and iCalendar exchange. Pure TypeScript without I/O, shared by the
 * server and the web app.
 * @example
 * import { WorkCalendar, formatInstant } from './core/calendar/index.ts';
 * const due = new WorkCalendar().addWorkingHours(new Date(), 48);
 * formatInstant(due); // '2026-…+07:00'
 */

export type {
  AdjacentNationalDay,
  CalendarException,
  DayKind,
  Holiday,
  HolidayKind,
  NonWorkingDay,
  RestDayPredicate,
  SpecialDay,
  TimeRange,
  Weekday,
} from './types.ts';
export type { SolarDate } from './dates.ts';
export { addDaysIso, formatIsoDate, parseIsoDate, weekdayOfIsoDate } from './dates.ts';
export {
  MAX_LUNAR_YEAR,
  MIN_LUNAR_YEAR,
  VIETNAM_TIME_ZONE,
  convertLunar2Solar,
  convertSolar2Lunar,
  getLeapMonthOffset,
  getLunarMonth11,
  getNewMoonDay,
  getSunLongitude,
  jdFromDate,
  jdToDate,
  leapMonthOf,
  lunarMonthLength,
  lunarToSolar,
  solarToLunar,
  type LunarDate,
} from './lunar.ts';
export {
  KNOWN_NOTICES,
  adjacentNationalDay,
  compensationDays,
  isWeekend,
  statutoryHolidays,
  vietnamHolidays,
  type CompensationOptions,
  type StatutoryHolidayOptions,
  type VietnamHolidayOptions,
} from './holidays.ts';
export { formatInstant, instantFromLocal } from './zone.ts';
export {
  DEFAULT_CALENDAR_CONFIG,
  STANDARD_WEEK,
  WorkCalendar,
  createWorkCalendar,
  type DayInfo,
  type Season,
  type WeekSchedule,
  type WorkCalendarConfig,
} from './working-time.ts';
export {
  ICalendarParseError,
  calendarToICalendar,
  exportICalendar,
  importICalendarExceptions,
  parseICalendar,
  type ICalendarExportOptions,
  type ICalendarImportOptions,
} from './ical.ts';
