import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STANDARD_WEEK,
  WorkCalendar,
  createWorkCalendar,
  type Season,
  type WeekSchedule,
} from './working-time.ts';
import { formatInstant, instantFromLocal } from './zone.ts';
import { daysFromCivil, formatDayNumber, parseClock } from './dates.ts';
import type { TimeRange } from './types.ts';

const cal = new WorkCalendar();
/** A wall-clock time in Vietnam, e.g. vn('2026-03-02T10:30'). */
const vn = (local: string): Date => new Date(`${local}:00+07:00`);
/** addWorkingHours on a Vietnam wall-clock time, formatted back in Vietnam time. */
const add = (c: WorkCalendar, local: string, hours: number): string =>
  formatInstant(c.addWorkingHours(vn(local), hours), c.timezone);

const weekdays = (...ranges: TimeRange[]): WeekSchedule => ({
  1: ranges,
  2: ranges,
  3: ranges,
  4: ranges,
  5: ranges,
});

const SEASONS: readonly Season[] = [
  {
    name: 'summer',
    from: '04-15',
    to: '10-14',
    week: weekdays(['07:00', '11:30'], ['13:30', '17:00']),
  },
  // Wraps over New Year.
  { name: 'winter', from: '10-15', to: '04-14', week: STANDARD_WEEK },
];

