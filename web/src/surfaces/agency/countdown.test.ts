import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../../../src/core/calendar/working-time.ts';
import {
  countdown,
  countdownState,
  formatWorking,
  refreshEvery,
  splitDuration,
} from './countdown.ts';
import { buildWorkCalendar } from './calendar.ts';
import { translate } from '../../i18n/catalog.ts';

const cal = new WorkCalendar();
const at = (s: string) => new Date(s);

test('colour: green before the warning, amber after it, red at the due instant (R-SLA-1)', () => {
  const d = { dueAt: '2026-03-02T16:00:00+07:00', warnAt: '2026-03-02T14:00:00+07:00' };
  assert.equal(countdownState(at('2026-03-02T13:59:59+07:00'), d), 'ok');
  assert.equal(countdownState(at('2026-03-02T14:00:00+07:00'), d), 'warn');
  assert.equal(countdownState(at('2026-03-02T16:00:00+07:00'), d), 'overdue');
  assert.equal(countdownState(at('2026-03-02T15:00:00+07:00'), { ...d, warnAt: null }), 'ok');
});

test('remaining time counts working hours only: Friday 16:00 → Monday 10:00 is 3 h 30 min', () => {
  // Office hours 07:30–11:30, 13:00–17:00: Fri 16–17 (1 h) + Mon 07:30–10:00 (2.5 h).
  const c = countdown(cal, at('2026-03-06T16:00:00+07:00'), {
    dueAt: '2026-03-09T10:00:00+07:00',
    warnAt: null,
  });
  assert.equal(c.state, 'ok');
  assert.equal(c.remainingMs, 3.5 * 3600_000);
  assert.equal(translate('vi', c.label.key, c.label.params), 'Còn 3 giờ 30 phút');
  assert.equal(translate('en', c.label.key, c.label.params), '3 h 30 min left');
});

test('a holiday does not count: Tết 2026 lies between', () => {
  // Friday 13 Feb 2026 16:00 + 8 working hours lands after the Tết break (16–20 Feb).
  const due = cal.addWorkingHours(at('2026-02-13T16:00:00+07:00'), 8);
  const c = countdown(cal, at('2026-02-13T16:00:00+07:00'), {
    dueAt: due.toISOString(),
    warnAt: null,
  });
  assert.equal(c.remainingMs, 8 * 3600_000);
  assert.equal(translate('vi', c.label.key, c.label.params), 'Còn 8 giờ 00 phút');
});

test('overdue shows the working time since the due instant, in red words too', () => {
  const c = countdown(cal, at('2026-03-02T09:05:00+07:00'), {
    dueAt: '2026-03-02T08:00:00+07:00',
    warnAt: '2026-03-02T07:45:00+07:00',
  });
  assert.equal(c.state, 'overdue');
  assert.equal(translate('vi', c.label.key, c.label.params), 'Quá hạn 1 giờ 05 phút');
  assert.equal(translate('vi', c.stateLabel.key), 'Quá hạn');
});

test('overdue outside working hours is still overdue, never "0 minutes left"', () => {
  const c = countdown(cal, at('2026-03-02T12:00:00+07:00'), {
    dueAt: '2026-03-02T11:30:00+07:00',
    warnAt: null,
  });
  assert.equal(c.state, 'overdue');
  assert.ok(c.remainingMs < 0);
  assert.equal(translate('vi', c.label.key, c.label.params), 'Quá hạn 1 phút');
});

test('minutes: time left rounds down, time overdue rounds up; under an hour shows minutes only', () => {
  assert.deepEqual(splitDuration(59_999), { h: 0, m: 0 });
  assert.deepEqual(splitDuration(-1), { h: 0, m: 1 });
  assert.deepEqual(splitDuration(2 * 3600_000 + 61_000), { h: 2, m: 1 });
  assert.equal(
    translate('vi', formatWorking(45 * 60_000).key, formatWorking(45 * 60_000).params),
    'Còn 45 phút',
  );
  assert.equal(refreshEvery(30 * 60_000), 15_000);
  assert.equal(refreshEvery(5 * 3600_000), 60_000);
});

test('the stored calendar configuration compiles as on the server', () => {
  const c = buildWorkCalendar({
    config: {
      timezone: 'Asia/Ho_Chi_Minh',
      statutoryHolidays: true,
      adjacentNationalDay: { '2026': '09-01' },
    },
    exceptions: [
      { date: '2026-03-03', kind: 'holiday', nameVi: 'Nghỉ', nameEn: 'Off', intervals: null },
    ],
  });
  // Tuesday 3 March is closed by the exception: Monday 16:00 → Wednesday 08:30 = 2 h.
  assert.equal(
    c.workingMillisBetween(at('2026-03-02T16:00:00+07:00'), at('2026-03-04T08:30:00+07:00')),
    2 * 3600_000,
  );
  // A configuration the engine refuses falls back to standard office hours.
  const fallback = buildWorkCalendar({
    config: { seasons: [{ bad: true }] } as never,
    exceptions: [],
  });
  assert.ok(fallback instanceof WorkCalendar);
});
