/**
 * The supervisor's per-operator load (R-OP-2) through the API: tickets each operator recorded
 * and handled today (Vietnam's day), those they hold at the hotline, their last action, and
 * whether they are signed in; only supervisors, coordinators and administrators read it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import { localDayStart } from '../../src/modules/stats/stats.service.ts';

const t = await createTestApp({ start: '2026-03-02T23:30:00+07:00' });
after(t.close);
const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const lan = await t.newUser('operator', null, { username: 'op.lan' });
const minh = await t.newUser('operator', null, { username: 'op.minh' });
await t.newUser('operator', null, { username: 'op.off' });

async function ticket(c: Client) {
  const r = await c.post('/api/v1/tickets', ticketBody());
  assert.equal(r.status, 201);
  return r.body as { id: string };
}

test('Vietnam’s day starts at 17:00 UTC the day before', () => {
  assert.equal(
    localDayStart(new Date('2026-03-02T23:30:00+07:00')).toISOString(),
    '2026-03-01T17:00:00.000Z',
  );
  assert.equal(
    localDayStart(new Date('2026-03-02T00:10:00+07:00')).toISOString(),
    '2026-03-01T17:00:00.000Z',
  );
});

test('each operator’s load today: recorded, handled, held, last action, signed in', async () => {
  const a = await t.login(lan);
  const b = await t.login(minh);
  // Yesterday (late evening, Vietnam time): counts as held, not as today's work.
  await ticket(a);
  t.clock.set('2026-03-03T08:00:00+07:00');
  const a1 = await ticket(a);
  await ticket(a);
  const answered = await a.post(`/api/v1/tickets/${a1.id}/actions/answer_directly`, {
    answer: 'Đã hướng dẫn.',
  });
  assert.equal(answered.status, 200);
  const b1 = await ticket(b);
  t.clock.set('2026-03-03T09:15:00+07:00');
  await b.post(`/api/v1/tickets/${b1.id}/actions/forward`, { agencyId: agency.id });
  await b.post(`/api/v1/tickets/${b1.id}/actions/comment`, { note: 'Đã gọi lại.' });

  const sup = await t.login(await t.newUser('supervisor'));
  const r = await sup.get('/api/v1/stats/operators');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.since, '2026-03-02T17:00:00.000Z');
  assert.deepEqual(
    r.body.operators.map((o: Record<string, unknown>) => [
      o.username,
      o.createdToday,
      o.handledToday,
      o.openHeld,
      o.lastActionAt,
      o.signedIn,
    ]),
    [
      ['op.lan', 2, 1, 2, '2026-03-03T01:00:00.000Z', true],
      // A comment is not handling; the forwarded ticket is no longer held at the hotline.
      ['op.minh', 1, 1, 0, '2026-03-03T02:15:00.000Z', true],
      ['op.off', 0, 0, 0, null, false],
    ],
  );
});

test('operators, agencies and leaders may not read it', async () => {
  for (const role of ['operator', 'focal_point', 'agency_head', 'leader'] as const) {
    const c = await t.login(
      await t.newUser(role, role === 'focal_point' || role === 'agency_head' ? agency : null),
    );
    const r = await c.get('/api/v1/stats/operators');
    assert.equal(r.status, 403, role);
  }
  assert.equal((await t.anonymous().get('/api/v1/stats/operators')).status, 401);
});
