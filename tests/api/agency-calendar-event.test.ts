/**
 * An agency moved to another calendar tells every screen (`calendar.updated`), so the
 * working-hours countdowns of its tickets load its new hours without a reload (R-SLA-4).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestApp } from '../helpers/app.ts';
import { EVENTS_CHANNEL } from '../../src/realtime/events.ts';
import type { Envelope } from '../../src/contract/events.ts';
import { until } from '../voice/helpers/peers.ts';

const t = await createTestApp();
after(t.close);

test('moving an agency to its own calendar and back publishes calendar.updated each time', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const agency = await t.newAgency({ code: 'SGTVT' });
  const cal = await admin.post('/api/v1/calendars', {
    name: 'Một cửa thứ Bảy',
    config: { timezone: 'Asia/Ho_Chi_Minh' },
  });
  assert.equal(cal.status, 201, JSON.stringify(cal.body));
  const listener = new pg.Client({ connectionString: t.ctx.env.DATABASE_URL });
  await listener.connect();
  after(() => listener.end());
  const events: Envelope[] = [];
  listener.on('notification', (m) => events.push(JSON.parse(m.payload!) as Envelope));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const updates = () => events.filter((e) => e.type === 'calendar.updated');

  const moved = await admin.patch(`/api/v1/agencies/${agency.id}`, { calendarId: cal.body.id });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const [first] = await until('calendar.updated', () => (updates().length ? updates() : null));
  assert.deepEqual(first!.data, { calendarId: cal.body.id, isDefault: false });
  assert.deepEqual(first!.rooms, [`all:${t.tenantId}`]);

  const back = await admin.patch(`/api/v1/agencies/${agency.id}`, { calendarId: null });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  await until('second calendar.updated', () => (updates().length === 2 ? true : null));
  assert.deepEqual(updates()[1]!.data, { calendarId: t.calendarId, isDefault: true });

  // Other changes to the agency announce no calendar.
  await admin.patch(`/api/v1/agencies/${agency.id}`, { phone: '02363822000' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(updates().length, 2);
});
