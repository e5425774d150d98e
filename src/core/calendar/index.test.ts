import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as calendar from './index.ts';

test('the index re-exports the public API', () => {
  for (const name of [
    'WorkCalendar',
    'createWorkCalendar',
    'formatInstant',
    'instantFromLocal',
    'solarToLunar',
    'lunarToSolar',
    'statutoryHolidays',
    'vietnamHolidays',
    'KNOWN_NOTICES',
    'exportICalendar',
    'parseICalendar',
    'importICalendarExceptions',
    'calendarToICalendar',
  ]) {
    assert.ok(name in calendar, name);
  }
  const due = new calendar.WorkCalendar().addWorkingHours(new Date('2026-02-13T09:00:00Z'), 8);
  assert.equal(calendar.formatInstant(due), '2026-02-23T16:00:00+07:00');
});
