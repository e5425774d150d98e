import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../../src/core/ticket/state-machine.ts';
import { homeFor, matchPath, navFor, PATHS, safeNext } from './routes.ts';
import { backoffDelay } from '../api/backoff.ts';

test('paths match with decoded parameters', () => {
  assert.deepEqual(matchPath(PATHS.ticket, '/tickets/abc%20d'), { id: 'abc d' });
  assert.equal(matchPath(PATHS.ticket, '/tickets'), null);
  assert.equal(matchPath(PATHS.ticket, '/tickets/%E0%A4%A'), null);
});

test('role-based navigation: operators create tickets, agencies see their queue', () => {
  assert.deepEqual(
    navFor('operator').map((n) => n.path),
    ['/operator', '/operator/new'],
  );
  assert.deepEqual(
    navFor('focal_point').map((n) => n.path),
    ['/agency'],
  );
  assert.equal(homeFor('agency_head'), '/agency');
  assert.equal(homeFor('coordinator'), '/operator');
  for (const r of ROLES) assert.ok(navFor(r).length > 0, r);
});

test('after sign-in only same-app paths are followed', () => {
  assert.equal(safeNext('/tickets/1'), '/tickets/1');
  assert.equal(safeNext('//evil.example'), null);
  assert.equal(safeNext('https://evil.example'), null);
  assert.equal(safeNext('/api/v1/auth/logout'), null);
});

test('reconnect delays grow, are capped and jittered', () => {
  assert.equal(
    backoffDelay(0, 500, 30_000, () => 0),
    250,
  );
  assert.equal(
    backoffDelay(0, 500, 30_000, () => 1),
    500,
  );
  assert.equal(
    backoffDelay(3, 500, 30_000, () => 1),
    4000,
  );
  assert.equal(
    backoffDelay(20, 500, 30_000, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(20, 500, 30_000, () => 0),
    15_000,
  );
});
