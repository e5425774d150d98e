import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../../src/core/access/roles.ts';
import {
  adminSectionOf,
  homeFor,
  matchPath,
  mayOpen,
  navFor,
  navItemOf,
  PATHS,
  safeNext,
} from './routes.ts';
import { backoffDelay } from '../api/backoff.ts';

test('paths match with decoded parameters', () => {
  assert.deepEqual(matchPath(PATHS.ticket, '/tickets/abc%20d'), { id: 'abc d' });
  assert.equal(matchPath(PATHS.ticket, '/tickets'), null);
  assert.equal(matchPath(PATHS.ticket, '/tickets/%E0%A4%A'), null);
});

test('role-based navigation: operators create tickets, agencies see their queue', () => {
  assert.deepEqual(
    navFor('operator').map((n) => n.path),
    ['/operator', '/operator/new', '/operator/chat', '/calls', '/publications'],
  );
  assert.deepEqual(
    navFor('supervisor').map((n) => n.path),
    ['/operator', '/operator/new', '/operator/chat', '/supervisor', '/calls', '/publications'],
  );
  assert.deepEqual(
    navFor('focal_point').map((n) => n.path),
    ['/agency'],
  );
  assert.deepEqual(
    navFor('coordinator').map((n) => n.path),
    ['/coordinator', '/operator', '/publications'],
  );
  assert.deepEqual(
    navFor('admin').map((n) => n.path),
    ['/admin', '/operator'],
  );
  assert.deepEqual(
    navFor('leader').map((n) => n.path),
    ['/operator', '/calls'],
  );
  assert.equal(homeFor('agency_head'), '/agency');
  assert.equal(homeFor('coordinator'), '/coordinator');
  assert.equal(homeFor('admin'), '/admin/users');
  assert.equal(homeFor('leader'), '/operator');
  for (const r of ROLES) {
    assert.ok(navFor(r).length > 0, r);
    assert.ok(mayOpen(r, homeFor(r)), `${r} may open its home`);
    // Alt+key shortcuts are unambiguous for every role.
    const keys = navFor(r).map((n) => n.shortcut);
    assert.equal(new Set(keys).size, keys.length, r);
  }
});

test('only the administrator opens the admin area, at any depth', () => {
  assert.equal(navItemOf('/admin/calendars')?.path, '/admin');
  assert.equal(navItemOf('/administration'), undefined);
  for (const r of ROLES) {
    assert.equal(mayOpen(r, '/admin/users'), r === 'admin', r);
    assert.equal(mayOpen(r, '/admin'), r === 'admin', r);
    assert.equal(mayOpen(r, '/coordinator'), r === 'coordinator', r);
  }
  // Paths outside the navigation (a ticket) decide for themselves.
  assert.equal(mayOpen('focal_point', '/tickets/x'), true);
  assert.equal(adminSectionOf('/admin'), 'users');
  assert.equal(adminSectionOf('/admin/calendars'), 'calendars');
  assert.equal(adminSectionOf('/admin/calendars/'), 'calendars');
  assert.equal(adminSectionOf('/admin/nope'), null);
  assert.equal(adminSectionOf('/operator'), undefined);
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
