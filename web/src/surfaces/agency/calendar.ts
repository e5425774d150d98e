/**
 * The hotline's working-hours calendar in the browser: the stored configuration from
 * GET /calendars/:id compiled with the same engine the server uses (src/core/calendar), so a
 * countdown on screen agrees with the sweeper that escalates the ticket.
 */
import {
  WorkCalendar,
  type WorkCalendarConfig,
} from '../../../../src/core/calendar/working-time.ts';
import type { CalendarException } from '../../../../src/core/calendar/types.ts';
import type { CalendarDetail } from '../../api/types.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Mirrors buildCalendar() in src/modules/calendar/calendar.service.ts. */
export function toCalendarConfig(
  d: Pick<CalendarDetail, 'config' | 'exceptions'>,
): WorkCalendarConfig {
  const c = isObject(d.config) ? d.config : {};
  const exceptions: CalendarException[] = d.exceptions
    .filter((e) => e.kind === 'holiday' || e.kind === 'working')
    .map((e) => ({
      date: e.date,
      kind: e.kind as CalendarException['kind'],
      nameVi: e.nameVi,
      nameEn: e.nameEn,
      ...(Array.isArray(e.intervals)
        ? { intervals: e.intervals as CalendarException['intervals'] }
        : {}),
    }));
  const adjacent = isObject(c.adjacentNationalDay)
    ? Object.fromEntries(Object.entries(c.adjacentNationalDay).map(([y, v]) => [Number(y), v]))
    : undefined;
  return {
    exceptions,
    ...(typeof c.timezone === 'string' ? { timezone: c.timezone } : {}),
    ...(typeof c.statutoryHolidays === 'boolean' ? { statutoryHolidays: c.statutoryHolidays } : {}),
    ...(typeof c.knownNotices === 'boolean' ? { knownNotices: c.knownNotices } : {}),
    ...(Array.isArray(c.seasons) ? { seasons: c.seasons as WorkCalendarConfig['seasons'] } : {}),
    ...(adjacent
      ? { adjacentNationalDay: adjacent as WorkCalendarConfig['adjacentNationalDay'] }
      : {}),
  };
}

export function buildWorkCalendar(d: Pick<CalendarDetail, 'config' | 'exceptions'>): WorkCalendar {
  try {
    return new WorkCalendar(toCalendarConfig(d));
  } catch {
    // A configuration the engine refuses should not blank the queue: fall back to office hours.
    return new WorkCalendar();
  }
}
