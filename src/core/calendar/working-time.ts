/**
 * The working-hours engine: answers "when do N working hours after this instant elapse?" for
 * SLA deadlines, on a weekly schedule with seasonal hours, statutory holidays, compensation
 * days and administrator exceptions.
 *
 * Everything is resolved per local day into absolute [start, end) millisecond intervals and
 * memoised, so the arithmetic steps interval by interval, never minute by minute.
 */

import {
  MS_PER_DAY,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatClock,
  formatIsoDate,
  parseClock,
  parseIsoDate,
  weekdayOfDayNumber,
  type Weekday,
} from './dates.ts';
import { KNOWN_NOTICES, vietnamHolidays } from './holidays.ts';
import { MAX_LUNAR_YEAR, MIN_LUNAR_YEAR } from './lunar.ts';
import type {
  AdjacentNationalDay,
  CalendarException,
  DayKind,
  Holiday,
  NonWorkingDay,
  SpecialDay,
  TimeRange,
} from './types.ts';
import { type ZoneClock, zoneClock } from './zone.ts';

export { formatInstant, instantFromLocal } from './zone.ts';

/** Working intervals per weekday (0 = Sunday); a missing or empty day is a weekly rest day. */
export type WeekSchedule = { readonly [D in Weekday]?: readonly TimeRange[] };

/**
 * A schedule valid between two `MM-DD` dates inclusive; `from` after `to` wraps over New Year
 * (e.g. winter hours `10-15` … `04-14`).
 */
export interface Season {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly week: WeekSchedule;
}

/** Configuration of a {@link WorkCalendar}; every field is optional. */
export interface WorkCalendarConfig {
  /** IANA zone whose wall clock the schedule is written in. Default `Asia/Ho_Chi_Minh`. */
  readonly timezone?: string;
  /** First season whose range contains a date wins; together they must cover every day. */
  readonly seasons?: readonly Season[];
  /** Apply Labour Code holidays and Art. 111 compensation days. Default true. */
  readonly statutoryHolidays?: boolean;
  /** Government choice of the second National Day holiday, by year. */
  readonly adjacentNationalDay?: Readonly<Record<number, AdjacentNationalDay>>;
  /**
   * Apply {@link KNOWN_NOTICES} underneath `exceptions`. Default true — kept separate from
   * `exceptions` so that adding one local exception cannot silently drop the official swaps.
   */
  readonly knownNotices?: boolean;
  /** Official notices and admin decisions; they override everything computed for their date. */
  readonly exceptions?: readonly CalendarException[];
}

/** The public-sector week: Monday–Friday 07:30–11:30 and 13:00–17:00. */
export const STANDARD_WEEK: WeekSchedule = Object.freeze({
  1: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  2: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  3: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  4: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  5: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
} as const);

/** Defaults applied by {@link WorkCalendar} for every omitted field. */
export const DEFAULT_CALENDAR_CONFIG = Object.freeze({
  timezone: 'Asia/Ho_Chi_Minh',
  seasons: Object.freeze([
    Object.freeze({ name: 'all-year', from: '01-01', to: '12-31', week: STANDARD_WEEK }),
  ]) as readonly Season[],
  statutoryHolidays: true,
  adjacentNationalDay: Object.freeze({}) as Readonly<Record<number, AdjacentNationalDay>>,
  knownNotices: true,
  exceptions: Object.freeze([]) as readonly CalendarException[],
} satisfies Required<WorkCalendarConfig>);

