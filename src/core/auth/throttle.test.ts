import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THROTTLE, backoffMs, checkedScopes, countedScopes, throttleKey } from './throttle.ts';

test('R-SEC-2 back-off: free attempts, then doubling waits up to a ceiling', () => {
  const r = THROTTLE.pair;
  assert.equal(backoffMs(r, r.free - 1), 0);
  assert.equal(backoffMs(r, r.free), 30_000);
  assert.equal(backoffMs(r, r.free + 1), 60_000);
  assert.equal(backoffMs(r, r.free + 2), 120_000);
  assert.equal(backoffMs(r, r.free + 50), r.maxMs);
});

test('R-SEC-2 a known device is held back only by its own failures; a known address by its own', () => {
  assert.deepEqual(checkedScopes({ device: true, address: true }), ['device']);
  assert.deepEqual(checkedScopes({ device: false, address: true }), ['pair']);
  assert.deepEqual(checkedScopes({ device: false, address: false }), [
    'pair',
    'account',
    'address',
  ]);
  assert.deepEqual(countedScopes(false), ['pair', 'account', 'address']);
  assert.ok(countedScopes(true).includes('device'));
});

test('R-SEC-2 throttle keys: usernames folded, a device key needs its account', () => {
  const at = { username: ' Admin ', ip: '10.0.0.1' };
  assert.equal(throttleKey('pair', at), 'pair:admin|10.0.0.1');
  assert.equal(throttleKey('account', at), 'user:admin');
  assert.equal(throttleKey('address', at), 'ip:10.0.0.1');
  assert.equal(throttleKey('device', at), null);
  assert.equal(throttleKey('device', { ...at, userId: 'u', deviceHash: 'h' }), 'dev:u|h');
});
