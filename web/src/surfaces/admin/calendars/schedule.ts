/**
 * The working-hours calendar as an administrator edits it (R-SLA-4, R-OP-1): seasons, each a
 * weekly schedule with split shifts, plus the holiday switches. Converts the stored
 * configuration (GET /calendars/:id, validated on the server by calendarConfigSchema) to an
 * editable draft and back, explains every mistake in words before anything is sent, and
 * compiles the draft with the same engine as the sweeper so the preview of "a ticket forwarded
 * now would be due at …" is the deadline the server will compute. Pure: see schedule.test.ts.
 */
import {
  STANDARD_WEEK,
  WorkCalendar,
  type WorkCalendarConfig,
} from '../../../../../src/core/calendar/working-time.ts';
import type { CalendarException, TimeRange } from '../../../../../src/core/calendar/types.ts';
import type { AdminMessage } from '../messages.ts';

export interface DraftInterval {
  start: string;
  end: string;
}

export interface DraftSeason {
  name: string;
  /** MM-DD, inclusive; from after to wraps over New Year. */
  from: string;
  to: string;
  /** Index = weekday, 0 = Sunday … 6 = Saturday; an empty list is a rest day. */
  days: DraftInterval[][];
}

export interface DraftCalendar {
  timezone: string;
  seasons: DraftSeason[];
  statutoryHolidays: boolean;
  knownNotices: boolean;
  /** Kept as stored: the government's choice of 1 or 3 September, by year. */
  adjacentNationalDay?: Record<string, '09-01' | '09-03'>;
}

/** Display order of a week in Vietnam: Monday first. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function weekToDays(week: unknown): DraftInterval[][] {
  const w = isObject(week) ? week : {};
  return Array.from({ length: 7 }, (_, wd) => {
    const ranges = w[String(wd)];
    if (!Array.isArray(ranges)) return [];
    return ranges
      .filter((r): r is [string, string] => Array.isArray(r) && r.length === 2)
      .map(([start, end]) => ({ start: String(start), end: String(end) }));
  });
}

/** The public-sector week (Mon–Fri 07:30–11:30, 13:00–17:00) as one all-year season. */
export function standardSeason(name = 'all-year'): DraftSeason {
  return { name, from: '01-01', to: '12-31', days: weekToDays(STANDARD_WEEK) };
}

/** A stored configuration as a draft; what is missing takes the engine's defaults. */
export function draftFromConfig(config: unknown): DraftCalendar {
  const c = isObject(config) ? config : {};
  const seasons = Array.isArray(c.seasons)
    ? c.seasons.filter(isObject).map((s) => ({
        name: typeof s.name === 'string' ? s.name : '',
        from: typeof s.from === 'string' ? s.from : '01-01',
        to: typeof s.to === 'string' ? s.to : '12-31',
        days: weekToDays(s.week),
      }))
    : [];
  return {
    timezone: typeof c.timezone === 'string' ? c.timezone : 'Asia/Ho_Chi_Minh',
    seasons: seasons.length ? seasons : [standardSeason()],
    statutoryHolidays: typeof c.statutoryHolidays === 'boolean' ? c.statutoryHolidays : true,
    knownNotices: typeof c.knownNotices === 'boolean' ? c.knownNotices : true,
    ...(isObject(c.adjacentNationalDay)
      ? { adjacentNationalDay: c.adjacentNationalDay as DraftCalendar['adjacentNationalDay'] }
      : {}),
  };
}

/** The body of PUT /calendars/:id/config for a draft (rest days are simply left out). */
export function configFromDraft(d: DraftCalendar) {
  return {
    timezone: d.timezone,
    seasons: d.seasons.map((s) => {
      const week: Record<string, [string, string][]> = {};
      s.days.forEach((intervals, wd) => {
        if (intervals.length) week[String(wd)] = intervals.map((i) => [i.start, i.end]);
      });
      return { name: s.name.trim(), from: s.from, to: s.to, week };
    }),
    statutoryHolidays: d.statutoryHolidays,
    knownNotices: d.knownNotices,
    ...(d.adjacentNationalDay ? { adjacentNationalDay: d.adjacentNationalDay } : {}),
  };
}

export interface ScheduleIssue {
  /** Where: 'seasons.0.name', 'seasons.0.days.1.0.end', 'seasons' (coverage)… */
  path: string;
  message: AdminMessage;
}

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

