/**
 * Vietnamese lunisolar calendar after Hồ Ngọc Đức's algorithm
 * (https://www.informatik.uni-leipzig.de/~duc/amlich/).
 *
 * Vietnam's calendar differs from China's only in being computed for the UTC+7 meridian: a new
 * moon between 23:00 and midnight Hanoi time starts the month a day earlier than in Beijing
 * (Tết 2007: 17 Feb vs 18 Feb; Tết 2030: 2 Feb vs 3 Feb), and in 1985 it even moved month 11
 * and so Tết by a whole month. The time zone is therefore a parameter everywhere.
 *
 * The low-level functions keep the published names and argument order so they can be compared
 * line by line with the reference; they work on Julian day numbers (JDN, integer days).
 */

import { type SolarDate, isValidSolarDate } from './dates.ts';

export type { SolarDate } from './dates.ts';

/** A lunar date; `leap` marks the intercalary (nhuận) repetition of `month`. */
export interface LunarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly leap: boolean;
}

/** Vietnam's civil time zone, in hours east of UTC. */
export const VIETNAM_TIME_ZONE = 7;

/** Years for which the reference tables were published and the formulas are accurate enough. */
export const MIN_LUNAR_YEAR = 1800;
export const MAX_LUNAR_YEAR = 2199;

const DR = Math.PI / 180;
// Mean synodic month as used by the reference (two slightly different constants appear there,
// both reproduced verbatim because rounding of k depends on them).
const SYNODIC_MONTH = 29.530588853;
const EPOCH_NEW_MOON = 2415021.076998695;

