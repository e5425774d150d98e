import type { Selectable } from 'kysely';
import type { CalendarExceptionTable, CalendarTable } from '../../db/schema.ts';
import type { NonWorkingDay as Day } from '../../core/calendar/types.ts';
import type { CalendarDetail, CalendarSummary, NonWorkingDay } from '../../contract/calendar.ts';

export const presentCalendarSummary = (c: Selectable<CalendarTable>): CalendarSummary => ({
  id: c.id,
  name: c.name,
  isDefault: c.is_default,
});

export const presentCalendarDetail = (d: {
  row: Selectable<CalendarTable>;
  exceptions: Selectable<CalendarExceptionTable>[];
}): CalendarDetail => ({
  ...presentCalendarSummary(d.row),
  config: d.row.config,
  exceptions: d.exceptions.map((e) => ({
    date: e.date,
    kind: e.kind,
    nameVi: e.name_vi,
    nameEn: e.name_en,
    intervals: e.intervals,
  })),
});

export const presentNonWorkingDay = (d: Day): NonWorkingDay => ({
  date: d.date,
  kind: d.kind,
  nameVi: d.nameVi,
  nameEn: d.nameEn,
  ...(d.intervals ? { intervals: d.intervals.map(([from, to]) => [from, to]) } : {}),
});
