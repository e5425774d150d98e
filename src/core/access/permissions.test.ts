import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERMISSIONS, can, mustMask, reaches, type Permission } from './permissions.ts';
import { requirePermission } from './check.ts';
import { ROLES } from './roles.ts';
import { ACTIONS, permissionOf } from '../ticket/state-machine.ts';
import { AppError } from '../errors/codes.ts';

test('R-SEC-1 every permission names known callers, each once, and says what it allows', () => {
  const callers = new Set<string>([...ROLES, 'system', 'anonymous']);
  for (const [name, rule] of Object.entries(PERMISSIONS)) {
    assert.ok(rule.roles.length > 0, name);
    assert.equal(new Set(rule.roles).size, rule.roles.length, `${name}: a role twice`);
    for (const r of rule.roles) assert.ok(callers.has(r), `${name}: unknown role ${r}`);
    assert.ok(rule.doc.length > 5, name);
  }
});

test('R-SEC-1 every ticket action has its permission in the table', () => {
  for (const a of ACTIONS) assert.ok(permissionOf(a) in PERMISSIONS, a);
});

test('R-SEC-2 scope: agency roles reach their own agency only; others the whole tenant', () => {
  const fp = { role: 'focal_point' as const, agencyId: 'A' };
  const op = { role: 'operator' as const, agencyId: null };
  const row = { agencyId: 'A', subunitId: 'S' };
  assert.equal(reaches(fp, 'ticket.accept', row), true);
  assert.equal(reaches(fp, 'ticket.accept', { agencyId: 'B' }), false);
  assert.equal(reaches({ role: 'focal_point', agencyId: 'S' }, 'ticket.subunit_reply', row), true);
  assert.equal(reaches({ role: 'focal_point', agencyId: 'S' }, 'ticket.accept', row), false);
  assert.equal(reaches({ role: 'focal_point', agencyId: 'S' }, 'ticket.read', row), true);
  assert.equal(reaches({ role: 'focal_point', agencyId: null }, 'ticket.read', row), false);
  assert.equal(reaches(op, 'ticket.read', { agencyId: 'B' }), true);
  assert.equal(reaches({ role: 'leader', agencyId: null }, 'ticket.approve_answer', row), true);
});

test('requirePermission: 401 without an actor, 403 without the right, the hidden code out of scope', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return (e as AppError).code;
    }
  };
  assert.equal(
    code(() => requirePermission(undefined, 'ticket.read')),
    'unauthenticated',
  );
  assert.equal(
    code(() => requirePermission({ role: 'admin', agencyId: null }, 'ticket.act')),
    'forbidden',
  );
  const fp = { role: 'focal_point' as const, agencyId: 'A' };
  assert.equal(
    code(() => requirePermission(fp, 'ticket.read', { agencyId: 'B' }, 'ticket_not_found')),
    'ticket_not_found',
  );
  assert.equal(
    code(() => requirePermission(fp, 'ticket.read', { agencyId: 'A' })),
    'ok',
  );
});

test('R-PUB-2 masking: leaders and admins always; agency staff on confidential tickets', () => {
  assert.equal(mustMask('leader', { confidential: false }), true);
  assert.equal(mustMask('admin', { confidential: false }), true);
  assert.equal(mustMask('focal_point', { confidential: false }), false);
  assert.equal(mustMask('focal_point', { confidential: true }), true);
  assert.equal(mustMask('operator', { confidential: true }), false);
});

test('public is open to anyone; no other permission to the anonymous', () => {
  for (const p of Object.keys(PERMISSIONS) as Permission[]) {
    assert.equal(can('anonymous', p), p === 'public', p);
  }
});
