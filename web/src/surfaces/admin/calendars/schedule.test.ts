import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileDraft,
  copyToWeekdays,
  draftFromConfig,
  engineExceptions,
  exceptionBody,
  previewDue,
  standardSeason,
  validateDraft,
  validateException,
  weeklyHours,
  type DraftCalendar,
} from './schedule.ts';

const SLA = { focalPointHours: 8, headHours: 48 };
const at = (s: string) => new Date(s);
const keys = (d: DraftCalendar) => validateDraft(d).map((i) => `${i.path} ${i.message.key}`);

function draft(over: Partial<DraftCalendar> = {}): DraftCalendar {
  return { ...draftFromConfig({}), ...over };
}

test('a calendar stored without seasons opens as the public-sector week (40 h)', () => {
  const d = draftFromConfig({ timezone: 'Asia/Ho_Chi_Minh' });
  assert.equal(d.seasons.length, 1);
  assert.equal(weeklyHours(d.seasons[0]!), 40);
  assert.deepEqual(d.seasons[0]!.days[1], [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ]);
  assert.deepEqual(d.seasons[0]!.days[0], [], 'Sunday is a rest day');
  assert.equal(d.statutoryHolidays, true);
  assert.equal(d.knownNotices, true);
  assert.deepEqual(validateDraft(d), []);
});

test('each mistake is named at its input, in words', () => {
  const s = standardSeason();
  s.days[1] = [
    { start: '7:30', end: '11:30' }, // not HH:MM
    { start: '13:00', end: '12:00' }, // reversed
  ];
  s.days[2] = [
    { start: '07:30', end: '11:30' },
    { start: '11:00', end: '17:00' }, // overlaps the morning
  ];
  s.days[3] = [{ start: '07:30', end: '24:00' }]; // 24:00 is a valid end of day
  assert.deepEqual(keys(draft({ seasons: [s] })), [
    'seasons.0.days.1.0.start admin.cal.err.time',
    'seasons.0.days.1.1.end admin.cal.err.order',
    'seasons.0.days.2.1.start admin.cal.err.overlap',
  ]);
  const overlap = validateDraft(draft({ seasons: [s] })).find((i) =>
    i.path.startsWith('seasons.0.days.2'),
  );
  assert.deepEqual(overlap?.message.params, { a: '07:30–11:30' });
});

test('seasons must be named once each and cover every day of the year', () => {
  const a = { ...standardSeason('hè'), from: '04-15', to: '10-14' };
  const b = { ...standardSeason('đông'), from: '10-16', to: '04-14' };
  assert.deepEqual(keys(draft({ seasons: [a, b] })), ['seasons admin.cal.err.gap']);
  assert.deepEqual(validateDraft(draft({ seasons: [a, b] }))[0]!.message.params, {
    date: '15/10',
  });
  // Wrapping over New Year closes the gap.
  assert.deepEqual(keys(draft({ seasons: [a, { ...b, from: '10-15' }] })), []);
  assert.deepEqual(keys(draft({ seasons: [a, { ...b, name: 'hè', from: '10-15' }] })), [
    'seasons.1.name admin.cal.err.duplicateSeason',
  ]);
  assert.deepEqual(keys(draft({ seasons: [{ ...a, name: ' ', from: '02-30', to: '13-01' }] })), [
    'seasons.0.name validation.required',
    'seasons.0.from admin.cal.err.monthDay',
    'seasons.0.to admin.cal.err.monthDay',
  ]);
  assert.deepEqual(keys(draft({ seasons: [] })), ['seasons admin.cal.err.noSeason']);
  const closed = standardSeason();
  closed.days = closed.days.map(() => []);
  assert.deepEqual(keys(draft({ seasons: [closed] })), ['seasons.0.days admin.cal.err.noWork']);
});

test('preview: forwarded Friday 16:00 → focal point due Monday 16:00, head 48 h later', () => {
  const cal = compileDraft(draft(), [])!;
  const due = previewDue(cal, at('2026-03-06T16:00:00+07:00'), SLA);
  assert.equal(due.focalPoint.toISOString(), at('2026-03-09T16:00:00+07:00').toISOString());
  // 48 working hours = 6 days of 8 h: Tue–Fri + Mon–Tue → Tuesday 17 March 16:00.
  assert.equal(due.head.toISOString(), at('2026-03-17T16:00:00+07:00').toISOString());
});

