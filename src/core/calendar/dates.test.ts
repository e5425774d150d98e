import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDaysIso,
  civilFromDays,
  daysFromCivil,
  formatClock,
  parseClock,
  parseIsoDate,
  weekdayOfIsoDate,
} from './dates.ts';

describe('civil dates', () => {
  test('day numbers agree with Date.UTC over four centuries', () => {
    for (let dn = daysFromCivil(1800, 1, 1); dn <= daysFromCivil(2200, 12, 31); dn += 17) {
      const c = civilFromDays(dn);
      assert.equal(Date.UTC(c.year, c.month - 1, c.day) / 86_400_000, dn);
      assert.equal(daysFromCivil(c.year, c.month, c.day), dn);
    }
  });

  test('weekdays and day arithmetic across month, leap-day and year ends', () => {
    assert.equal(weekdayOfIsoDate('1970-01-01'), 4);
    assert.equal(weekdayOfIsoDate('2026-02-17'), 2);
    assert.equal(weekdayOfIsoDate('1969-12-28'), 0);
    assert.equal(addDaysIso('2028-02-28', 1), '2028-02-29');
    assert.equal(addDaysIso('2026-02-28', 1), '2026-03-01');
    assert.equal(addDaysIso('2026-12-31', 1), '2027-01-01');
  });

  test('strict YYYY-MM-DD parsing', () => {
    assert.equal(parseIsoDate('1970-01-11'), 10);
    assert.throws(() => parseIsoDate('2026-2-1'), /expected YYYY-MM-DD/);
    assert.throws(() => parseIsoDate('2026-02-29'), /no such calendar day/);
    assert.throws(() => parseIsoDate('2026-13-01'), /no such calendar day/);
  });

  test('HH:MM clock times, 24:00 allowed as an end', () => {
    assert.equal(parseClock('07:30'), 450);
    assert.equal(parseClock('24:00'), 1440);
    assert.equal(formatClock(810), '13:30');
    assert.throws(() => parseClock('24:01'), /out of range/);
    assert.throws(() => parseClock('12:60'), /out of range/);
    assert.throws(() => parseClock('7:30'), /expected HH:MM/);
  });
});
