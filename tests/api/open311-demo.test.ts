/**
 * The demo province's published api_key (README line `api_key: …`) posts through Open311.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestApp } from '../helpers/app.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { DEMO_OPEN311_KEY } from '../../src/modules/open311/open311.service.ts';
import { call } from './open311.support.ts';

// The demo seeds only an empty database: the test app's own tenant is removed first.
// A Wednesday whose six weeks before hold the demo's stories (as in src/demo/seed.test.ts).
const t = await createTestApp({ start: '2026-03-11T10:00:00+07:00' });
after(t.close);
await t.db.deleteFrom('calendar').where('tenant_id', '=', t.tenantId).execute();
await t.db.deleteFrom('tenant').where('id', '=', t.tenantId).execute();
t.services.open311.forgetJurisdictions();

test('README publishes the demo api_key, and the seeded demo accepts it', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const line = readme.split('\n').find((l) => l.startsWith('api_key: '));
  assert.equal(line, `api_key: ${DEMO_OPEN311_KEY}`);

  const report = await seedDemo(t.ctx, t.services);
  assert.ok(report);
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: {
      api_key: DEMO_OPEN311_KEY,
      service_code: 'CSCX',
      lat: '10.46',
      long: '105.63',
      description: 'Đèn đường trước số 12 Nguyễn Huệ bị tắt',
    },
  });
  assert.equal(r.status, 200, r.text);
  const [created] = r.json as { service_request_id: string }[];
  const tk = await t.db
    .selectFrom('ticket')
    .select(['channel', 'tenant_id'])
    .where('code', '=', created!.service_request_id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(tk, { channel: 'open311', tenant_id: report.tenantId });
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['actor_label', 'data'])
    .where('action', '=', 'open311.key.create')
    .executeTakeFirstOrThrow();
  assert.equal(audit.actor_label, 'admin');
  // The demo's services are its fields, in its five groups.
  const services = (await call(t, 'GET', '/open311/v2/services.json')).json as { group: string }[];
  assert.equal(services.length, 29);
  assert.equal(new Set(services.map((s) => s.group)).size, 5);
});