function parseMonthDay(text: string): number | null {
  const m = MONTH_DAY.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  return month * 32 + day;
}

/** Problems of one day's intervals: format, order, overlap. */
export function dayIssues(intervals: readonly DraftInterval[], at: string): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const valid: { s: number; e: number; i: number }[] = [];
  intervals.forEach((iv, i) => {
    const okStart = CLOCK.test(iv.start);
    const okEnd = END_CLOCK.test(iv.end);
    if (!okStart) issues.push({ path: `${at}.${i}.start`, message: { key: 'admin.cal.err.time' } });
    if (!okEnd) issues.push({ path: `${at}.${i}.end`, message: { key: 'admin.cal.err.time' } });
    if (!okStart || !okEnd) return;
    const s = minutes(iv.start);
    const e = minutes(iv.end);
    if (s >= e) {
      issues.push({
        path: `${at}.${i}.end`,
        message: { key: 'admin.cal.err.order', params: { start: iv.start, end: iv.end } },
      });
      return;
    }
    valid.push({ s, e, i });
  });
  valid.sort((a, b) => a.s - b.s);
  for (let k = 1; k < valid.length; k++) {
    const prev = valid[k - 1]!;
    const cur = valid[k]!;
    if (cur.s < prev.e) {
      issues.push({
        path: `${at}.${cur.i}.start`,
        message: {
          key: 'admin.cal.err.overlap',
          params: { a: `${intervals[prev.i]!.start}–${intervals[prev.i]!.end}` },
        },
      });
    }
  }
  return issues;
}

/**
 * Every mistake in a draft, each tied to the input it is about. An empty list means the
 * server's engine will accept the configuration (schedule.test.ts checks both agree).
 */
export function validateDraft(d: DraftCalendar): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  if (d.seasons.length === 0) {
    return [{ path: 'seasons', message: { key: 'admin.cal.err.noSeason' } }];
  }
  if (d.seasons.length > 12) {
    issues.push({ path: 'seasons', message: { key: 'admin.cal.err.tooManySeasons' } });
  }
  const names = new Set<string>();
  const covered = new Set<number>();
  d.seasons.forEach((s, si) => {
    const at = `seasons.${si}`;
    const name = s.name.trim();
    if (!name) issues.push({ path: `${at}.name`, message: { key: 'validation.required' } });
    else if (names.has(name))
      issues.push({ path: `${at}.name`, message: { key: 'admin.cal.err.duplicateSeason' } });
    names.add(name);
    const from = parseMonthDay(s.from);
    const to = parseMonthDay(s.to);
    if (from === null)
      issues.push({ path: `${at}.from`, message: { key: 'admin.cal.err.monthDay' } });
    if (to === null) issues.push({ path: `${at}.to`, message: { key: 'admin.cal.err.monthDay' } });
    if (from !== null && to !== null) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= DAYS_IN_MONTH[month - 1]!; day++) {
          const k = month * 32 + day;
          if (from <= to ? k >= from && k <= to : k >= from || k <= to) covered.add(k);
        }
      }
    }
    let any = false;
    s.days.forEach((intervals, wd) => {
      if (intervals.length > 6) {
        issues.push({ path: `${at}.days.${wd}`, message: { key: 'admin.cal.err.tooManyShifts' } });
      }
      if (intervals.length) any = true;
      issues.push(...dayIssues(intervals, `${at}.days.${wd}`));
    });
    if (!any) issues.push({ path: `${at}.days`, message: { key: 'admin.cal.err.noWork' } });
  });
  if (!issues.some((i) => i.path.endsWith('.from') || i.path.endsWith('.to'))) {
    const gap = firstUncovered(covered);
    if (gap) {
      issues.push({
        path: 'seasons',
        message: { key: 'admin.cal.err.gap', params: { date: gap } },
      });
    }
  }
  return issues;
}

