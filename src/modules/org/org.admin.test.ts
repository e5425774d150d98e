/**
 * Administration endpoints the admin screens rely on (R-AD-1, R-SC-1..3, R-SLA-1/2): a patch
 * changes only the keys it names, out-of-scope rules are edited and switched off, subject
 * groups named, deadline settings read and changed; every change audited, others refused.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client } from '../../../tests/helpers/app.ts';
import { assertError } from '../../../tests/api/support.ts';

const t = await createTestApp();
after(t.close);
const sxd = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng', requiresApproval: true });
let admin: Client;
let op: Client;
let head: Client;

before(async () => {
  [admin, op, head] = await Promise.all([
    t.login(await t.newUser('admin')),
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('agency_head', sxd)),
  ]);
});

const audits = (entityType: string) =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'data'])
    .where('entity_type', '=', entityType)
    .orderBy('seq')
    .execute();

test('PATCH changes only the keys it names (users, agencies)', async () => {
  const created = await admin.post('/api/v1/users', {
    username: 'pho.sxd',
    displayName: 'Phó Giám đốc Sở Xây dựng',
    email: 'pho@sxd.gov.vn',
    phone: '0912000111',
    role: 'agency_head',
    agencyId: sxd.id,
    title: 'Phó Giám đốc',
    isDeputy: true,
    password: 'mat-khau-du-dai',
    locale: 'en',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const session = await t.login({ username: 'pho.sxd' }, 'mat-khau-du-dai');

  const p = await admin.patch(`/api/v1/users/${created.body.id}`, { title: 'Giám đốc' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(
    { ...p.body, title: undefined },
    { ...created.body, title: undefined },
    'nothing else changed',
  );
  assert.equal(p.body.title, 'Giám đốc');
  // A title change does not end the user's sessions; a role, agency or password change does.
  assert.equal((await session.get('/api/v1/auth/me')).status, 200);

  // Deactivating an agency head keeps the agency (it would otherwise fail validation).
  const off = await admin.patch(`/api/v1/users/${created.body.id}`, { active: false });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.equal(off.body.agencyId, sxd.id);
  assert.equal(off.body.isDeputy, true);

  const a = await admin.patch(`/api/v1/agencies/${sxd.id}`, { phone: '02703822222' });
  assert.equal(a.status, 200);
  assert.equal(a.body.requiresApproval, true, 'approval flag kept');
  assert.equal(a.body.name, 'Sở Xây dựng');
});

test('password reset: the old password stops working, the new one signs in', async () => {
  const u = await t.newUser('operator', null, { username: 'op.reset' });
  const reset = await admin.patch(`/api/v1/users/${u.id}`, { password: 'mat-khau-moi-123' });
  assert.equal(reset.status, 200);
  await assert.rejects(t.login(u));
  assert.equal((await (await t.login(u, 'mat-khau-moi-123')).get('/api/v1/auth/me')).status, 200);
  const logged = (await audits('user')).filter(
    (x) => x.entity_id === u.id && x.action === 'user.update',
  );
  assert.equal(logged.length, 1);
  assert.equal(logged[0]!.data.passwordChanged, true);
  assert.equal(JSON.stringify(logged[0]!.data).includes('mat-khau-moi'), false, 'no password');
});

test('out-of-scope rules are edited, switched off and back on (R-SC-3)', async () => {
  const c = await admin.post('/api/v1/scope-rules', {
    code: 'CC_114',
    name: 'Cháy nổ, cứu hộ',
    action: 'redirect',
    redirectTo: '114',
    keywords: ['cháy', 'cứu hộ'],
    guidanceVi: 'Gọi ngay 114.',
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.active, true);

  const p = await admin.patch(`/api/v1/scope-rules/${c.body.id}`, {
    keywords: ['cháy', 'cứu hộ', 'cứu nạn'],
    guidanceEn: 'Call 114 now.',
  });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.redirectTo, '114', 'kept');
  assert.equal(p.body.guidanceVi, 'Gọi ngay 114.');
  const screened = await op.post('/api/v1/scope-rules/screen', {
    text: 'Có người bị kẹt cần cứu nạn',
  });
  assert.equal(screened.body.match?.code, 'CC_114');

  assert.equal(
    (await admin.patch(`/api/v1/scope-rules/${c.body.id}`, { active: false })).status,
    200,
  );
  const screenedOff = await op.post('/api/v1/scope-rules/screen', { text: 'cần cứu nạn' });
  assert.equal(screenedOff.body.match, null, 'an inactive rule screens nothing');
  assert.equal((await op.get('/api/v1/scope-rules')).body.length, 0);
  const all = await admin.get('/api/v1/scope-rules?includeInactive=true');
  assert.deepEqual(
    all.body.map((r: { code: string; active: boolean }) => [r.code, r.active]),
    [['CC_114', false]],
  );
  assertError(await op.get('/api/v1/scope-rules?includeInactive=true'), 403, 'forbidden');
  assertError(
    await head.patch(`/api/v1/scope-rules/${c.body.id}`, { active: true }),
    403,
    'forbidden',
  );
  assertError(
    await admin.patch(`/api/v1/scope-rules/${c.body.id}`, { guidanceVi: '' }),
    400,
    'validation_failed',
  );
  assertError(
    await admin.patch('/api/v1/scope-rules/00000000-0000-4000-8000-000000000000', {
      active: true,
    }),
    404,
    'not_found',
  );
  assert.deepEqual(
    (await audits('scope_rule')).map((x) => x.action),
    ['scope_rule.create', 'scope_rule.update', 'scope_rule.update'],
  );
});

test('subject groups are named by number (R-SC-1), then fields can join them', async () => {
  const g = await admin.put('/api/v1/field-groups/1', {
    name: 'Thủ tục hành chính',
    nameEn: 'Administrative procedures',
  });
  assert.equal(g.status, 200, JSON.stringify(g.body));
  assert.equal(g.body.number, 1);
  const renamed = await admin.put('/api/v1/field-groups/1', { name: 'Thủ tục hành chính các cấp' });
  assert.equal(renamed.body.id, g.body.id, 'same group, renamed');
  const f = await admin.post('/api/v1/fields', {
    code: 'HT',
    name: 'Hộ tịch',
    groupNumber: 1,
    defaultAgencyId: sxd.id,
  });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  const list = await op.get('/api/v1/fields');
  assert.deepEqual(
    list.body.groups.map((x: { number: number; name: string }) => [x.number, x.name]),
    [[1, 'Thủ tục hành chính các cấp']],
  );
  assertError(await admin.put('/api/v1/field-groups/0', { name: 'x' }), 400, 'validation_failed');
  assertError(await op.put('/api/v1/field-groups/2', { name: 'x' }), 403, 'forbidden');
  assert.equal((await audits('field_group')).length, 2);
});

test('deadline settings: defaults 8 h / 48 h, changed by the administrator only', async () => {
  const s = await op.get('/api/v1/settings');
  assert.equal(s.status, 200);
  assert.deepEqual(s.body.sla, { focalPointHours: 8, headHours: 48, warnRatio: 0.75 });
  assert.equal(s.body.ticketPrefix, 'PA');
  const p = await admin.patch('/api/v1/settings', {
    sla: { focalPointHours: 4, headHours: 24, warnRatio: 0.5 },
  });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(p.body.sla, { focalPointHours: 4, headHours: 24, warnRatio: 0.5 });
  assert.equal(p.body.ticketPrefix, 'PA', 'prefix kept');
  assertError(await op.patch('/api/v1/settings', { ticketPrefix: 'X' }), 403, 'forbidden');
  assertError(
    await admin.patch('/api/v1/settings', {
      sla: { focalPointHours: -1, headHours: 1, warnRatio: 0 },
    }),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    (await audits('tenant')).map((x) => x.action),
    ['tenant.settings'],
  );
});
