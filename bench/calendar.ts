/**
 * Deadline arithmetic: `WorkCalendar.addWorkingHours(start, 8 | 48)` from starts spread over
 * 2026 (default calendar: Mon–Fri 07:30–11:30, 13:00–17:00, Vietnamese holidays), against
 * plain `new Date(t + h * 3600e3)` for scale.
 */
import { performance } from 'node:perf_hooks';
import { WorkCalendar } from '../src/core/calendar/working-time.ts';
import { fig, type Figure } from './lib/figures.ts';

export interface CalendarOptions {
  /** Time spent on each variant. */
  durationMs: number;
}

const YEAR_START = Date.parse('2026-01-01T00:00:00+07:00');
const YEAR_END = Date.parse('2027-01-01T00:00:00+07:00');

/** Deterministic starts (xorshift32), to the minute, anywhere in 2026. */
function starts(n: number): Date[] {
  let x = 0x1022_2026;
  const out: Date[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = (x >>> 0) / 2 ** 32;
    out.push(new Date(YEAR_START + Math.floor((r * (YEAR_END - YEAR_START)) / 60_000) * 60_000));
  }
  return out;
}

/** Calls `f` over the inputs round-robin for about `ms`; returns calls per second. */
function opsPerSecond(inputs: Date[], ms: number, f: (d: Date) => Date): number {
  let sink = 0;
  let calls = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < ms) {
    for (let i = 0; i < inputs.length; i++) sink ^= f(inputs[i]!).getTime() & 0xffff;
    calls += inputs.length;
    now = performance.now();
  }
  if (sink === -1) console.log(sink); // keep the results observable
  return calls / ((now - t0) / 1000);
}

export async function benchCalendar(o: CalendarOptions): Promise<Figure[]> {
  const inputs = starts(4096);

  // A fresh calendar resolves and memoises each day on first use.
  const cold = new WorkCalendar();
  const t0 = performance.now();
  for (const d of inputs) cold.addWorkingHours(d, 48);
  const coldMs = performance.now() - t0;

  const cal = new WorkCalendar();
  for (const d of inputs) cal.addWorkingHours(d, 48); // warm: JIT and day cache
  const plain = (h: number) => (d: Date) => new Date(d.getTime() + h * 3600e3);
  for (const d of inputs) plain(8)(d);

  const h8 = opsPerSecond(inputs, o.durationMs, (d) => cal.addWorkingHours(d, 8));
  const h48 = opsPerSecond(inputs, o.durationMs, (d) => cal.addWorkingHours(d, 48));
  const add8 = plain(8);
  const base = opsPerSecond(inputs, o.durationMs, add8);
  return [
    fig(
      'deadline_computations_8h',
      h8,
      'ops/s',
      'WorkCalendar.addWorkingHours(start, 8), 4096 starts over 2026',
    ),
    fig('deadline_computations_48h', h48, 'ops/s'),
    fig('date_add_plain', base, 'ops/s', 'new Date(t + 8 * 3600e3)'),
    fig(
      'deadline_cold_calendar_4096_starts',
      coldMs,
      'ms',
      'fresh WorkCalendar: first 4096 × 48 h, day cache empty',
    ),
  ];
}