/** Everything the calendar knows about one local date. */
export interface DayInfo {
  readonly date: string;
  readonly weekday: Weekday;
  /** Name of the season whose schedule applies. */
  readonly season: string;
  readonly kind: DayKind;
  /** True when the day has at least one working interval. */
  readonly working: boolean;
  readonly intervals: readonly TimeRange[];
  readonly nameVi?: string;
  readonly nameEn?: string;
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

interface ResolvedDay {
  readonly info: DayInfo;
  /** Absolute instants, sorted, non-overlapping. */
  readonly intervals: readonly Interval[];
  /** Set when an exception gave explicit hours; exported with the day. */
  readonly explicitIntervals: boolean;
}

interface CompiledSeason {
  readonly name: string;
  /** Per weekday, flat [start, end, start, end…] in minutes after local midnight. */
  readonly week: readonly (readonly number[])[];
  /** Hours a make-up working day gets when its exception lists none. */
  readonly normalHours: readonly number[];
}

interface CompiledException {
  readonly source: CalendarException;
  readonly minutes: readonly number[] | null;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
// A calendar with a decade without any working time is misconfigured; fail loudly instead of
// spinning through centuries.
const MAX_EMPTY_DAYS = 3660;
const MAX_CACHED_DAYS = 100_000;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const EMPTY: readonly number[] = Object.freeze([]);
// Make-up days take the season's first working weekday, Monday first, Sunday last.
const WEEKDAY_PREFERENCE: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/**
 * A working-time calendar. Instances are immutable and cache their per-day and per-year
 * computations, so share one per configuration.
 * @example
 * const cal = new WorkCalendar();
 * cal.addWorkingHours(new Date('2026-02-13T16:00:00+07:00'), 8) // 2026-02-23T16:00+07:00
 */
export class WorkCalendar {
  readonly timezone: string;
  private readonly clock: ZoneClock;
  private readonly seasons: readonly CompiledSeason[];
  // Season index for month * 32 + day.
  private readonly seasonOfMonthDay: Int16Array;
  private readonly statutory: boolean;
  private readonly adjacent: Readonly<Record<number, AdjacentNationalDay>>;
  private readonly exceptions: ReadonlyMap<string, CompiledException>;
  private readonly days = new Map<number, ResolvedDay>();
  private readonly holidayLists = new Map<number, readonly Holiday[]>();
  private readonly holidayYears = new Map<number, ReadonlyMap<number, Holiday>>();

  constructor(config: WorkCalendarConfig = {}) {
    const d = DEFAULT_CALENDAR_CONFIG;
    this.clock = zoneClock(config.timezone ?? d.timezone);
    this.timezone = this.clock.timezone;
    const seasons = config.seasons ?? d.seasons;
    this.seasons = compileSeasons(seasons);
    this.seasonOfMonthDay = indexSeasons(seasons);
    this.statutory = config.statutoryHolidays ?? d.statutoryHolidays;
    this.adjacent = validateAdjacent(config.adjacentNationalDay ?? d.adjacentNationalDay);
    const all = [
      ...((config.knownNotices ?? d.knownNotices) ? KNOWN_NOTICES : []),
      ...(config.exceptions ?? d.exceptions),
    ];
    const exceptions = new Map<string, CompiledException>();
    for (const e of all) exceptions.set(e.date, compileException(e));
    this.exceptions = exceptions;
  }

  /**
   * The instant at which `hours` working hours after `start` have elapsed. Counting starts at
   * `start` or at the next working time after it. The result may be an interval's end (17:00)
   * rather than the next interval's start; `hours` = 0 returns `start` unchanged; negative
   * hours count backwards and may end exactly at an interval start. Precision: 1 ms.
   * @example cal.addWorkingHours(new Date('2026-03-02T10:30:00+07:00'), 2) // Mon 14:00 +07
   */
  addWorkingHours(start: Date, hours: number): Date {
    const t = instant(start, 'start');
    if (!Number.isFinite(hours)) throw new RangeError(`hours must be finite, got ${hours}`);
    const ms = Math.round(hours * MS_PER_HOUR);
    if (ms === 0) return new Date(t);
    return new Date(ms > 0 ? this.forward(t, ms) : this.backward(t, -ms));
  }

