/** Catalog keys of the calendar screens: weekdays by number, kinds of special day. */
import type { SpecialDay } from '../../../../../src/core/calendar/types.ts';
import type { AdminKey } from '../messages.ts';

/** Index = weekday, 0 = Sunday. */
export const WD: readonly AdminKey[] = [
  'admin.cal.wd0',
  'admin.cal.wd1',
  'admin.cal.wd2',
  'admin.cal.wd3',
  'admin.cal.wd4',
  'admin.cal.wd5',
  'admin.cal.wd6',
];

export const DAY_KIND: Record<SpecialDay['kind'], AdminKey> = {
  statutory: 'admin.cal.kind.statutory',
  compensation: 'admin.cal.kind.compensation',
  holiday: 'admin.cal.kind.holiday',
  working: 'admin.cal.kind.working',
};
