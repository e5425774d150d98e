import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KNOWN_NOTICES,
  adjacentNationalDay,
  compensationDays,
  isWeekend,
  statutoryHolidays,
  vietnamHolidays,
} from './holidays.ts';
import { weekdayOfIsoDate } from './dates.ts';

const dates = (list: readonly { date: string }[]): string[] => list.map((h) => h.date);

// Hand-checked against the lunar table and the National Day rule; Tết is the eve plus the
// first four days of the lunar year.
const STATUTORY: Readonly<Record<number, readonly string[]>> = {
  2024: [
    '2024-01-01',
    '2024-02-09',
    '2024-02-10',
    '2024-02-11',
    '2024-02-12',
    '2024-02-13',
    '2024-04-18',
    '2024-04-30',
    '2024-05-01',
    '2024-09-02',
    '2024-09-03',
  ],
  2025: [
    '2025-01-01',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-04-07',
    '2025-04-30',
    '2025-05-01',
    '2025-09-01',
    '2025-09-02',
  ],
  2026: [
    '2026-01-01',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-04-26',
    '2026-04-30',
    '2026-05-01',
    '2026-09-01',
    '2026-09-02',
  ],
  2027: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-04-16',
    '2027-04-30',
    '2027-05-01',
    '2027-09-02',
    '2027-09-03',
  ],
  2028: [
    '2028-01-01',
    '2028-01-25',
    '2028-01-26',
    '2028-01-27',
    '2028-01-28',
    '2028-01-29',
    '2028-04-04',
    '2028-04-30',
    '2028-05-01',
    '2028-09-01',
    '2028-09-02',
  ],
  2029: [
    '2029-01-01',
    '2029-02-12',
    '2029-02-13',
    '2029-02-14',
    '2029-02-15',
    '2029-02-16',
    '2029-04-23',
    '2029-04-30',
    '2029-05-01',
    '2029-09-02',
    '2029-09-03',
  ],
  2030: [
    '2030-01-01',
    '2030-02-01',
    '2030-02-02',
    '2030-02-03',
    '2030-02-04',
    '2030-02-05',
    '2030-04-12',
    '2030-04-30',
    '2030-05-01',
    '2030-09-02',
    '2030-09-03',
  ],
};

