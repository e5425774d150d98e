import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  convertLunar2Solar,
  convertSolar2Lunar,
  getLunarMonth11,
  getNewMoonDay,
  jdFromDate,
  jdToDate,
  leapMonthOf,
  lunarMonthLength,
  lunarToSolar,
  solarToLunar,
} from './lunar.ts';
import { civilFromDays, daysFromCivil, formatIsoDate } from './dates.ts';

const iso = (d: { year: number; month: number; day: number }): string => formatIsoDate(d);

// Published dates of Tết Nguyên đán (lunar 1/1) in Vietnam. 2030 is 2 February at UTC+7: the
// new moon falls at 23:08 Hanoi time on 2 Feb (00:08 on 3 Feb in Beijing), so the commonly
// quoted 3 February is the Chinese date — see the UTC+8 test below.
const TET: ReadonlyArray<readonly [number, string]> = [
  [2020, '2020-01-25'],
  [2021, '2021-02-12'],
  [2022, '2022-02-01'],
  [2023, '2023-01-22'],
  [2024, '2024-02-10'],
  [2025, '2025-01-29'],
  [2026, '2026-02-17'],
  [2027, '2027-02-06'],
  [2028, '2028-01-26'],
  [2029, '2029-02-13'],
  [2030, '2030-02-02'],
];

// Giỗ Tổ Hùng Vương, lunar 10/3.
const HUNG_KINGS: ReadonlyArray<readonly [number, string]> = [
  [2024, '2024-04-18'],
  [2025, '2025-04-07'],
  [2026, '2026-04-26'],
  [2027, '2027-04-16'],
  [2028, '2028-04-04'],
  [2029, '2029-04-23'],
  [2030, '2030-04-12'],
];

describe('Tết (lunar 1/1)', () => {
  for (const [year, expected] of TET) {
    test(`Tết ${year} is ${expected}`, () => {
      assert.equal(iso(lunarToSolar({ year, month: 1, day: 1, leap: false })), expected);
      const [y, m, d] = expected.split('-').map(Number);
      assert.deepEqual(solarToLunar({ year: y ?? 0, month: m ?? 0, day: d ?? 0 }), {
        year,
        month: 1,
        day: 1,
        leap: false,
      });
    });
  }

  test('the day before Tết is the last day of the previous lunar year', () => {
    assert.deepEqual(solarToLunar({ year: 2026, month: 2, day: 16 }), {
      year: 2025,
      month: 12,
      day: 29,
      leap: false,
    });
    assert.deepEqual(solarToLunar({ year: 2024, month: 2, day: 9 }), {
      year: 2023,
      month: 12,
      day: 30,
      leap: false,
    });
  });

  test('UTC+7 vs UTC+8: Tết 2030, 2007 and 1985 differ from the Chinese calendar', () => {
    assert.equal(iso(lunarToSolar({ year: 2030, month: 1, day: 1 }, 8)), '2030-02-03');
    assert.equal(iso(lunarToSolar({ year: 2030, month: 1, day: 1 }, 7)), '2030-02-02');
    assert.equal(iso(lunarToSolar({ year: 2007, month: 1, day: 1 }, 7)), '2007-02-17');
    assert.equal(iso(lunarToSolar({ year: 2007, month: 1, day: 1 }, 8)), '2007-02-18');
    assert.equal(iso(lunarToSolar({ year: 1985, month: 1, day: 1 }, 7)), '1985-01-21');
    assert.equal(iso(lunarToSolar({ year: 1985, month: 1, day: 1 }, 8)), '1985-02-20');
  });
});

describe('Giỗ Tổ Hùng Vương (lunar 10/3)', () => {
  for (const [year, expected] of HUNG_KINGS) {
    test(`Giỗ Tổ ${year} is ${expected}`, () => {
      assert.equal(iso(lunarToSolar({ year, month: 3, day: 10, leap: false })), expected);
    });
  }
});