/** Deterministic PRNG (mulberry32) so failures are reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('addWorkingHours on the default calendar', () => {
  test('inside a morning', () => {
    assert.equal(add(cal, '2026-03-02T08:00', 2), '2026-03-02T10:00:00+07:00');
  });

  test('across lunch: Mon 10:30 + 2h = Mon 14:00', () => {
    assert.equal(add(cal, '2026-03-02T10:30', 2), '2026-03-02T14:00:00+07:00');
  });

  test('ends exactly at an interval end instead of the next start', () => {
    assert.equal(add(cal, '2026-03-02T10:30', 1), '2026-03-02T11:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T16:00', 1), '2026-03-02T17:00:00+07:00');
    assert.equal(add(cal, '2026-03-02T07:30', 8), '2026-03-02T17:00:00+07:00');
  });

  test('starting at an interval end continues in the next interval', () => {
    assert.equal(add(cal, '2026-03-02T11:30', 1), '2026-03-02T14:00:00+07:00');
    assert.equal(add(cal, '2026-03-02T17:00', 1), '2026-03-03T08:30:00+07:00');
  });

  test('across a weekend: Fri 16:00 + 2h = Mon 08:30', () => {
    assert.equal(add(cal, '2026-03-06T16:00', 2), '2026-03-09T08:30:00+07:00');
  });

  test('across Tết 2026: Fri 13/2 16:00 + 8h = Mon 23/2 16:00', () => {
    // 1h on Fri 13/2; weekend; Tết 16–20/2; weekend; Mon 23/2: 4h morning + 3h → 16:00.
    assert.equal(add(cal, '2026-02-13T16:00', 8), '2026-02-23T16:00:00+07:00');
  });

  test('+48h across Giỗ Tổ, its compensation day, 30/4 and 1/5', () => {
    // Fri 24/4 09:00: 6.5h; Sun 26/4 holiday → Mon 27/4 off; Tue 28 + Wed 29: 16h (22.5);
    // Thu 30/4 and Fri 1/5 off; Mon 4 – Wed 6/5: 24h (46.5); Thu 7/5 07:30 + 1.5h.
    assert.equal(add(cal, '2026-04-24T09:00', 48), '2026-05-07T09:00:00+07:00');
    const plain = createWorkCalendar({ statutoryHolidays: false, knownNotices: false });
    assert.equal(add(plain, '2026-04-24T09:00', 48), '2026-05-04T09:00:00+07:00');
  });

  test('starting on a holiday, at night and during lunch', () => {
    assert.equal(add(cal, '2026-02-17T10:00', 1), '2026-02-23T08:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T20:00', 1), '2026-03-03T08:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T05:00', 1), '2026-03-02T08:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T12:00', 1), '2026-03-02T14:00:00+07:00');
    assert.equal(add(cal, '2026-03-07T10:00', 0.5), '2026-03-09T08:00:00+07:00');
  });

  test('input given in UTC, including a UTC date that is the previous local day', () => {
    const r = cal.addWorkingHours(new Date('2026-03-02T03:30:00Z'), 2);
    assert.equal(r.toISOString(), '2026-03-02T07:00:00.000Z');
    // 23:30 UTC on Sunday is Monday 06:30 in Vietnam.
    const r2 = cal.addWorkingHours(new Date('2026-03-01T23:30:00Z'), 1);
    assert.equal(formatInstant(r2), '2026-03-02T08:30:00+07:00');
    // Brief example: 2026-02-13T09:00Z is Friday 16:00 in Vietnam.
    const r3 = cal.addWorkingHours(new Date('2026-02-13T09:00:00Z'), 8);
    assert.equal(r3.toISOString(), '2026-02-23T09:00:00.000Z');
  });

  test('fractional hours', () => {
    assert.equal(add(cal, '2026-03-02T07:30', 0.25), '2026-03-02T07:45:00+07:00');
    assert.equal(add(cal, '2026-03-02T07:30', 4.5), '2026-03-02T13:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T07:30', 1 / 3), '2026-03-02T07:50:00+07:00');
    assert.equal(add(cal, '2026-03-02T07:30', 1 / 3600), '2026-03-02T07:30:01+07:00');
  });

  test('0 hours returns the start unchanged, even outside working time', () => {
    const night = vn('2026-03-07T23:00');
    const r = cal.addWorkingHours(night, 0);
    assert.equal(r.getTime(), night.getTime());
    assert.notEqual(r, night);
  });

  test('negative hours count backwards and may end at an interval start', () => {
    assert.equal(add(cal, '2026-03-02T14:00', -2), '2026-03-02T10:30:00+07:00');
    assert.equal(add(cal, '2026-03-02T14:00', -1), '2026-03-02T13:00:00+07:00');
    assert.equal(add(cal, '2026-03-09T07:30', -1), '2026-03-06T16:00:00+07:00');
    assert.equal(add(cal, '2026-02-23T08:30', -2), '2026-02-13T16:00:00+07:00');
  });

  test('invalid arguments are rejected', () => {
    assert.throws(() => cal.addWorkingHours(new Date('nope'), 1), /valid Date/);
    assert.throws(() => cal.addWorkingHours(vn('2026-03-02T08:00'), Number.NaN), /finite/);
    assert.throws(() => cal.addWorkingHours(vn('2026-03-02T08:00'), Infinity), /finite/);
  });

  test('a calendar without any working time fails loudly instead of looping', () => {
    const never = createWorkCalendar({
      seasons: [{ name: 'closed', from: '01-01', to: '12-31', week: {} }],
      statutoryHolidays: false,
      knownNotices: false,
    });
    assert.throws(() => never.addWorkingHours(vn('2026-03-02T08:00'), 1), /No working time/);
  });
});

describe('notices and exceptions', () => {
  test('2026 New Year swap: Friday 2/1 is off', () => {
    // Wed 31/12/2025 16:00: 1h; Thu 1/1 holiday; Fri 2/1 swapped off; weekend; Mon 5/1 08:30.
    assert.equal(add(cal, '2025-12-31T16:00', 2), '2026-01-05T08:30:00+07:00');
    const noNotices = createWorkCalendar({ knownNotices: false });
    assert.equal(add(noNotices, '2025-12-31T16:00', 2), '2026-01-02T08:30:00+07:00');
    assert.equal(cal.dayInfo('2026-01-02').kind, 'holiday');
  });

  test('2026 New Year swap: Saturday 10/1 is worked with normal weekday hours', () => {
    assert.equal(add(cal, '2026-01-09T16:00', 2), '2026-01-10T08:30:00+07:00');
    const info = cal.dayInfo('2026-01-10');
    assert.equal(info.kind, 'working');
    assert.equal(info.working, true);
    assert.deepEqual(info.intervals, [
      ['07:30', '11:30'],
      ['13:00', '17:00'],
    ]);
    const noNotices = createWorkCalendar({ knownNotices: false });
    assert.equal(add(noNotices, '2026-01-09T16:00', 2), '2026-01-12T08:30:00+07:00');
  });

  test('own exceptions add to the known notices instead of replacing them', () => {
    const c = createWorkCalendar({
      exceptions: [{ date: '2026-03-03', kind: 'holiday', nameVi: 'Nghỉ', nameEn: 'Off' }],
    });
    assert.equal(c.dayInfo('2026-01-10').kind, 'working');
    assert.equal(c.dayInfo('2026-03-03').kind, 'holiday');
  });

  test('own exceptions override a known notice on the same date', () => {
    const c = createWorkCalendar({
      exceptions: [{ date: '2026-01-10', kind: 'holiday', nameVi: 'Nghỉ', nameEn: 'Off' }],
    });
    assert.equal(c.dayInfo('2026-01-10').kind, 'holiday');
    assert.equal(c.dayInfo('2026-01-10').nameEn, 'Off');
  });

  test('an admin extra holiday', () => {
    const c = createWorkCalendar({
      exceptions: [
        { date: '2026-03-03', kind: 'holiday', nameVi: 'Bầu cử', nameEn: 'Election day' },
      ],
    });
    assert.equal(add(c, '2026-03-02T16:00', 2), '2026-03-04T08:30:00+07:00');
    assert.deepEqual(
      c.nonWorkingDays(2026).find((d) => d.date === '2026-03-03'),
      { date: '2026-03-03', kind: 'holiday', nameVi: 'Bầu cử', nameEn: 'Election day' },
    );
  });

  test('an exception making a Saturday working, with its own hours', () => {
    const c = createWorkCalendar({
      exceptions: [
        {
          date: '2026-03-07',
          kind: 'working',
          nameVi: 'Làm bù',
          nameEn: 'Make-up day',
          intervals: [['08:00', '12:00']],
        },
      ],
    });
    assert.equal(add(c, '2026-03-06T16:30', 1), '2026-03-07T08:30:00+07:00');
    assert.equal(add(c, '2026-03-06T16:30', 5), '2026-03-09T08:00:00+07:00');
    assert.deepEqual(c.specialDays('2026-03-07', '2026-03-07'), [
      {
        date: '2026-03-07',
        kind: 'working',
        nameVi: 'Làm bù',
        nameEn: 'Make-up day',
        intervals: [['08:00', '12:00']],
      },
    ]);
  });

  test('an exception can declare a statutory holiday a working day', () => {
    const c = createWorkCalendar({
      exceptions: [{ date: '2026-04-30', kind: 'working', nameVi: 'Trực', nameEn: 'On duty' }],
    });
    assert.equal(c.dayInfo('2026-04-30').kind, 'working');
    assert.equal(c.isWorkingTime(vn('2026-04-30T09:00')), true);
    assert.ok(!c.nonWorkingDays(2026).some((d) => d.date === '2026-04-30'));
    assert.equal(cal.isWorkingTime(vn('2026-04-30T09:00')), false);
  });

  test('an extra holiday on the compensation day pushes the compensation on', () => {
    const c = createWorkCalendar({
      exceptions: [{ date: '2026-04-27', kind: 'holiday', nameVi: 'Nghỉ', nameEn: 'Off' }],
    });
    assert.equal(c.dayInfo('2026-04-27').kind, 'holiday');
    assert.equal(c.dayInfo('2026-04-28').kind, 'compensation');
    assert.equal(c.dayInfo('2026-04-28').nameVi, 'Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  test('adjacentNationalDay override per year', () => {
    const c = createWorkCalendar({ adjacentNationalDay: { 2026: '09-03' } });
    assert.equal(c.dayInfo('2026-09-03').kind, 'statutory');
    assert.equal(c.dayInfo('2026-09-01').kind, 'regular');
    assert.equal(cal.dayInfo('2026-09-01').kind, 'statutory');
  });

  test('statutoryHolidays: false ignores the Labour Code', () => {
    const c = createWorkCalendar({ statutoryHolidays: false });
    assert.equal(c.dayInfo('2026-02-17').kind, 'regular');
    assert.equal(c.dayInfo('2026-04-27').kind, 'regular');
  });

  test('compensation follows the schedule’s rest days (Tuesday–Saturday week)', () => {
    const ranges: TimeRange[] = [
      ['07:30', '11:30'],
      ['13:00', '17:00'],
    ];
    const c = createWorkCalendar({
      seasons: [
        {
          name: 'tue-sat',
          from: '01-01',
          to: '12-31',
          week: { 2: ranges, 3: ranges, 4: ranges, 5: ranges, 6: ranges },
        },
      ],
    });
    // Giỗ Tổ Sun 26/4 → Monday is a rest day too → Tuesday 28/4.
    assert.equal(c.dayInfo('2026-04-27').kind, 'rest');
    assert.equal(c.dayInfo('2026-04-28').kind, 'compensation');
    // Sat 1/5/2027 is a working day in this schedule → no compensation on Tue 4/5.
    assert.equal(c.dayInfo('2027-05-04').kind, 'regular');
    assert.equal(cal.dayInfo('2027-05-03').kind, 'compensation');
  });
});

describe('seasons', () => {
  const seasonal = createWorkCalendar({ seasons: SEASONS });

  test('summer hours 07:00–11:30 / 13:30–17:00', () => {
    assert.equal(seasonal.dayInfo('2026-06-01').season, 'summer');
    assert.equal(seasonal.isWorkingTime(vn('2026-06-01T07:00')), true);
    assert.equal(seasonal.isWorkingTime(vn('2026-06-01T13:15')), false);
    assert.equal(add(seasonal, '2026-06-01T11:00', 1), '2026-06-01T14:00:00+07:00');
  });

  test('winter hours apply in January', () => {
    assert.equal(seasonal.isWorkingTime(vn('2026-01-05T07:00')), false);
    assert.equal(add(seasonal, '2026-01-05T11:00', 1), '2026-01-05T13:30:00+07:00');
  });

  test('boundaries of the ranges are inclusive', () => {
    assert.equal(seasonal.dayInfo('2026-04-14').season, 'winter');
    assert.equal(seasonal.dayInfo('2026-04-15').season, 'summer');
    assert.equal(seasonal.dayInfo('2026-10-14').season, 'summer');
    assert.equal(seasonal.dayInfo('2026-10-15').season, 'winter');
    // Wed 14/10 16:30 summer → 17:00; Thu 15/10 winter 07:30 + 0.5h.
    assert.equal(add(seasonal, '2026-10-14T16:30', 1), '2026-10-15T08:00:00+07:00');
  });

  test('a season wrapping the year end', () => {
    assert.equal(seasonal.dayInfo('2026-12-31').season, 'winter');
    assert.equal(seasonal.dayInfo('2027-01-04').season, 'winter');
    // Thu 31/12 16:00: 1h; Fri 1/1/2027 New Year; weekend; Mon 4/1 07:30 + 1h.
    assert.equal(add(seasonal, '2026-12-31T16:00', 2), '2027-01-04T08:30:00+07:00');
  });

  test('the first season containing a date wins', () => {
    const ranges: TimeRange[] = [['08:00', '12:00']];
    const c = createWorkCalendar({
      seasons: [
        { name: 'rush', from: '03-01', to: '03-10', week: { 6: ranges } },
        { name: 'all', from: '01-01', to: '12-31', week: STANDARD_WEEK },
      ],
    });
    assert.equal(c.dayInfo('2026-03-07').season, 'rush');
    assert.equal(c.dayInfo('2026-03-07').kind, 'regular');
    assert.equal(c.dayInfo('2026-03-09').kind, 'rest');
    assert.equal(c.dayInfo('2026-03-11').season, 'all');
  });

  test('a make-up day in summer gets the summer weekday hours', () => {
    const c = createWorkCalendar({
      seasons: SEASONS,
      exceptions: [{ date: '2026-06-06', kind: 'working', nameVi: 'Làm bù', nameEn: 'Make-up' }],
    });
    assert.deepEqual(c.dayInfo('2026-06-06').intervals, [
      ['07:00', '11:30'],
      ['13:30', '17:00'],
    ]);
    assert.deepEqual(c.specialDays('2026-06-06', '2026-06-06')[0]?.intervals, undefined);
  });
});

describe('isWorkingTime boundaries', () => {
  test('07:30 inclusive, 11:30 exclusive, 12:00 false, 17:00 exclusive', () => {
    const at = (s: string): boolean => cal.isWorkingTime(new Date(`${s}+07:00`));
    assert.equal(at('2026-03-02T07:30:00'), true);
    assert.equal(at('2026-03-02T07:29:59.999'), false);
    assert.equal(at('2026-03-02T11:29:59.999'), true);
    assert.equal(at('2026-03-02T11:30:00'), false);
    assert.equal(at('2026-03-02T12:00:00'), false);
    assert.equal(at('2026-03-02T13:00:00'), true);
    assert.equal(at('2026-03-02T16:59:59.999'), true);
    assert.equal(at('2026-03-02T17:00:00'), false);
  });

  test('weekends and holidays are never working time', () => {
    assert.equal(cal.isWorkingTime(vn('2026-03-07T09:00')), false);
    assert.equal(cal.isWorkingTime(vn('2026-02-17T09:00')), false);
    assert.equal(cal.isWorkingTime(vn('2026-04-27T09:00')), false);
    assert.equal(cal.isWorkingTime(vn('2026-04-28T09:00')), true);
  });

  test('nextWorkingTime', () => {
    assert.equal(
      formatInstant(cal.nextWorkingTime(vn('2026-02-14T10:00'))),
      '2026-02-23T07:30:00+07:00',
    );
    assert.equal(
      formatInstant(cal.nextWorkingTime(vn('2026-03-02T09:15'))),
      '2026-03-02T09:15:00+07:00',
    );
    assert.equal(
      formatInstant(cal.nextWorkingTime(vn('2026-03-02T11:30'))),
      '2026-03-02T13:00:00+07:00',
    );
  });
});

describe('workingMillisBetween', () => {
  const H = 3_600_000;

  test('counts only working intervals', () => {
    assert.equal(cal.workingMillisBetween(vn('2026-03-02T07:00'), vn('2026-03-02T12:00')), 4 * H);
    assert.equal(cal.workingMillisBetween(vn('2026-03-06T16:00'), vn('2026-03-09T09:00')), 2.5 * H);
    assert.equal(cal.workingHoursBetween(vn('2026-03-02T00:00'), vn('2026-03-09T00:00')), 40);
  });

  test('is zero across a holiday and negative when reversed', () => {
    assert.equal(cal.workingMillisBetween(vn('2026-02-14T00:00'), vn('2026-02-23T00:00')), 0);
    assert.equal(cal.workingMillisBetween(vn('2026-03-02T12:00'), vn('2026-03-02T07:00')), -4 * H);
    assert.equal(cal.workingMillisBetween(vn('2026-03-02T08:00'), vn('2026-03-02T08:00')), 0);
  });

  test('the whole of 2026 has 250 working days = 2000 hours', () => {
    // 261 weekdays − 12 weekday closures (1/1, 2/1, Tết 16–20/2, 27/4, 30/4, 1/5, 1/9, 2/9)
    // + Saturday 10/1 worked.
    const closedWeekdays = cal
      .nonWorkingDays(2026)
      .filter((d) => ![0, 6].includes(cal.dayInfo(d.date).weekday)).length;
    assert.equal(closedWeekdays, 12);
    const hours = cal.workingHoursBetween(vn('2026-01-01T00:00'), vn('2027-01-01T00:00'));
    assert.equal(hours, (261 - 12 + 1) * 8);
  });

  test('property: workingMillisBetween(s, addWorkingHours(s, h)) === h hours', () => {
    const random = rng(1022);
    const from = vn('2025-01-01T00:00').getTime();
    const span = vn('2028-01-01T00:00').getTime() - from;
    const seasonal = createWorkCalendar({ seasons: SEASONS });
    for (let i = 0; i < 600; i++) {
      const c = i % 2 === 0 ? cal : seasonal;
      const s = new Date(from + Math.floor(random() * span));
      const h = random() < 0.2 ? Math.floor(random() * 10) : random() * 120;
      const ms = Math.round(h * H);
      const end = c.addWorkingHours(s, h);
      assert.equal(c.workingMillisBetween(s, end), ms, `${s.toISOString()} + ${h}h`);
      if (ms > 0) {
        // The last millisecond before the result is working time: no rolling forward.
        assert.equal(c.isWorkingTime(new Date(end.getTime() - 1)), true);
      }
      const back = c.addWorkingHours(s, -h);
      assert.equal(c.workingMillisBetween(back, s), ms, `${s.toISOString()} - ${h}h`);
    }
  });

  test('property: matches a minute-by-minute oracle built from dayInfo', () => {
    const random = rng(7);
    const first = daysFromCivil(2026, 1, 1);
    for (let i = 0; i < 150; i++) {
      const day = first + Math.floor(random() * 360);
      const minute = Math.floor(random() * 1440);
      const hours = Math.floor(random() * 40 * 60) / 60;
      // Oracle: walk whole local minutes using only the day's HH:MM intervals and UTC+7.
      let remaining = Math.round(hours * 60);
      let d = day;
      let m = minute;
      while (remaining > 0) {
        const intervals = cal.dayInfo(formatDayNumber(d)).intervals;
        if (intervals.some(([a, b]) => m >= parseClock(a) && m < parseClock(b))) remaining--;
        m++;
        if (m === 1440) {
          m = 0;
          d++;
        }
      }
      const expected = (d * 1440 + m - 7 * 60) * 60_000;
      const start = new Date((day * 1440 + minute - 7 * 60) * 60_000);
      const actual = cal.addWorkingHours(start, hours).getTime();
      if (hours > 0) assert.equal(actual, expected, `${formatInstant(start)} + ${hours}h`);
    }
  });
});

describe('calendar queries', () => {
  test('nonWorkingDays(2026) with kinds', () => {
    assert.deepEqual(
      cal.nonWorkingDays(2026).map((d) => `${d.date} ${d.kind}`),
      [
        '2026-01-01 statutory',
        '2026-01-02 holiday',
        '2026-02-16 statutory',
        '2026-02-17 statutory',
        '2026-02-18 statutory',
        '2026-02-19 statutory',
        '2026-02-20 statutory',
        '2026-04-26 statutory',
        '2026-04-27 compensation',
        '2026-04-30 statutory',
        '2026-05-01 statutory',
        '2026-09-01 statutory',
        '2026-09-02 statutory',
      ],
    );
  });

  test('dayInfo of a date string and of an instant', () => {
    const info = cal.dayInfo('2026-04-27');
    assert.equal(info.kind, 'compensation');
    assert.equal(info.working, false);
    assert.equal(info.weekday, 1);
    assert.equal(info.nameEn, "Compensatory day off for Hung Kings' Commemoration");
    // 17:30 UTC on 16/2 is already 17/2 (Mùng 1) in Vietnam.
    assert.equal(cal.dayInfo(new Date('2026-02-16T17:30:00Z')).nameVi, 'Tết Âm lịch (Mùng 1)');
    assert.equal(cal.localDate(new Date('2026-02-16T17:30:00Z')), '2026-02-17');
    assert.equal(cal.dayInfo('2026-03-07').kind, 'rest');
    assert.equal(cal.dayInfo('2026-03-09').kind, 'regular');
    assert.ok(Object.isFrozen(info) && Object.isFrozen(info.intervals));
  });
});

describe('time zones', () => {
  test('a US calendar across the DST switch keeps local hours', () => {
    const ny = createWorkCalendar({
      timezone: 'America/New_York',
      seasons: [{ name: 'all', from: '01-01', to: '12-31', week: weekdays(['09:00', '17:00']) }],
      statutoryHolidays: false,
      knownNotices: false,
    });
    const start = new Date('2026-03-06T16:00:00-05:00');
    const due = ny.addWorkingHours(start, 2);
    assert.equal(formatInstant(due, 'America/New_York'), '2026-03-09T10:00:00-04:00');
    assert.equal(due.toISOString(), '2026-03-09T14:00:00.000Z');
  });

  test('a round-the-clock schedule sees 23- and 25-hour days', () => {
    const allDay: TimeRange[] = [['00:00', '24:00']];
    const berlin = createWorkCalendar({
      timezone: 'Europe/Berlin',
      seasons: [
        {
          name: '24/7',
          from: '01-01',
          to: '12-31',
          week: { 0: allDay, 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay },
        },
      ],
      statutoryHolidays: false,
      knownNotices: false,
    });
    const H = 3_600_000;
    const spring = new Date('2026-03-29T00:00:00+01:00');
    assert.equal(
      berlin.workingMillisBetween(spring, new Date('2026-03-30T00:00:00+02:00')),
      23 * H,
    );
    assert.equal(
      formatInstant(berlin.addWorkingHours(spring, 24), 'Europe/Berlin'),
      '2026-03-30T01:00:00+02:00',
    );
    const autumn = new Date('2026-10-25T00:00:00+02:00');
    assert.equal(
      berlin.workingMillisBetween(autumn, new Date('2026-10-26T00:00:00+01:00')),
      25 * H,
    );
  });

  test('offsets change inside an hour bucket (Lord Howe Island, +10:30 → +11 at 15:30 UTC)', () => {
    assert.equal(
      formatInstant(new Date('2026-10-03T15:45:00Z'), 'Australia/Lord_Howe'),
      '2026-10-04T02:45:00+11:00',
    );
    assert.equal(
      formatInstant(new Date('2026-10-03T15:15:00Z'), 'Australia/Lord_Howe'),
      '2026-10-04T01:45:00+10:30',
    );
  });

  test('a non-existent local time (DST gap) moves forward by the gap', () => {
    // 02:30 does not exist on these days; both resolve to 03:30 daylight time.
    assert.equal(
      instantFromLocal('2026-03-08', '02:30', 'America/New_York').toISOString(),
      '2026-03-08T07:30:00.000Z',
    );
    assert.equal(
      instantFromLocal('2026-03-29', '02:30', 'Europe/Berlin').toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
  });

  test('formatInstant and instantFromLocal', () => {
    assert.equal(formatInstant(new Date('2026-02-23T01:30:00Z')), '2026-02-23T08:30:00+07:00');
    assert.equal(
      formatInstant(new Date('2026-02-23T01:30:00.250Z'), 'UTC'),
      '2026-02-23T01:30:00.250+00:00',
    );
    assert.equal(
      formatInstant(new Date('2026-01-01T00:00:00Z'), 'Asia/Kolkata'),
      '2026-01-01T05:30:00+05:30',
    );
    assert.equal(instantFromLocal('2026-02-13', '16:00').toISOString(), '2026-02-13T09:00:00.000Z');
    assert.equal(
      instantFromLocal('2026-07-01', '09:30:15', 'America/New_York').toISOString(),
      '2026-07-01T13:30:15.000Z',
    );
    assert.throws(() => formatInstant(new Date(Number.NaN)), /Invalid Date/);
    assert.throws(() => instantFromLocal('2026-02-30', '09:00'), /no such calendar day/);
  });
});

describe('configuration validation', () => {
  test('unknown time zone', () => {
    assert.throws(() => createWorkCalendar({ timezone: 'Asia/Atlantis' }), /Unknown time zone/);
  });

  test('seasons must cover every day of the year, including 29 February', () => {
    assert.throws(
      () =>
        createWorkCalendar({
          seasons: [
            { name: 'x', from: '01-01', to: '02-28', week: STANDARD_WEEK },
            { name: 'y', from: '03-01', to: '12-31', week: STANDARD_WEEK },
          ],
        }),
      /No season covers 02-29/,
    );
    assert.throws(
      () => createWorkCalendar({ seasons: [{ name: 'x', from: '13-01', to: '12-31', week: {} }] }),
      /invalid MM-DD/,
    );
    assert.throws(() => createWorkCalendar({ seasons: [] }), /At least one season/);
  });

  test('intervals must be valid, ordered and non-overlapping', () => {
    const season = (week: WeekSchedule): Season[] => [
      { name: 's', from: '01-01', to: '12-31', week },
    ];
    assert.throws(
      () =>
        createWorkCalendar({
          seasons: season({
            1: [
              ['08:00', '12:00'],
              ['11:00', '13:00'],
            ],
          }),
        }),
      /overlap/,
    );
    assert.throws(
      () => createWorkCalendar({ seasons: season({ 1: [['12:00', '08:00']] }) }),
      /empty or reversed/,
    );
    assert.throws(
      () => createWorkCalendar({ seasons: season({ 1: [['8:00', '12:00']] }) }),
      /expected HH:MM/,
    );
    // Touching intervals merge; out-of-order input is sorted.
    const c = createWorkCalendar({
      seasons: season({
        1: [
          ['13:00', '17:00'],
          ['08:00', '12:00'],
          ['12:00', '13:00'],
        ],
      }),
      statutoryHolidays: false,
    });
    assert.deepEqual(c.dayInfo('2026-03-02').intervals, [['08:00', '17:00']]);
  });

  test('exceptions are validated', () => {
    assert.throws(
      () =>
        createWorkCalendar({
          exceptions: [{ date: '2026-02-30', kind: 'holiday', nameVi: 'x', nameEn: 'x' }],
        }),
      /no such calendar day/,
    );
    assert.throws(
      () =>
        createWorkCalendar({
          exceptions: [
            {
              date: '2026-03-02',
              kind: 'holiday',
              nameVi: 'x',
              nameEn: 'x',
              intervals: [['08:00', '09:00']],
            },
          ],
        }),
      /cannot have working intervals/,
    );
    assert.throws(
      () => createWorkCalendar({ adjacentNationalDay: { 2026: '09-04' as '09-01' } }),
      /adjacentNationalDay/,
    );
  });
});
// Speed is measured by `npm run bench` (deadline_computations), not by timed tests.
