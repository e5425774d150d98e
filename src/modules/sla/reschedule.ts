import type { WorkingTime } from '../../core/calendar/types.ts';

/** A running deadline as the rescheduler sees it. */
export interface RunningDeadline {
  dueAt: Date;
  warnAt: Date | null;
  warnedAt: Date | null;
}

/**
 * Where a running deadline moves when its calendar changes (a holiday declared, a make-up
 * Saturday, new office hours): the working time it had left *from now* under the old calendar
 * is laid out again on the new one. Working time already spent is never re-counted, so a
 * change that only touches the past moves nothing. A deadline or warning already due is left
 * for the sweeper. Returns undefined when nothing moves.
 *
 * Pure: no I/O; `before`/`after` are the two compiled calendars.
 *
 * ### Examples
 * ```ts
 * // Due Tuesday 16:00; Tuesday becomes a holiday → due Wednesday 16:00.
 * rescheduleDeadline({ dueAt, warnAt: null, warnedAt: null }, before, after, now);
 * ```
 */
type Clock = Pick<WorkingTime, 'addWorkingHours' | 'workingMillisBetween'>;

export function rescheduleDeadline(
  d: RunningDeadline,
  before: Clock,
  after: Clock,
  now: Date,
): { dueAt: Date; warnAt: Date | null } | undefined {
  if (d.dueAt <= now) return undefined;
  const move = (at: Date) => {
    const left = before.workingMillisBetween(now, at);
    // Same working time up to `at` on both calendars: the change is elsewhere (after it, or
    // in the past), and `at` stays exactly where it is.
    if (left <= 0 || after.workingMillisBetween(now, at) === left) return at;
    return after.addWorkingHours(now, left / 3_600_000);
  };
  const dueAt = move(d.dueAt);
  const warnAt = d.warnAt && !d.warnedAt && d.warnAt > now ? move(d.warnAt) : d.warnAt;
  if (dueAt.getTime() === d.dueAt.getTime() && warnAt?.getTime() === d.warnAt?.getTime()) {
    return undefined;
  }
  return { dueAt, warnAt };
}