describe('leap months', () => {
  test('2020 → 4, 2023 → 2, 2025 → 6, 2028 → 5; 2024, 2026, 2027 have none', () => {
    assert.equal(leapMonthOf(2020), 4);
    assert.equal(leapMonthOf(2023), 2);
    assert.equal(leapMonthOf(2025), 6);
    assert.equal(leapMonthOf(2028), 5);
    assert.equal(leapMonthOf(2024), null);
    assert.equal(leapMonthOf(2026), null);
    assert.equal(leapMonthOf(2027), null);
  });

  test('leap month 2 of 2023 follows the regular month 2', () => {
    assert.equal(iso(lunarToSolar({ year: 2023, month: 2, day: 1, leap: false })), '2023-02-20');
    assert.equal(iso(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true })), '2023-03-22');
    assert.equal(iso(lunarToSolar({ year: 2023, month: 3, day: 1, leap: false })), '2023-04-20');
    assert.deepEqual(solarToLunar({ year: 2023, month: 3, day: 22 }), {
      year: 2023,
      month: 2,
      day: 1,
      leap: true,
    });
    assert.deepEqual(solarToLunar({ year: 2023, month: 3, day: 21 }), {
      year: 2023,
      month: 2,
      day: 30,
      leap: false,
    });
  });

  test('leap month 6 of 2025 and leap month 5 of 2028', () => {
    assert.deepEqual(solarToLunar({ year: 2025, month: 7, day: 25 }), {
      year: 2025,
      month: 6,
      day: 1,
      leap: true,
    });
    assert.equal(iso(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })), '2025-07-25');
    assert.deepEqual(solarToLunar({ year: 2028, month: 6, day: 23 }), {
      year: 2028,
      month: 5,
      day: 1,
      leap: true,
    });
  });

  test('leap eleventh month of 2033 belongs to lunar year 2033', () => {
    assert.equal(leapMonthOf(2033), 11);
    assert.equal(leapMonthOf(2034), null);
    assert.equal(iso(lunarToSolar({ year: 2033, month: 11, day: 1, leap: true })), '2033-12-22');
    assert.deepEqual(solarToLunar({ year: 2033, month: 12, day: 22 }), {
      year: 2033,
      month: 11,
      day: 1,
      leap: true,
    });
    assert.equal(iso(lunarToSolar({ year: 2034, month: 1, day: 1 })), '2034-02-19');
  });

  test('a leap flag on a month that is not leap is rejected', () => {
    assert.throws(
      () => lunarToSolar({ year: 2026, month: 3, day: 10, leap: true }),
      /no leap month 3/,
    );
    assert.throws(
      () => lunarToSolar({ year: 2025, month: 5, day: 1, leap: true }),
      /no leap month 5/,
    );
    assert.deepEqual(convertLunar2Solar(1, 5, 2025, 1, 7), [0, 0, 0]);
  });
});

describe('conversions', () => {
  test('solar → lunar → solar is the identity for every day of 2019–2031', () => {
    let previous = solarToLunar({ year: 2018, month: 12, day: 31 });
    for (let dn = daysFromCivil(2019, 1, 1); dn <= daysFromCivil(2031, 12, 31); dn++) {
      const solar = civilFromDays(dn);
      const lunar = solarToLunar(solar);
      assert.deepEqual(lunarToSolar(lunar), solar, `round trip of ${iso(solar)}`);
      // Lunar days advance by one, or restart at 1 after a 29- or 30-day month.
      if (lunar.day === 1) {
        assert.ok(previous.day === 29 || previous.day === 30, `month before ${iso(solar)}`);
      } else {
        assert.equal(lunar.day, previous.day + 1, `day after ${iso(solar)}`);
        assert.equal(lunar.month, previous.month);
      }
      previous = lunar;
    }
  });

  test('lunar month lengths: the eve of Tết is 29 Tết in 2026 and 30 Tết in 2024', () => {
    assert.equal(lunarMonthLength(2025, 12), 29);
    assert.equal(lunarMonthLength(2023, 12), 30);
    assert.throws(() => lunarToSolar({ year: 2025, month: 12, day: 30 }), /only 29 days/);
  });

  test('reference low-level functions', () => {
    assert.equal(jdFromDate(1, 1, 2000), 2451545);
    assert.deepEqual(jdToDate(2451545), [1, 1, 2000]);
    assert.equal(jdFromDate(4, 10, 1582), 2299160); // last Julian day
    assert.deepEqual(jdToDate(2299161), [15, 10, 1582]);
    assert.deepEqual(jdToDate(getLunarMonth11(2025)), [20, 12, 2025]);
    assert.deepEqual(jdToDate(getNewMoonDay(1560)), [17, 2, 2026]);
    assert.deepEqual(convertSolar2Lunar(26, 4, 2026, 7), [10, 3, 2026, 0]);
    assert.deepEqual(convertLunar2Solar(10, 3, 2026, 0, 7), [26, 4, 2026]);
  });

  test('invalid input is rejected instead of rolled over', () => {
    assert.throws(() => solarToLunar({ year: 2026, month: 2, day: 29 }), RangeError);
    assert.throws(
      () => solarToLunar({ year: 1700, month: 1, day: 1 }),
      /outside the supported range/,
    );
    assert.throws(() => lunarToSolar({ year: 2026, month: 13, day: 1 }), /Invalid lunar month/);
    assert.throws(() => lunarToSolar({ year: 2026, month: 1, day: 31 }), /Invalid lunar day/);
    assert.throws(() => lunarToSolar({ year: 2026.5, month: 1, day: 1 }), RangeError);
  });
});
