/**
 * The first run's public routes (issue #14 item 1): `GET /api/v1/setup/status` and `POST
 * /api/v1/setup` create the tenant, its default calendar, the hotline agency and the first
 * administrator once, audited; the no-takeover guard refuses every later set-up, also when two
 * arrive at the same moment; the password policy applies; the new administrator signs in.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/app.ts';
import { assertError } from '../api/support.ts';
import { ERRORS } from '../../src/core/errors/codes.ts';

// createTestApp adds a tenant without any account: no administrator exists yet.
const t = await createTestApp();
after(t.close);

const STRONG = 'Song-Thu-Bon-chay-qua-47';
const body = (username: string, code = 'QNAM', password = STRONG) => ({
  tenant: { code, name: 'Tỉnh Quảng Nam', kind: 'province', hotline: '0235 1022' },
  admin: { username, displayName: 'Nguyễn Văn Quản', password },
});

test('R-SEC-2 a weak first administrator password is refused with the localized policy message', async () => {
  const anon = t.anonymous();
  assert.deepEqual((await anon.get('/api/v1/setup/status')).body, { needsSetup: true });
  const r = await anon.post('/api/v1/setup', body('quantri', 'QNAM', 'matkhau123456'));
  assertError(r, 400, 'password_weak');
  assert.equal(r.body.error.message_vi, ERRORS.password_weak.vi);
  assert.equal(r.body.error.message_en, ERRORS.password_weak.en);
  assert.ok(r.body.error.details.some((d: { path: string }) => d.path === 'admin.password'));
  // Refused before anything was written.
  assert.deepEqual((await anon.get('/api/v1/setup/status')).body, { needsSetup: true });
  const tenants = await t.db.selectFrom('tenant').select('code').execute();
  assert.ok(!tenants.some((x) => x.code === 'QNAM'));
});

test('R-SEC-2 R-OP-1 two concurrent set-ups: exactly one wins (201), the other gets 409 setup_done', async () => {
  const anon = t.anonymous();
  const [a, b] = await Promise.all([
    anon.post('/api/v1/setup', body('quantri.a', 'QNAM')),
    anon.post('/api/v1/setup', body('quantri.b', 'QNAM2')),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [201, 409], `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`);
  const won = a.status === 201 ? a : b;
  assertError(a.status === 201 ? b : a, 409, 'setup_done');
  assert.equal(won.body.outcome, 'created');
  assert.deepEqual((await anon.get('/api/v1/setup/status')).body, { needsSetup: false });

  // What it created: one tenant with its default calendar, hotline agency and administrator.
  const admins = await t.db
    .selectFrom('app_user')
    .selectAll()
    .where('role', '=', 'admin')
    .execute();
  assert.equal(admins.length, 1);
  assert.equal(admins[0]!.username, won.body.adminUsername);
  assert.equal(admins[0]!.tenant_id, won.body.tenantId);
  assert.equal(admins[0]!.agency_id, won.body.hotlineAgencyId);
  const tenant = await t.db
    .selectFrom('tenant')
    .selectAll()
    .where('id', '=', won.body.tenantId)
    .executeTakeFirstOrThrow();
  assert.equal(tenant.kind, 'province');
  assert.equal((tenant.settings as { hotline?: string }).hotline, '0235 1022');
  const agency = await t.db
    .selectFrom('agency')
    .selectAll()
    .where('id', '=', won.body.hotlineAgencyId)
    .executeTakeFirstOrThrow();
  assert.equal(agency.kind, 'hotline');
  assert.equal(agency.phone, '0235 1022');
  const cal = await t.db
    .selectFrom('calendar')
    .selectAll()
    .where('tenant_id', '=', won.body.tenantId)
    .execute();
  assert.equal(cal.length, 1);
  assert.equal(cal[0]!.is_default, true);
  assert.equal(cal[0]!.id, won.body.calendarId);

  // The tenant's working calendar knows Vietnam's statutory holidays (Tết 2026 = 17/2).
  const wt = await t.services.calendars.forAgency(won.body.tenantId, null);
  const holidays = wt.cal.nonWorkingDays(2026).map((d) => d.date);
  assert.ok(holidays.includes('2026-02-17'), holidays.join(','));
  assert.ok(holidays.includes('2026-09-02'), holidays.join(','));

  // Everything audited, in the new tenant, by the set-up.
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label'])
    .where('tenant_id', '=', won.body.tenantId)
    .execute();
  const actions = audit.map((r) => r.action).sort();
  assert.deepEqual(actions, [
    'agency.create',
    'calendar.create',
    'setup.complete',
    'tenant.create',
    'user.create',
  ]);
  assert.ok(audit.every((r) => r.actor_label === 'setup (web)'));
  // No password in the audit trail.
  const data = await t.db.selectFrom('audit_log').select('data').execute();
  assert.ok(!JSON.stringify(data).includes(STRONG));

  // The new administrator signs in and administers.
  const admin = await t.login({ username: won.body.adminUsername }, STRONG);
  const me = await admin.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.role, 'admin');
  assert.equal((await admin.get('/api/v1/users')).status, 200);
});

test('R-SEC-2 no takeover: once an administrator exists every later set-up is refused', async () => {
  const anon = t.anonymous();
  // Even the same deployment and administrator again: the route is never idempotent.
  const admin = await t.db
    .selectFrom('app_user')
    .innerJoin('tenant', 'tenant.id', 'app_user.tenant_id')
    .select(['username', 'tenant.code'])
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  assertError(
    await anon.post('/api/v1/setup', body(admin.username, admin.code)),
    409,
    'setup_done',
  );
  assertError(await anon.post('/api/v1/setup', body('ke.gian', 'HACK')), 409, 'setup_done');
  const en = await anon.req('POST', '/api/v1/setup', body('ke.gian', 'HACK'), {
    'accept-language': 'en',
  });
  assertError(en, 409, 'setup_done');
  assert.equal(
    await t.db
      .selectFrom('app_user')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
    1,
  );
});
