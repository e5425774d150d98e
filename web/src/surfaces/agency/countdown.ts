/**
 * Deadline countdown in WORKING time (R-SLA-1..4): the remaining working hours between now
 * and the due instant on the hotline's calendar, and its colour — green while there is time,
 * amber once the warning instant (pre-breach) has passed, red when overdue. Pure.
 */
import type { Message } from '../../i18n/catalog.ts';

export type CountdownState = 'ok' | 'warn' | 'overdue';

/** What the countdown needs from a calendar (WorkCalendar satisfies it). */
export interface WorkingClock {
  workingMillisBetween(a: Date, b: Date): number;
}

export interface Deadline {
  dueAt: string;
  warnAt: string | null;
  kind?: string | null;
}

export interface Countdown {
  state: CountdownState;
  /** Working milliseconds left; negative once overdue (working time since the due instant). */
  remainingMs: number;
  /** The text to show, e.g. "Còn 5 giờ 12 phút" / "Quá hạn 1 giờ 03 phút". */
  label: Message;
  /** The state as words, so colour is never the only signal. */
  stateLabel: Message;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function countdownState(now: Date, d: Deadline): CountdownState {
  const t = now.getTime();
  if (t >= Date.parse(d.dueAt)) return 'overdue';
  if (d.warnAt && t >= Date.parse(d.warnAt)) return 'warn';
  return 'ok';
}

/** Hours and minutes of a working duration, rounded the way a person reads a deadline. */
export function splitDuration(ms: number): { h: number; m: number } {
  // Time left is rounded down (never promise a minute that is not there); time overdue up.
  const minutes = ms >= 0 ? Math.floor(ms / MINUTE) : Math.ceil(-ms / MINUTE);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

export function formatWorking(ms: number): Message {
  const { h, m } = splitDuration(ms);
  const mm = String(m).padStart(2, '0');
  if (ms >= 0) {
    if (h === 0) return { key: 'countdown.leftMinutes', params: { m } };
    return { key: 'countdown.left', params: { h, m: mm } };
  }
  if (h === 0) return { key: 'countdown.overdueMinutes', params: { m } };
  return { key: 'countdown.overdue', params: { h, m: mm } };
}

export function countdown(cal: WorkingClock, now: Date, d: Deadline): Countdown {
  const state = countdownState(now, d);
  let remainingMs = cal.workingMillisBetween(now, new Date(d.dueAt));
  // Past the due instant outside working hours the working difference can be 0: still overdue.
  if (state === 'overdue' && remainingMs >= 0) remainingMs = -0.5 * MINUTE;
  return {
    state,
    remainingMs,
    label: formatWorking(remainingMs),
    stateLabel: { key: `countdown.state.${state}` },
  };
}

/** How often the display must refresh to stay right to the minute. */
export function refreshEvery(remainingMs: number): number {
  return Math.abs(remainingMs) < HOUR ? 15_000 : MINUTE;
}