  /**
   * Working milliseconds in [a, b). Negative when b is before a, so that
   * `workingMillisBetween(a, b) === -workingMillisBetween(b, a)` and the result is always
   * consistent with {@link addWorkingHours}.
   * @example cal.workingMillisBetween(new Date('2026-03-02T07:00+07:00'), new Date('2026-03-02T12:00+07:00')) // 14400000
   */
  workingMillisBetween(a: Date, b: Date): number {
    const ta = instant(a, 'a');
    const tb = instant(b, 'b');
    if (tb < ta) return -this.between(tb, ta);
    return this.between(ta, tb);
  }

  /**
   * {@link workingMillisBetween} in hours.
   * @example cal.workingHoursBetween(friday16h, monday09h) // 2.5
   */
  workingHoursBetween(a: Date, b: Date): number {
    return this.workingMillisBetween(a, b) / MS_PER_HOUR;
  }

  /**
   * Whether an instant lies inside a working interval (start inclusive, end exclusive).
   * @example cal.isWorkingTime(new Date('2026-03-02T11:30:00+07:00')) // false
   */
  isWorkingTime(t: Date): boolean {
    const ms = instant(t, 't');
    for (const iv of this.resolve(this.clock.localDay(ms)).intervals) {
      if (ms >= iv.start && ms < iv.end) return true;
    }
    return false;
  }

  /**
   * `t` itself if it is working time, else the start of the next working interval.
   * @example cal.nextWorkingTime(new Date('2026-02-14T10:00:00+07:00')) // 2026-02-23T07:30+07:00
   */
  nextWorkingTime(t: Date): Date {
    const ms = instant(t, 't');
    let day = this.clock.localDay(ms);
    for (let empty = 0; empty <= MAX_EMPTY_DAYS; day++) {
      const { intervals } = this.resolve(day);
      for (const iv of intervals) {
        if (iv.end > ms) return new Date(Math.max(iv.start, ms));
      }
      empty = intervals.length === 0 ? empty + 1 : 0;
    }
    throw noWorkingTime(ms);
  }

  /**
   * Local calendar date (`YYYY-MM-DD`) of an instant in the calendar's zone.
   * @example cal.localDate(new Date('2026-02-16T17:30:00Z')) // '2026-02-17'
   */
  localDate(t: Date): string {
    return formatIsoDate(civilFromDays(this.clock.localDay(instant(t, 't'))));
  }

  /**
   * Classification, hours and names of one local date (or of the local date of an instant).
   * @example cal.dayInfo('2026-04-27').kind // 'compensation'
   */
  dayInfo(date: string | Date): DayInfo {
    const day =
      typeof date === 'string' ? parseIsoDate(date) : this.clock.localDay(instant(date, 'date'));
    return this.resolve(day).info;
  }

  /**
   * Every named non-working day of a Gregorian year — statutory holidays (also those on rest
   * days), compensation days and exception holidays — sorted by date. Statutory days cancelled
   * by a `working` exception are left out.
   * @example cal.nonWorkingDays(2026).map((d) => d.date).slice(0, 2) // ['2026-01-01', '2026-01-02']
   */
  nonWorkingDays(year: number): NonWorkingDay[] {
    if (!Number.isInteger(year)) throw new RangeError(`Invalid year ${year}`);
    return this.specialDays(`${year}-01-01`, `${year}-12-31`).filter(
      (d): d is NonWorkingDay => d.kind !== 'working',
    );
  }

  /**
   * Named days in the inclusive date range: the non-working days plus `working` exceptions
   * (make-up days). This is what the iCalendar export publishes.
   * @example cal.specialDays('2026-01-01', '2026-01-31').map((d) => d.kind) // ['statutory', 'holiday', 'working']
   */
  specialDays(from: string, to: string): SpecialDay[] {
    const first = parseIsoDate(from);
    const last = parseIsoDate(to);
    const result: SpecialDay[] = [];
    for (let day = first; day <= last; day++) {
      const r = this.resolve(day);
      const { info } = r;
      if (info.kind === 'regular' || info.kind === 'rest') continue;
      const item: SpecialDay = {
        date: info.date,
        kind: info.kind,
        nameVi: info.nameVi ?? '',
        nameEn: info.nameEn ?? '',
        ...(r.explicitIntervals ? { intervals: info.intervals } : {}),
      };
      result.push(item);
    }
    return result;
  }

