import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byLoad, operatorState } from './load.ts';

const now = new Date('2026-03-12T09:30:00+07:00');

test('working within 15 minutes of an action, idle after, signed out without a session', () => {
  assert.equal(
    operatorState({ signedIn: true, lastActionAt: '2026-03-12T09:20:00+07:00' }, now),
    'working',
  );
  assert.equal(
    operatorState({ signedIn: true, lastActionAt: '2026-03-12T09:15:00+07:00' }, now),
    'idle',
  );
  assert.equal(operatorState({ signedIn: true, lastActionAt: null }, now), 'idle');
  assert.equal(
    operatorState({ signedIn: false, lastActionAt: '2026-03-12T09:29:00+07:00' }, now),
    'signed_out',
  );
});

test('the busiest operators come first, then by name in Vietnamese order', () => {
  const o = (displayName: string, openHeld: number, handledToday: number) => ({
    displayName,
    openHeld,
    handledToday,
  });
  assert.deepEqual(
    byLoad([o('Đỗ', 1, 0), o('An', 1, 0), o('Bình', 3, 0), o('Chi', 1, 5)]).map(
      (x) => x.displayName,
    ),
    ['Bình', 'Chi', 'An', 'Đỗ'],
  );
});
