import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dayInVietnam,
  expiryBounds,
  expiryInstant,
  problemKeys,
  validatePasswordForm,
} from './account.ts';

test('R-SEC-2 token expiry: dates in Vietnam’s time, to the end of the chosen day', () => {
  // 18:00 UTC is already the next day in Hà Nội.
  const now = new Date('2026-03-02T18:00:00Z');
  assert.equal(dayInVietnam(now), '2026-03-03');
  assert.deepEqual(expiryBounds(now), {
    min: '2026-03-04',
    max: '2027-03-02',
    default: '2026-06-01',
  });
  assert.equal(expiryInstant('2026-06-30'), '2026-06-30T16:59:00.000Z');
  assert.equal(expiryInstant('30/06/2026'), null);
});

test('R-SEC-2 own password form: length, repetition; the policy’s reasons become catalog keys', () => {
  const ok = {
    currentPassword: 'cu',
    newPassword: 'Tram-kiem-soat-47',
    repeat: 'Tram-kiem-soat-47',
  };
  assert.deepEqual(validatePasswordForm(ok), {});
  assert.deepEqual(
    Object.keys(validatePasswordForm({ currentPassword: '', newPassword: 'ngan', repeat: 'x' })),
    ['currentPassword', 'newPassword', 'repeat'],
  );
  assert.deepEqual(
    problemKeys([
      { path: 'newPassword', message: 'common' },
      { path: 'newPassword', message: 'too_short' },
    ]),
    ['account.problem.too_short', 'account.problem.common'],
  );
  assert.deepEqual(problemKeys(undefined), []);
});