/**
 * Julian day number of a Gregorian (after 1582-10-15) or Julian (before) date.
 * @example jdFromDate(1, 1, 2000) // 2451545
 */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = Math.floor((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd =
    dd +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045;
  if (jd < 2299161) {
    jd = dd + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
  }
  return jd;
}

/**
 * Calendar date `[day, month, year]` of a Julian day number.
 * @example jdToDate(2451545) // [1, 1, 2000]
 */
export function jdToDate(jd: number): [day: number, month: number, year: number] {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = b * 100 + d - 4800 + Math.floor(m / 10);
  return [day, month, year];
}

/**
 * Julian date (fractional, UT) of the k-th new moon after 1900-01-01, from Meeus'
 * "Astronomical Algorithms" series truncated as in the reference implementation.
 * @example newMoon(1560) // ≈ 2461089.0017, i.e. 2026-02-17 12:02 UT (the new moon of Tết 2026)
 */
export function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900-01-00.5
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // Sun mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // Moon mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // Moon arg. of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  // ΔT (TT − UT) in days; the reference switches polynomial before ~1800.
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/**
 * Apparent solar longitude in radians, normalised to [0, 2π), at a fractional Julian date.
 * @example sunLongitude(2451545) // ≈ 4.894 rad (≈ 280.4°) at 2000-01-01 12:00 TT
 */
export function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525; // Julian centuries since J2000.0
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  let L = (L0 + DL) * DR;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/**
 * Index 0–11 of the 30° sector (major solar term) the sun is in at local midnight starting
 * `dayNumber`; 9 means the sector holding the winter solstice (270°–300°).
 * @example getSunLongitude(jdFromDate(25, 12, 2025), 7) // 9
 */
export function getSunLongitude(dayNumber: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/**
 * JDN of the local day containing the k-th new moon.
 * @example jdToDate(getNewMoonDay(1560, 7)) // [17, 2, 2026] — Tết 2026
 */
export function getNewMoonDay(k: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/**
 * JDN of the first day of lunar month 11 (the month containing the winter solstice) that
 * begins in Gregorian year `yy`.
 * @example jdToDate(getLunarMonth11(2025, 7)) // [20, 12, 2025] (solstice 2025-12-21)
 */
export function getLunarMonth11(yy: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  let nm = getNewMoonDay(k, timeZone);
  const sunLong = getSunLongitude(nm, timeZone);
  if (sunLong >= 9) {
    nm = getNewMoonDay(k - 1, timeZone);
  }
  return nm;
}

/**
 * In a 13-month lunar year starting at month 11 `a11`, the offset (1 = the month after month
 * 11) of the leap month: the first month containing no major solar term.
 * @example getLeapMonthOffset(getLunarMonth11(2024, 7), 7) // 8 → leap month 6 of 2025
 */
export function getLeapMonthOffset(a11: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  const k = Math.floor((a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5);
  let last: number;
  let i = 1;
  let arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * Lunar date `[day, month, year, leap]` (leap is 0 or 1) of a Gregorian date.
 * @example convertSolar2Lunar(17, 2, 2026, 7) // [1, 1, 2026, 0]
 */
export function convertSolar2Lunar(
  dd: number,
  mm: number,
  yy: number,
  timeZone: number = VIETNAM_TIME_ZONE,
): [day: number, month: number, year: number, leap: 0 | 1] {
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = Math.floor((dayNumber - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  let monthStart = getNewMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) {
    monthStart = getNewMoonDay(k, timeZone);
  }
  let a11 = getLunarMonth11(yy, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = getLunarMonth11(yy - 1, timeZone);
  } else {
    lunarYear = yy + 1;
    b11 = getLunarMonth11(yy + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let lunarLeap: 0 | 1 = 0;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = getLeapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      if (diff === leapMonthDiff) {
        lunarLeap = 1;
      }
    }
  }
  if (lunarMonth > 12) {
    lunarMonth = lunarMonth - 12;
  }
  if (lunarMonth >= 11 && diff < 4) {
    lunarYear -= 1;
  }
  return [lunarDay, lunarMonth, lunarYear, lunarLeap];
}

interface MonthSpan {
  /** JDN of day 1 of the month. */
  readonly start: number;
  /** JDN of day 1 of the following month. */
  readonly next: number;
}

/** Start and end of a lunar month, or null when `leap` is set but that month is not leap. */
function lunarMonthSpan(
  lunarMonth: number,
  lunarYear: number,
  leap: boolean,
  timeZone: number,
): MonthSpan | null {
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = getLunarMonth11(lunarYear - 1, timeZone);
    b11 = getLunarMonth11(lunarYear, timeZone);
  } else {
    a11 = getLunarMonth11(lunarYear, timeZone);
    b11 = getLunarMonth11(lunarYear + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = getLeapMonthOffset(a11, timeZone);
    // The reference computes `leapOff - 2` (+12 when negative), which yields 0 instead of 12
    // for a leap twelfth month; this modular form agrees with it everywhere else.
    const leapMonth = ((leapOff + 9) % 12) + 1;
    if (leap && lunarMonth !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  return {
    start: getNewMoonDay(k + off, timeZone),
    next: getNewMoonDay(k + off + 1, timeZone),
  };
}

/**
 * Gregorian date `[day, month, year]` of a lunar date; `[0, 0, 0]` when `lunarLeap` is set for a
 * month that is not leap (the reference's convention).
 * @example convertLunar2Solar(10, 3, 2026, 0, 7) // [26, 4, 2026]
 */
export function convertLunar2Solar(
  lunarDay: number,
  lunarMonth: number,
  lunarYear: number,
  lunarLeap: number,
  timeZone: number = VIETNAM_TIME_ZONE,
): [day: number, month: number, year: number] {
  const span = lunarMonthSpan(lunarMonth, lunarYear, lunarLeap !== 0, timeZone);
  if (span === null) return [0, 0, 0];
  return jdToDate(span.start + lunarDay - 1);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
    throw new RangeError(
      `Year ${year} is outside the supported range ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR}`,
    );
  }
}

/**
 * Lunar date of a Gregorian date (Vietnamese calendar by default).
 * @example solarToLunar({ year: 2026, month: 2, day: 17 }) // { year: 2026, month: 1, day: 1, leap: false }
 */
export function solarToLunar(date: SolarDate, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  if (!isValidSolarDate(date.year, date.month, date.day)) {
    throw new RangeError(`Invalid Gregorian date ${date.year}-${date.month}-${date.day}`);
  }
  checkYear(date.year);
  const [day, month, year, leap] = convertSolar2Lunar(date.day, date.month, date.year, timeZone);
  return { year, month, day, leap: leap === 1 };
}

/**
 * Gregorian date of a lunar date. Throws a RangeError for a leap flag on a month that is not
 * leap that year, or for day 30 of a 29-day month — silently rolling over would put a holiday
 * on the wrong day.
 * @example lunarToSolar({ year: 2026, month: 3, day: 10, leap: false }) // { year: 2026, month: 4, day: 26 }
 */
export function lunarToSolar(
  date: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly leap?: boolean;
  },
  timeZone: number = VIETNAM_TIME_ZONE,
): SolarDate {
  const { year, month, day } = date;
  const leap = date.leap ?? false;
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid lunar month ${month}`);
  }
  if (!Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`Invalid lunar day ${day}`);
  }
  const span = lunarMonthSpan(month, year, leap, timeZone);
  if (span === null) {
    throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
  }
  if (day > span.next - span.start) {
    throw new RangeError(
      `Lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has only ${span.next - span.start} days`,
    );
  }
  const [d, m, y] = jdToDate(span.start + day - 1);
  return { year: y, month: m, day: d };
}

/**
 * Number of days (29 or 30) in a lunar month.
 * @example lunarMonthLength(2025, 12) // 29 — so the eve of Tết 2026 is "29 Tết"
 */
export function lunarMonthLength(
  year: number,
  month: number,
  leap = false,
  timeZone: number = VIETNAM_TIME_ZONE,
): number {
  checkYear(year);
  const span = lunarMonthSpan(month, year, leap, timeZone);
  if (span === null) throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
  return span.next - span.start;
}

/**
 * The leap month (1–12) of a lunar year, or null when the year has twelve months. Months 11 and
 * 12 belong to the lunar year that began the previous Tết, as in `solarToLunar`.
 * @example leapMonthOf(2025) // 6
 */
export function leapMonthOf(year: number, timeZone: number = VIETNAM_TIME_ZONE): number | null {
  checkYear(year);
  const prev11 = getLunarMonth11(year - 1, timeZone);
  const this11 = getLunarMonth11(year, timeZone);
  if (this11 - prev11 > 365) {
    const off = getLeapMonthOffset(prev11, timeZone);
    // Offsets 1 and 2 are leap 11/12 of the previous lunar year, not of this one.
    if (off >= 3) return off - 2;
  }
  const next11 = getLunarMonth11(year + 1, timeZone);
  if (next11 - this11 > 365) {
    const off = getLeapMonthOffset(this11, timeZone);
    if (off <= 2) return off + 10;
  }
  return null;
}