function firstUncovered(covered: ReadonlySet<number>): string | null {
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= DAYS_IN_MONTH[month - 1]!; day++) {
      if (!covered.has(month * 32 + day))
        return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}`;
    }
  }
  return null;
}

/** Working hours per week of a season, e.g. 40 for the public-sector week. */
export function weeklyHours(s: DraftSeason): number {
  let total = 0;
  for (const day of s.days) {
    for (const iv of day) {
      if (CLOCK.test(iv.start) && END_CLOCK.test(iv.end)) {
        total += Math.max(0, minutes(iv.end) - minutes(iv.start));
      }
    }
  }
  return total / 60;
}

/** Stored exceptions (GET /calendars/:id) in the engine's shape. */
export function engineExceptions(
  list: readonly {
    date: string;
    kind: string;
    nameVi: string;
    nameEn: string;
    intervals: unknown;
  }[],
): CalendarException[] {
  return list
    .filter((e) => e.kind === 'holiday' || e.kind === 'working')
    .map((e) => ({
      date: e.date,
      kind: e.kind as CalendarException['kind'],
      nameVi: e.nameVi,
      nameEn: e.nameEn,
      ...(Array.isArray(e.intervals) ? { intervals: e.intervals as TimeRange[] } : {}),
    }));
}

/**
 * The draft compiled by the server's engine with the calendar's exceptions, or null while the
 * draft has mistakes (the preview then says so instead of showing a wrong date).
 */
export function compileDraft(
  d: DraftCalendar,
  exceptions: readonly CalendarException[],
): WorkCalendar | null {
  if (validateDraft(d).length) return null;
  const c = configFromDraft(d);
  const cfg: WorkCalendarConfig = {
    timezone: c.timezone,
    seasons: c.seasons as WorkCalendarConfig['seasons'],
    statutoryHolidays: c.statutoryHolidays,
    knownNotices: c.knownNotices,
    exceptions,
    ...(c.adjacentNationalDay
      ? {
          adjacentNationalDay: Object.fromEntries(
            Object.entries(c.adjacentNationalDay).map(([y, v]) => [Number(y), v]),
          ),
        }
      : {}),
  };
  try {
    return new WorkCalendar(cfg);
  } catch {
    return null;
  }
}

export interface DuePreview {
  /** Focal point's deadline (R-SLA-1), then the head's if the focal point lets it pass. */
  focalPoint: Date;
  head: Date;
}

/** When a ticket forwarded at `from` would be due, on this calendar (R-SLA-1/2). */
export function previewDue(
  cal: WorkCalendar,
  from: Date,
  sla: { focalPointHours: number; headHours: number },
): DuePreview {
  const focalPoint = cal.addWorkingHours(from, sla.focalPointHours);
  return { focalPoint, head: cal.addWorkingHours(focalPoint, sla.headHours) };
}

/** A copy of the draft with one season's weekday schedule copied to the other weekdays. */
export function copyToWeekdays(d: DraftCalendar, season: number, fromDay: number): DraftCalendar {
  return {
    ...d,
    seasons: d.seasons.map((s, i) => {
      if (i !== season) return s;
      const src = s.days[fromDay] ?? [];
      return {
        ...s,
        days: s.days.map((day, wd) => (wd >= 1 && wd <= 5 ? src.map((iv) => ({ ...iv })) : day)),
      };
    }),
  };
}

export interface ExceptionDraft {
  date: string;
  kind: 'holiday' | 'working';
  nameVi: string;
  nameEn: string;
  /** Working days only: hours of their own (empty = the season's normal hours). */
  intervals: DraftInterval[];
}

export type ExceptionField = 'date' | 'nameVi' | 'intervals';

/** Problems of a day off / make-up day before it is sent (PUT /calendars/:id/exceptions). */
export function validateException(
  e: ExceptionDraft,
): Partial<Record<ExceptionField, AdminMessage>> {
  const out: Partial<Record<ExceptionField, AdminMessage>> = {};
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!e.date) out.date = { key: 'validation.required' };
  else if (!d || d.toISOString().slice(0, 10) !== e.date) out.date = { key: 'validation.date' };
  if (!e.nameVi.trim()) out.nameVi = { key: 'validation.required' };
  if (e.kind === 'working' && e.intervals.length) {
    const issues = dayIssues(e.intervals, 'intervals');
    if (issues.length) out.intervals = issues[0]!.message;
  }
  return out;
}

export function exceptionBody(e: ExceptionDraft) {
  return {
    date: e.date,
    kind: e.kind,
    nameVi: e.nameVi.trim(),
    nameEn: e.nameEn.trim(),
    ...(e.kind === 'working' && e.intervals.length
      ? { intervals: e.intervals.map((i): [string, string] => [i.start, i.end]) }
      : {}),
  };
}
