/**
 * The hotline's working-hours calendar in the browser: the stored configuration from
 * GET /calendars/:id compiled by the contract's `buildCalendar` — the very function the server
 * compiles it with (src/contract/calendar.ts) — so a countdown on screen agrees with the
 * sweeper that escalates the ticket.
 */
import { WorkCalendar } from '../../../../src/core/calendar/working-time.ts';
import type { TimeRange } from '../../../../src/core/calendar/types.ts';
import { buildCalendar, type CalendarDetail } from '../../../../src/contract/calendar.ts';

export function buildWorkCalendar(d: Pick<CalendarDetail, 'config' | 'exceptions'>): WorkCalendar {
  try {
    return buildCalendar(
      d.config,
      d.exceptions.map((e) => ({
        date: e.date,
        kind: e.kind,
        nameVi: e.nameVi,
        nameEn: e.nameEn,
        ...(e.intervals ? { intervals: e.intervals as TimeRange[] } : {}),
      })),
    );
  } catch {
    // A configuration the engine refuses should not blank the queue: fall back to office hours.
    return new WorkCalendar();
  }
}
