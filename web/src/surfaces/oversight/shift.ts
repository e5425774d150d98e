/**
 * The shift a supervisor watches (R-OP-2: e.g. three shifts a day, rotating crews), in the
 * hotline's time zone: which shift an instant falls in, and when it started and ends. Pure:
 * see shift.test.ts.
 */

/** Start hours of the day's shifts, ascending; each shift runs to the next one's start. */
export const DEFAULT_SHIFT_STARTS: readonly number[] = [6, 14, 22];

const OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh has no daylight saving time.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ShiftWindow {
  /** 1-based number of the shift in its day (by start hour). */
  number: number;
  start: Date;
  end: Date;
}

/** The shift containing `now`; a night shift that started yesterday belongs to yesterday. */
export function currentShift(
  now: Date,
  starts: readonly number[] = DEFAULT_SHIFT_STARTS,
): ShiftWindow {
  if (starts.length === 0) throw new RangeError('at least one shift');
  const local = now.getTime() + OFFSET_MS;
  const midnight = Math.floor(local / DAY) * DAY;
  const hour = (local - midnight) / HOUR;
  let i = starts.length - 1;
  let dayStart = midnight;
  while (i >= 0 && starts[i]! > hour) i--;
  if (i < 0) {
    // Before the first shift of the day: still in yesterday's last one.
    i = starts.length - 1;
    dayStart -= DAY;
  }
  const start = dayStart + starts[i]! * HOUR;
  const end =
    i + 1 < starts.length ? dayStart + starts[i + 1]! * HOUR : dayStart + DAY + starts[0]! * HOUR;
  return { number: i + 1, start: new Date(start - OFFSET_MS), end: new Date(end - OFFSET_MS) };
}
