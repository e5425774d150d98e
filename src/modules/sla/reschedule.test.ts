import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../core/calendar/working-time.ts';
import type { CalendarException } from '../../core/calendar/types.ts';
import { rescheduleDeadline } from './reschedule.ts';

const vn = (local: string) => new Date(`${local}+07:00`);
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const holiday = (date: string): CalendarException => ({
  date,
  kind: 'holiday',
  nameVi: 'Nghỉ',
  nameEn: 'Day off',
});
const working = (date: string): CalendarException => ({
  date,
  kind: 'working',
  nameVi: 'Làm bù',
  nameEn: 'Make-up day',
});
const base = new WorkCalendar();
const withEx = (...exceptions: CalendarException[]) => new WorkCalendar({ exceptions });

// Monday 2 March 2026, 08:00: a plain working morning (no holiday that week).
const now = vn('2026-03-02T08:00:00');
const deadline = (due: string, warn: string | null = null, warned: string | null = null) => ({
  dueAt: vn(due),
  warnAt: warn ? vn(warn) : null,
  warnedAt: warned ? vn(warned) : null,
});

describe('rescheduleDeadline (R-SLA-4: running deadlines follow calendar changes)', () => {
  test('a holiday declared before the due day pushes it one working day later', () => {
    const r = rescheduleDeadline(
      deadline('2026-03-04T16:00:00'),
      base,
      withEx(holiday('2026-03-03')),
      now,
    );
    assert.equal(iso(r?.dueAt), iso(vn('2026-03-05T16:00:00')));
  });

  test('a holiday on the due day itself: the rest of the time falls on the next working day', () => {
    // Due Wed 16:00; Wednesday off → the 7.5 h of Wednesday up to 16:00 land on Thursday.
    const r = rescheduleDeadline(
      deadline('2026-03-04T16:00:00'),
      base,
      withEx(holiday('2026-03-04')),
      now,
    );
    assert.equal(iso(r?.dueAt), iso(vn('2026-03-05T16:00:00')));
  });

  test('a holiday across a weekend (Friday off) moves a Monday deadline to Tuesday', () => {
    const r = rescheduleDeadline(
      deadline('2026-03-09T10:00:00'),
      base,
      withEx(holiday('2026-03-06')),
      now,
    );
    assert.equal(iso(r?.dueAt), iso(vn('2026-03-10T10:00:00')));
  });

  test('a holiday after the due date moves nothing', () => {
    assert.equal(
      rescheduleDeadline(deadline('2026-03-04T16:00:00'), base, withEx(holiday('2026-03-05')), now),
      undefined,
    );
  });

  test('a change in the past (already spent working time) moves nothing', () => {
    assert.equal(
      rescheduleDeadline(deadline('2026-03-04T16:00:00'), base, withEx(holiday('2026-02-27')), now),
      undefined,
    );
  });

  test('a make-up working Saturday before the due day brings it earlier', () => {
    // Due Monday 9 March 10:00 (2.5 h into Monday). With Saturday 7 March worked, those
    // 2.5 h are spent on Saturday instead: due Saturday 10:00.
    const r = rescheduleDeadline(
      deadline('2026-03-09T10:00:00'),
      base,
      withEx(working('2026-03-07')),
      now,
    );
    assert.equal(iso(r?.dueAt), iso(vn('2026-03-07T10:00:00')));
  });

  test('shorter office hours on a day before the due day move it later by the hours lost', () => {
    const shortTuesday: CalendarException = {
      ...working('2026-03-03'),
      intervals: [['07:30', '11:30']],
    };
    // Tuesday loses its 4 afternoon hours, which are added after Wed 16:00: 1 h on Wednesday
    // (to 17:00) and 3 h on Thursday (07:30–10:30).
    const r = rescheduleDeadline(deadline('2026-03-04T16:00:00'), base, withEx(shortTuesday), now);
    assert.equal(iso(r?.dueAt), iso(vn('2026-03-05T10:30:00')));
  });

  test('an unwarned pre-breach warning moves with the deadline; a sent one stays', () => {
    const after = withEx(holiday('2026-03-03'));
    const pending = rescheduleDeadline(
      deadline('2026-03-04T16:00:00', '2026-03-04T10:00:00'),
      base,
      after,
      now,
    );
    assert.equal(iso(pending?.warnAt), iso(vn('2026-03-05T10:00:00')));
    const sent = rescheduleDeadline(
      deadline('2026-03-04T16:00:00', '2026-03-02T07:45:00', '2026-03-02T07:45:00'),
      base,
      after,
      now,
    );
    assert.equal(iso(sent?.dueAt), iso(vn('2026-03-05T16:00:00')));
    assert.equal(iso(sent?.warnAt), iso(vn('2026-03-02T07:45:00')));
  });

  test('a deadline already due is left for the sweeper', () => {
    assert.equal(
      rescheduleDeadline(deadline('2026-03-02T07:59:00'), base, withEx(holiday('2026-03-02')), now),
      undefined,
    );
  });

  test('the same calendar twice moves nothing, wherever the deadline falls', () => {
    const same = withEx();
    for (let h = 1; h <= 400; h += 7) {
      const due = base.addWorkingHours(now, h / 3);
      assert.equal(
        rescheduleDeadline({ dueAt: due, warnAt: null, warnedAt: null }, base, same, now),
        undefined,
        `moved a deadline ${h / 3} working hours away`,
      );
    }
  });

  test('moving there and back again returns the original deadline', () => {
    const changed = withEx(holiday('2026-03-03'), holiday('2026-03-05'));
    for (let h = 1; h <= 60; h += 3) {
      const due = base.addWorkingHours(now, h);
      const there = rescheduleDeadline(
        { dueAt: due, warnAt: null, warnedAt: null },
        base,
        changed,
        now,
      );
      const back = rescheduleDeadline(
        { dueAt: there?.dueAt ?? due, warnAt: null, warnedAt: null },
        changed,
        base,
        now,
      );
      assert.equal(iso(back?.dueAt ?? there?.dueAt ?? due), iso(due), `after ${h} h`);
    }
  });
});
