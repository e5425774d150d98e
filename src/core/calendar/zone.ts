/**
 * Time-zone offsets from the platform's IANA database via `Intl.DateTimeFormat`, which both
 * Node and browsers ship, so no zone data has to be bundled. Vietnam has had a fixed offset
 * since 1975, but offsets are still looked up per instant so the engine stays correct for any
 * zone and for historical dates.
 */

import { MS_PER_DAY, civilFromDays, daysFromCivil, pad, parseIsoDate } from './dates.ts';

const MS_PER_HOUR = 3_600_000;
// Bounded so a long-running server that touches many distinct hours cannot grow it forever.
const MAX_CACHED_BUCKETS = 200_000;

/** Offset lookups for one IANA zone, memoised per UTC hour. */
export class ZoneClock {
  readonly timezone: string;
  private readonly formatter: Intl.DateTimeFormat;
  // Offset per UTC hour bucket, or NaN for the rare hour that contains a transition.
  private readonly buckets = new Map<number, number>();

  constructor(timezone: string) {
    try {
      this.formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new RangeError(`Unknown time zone "${timezone}"`, { cause });
    }
    this.timezone = this.formatter.resolvedOptions().timeZone;
  }

  /** Offset (local − UTC) in milliseconds at an instant, computed without caching. */
  exactOffset(t: number): number {
    const whole = t - (((t % 1000) + 1000) % 1000);
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.formatter.formatToParts(new Date(whole))) {
      const v = Number(part.value);
      switch (part.type) {
        case 'year':
          year = v;
          break;
        case 'month':
          month = v;
          break;
        case 'day':
          day = v;
          break;
        case 'hour':
          hour = v;
          break;
        case 'minute':
          minute = v;
          break;
        case 'second':
          second = v;
          break;
        default:
          break;
      }
    }
    const local =
      daysFromCivil(year, month, day) * MS_PER_DAY +
      hour * MS_PER_HOUR +
      minute * 60_000 +
      second * 1000;
    return local - whole;
  }

  /** Offset (local − UTC) in milliseconds at an instant. */
  offset(t: number): number {
    const bucket = Math.floor(t / MS_PER_HOUR);
    let cached = this.buckets.get(bucket);
    if (cached === undefined) {
      const first = this.exactOffset(bucket * MS_PER_HOUR);
      const last = this.exactOffset(bucket * MS_PER_HOUR + MS_PER_HOUR - 1);
      // Two transitions never fall within one hour, so equal ends mean a constant offset.
      cached = first === last ? first : Number.NaN;
      if (this.buckets.size >= MAX_CACHED_BUCKETS) this.buckets.clear();
      this.buckets.set(bucket, cached);
    }
    return Number.isNaN(cached) ? this.exactOffset(t) : cached;
  }

  /** Local day number (days since 1970-01-01 on the zone's wall calendar) of an instant. */
  localDay(t: number): number {
    return Math.floor((t + this.offset(t)) / MS_PER_DAY);
  }

  /**
   * UTC instant of a local wall-clock time given as "milliseconds since 1970-01-01 local".
   * Ambiguous times (clocks set back) resolve to the later instant; non-existent times (clocks
   * set forward) move forward by the size of the gap, as most date libraries do.
   */
  localToUtc(local: number): number {
    const o1 = this.offset(local);
    const t1 = local - o1;
    const o2 = this.offset(t1);
    if (o1 === o2) return t1;
    const t2 = local - o2;
    const o3 = this.offset(t2);
    if (o2 === o3) return t2;
    return local - Math.min(o2, o3);
  }
}

const clocks = new Map<string, ZoneClock>();

/**
 * Shared, memoised clock for a zone.
 * @example zoneClock('Asia/Ho_Chi_Minh').offset(Date.now()) // 25200000
 */
export function zoneClock(timezone: string): ZoneClock {
  let clock = clocks.get(timezone);
  if (clock === undefined) {
    clock = new ZoneClock(timezone);
    clocks.set(timezone, clock);
  }
  return clock;
}

/**
 * ISO-8601 text of an instant on the wall clock of `timezone`, with its numeric offset.
 * Milliseconds appear only when non-zero. Pre-1900 local mean times with second offsets are
 * printed as `+HH:MM:SS` rather than silently rounded.
 * @example formatInstant(new Date('2026-02-23T01:30:00Z')) // '2026-02-23T08:30:00+07:00'
 */
export function formatInstant(d: Date, timezone = 'Asia/Ho_Chi_Minh'): string {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  const offset = zoneClock(timezone).offset(t);
  const local = t + offset;
  const dayNumber = Math.floor(local / MS_PER_DAY);
  const civil = civilFromDays(dayNumber);
  let rest = local - dayNumber * MS_PER_DAY;
  const hour = Math.floor(rest / MS_PER_HOUR);
  rest -= hour * MS_PER_HOUR;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  const abs = Math.abs(offset) / 1000;
  const offH = Math.floor(abs / 3600);
  const offM = Math.floor((abs % 3600) / 60);
  const offS = abs % 60;
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(civil.year, 4)}-${pad(civil.month, 2)}-${pad(civil.day, 2)}` +
    `T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${ms === 0 ? '' : `.${pad(ms, 3)}`}` +
    `${sign}${pad(offH, 2)}:${pad(offM, 2)}${offS === 0 ? '' : `:${pad(offS, 2)}`}`
  );
}

const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which a wall clock in `timezone` shows `date` `time`.
 * @example instantFromLocal('2026-02-13', '16:00') // 2026-02-13T09:00:00.000Z
 */
export function instantFromLocal(date: string, time: string, timezone = 'Asia/Ho_Chi_Minh'): Date {
  const m = LOCAL_TIME.exec(time);
  if (m === null) throw new RangeError(`Invalid time "${time}": expected HH:MM or HH:MM:SS`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? '0');
  if (h > 23 || min > 59 || s > 59) throw new RangeError(`Invalid time "${time}"`);
  const local = parseIsoDate(date) * MS_PER_DAY + h * MS_PER_HOUR + min * 60_000 + s * 1000;
  return new Date(zoneClock(timezone).localToUtc(local));
}
