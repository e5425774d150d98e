/**
 * Vietnam's public holidays under the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14):
 * Art. 112 lists 11 paid holiday days a year, Art. 111 moves a weekly rest day that coincides
 * with one of them to the next working day. Dates that the law leaves to a yearly government
 * decision (the second National Day holiday, swaps of bridge days) are either derived by a
 * documented rule or entered as data in {@link KNOWN_NOTICES}.
 */

import {
  addDaysIso,
  civilFromDays,
  daysFromCivil,
  formatDayNumber,
  formatIsoDate,
  weekdayOfIsoDate,
} from './dates.ts';
import { lunarToSolar, solarToLunar } from './lunar.ts';
import type { AdjacentNationalDay, CalendarException, Holiday, RestDayPredicate } from './types.ts';

/**
 * The weekly rest days of the standard public-sector week (Saturday and Sunday).
 * @example isWeekend('2026-04-26') // true (a Sunday)
 */
export const isWeekend: RestDayPredicate = (date) => {
  const wd = weekdayOfIsoDate(date);
  return wd === 0 || wd === 6;
};

/**
 * Which day accompanies National Day (2 September). Art. 112 lets the government pick 1 or 3
 * September each year; this rule reproduces every decision since the 2019 Code took effect
 * (2021 → 3/9, 2022 → 1/9, 2023 → 1/9, 2024 → 3/9, 2025 → 1/9):
 *  1. take the candidate that is a working day when only one is (a holiday on a rest day would
 *     just trigger a compensation day, i.e. a scattered day off);
 *  2. if both are working days, take the one that joins the break to a weekly rest day
 *     (31 August resp. 4 September), giving one continuous break;
 *  3. otherwise 1 September.
 * Override per year with the calendar's `adjacentNationalDay` once the official notice is out.
 * @example adjacentNationalDay(2024) // '09-03' (1/9/2024 was a Sunday)
 */
export function adjacentNationalDay(
  year: number,
  isRestDay: RestDayPredicate = isWeekend,
): AdjacentNationalDay {
  const iso = (month: number, day: number): string => formatIsoDate({ year, month, day });
  const beforeWorks = !isRestDay(iso(9, 1));
  const afterWorks = !isRestDay(iso(9, 3));
  if (beforeWorks !== afterWorks) return beforeWorks ? '09-01' : '09-03';
  if (beforeWorks && isRestDay(iso(9, 4)) && !isRestDay(iso(8, 31))) return '09-03';
  return '09-01';
}

/** Options for {@link statutoryHolidays} and {@link vietnamHolidays}. */
export interface StatutoryHolidayOptions {
  /** The government's choice for this year; derived by {@link adjacentNationalDay} if absent. */
  readonly adjacentNationalDay?: AdjacentNationalDay;
  /** Weekly rest days of the schedule; Saturday and Sunday if absent. */
  readonly isRestDay?: RestDayPredicate;
}

const LUNAR_NEW_YEAR_DAYS = ['Mùng 1', 'Mùng 2', 'Mùng 3', 'Mùng 4'] as const;

/**
 * The 11 statutory holiday days of Labour Code 2019 Art. 112 for a Gregorian year, sorted.
 * Tết is taken as the last day of the lunar year plus the first four days of the new one, the
 * split the government has used for the public sector by default.
 * @example statutoryHolidays(2026).map((h) => h.date).slice(1, 6)
 * // ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']
 */
export function statutoryHolidays(year: number, options: StatutoryHolidayOptions = {}): Holiday[] {
  if (!Number.isInteger(year)) throw new RangeError(`Invalid year ${year}`);
  const statutory = (date: string, nameVi: string, nameEn: string): Holiday => ({
    date,
    nameVi,
    nameEn,
    kind: 'statutory',
  });
  const iso = (month: number, day: number): string => formatIsoDate({ year, month, day });
  const list: Holiday[] = [statutory(iso(1, 1), 'Tết Dương lịch', "New Year's Day")];

  const tet = lunarToSolar({ year, month: 1, day: 1, leap: false });
  const tetDay = daysFromCivil(tet.year, tet.month, tet.day);
  const eve = formatDayNumber(tetDay - 1);
  // The eve is "29 Tết" or "30 Tết" depending on the length of the last lunar month.
  list.push(statutory(eve, `Tết Âm lịch (${lunarDayOf(tetDay - 1)} Tết)`, "Lunar New Year's Eve"));
  LUNAR_NEW_YEAR_DAYS.forEach((label, i) => {
    list.push(
      statutory(
        formatDayNumber(tetDay + i),
        `Tết Âm lịch (${label})`,
        `Lunar New Year (day ${i + 1})`,
      ),
    );
  });

  const hung = lunarToSolar({ year, month: 3, day: 10, leap: false });
  list.push(statutory(formatIsoDate(hung), 'Giỗ Tổ Hùng Vương', "Hung Kings' Commemoration"));
  list.push(statutory(iso(4, 30), 'Ngày Chiến thắng', 'Reunification Day'));
  list.push(statutory(iso(5, 1), 'Ngày Quốc tế Lao động', 'International Labour Day'));

  const adjacent =
    options.adjacentNationalDay ?? adjacentNationalDay(year, options.isRestDay ?? isWeekend);
  const national = statutory(iso(9, 2), 'Quốc khánh', 'National Day');
  const extra = statutory(
    `${year}-${adjacent}`,
    'Quốc khánh (ngày liền kề)',
    'National Day (adjacent day)',
  );
  if (adjacent === '09-01') list.push(extra, national);
  else list.push(national, extra);
  return list.sort(byDate);
}

