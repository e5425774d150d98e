import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, ticketBody } from '../helpers/app.ts';

const t = await createTestApp();
after(t.close);

test('healthz answers once the database is ready', async () => {
  const res = await t.anonymous().get('/healthz');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: 'ok' });
});

test('R-WF-2 forward → accept → answer → answer citizen, with the 8 h deadline', async () => {
  const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
  const op = await t.login(await t.newUser('operator'));
  const fp = await t.login(await t.newUser('focal_point', agency));
  const created = await op.post('/api/v1/tickets', ticketBody());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.code, /^PA-2026-\d{6}$/);
  const id = created.body.id;
  const fwd = await op.post(`/api/v1/tickets/${id}/actions/forward`, { agencyId: agency.id });
  assert.equal(fwd.status, 200, JSON.stringify(fwd.body));
  assert.equal(fwd.body.status, 'forwarded');
  // Monday 08:00 + 8 working hours: 3.5 h before lunch, 4 h after, 0.5 h on Tuesday → 08:00.
  assert.equal(fwd.body.deadline.dueAt, '2026-03-03T01:00:00.000Z');
  assert.equal((await fp.post(`/api/v1/tickets/${id}/actions/accept`)).body.status, 'in_progress');
  const ans = await fp.post(`/api/v1/tickets/${id}/actions/answer_agency`, {
    answer: 'Đã sửa đèn.',
  });
  assert.equal(ans.body.status, 'agency_answered');
  const done = await op.post(`/api/v1/tickets/${id}/actions/answer_citizen`, {
    answer: 'Đơn vị đã sửa đèn.',
  });
  assert.equal(done.body.status, 'answered');
  assert.deepEqual(
    done.body.timeline.map((e: { action: string }) => e.action),
    ['create', 'forward', 'accept', 'answer_agency', 'answer_citizen'],
  );
});

test('R-SLA-4 an agency with office hours of its own gets deadlines on its calendar', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const agency = await t.newAgency({ code: 'DLUC', name: 'Điện lực' });
  // A service provider working Saturdays too, 07:00–17:00 without a lunch break.
  const day = [['07:00', '17:00']];
  const cal = await admin.post('/api/v1/calendars', {
    name: 'Điện lực — 6 ngày',
    config: {
      seasons: [
        {
          name: 'all',
          from: '01-01',
          to: '12-31',
          week: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day },
        },
      ],
    },
  });
  assert.equal(cal.status, 201, JSON.stringify(cal.body));
  const patched = await admin.patch(`/api/v1/agencies/${agency.id}`, { calendarId: cal.body.id });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.calendarId, cal.body.id);

  // Friday 2026-03-06 15:00 +07: 2 h left on Friday, then Saturday 07:00 + 6 h = 13:00.
  t.clock.set('2026-03-06T15:00:00+07:00');
  const op = await t.login(await t.newUser('operator'));
  const created = await op.post('/api/v1/tickets', ticketBody());
  const fwd = await op.post(`/api/v1/tickets/${created.body.id}/actions/forward`, {
    agencyId: agency.id,
  });
  assert.equal(fwd.status, 200, JSON.stringify(fwd.body));
  assert.equal(fwd.body.deadline.dueAt, '2026-03-07T06:00:00.000Z');
  const admin2 = await t.login(await t.newUser('admin'));
  const bad = await admin2.patch(`/api/v1/agencies/${agency.id}`, {
    calendarId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'validation_failed');
});

test('ticket codes run from the year sequence and widen past 999 999 instead of wrapping', async () => {
  const op = await t.login(await t.newUser('operator'));
  const a = await op.post('/api/v1/tickets', ticketBody());
  assert.equal(a.status, 201);
  const n = Number(a.body.code.slice('PA-2026-'.length));
  const b = await op.post('/api/v1/tickets', ticketBody());
  assert.equal(b.body.code, `PA-2026-${String(n + 1).padStart(6, '0')}`);
  const seq = `ticket_no_${t.tenantId.replaceAll('-', '')}_2026`;
  await sql`SELECT setval(${seq}::regclass, 999999)`.execute(t.db);
  const c = await op.post('/api/v1/tickets', ticketBody());
  assert.equal(c.body.code, 'PA-2026-1000000');
});
