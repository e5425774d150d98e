import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentShift } from './shift.ts';

const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();

test('three shifts a day: 06–14, 14–22, 22–06 (Vietnam time)', () => {
  const morning = currentShift(at('2026-03-02T09:15:00+07:00'));
  assert.equal(morning.number, 1);
  assert.equal(iso(morning.start), iso(at('2026-03-02T06:00:00+07:00')));
  assert.equal(iso(morning.end), iso(at('2026-03-02T14:00:00+07:00')));
  assert.equal(
    currentShift(at('2026-03-02T14:00:00+07:00')).number,
    2,
    'a start belongs to its shift',
  );
  const night = currentShift(at('2026-03-02T23:30:00+07:00'));
  assert.equal(night.number, 3);
  assert.equal(iso(night.end), iso(at('2026-03-03T06:00:00+07:00')));
});

test("after midnight the night shift is still yesterday's", () => {
  const s = currentShift(at('2026-03-03T02:00:00+07:00'));
  assert.equal(s.number, 3);
  assert.equal(iso(s.start), iso(at('2026-03-02T22:00:00+07:00')));
  assert.equal(iso(s.end), iso(at('2026-03-03T06:00:00+07:00')));
  // Also right for a device whose clock is in another zone: only the instant counts.
  assert.equal(iso(currentShift(at('2026-03-02T19:00:00Z')).start), iso(s.start));
});

test('office-hours deployments: one shift from 07:00', () => {
  const s = currentShift(at('2026-03-02T10:00:00+07:00'), [7]);
  assert.equal(s.number, 1);
  assert.equal(iso(s.start), iso(at('2026-03-02T07:00:00+07:00')));
  assert.equal(iso(s.end), iso(at('2026-03-03T07:00:00+07:00')));
  assert.throws(() => currentShift(new Date(), []));
});