test('preview: an administrator holiday and a make-up Saturday move the deadline', () => {
  const ex = engineExceptions([
    { date: '2026-03-09', kind: 'holiday', nameVi: 'Nghỉ bão', nameEn: '', intervals: null },
  ]);
  const cal = compileDraft(draft(), ex)!;
  const due = previewDue(cal, at('2026-03-06T16:00:00+07:00'), SLA);
  assert.equal(due.focalPoint.toISOString(), at('2026-03-10T16:00:00+07:00').toISOString());

  const makeUp = engineExceptions([
    {
      date: '2026-03-07',
      kind: 'working',
      nameVi: 'Làm bù',
      nameEn: 'Make-up day',
      intervals: [['08:00', '12:00']],
    },
  ]);
  const withSaturday = compileDraft(draft(), makeUp)!;
  // Fri 16–17 (1 h) + Sat 08–12 (4 h) + Mon 07:30–10:30 (3 h).
  assert.equal(
    previewDue(withSaturday, at('2026-03-06T16:00:00+07:00'), SLA).focalPoint.toISOString(),
    at('2026-03-09T10:30:00+07:00').toISOString(),
  );
});

test('preview: split shifts and a 24-hour hotline week', () => {
  const s = standardSeason();
  s.days = s.days.map(() => [{ start: '00:00', end: '24:00' }]);
  const cal = compileDraft(draft({ seasons: [s], statutoryHolidays: false }), [])!;
  const from = at('2026-02-14T22:00:00+07:00'); // a Saturday night in Tết week
  assert.equal(
    previewDue(cal, from, SLA).focalPoint.toISOString(),
    at('2026-02-15T06:00:00+07:00').toISOString(),
  );
  const broken = standardSeason();
  broken.days[1] = [{ start: '17:00', end: '07:00' }];
  assert.equal(compileDraft(draft({ seasons: [broken] }), []), null, 'no preview from a mistake');
});

test("copying Monday's hours to the other weekdays leaves the weekend alone", () => {
  const s = standardSeason();
  s.days[1] = [
    { start: '07:00', end: '11:00' },
    { start: '13:30', end: '17:00' },
  ];
  s.days[6] = [{ start: '07:00', end: '11:00' }];
  const d = copyToWeekdays(draft({ seasons: [s] }), 0, 1);
  for (const wd of [1, 2, 3, 4, 5]) assert.deepEqual(d.seasons[0]!.days[wd], s.days[1]);
  assert.deepEqual(d.seasons[0]!.days[6], [{ start: '07:00', end: '11:00' }]);
  assert.deepEqual(d.seasons[0]!.days[0], []);
  assert.notEqual(d.seasons[0]!.days[2], s.days[1], 'copied, not shared');
});

test('a day off or make-up day: a real date, a name, valid hours', () => {
  const ok = { date: '2026-03-28', kind: 'working' as const, nameVi: 'Làm bù', nameEn: '' };
  assert.deepEqual(validateException({ ...ok, intervals: [] }), {});
  assert.deepEqual(validateException({ ...ok, date: '2026-02-30', intervals: [] }), {
    date: { key: 'validation.date' },
  });
  assert.deepEqual(validateException({ ...ok, date: '', nameVi: ' ', intervals: [] }), {
    date: { key: 'validation.required' },
    nameVi: { key: 'validation.required' },
  });
  assert.equal(
    validateException({ ...ok, intervals: [{ start: '12:00', end: '08:00' }] }).intervals?.key,
    'admin.cal.err.order',
  );
  assert.deepEqual(exceptionBody({ ...ok, intervals: [{ start: '08:00', end: '12:00' }] }), {
    ...ok,
    intervals: [['08:00', '12:00']],
  });
  // A holiday never carries hours (the server would refuse them).
  assert.deepEqual(
    exceptionBody({ ...ok, kind: 'holiday', intervals: [{ start: '08:00', end: '12:00' }] }),
    { ...ok, kind: 'holiday' },
  );
});