describe('statutory holidays (Labour Code 2019 Art. 112)', () => {
  for (const [year, expected] of Object.entries(STATUTORY)) {
    test(`all 11 statutory days of ${year}`, () => {
      const list = statutoryHolidays(Number(year));
      assert.deepEqual(dates(list), expected);
      assert.ok(list.every((h) => h.kind === 'statutory' && h.nameVi !== '' && h.nameEn !== ''));
    });
  }

  test('names of the 2026 holidays', () => {
    const byDate = new Map(statutoryHolidays(2026).map((h) => [h.date, h]));
    assert.equal(byDate.get('2026-01-01')?.nameVi, 'Tết Dương lịch');
    assert.equal(byDate.get('2026-02-16')?.nameVi, 'Tết Âm lịch (29 Tết)');
    assert.equal(byDate.get('2026-02-17')?.nameVi, 'Tết Âm lịch (Mùng 1)');
    assert.equal(byDate.get('2026-02-20')?.nameEn, 'Lunar New Year (day 4)');
    assert.equal(byDate.get('2026-04-26')?.nameVi, 'Giỗ Tổ Hùng Vương');
    assert.equal(byDate.get('2026-04-26')?.nameEn, "Hung Kings' Commemoration");
    assert.equal(byDate.get('2026-04-30')?.nameVi, 'Ngày Chiến thắng');
    assert.equal(byDate.get('2026-05-01')?.nameVi, 'Ngày Quốc tế Lao động');
    assert.equal(byDate.get('2026-09-02')?.nameVi, 'Quốc khánh');
    assert.equal(statutoryHolidays(2024)[1]?.nameVi, 'Tết Âm lịch (30 Tết)');
  });

  test('Tết 2026 matches the official notice: Monday 16 – Friday 20 February', () => {
    const tet = statutoryHolidays(2026).filter((h) => h.nameVi.startsWith('Tết Âm lịch'));
    assert.deepEqual(dates(tet), [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    assert.deepEqual(
      tet.map((h) => weekdayOfIsoDate(h.date)),
      [1, 2, 3, 4, 5],
    );
  });

  test('Giỗ Tổ is in the regular third month when the year has a leap third month (2031)', () => {
    // Leap 10/3 would be 30/4/2031, which is Reunification Day anyway.
    const hung = statutoryHolidays(2031).filter((h) => h.nameVi === 'Giỗ Tổ Hùng Vương');
    assert.deepEqual(dates(hung), ['2031-04-01']);
  });
});

describe('second National Day holiday', () => {
  test('the default rule reproduces the decisions of 2021–2025', () => {
    assert.equal(adjacentNationalDay(2021), '09-03');
    assert.equal(adjacentNationalDay(2022), '09-01');
    assert.equal(adjacentNationalDay(2023), '09-01');
    assert.equal(adjacentNationalDay(2024), '09-03');
    assert.equal(adjacentNationalDay(2025), '09-01');
  });

  test('a data override wins over the rule', () => {
    assert.ok(
      dates(statutoryHolidays(2026, { adjacentNationalDay: '09-03' })).includes('2026-09-03'),
    );
    assert.ok(
      !dates(statutoryHolidays(2026, { adjacentNationalDay: '09-03' })).includes('2026-09-01'),
    );
  });

  test('the rule follows the schedule: with Sunday/Monday rest days 1/9/2025 (Monday) is skipped', () => {
    const sunMon = (d: string): boolean => [0, 1].includes(weekdayOfIsoDate(d));
    assert.equal(adjacentNationalDay(2025, sunMon), '09-03');
  });
});

describe('compensation days (Art. 111)', () => {
  test('Giỗ Tổ 2026 on a Sunday → Monday 27/4/2026', () => {
    const comp = compensationDays(statutoryHolidays(2026));
    assert.equal(comp.length, 1);
    assert.deepEqual(comp[0], {
      date: '2026-04-27',
      nameVi: 'Nghỉ bù Giỗ Tổ Hùng Vương',
      nameEn: "Compensatory day off for Hung Kings' Commemoration",
      kind: 'compensation',
      compensates: '2026-04-26',
    });
  });

  test('30/4 and 1/5 on a weekend (2022) → Monday 2/5 and Tuesday 3/5, in order', () => {
    const comp = compensationDays(statutoryHolidays(2022));
    const may = comp.filter((c) => c.date.startsWith('2022-05'));
    assert.deepEqual(
      may.map((c) => [c.date, c.compensates]),
      [
        ['2022-05-02', '2022-04-30'],
        ['2022-05-03', '2022-05-01'],
      ],
    );
  });

  test('2023: compensation skips days that are themselves holidays', () => {
    const comp = dates(compensationDays(statutoryHolidays(2023)));
    // Tết eve Sat 21/1 and Mùng 1 Sun 22/1 → after the Tết days (23–25/1): 26/1, 27/1.
    // Giỗ Tổ Sat 29/4 and 30/4 Sun → 1/5 is a holiday, so 2/5 and 3/5.
    // National Day Sat 2/9 → Monday 4/9.
    assert.deepEqual(comp, [
      '2023-01-02',
      '2023-01-26',
      '2023-01-27',
      '2023-05-02',
      '2023-05-03',
      '2023-09-04',
    ]);
  });

  test('compensation days for 2024–2030', () => {
    const expected: Record<number, string[]> = {
      2024: ['2024-02-14', '2024-02-15'],
      2025: ['2025-02-03'],
      2026: ['2026-04-27'],
      2027: ['2027-02-10', '2027-02-11', '2027-05-03'],
      2028: ['2028-01-03', '2028-01-31', '2028-05-02', '2028-09-04'],
      2029: ['2029-09-04'],
      2030: ['2030-02-06', '2030-02-07'],
    };
    for (const [year, list] of Object.entries(expected)) {
      const all = vietnamHolidays(Number(year));
      assert.deepEqual(dates(all.filter((h) => h.kind === 'compensation')), list, year);
      assert.equal(all.length, 11 + list.length);
    }
  });

  test('rest days come from the schedule, not from Saturday/Sunday', () => {
    // A Tuesday–Saturday schedule rests on Sunday and Monday.
    const sunMon = (d: string): boolean => [0, 1].includes(weekdayOfIsoDate(d));
    const comp2026 = compensationDays(statutoryHolidays(2026, { isRestDay: sunMon }), {
      isRestDay: sunMon,
    });
    // Giỗ Tổ Sun 26/4 → Monday is a rest day too → Tuesday 28/4.
    assert.ok(dates(comp2026).includes('2026-04-28'));
    assert.ok(!dates(comp2026).includes('2026-04-27'));
    // Saturday 1/5/2027 is a working day there, so no compensation for it.
    const comp2027 = compensationDays(statutoryHolidays(2027, { isRestDay: sunMon }), {
      isRestDay: sunMon,
    });
    assert.ok(!comp2027.some((c) => c.compensates === '2027-05-01'));
    // …but Sunday 7/2/2027 (Tết day 2) and Monday 8/2 (day 3) are rest days.
    assert.deepEqual(
      comp2027.filter((c) => c.date.startsWith('2027-02')).map((c) => c.compensates),
      ['2027-02-07', '2027-02-08'],
    );
  });

  test('unavailable days (announced extra holidays) are skipped', () => {
    const comp = compensationDays(statutoryHolidays(2026), {
      isUnavailable: (d) => d === '2026-04-27',
    });
    assert.deepEqual(dates(comp), ['2026-04-28']);
  });
});

describe('known notices', () => {
  test('2026 New Year swap: Friday 2/1 off, Saturday 10/1 worked', () => {
    const byDate = new Map(KNOWN_NOTICES.map((n) => [n.date, n]));
    assert.equal(byDate.get('2026-01-02')?.kind, 'holiday');
    assert.equal(weekdayOfIsoDate('2026-01-02'), 5);
    assert.equal(byDate.get('2026-01-10')?.kind, 'working');
    assert.equal(weekdayOfIsoDate('2026-01-10'), 6);
    assert.ok(Object.isFrozen(KNOWN_NOTICES));
  });

  test('isWeekend', () => {
    assert.equal(isWeekend('2026-04-25'), true);
    assert.equal(isWeekend('2026-04-26'), true);
    assert.equal(isWeekend('2026-04-27'), false);
  });
});
