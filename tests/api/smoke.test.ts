import { test, after } from 'node:test';
import assert from 'node:assert/strict';
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