function lunarDayOf(dayNumber: number): number {
  return solarToLunar(civilFromDays(dayNumber)).day;
}

/** Options for {@link compensationDays}. */
export interface CompensationOptions {
  /** Weekly rest days of the schedule; Saturday and Sunday if absent. */
  readonly isRestDay?: RestDayPredicate;
  /** Days already closed for another reason (e.g. an announced extra holiday). */
  readonly isUnavailable?: (date: string) => boolean;
}

/**
 * Art. 111 compensatory days off: each holiday that falls on a weekly rest day moves that rest
 * day to the next regular working day that is neither a holiday, unavailable, nor already
 * taken by an earlier compensation (so 30/4 and 1/5 on a weekend yield two days, in order).
 * @example compensationDays(statutoryHolidays(2026)) // [{ date: '2026-04-27', kind: 'compensation', … }]
 */
export function compensationDays(
  holidays: readonly Holiday[],
  options: CompensationOptions = {},
): Holiday[] {
  const isRestDay = options.isRestDay ?? isWeekend;
  const isUnavailable = options.isUnavailable ?? (() => false);
  const holidayDates = new Set(holidays.map((h) => h.date));
  const taken = new Set<string>();
  const result: Holiday[] = [];
  // A schedule with no working day for two months cannot host a compensation day; giving up
  // beats looping forever on a degenerate configuration.
  const maxSearchDays = 62;
  for (const h of [...holidays].sort(byDate)) {
    if (h.kind !== 'statutory' || !isRestDay(h.date)) continue;
    let candidate = h.date;
    for (let i = 0; i < maxSearchDays; i++) {
      candidate = addDaysIso(candidate, 1);
      if (
        !isRestDay(candidate) &&
        !holidayDates.has(candidate) &&
        !taken.has(candidate) &&
        !isUnavailable(candidate)
      ) {
        taken.add(candidate);
        result.push({
          date: candidate,
          nameVi: `Nghỉ bù ${h.nameVi}`,
          nameEn: `Compensatory day off for ${h.nameEn}`,
          kind: 'compensation',
          compensates: h.date,
        });
        break;
      }
    }
  }
  return result.sort(byDate);
}

/** Options for {@link vietnamHolidays}. */
export interface VietnamHolidayOptions extends StatutoryHolidayOptions {
  readonly isUnavailable?: (date: string) => boolean;
}

/**
 * Statutory holidays of a year plus the compensation days they cause, sorted by date.
 * @example vietnamHolidays(2026).length // 12 (11 statutory + Monday 27/4 for Giỗ Tổ on Sunday)
 */
export function vietnamHolidays(year: number, options: VietnamHolidayOptions = {}): Holiday[] {
  const statutory = statutoryHolidays(year, options);
  const compensation = compensationDays(statutory, options);
  return [...statutory, ...compensation].sort(byDate);
}

/**
 * Official decisions entered as data, applied as exceptions by the default work calendar.
 * Tết 2026 (16–20/2/2026) is not listed because the computed days match the notice.
 * @example KNOWN_NOTICES.find((n) => n.date === '2026-01-10')?.kind // 'working'
 */
export const KNOWN_NOTICES: readonly CalendarException[] = Object.freeze([
  Object.freeze({
    date: '2026-01-02',
    kind: 'holiday',
    nameVi: 'Nghỉ Tết Dương lịch 2026 (hoán đổi, làm bù thứ Bảy 10/01/2026)',
    nameEn: 'New Year 2026 bridge day off (swapped with Saturday 10 January 2026)',
  }),
  Object.freeze({
    date: '2026-01-10',
    kind: 'working',
    nameVi: 'Làm bù cho ngày nghỉ 02/01/2026',
    nameEn: 'Make-up working day for 2 January 2026',
  }),
] as const satisfies readonly CalendarException[]);

function byDate(a: { readonly date: string }, b: { readonly date: string }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