  private forward(t: number, ms: number): number {
    let remaining = ms;
    let empty = 0;
    for (let day = this.clock.localDay(t); empty <= MAX_EMPTY_DAYS; day++) {
      const { intervals } = this.resolve(day);
      empty = intervals.length === 0 ? empty + 1 : 0;
      for (const iv of intervals) {
        if (iv.end <= t) continue;
        const from = iv.start > t ? iv.start : t;
        const available = iv.end - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    }
    throw noWorkingTime(t);
  }

  private backward(t: number, ms: number): number {
    let remaining = ms;
    let empty = 0;
    for (let day = this.clock.localDay(t); empty <= MAX_EMPTY_DAYS; day--) {
      const { intervals } = this.resolve(day);
      empty = intervals.length === 0 ? empty + 1 : 0;
      for (let i = intervals.length - 1; i >= 0; i--) {
        const iv = intervals[i];
        if (iv === undefined || iv.start >= t) continue;
        const to = iv.end < t ? iv.end : t;
        const available = to - iv.start;
        if (remaining <= available) return to - remaining;
        remaining -= available;
      }
    }
    throw noWorkingTime(t);
  }

  private between(a: number, b: number): number {
    let total = 0;
    const last = this.clock.localDay(b);
    for (let day = this.clock.localDay(a); day <= last; day++) {
      for (const iv of this.resolve(day).intervals) {
        const s = iv.start > a ? iv.start : a;
        const e = iv.end < b ? iv.end : b;
        if (e > s) total += e - s;
      }
    }
    return total;
  }

  private resolve(dayNumber: number): ResolvedDay {
    const cached = this.days.get(dayNumber);
    if (cached !== undefined) return cached;
    const civil = civilFromDays(dayNumber);
    const date = formatIsoDate(civil);
    const weekday = weekdayOfDayNumber(dayNumber);
    const season = this.seasonFor(civil.month, civil.day);
    const scheduled = season.week[weekday] ?? EMPTY;
    const exception = this.exceptions.get(date);
    let kind: DayKind;
    let minutes: readonly number[];
    let names: { nameVi: string; nameEn: string } | undefined;
    let explicitIntervals = false;
    if (exception !== undefined) {
      const e = exception.source;
      names = { nameVi: e.nameVi, nameEn: e.nameEn };
      kind = e.kind;
      if (e.kind === 'holiday') {
        minutes = EMPTY;
      } else {
        explicitIntervals = exception.minutes !== null;
        minutes = exception.minutes ?? (scheduled.length > 0 ? scheduled : season.normalHours);
      }
    } else {
      const holiday = this.statutory ? this.holidaysOf(civil.year).get(dayNumber) : undefined;
      if (holiday !== undefined) {
        kind = holiday.kind;
        minutes = EMPTY;
        names = { nameVi: holiday.nameVi, nameEn: holiday.nameEn };
      } else {
        kind = scheduled.length > 0 ? 'regular' : 'rest';
        minutes = scheduled;
      }
    }
    const intervals: Interval[] = [];
    const midnight = dayNumber * MS_PER_DAY;
    for (let i = 0; i + 1 < minutes.length; i += 2) {
      const start = this.clock.localToUtc(midnight + (minutes[i] ?? 0) * MS_PER_MINUTE);
      const end = this.clock.localToUtc(midnight + (minutes[i + 1] ?? 0) * MS_PER_MINUTE);
      // A daylight-saving gap can swallow an interval entirely.
      if (end > start) intervals.push({ start, end });
    }
    const ranges: TimeRange[] = [];
    for (let i = 0; i + 1 < minutes.length; i += 2) {
      ranges.push([formatClock(minutes[i] ?? 0), formatClock(minutes[i + 1] ?? 0)]);
    }
    // Frozen because the same object is handed to every caller asking about this day.
    const info: DayInfo = Object.freeze({
      date,
      weekday,
      season: season.name,
      kind,
      working: intervals.length > 0,
      intervals: Object.freeze(ranges.map((r) => Object.freeze(r))),
      ...names,
    });
    const resolved: ResolvedDay = { info, intervals, explicitIntervals };
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(dayNumber, resolved);
    return resolved;
  }

  private seasonFor(month: number, day: number): CompiledSeason {
    const season = this.seasons[this.seasonOfMonthDay[month * 32 + day] ?? -1];
    // Unreachable: indexSeasons rejects configurations that leave a day uncovered.
    if (season === undefined) throw new Error(`No season covers ${month}-${day}`);
    return season;
  }

  private isScheduledRestDay(dayNumber: number): boolean {
    const civil = civilFromDays(dayNumber);
    const week = this.seasonFor(civil.month, civil.day).week;
    return (week[weekdayOfDayNumber(dayNumber)] ?? EMPTY).length === 0;
  }

  /** Holidays and compensation days computed from the rules for one year (memoised). */
  private holidayList(year: number): readonly Holiday[] {
    let list = this.holidayLists.get(year);
    if (list === undefined) {
      const adjacent = this.adjacent[year];
      list = vietnamHolidays(year, {
        ...(adjacent === undefined ? {} : { adjacentNationalDay: adjacent }),
        isRestDay: (date) => this.isScheduledRestDay(parseIsoDate(date)),
        isUnavailable: (date) => this.exceptions.get(date)?.source.kind === 'holiday',
      });
      this.holidayLists.set(year, list);
    }
    return list;
  }

  /** Holidays falling in a Gregorian year, keyed by day number (memoised). */
  private holidaysOf(year: number): ReadonlyMap<number, Holiday> {
    let map = this.holidayYears.get(year);
    if (map === undefined) {
      if (year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
        throw new RangeError(
          `Statutory holidays are computed for ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR} only (got ${year})`,
        );
      }
      const m = new Map<number, Holiday>();
      const first = daysFromCivil(year, 1, 1);
      const last = daysFromCivil(year, 12, 31);
      // Only this year's rules can land here: the latest holiday is 3 September and the
      // compensation search gives up after 62 days, so nothing spills over New Year.
      for (const h of this.holidayList(year)) {
        const dn = parseIsoDate(h.date);
        if (dn >= first && dn <= last) m.set(dn, h);
      }
      map = m;
      this.holidayYears.set(year, map);
    }
    return map;
  }
}

/**
 * Shorthand for `new WorkCalendar(config)`.
 * @example createWorkCalendar({ statutoryHolidays: false }).dayInfo('2026-02-17').kind // 'regular'
 */
export function createWorkCalendar(config: WorkCalendarConfig = {}): WorkCalendar {
  return new WorkCalendar(config);
}

function instant(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

function noWorkingTime(t: number): Error {
  return new Error(
    `No working time within ${MAX_EMPTY_DAYS} days of ${new Date(t).toISOString()}; check the schedule`,
  );
}

/**
 * Validates and normalises a list of `HH:MM` ranges into flat sorted minutes, merging ranges
 * that touch so that "ends exactly at an interval end" has one meaning.
 */
export function compileIntervals(ranges: readonly TimeRange[], where: string): number[] {
  if (!Array.isArray(ranges)) throw new TypeError(`${where}: intervals must be an array`);
  const pairs = ranges.map((r, i) => {
    if (!Array.isArray(r) || r.length !== 2) {
      throw new TypeError(`${where}: interval #${i + 1} must be a [start, end] pair`);
    }
    const [s, e] = r;
    let start: number;
    let end: number;
    try {
      start = parseClock(s);
      end = parseClock(e);
    } catch (cause) {
      throw new RangeError(`${where}: ${(cause as Error).message}`, { cause });
    }
    if (start >= end) throw new RangeError(`${where}: interval ${s}–${e} is empty or reversed`);
    return [start, end] as const;
  });
  pairs.sort((x, y) => x[0] - y[0]);
  const flat: number[] = [];
  for (const [s, e] of pairs) {
    const prevEnd = flat[flat.length - 1];
    if (prevEnd !== undefined && s < prevEnd) {
      throw new RangeError(`${where}: intervals overlap at ${formatClock(s)}`);
    }
    if (prevEnd !== undefined && s === prevEnd) flat[flat.length - 1] = e;
    else flat.push(s, e);
  }
  return flat;
}

function compileSeasons(seasons: readonly Season[]): CompiledSeason[] {
  if (!Array.isArray(seasons) || seasons.length === 0) {
    throw new RangeError('At least one season is required');
  }
  return seasons.map((season, index) => {
    const label = `season "${season.name}"`;
    if (typeof season.name !== 'string' || season.name === '') {
      throw new TypeError(`Season #${index + 1} needs a name`);
    }
    if (typeof season.week !== 'object' || season.week === null) {
      throw new TypeError(`${label}: week must be an object keyed by weekday 0–6`);
    }
    const week: (readonly number[])[] = [];
    for (const key of Object.keys(season.week)) {
      if (!/^[0-6]$/.test(key)) throw new RangeError(`${label}: invalid weekday key "${key}"`);
    }
    for (let wd = 0; wd < 7; wd++) {
      const ranges = season.week[wd as Weekday];
      week.push(ranges === undefined ? EMPTY : compileIntervals(ranges, `${label} day ${wd}`));
    }
    const preferred = WEEKDAY_PREFERENCE.map((wd) => week[wd] ?? EMPTY).find((w) => w.length > 0);
    return { name: season.name, week, normalHours: preferred ?? EMPTY };
  });
}

function parseMonthDay(text: string, where: string): [number, number] {
  const m = MONTH_DAY.exec(text);
  const month = Number(m?.[1]);
  const day = Number(m?.[2]);
  // 2000 is a leap year, so 02-29 is accepted.
  if (m === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) {
    throw new RangeError(`${where}: invalid MM-DD "${text}"`);
  }
  return [month, day];
}

function indexSeasons(seasons: readonly Season[]): Int16Array {
  const index = new Int16Array(13 * 32).fill(-1);
  seasons.forEach((season, i) => {
    const where = `season "${season.name}"`;
    const [fm, fd] = parseMonthDay(season.from, where);
    const [tm, td] = parseMonthDay(season.to, where);
    const from = fm * 32 + fd;
    const to = tm * 32 + td;
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= daysInMonth(2000, month); day++) {
        const key = month * 32 + day;
        const inside = from <= to ? key >= from && key <= to : key >= from || key <= to;
        if (inside && index[key] === -1) index[key] = i;
      }
    }
  });
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= daysInMonth(2000, month); day++) {
      if (index[month * 32 + day] === -1) {
        throw new RangeError(
          `No season covers ${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        );
      }
    }
  }
  return index;
}

function compileException(e: CalendarException): CompiledException {
  const where = `exception ${String(e.date)}`;
  parseIsoDate(e.date);
  if (e.kind !== 'holiday' && e.kind !== 'working') {
    throw new RangeError(`${where}: kind must be "holiday" or "working"`);
  }
  if (typeof e.nameVi !== 'string' || typeof e.nameEn !== 'string') {
    throw new TypeError(`${where}: nameVi and nameEn must be strings`);
  }
  if (e.intervals !== undefined && e.kind === 'holiday') {
    throw new RangeError(`${where}: a holiday cannot have working intervals`);
  }
  return {
    source: e,
    minutes: e.intervals === undefined ? null : compileIntervals(e.intervals, where),
  };
}

function validateAdjacent(
  map: Readonly<Record<number, AdjacentNationalDay>>,
): Readonly<Record<number, AdjacentNationalDay>> {
  for (const [year, value] of Object.entries(map)) {
    if (!/^\d{4}$/.test(year) || (value !== '09-01' && value !== '09-03')) {
      throw new RangeError(`adjacentNationalDay[${year}] must be "09-01" or "09-03"`);
    }
  }
  return map;
}
