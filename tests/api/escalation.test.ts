/**
 * The deadline chain (R-SLA-1..4) with the controllable clock: pre-breach warning, escalation
 * to the head, overdue, idempotent and concurrent sweeping, holidays and administrator
 * calendar exceptions. Each test gets its own database, so sweeper counts are exact.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createTestApp, ticketBody, type TestApp } from '../helpers/app.ts';
import { sweepDeadlines } from '../../src/jobs/sla-sweeper.ts';
import { buildServices } from '../../src/app/services.ts';
import { buildServer } from '../../src/http/server.ts';
import type { Database } from '../../src/db/schema.ts';
import { sealAuditChains, verifyAuditChain } from '../../src/modules/audit/audit.repository.ts';
import {
  apiUser,
  assertAuditedTimeline,
  assertError,
  auditFor,
  inappRecipients,
  iso,
  outboxFor,
  type TimelineEvent,
  type Who,
} from './support.ts';

const MONDAY_8 = '2026-03-02T08:00:00+07:00';

async function world(tc: TestContext, start = MONDAY_8) {
  const t = await createTestApp({ start });
  tc.after(t.close);
  const sxd = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
  const other = await t.newAgency({ code: 'SYT', name: 'Sở Y tế' });
  const op = await apiUser(t, await t.newUser('operator'));
  const fp = await apiUser(t, await t.newUser('focal_point', sxd));
  const head = await apiUser(t, await t.newUser('agency_head', sxd));
  const otherFp = await apiUser(t, await t.newUser('focal_point', other));
  const otherHead = await apiUser(t, await t.newUser('agency_head', other));
  const coords = [
    await apiUser(t, await t.newUser('coordinator')),
    await apiUser(t, await t.newUser('coordinator')),
  ];
  const leaders = [
    await apiUser(t, await t.newUser('leader')),
    await apiUser(t, await t.newUser('leader')),
  ];
  const admin = await apiUser(t, await t.newUser('admin'));
  const sweep = () => sweepDeadlines(t.ctx, t.services);

  async function forwarded(agencyId = sxd.id) {
    const c = await op.post('/api/v1/tickets', ticketBody());
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const f = await op.post(`/api/v1/tickets/${c.body.id}/actions/forward`, { agencyId });
    assert.equal(f.status, 200, JSON.stringify(f.body));
    return f.body;
  }
  return {
    t,
    sxd,
    other,
    op,
    fp,
    head,
    otherFp,
    otherHead,
    coords,
    leaders,
    admin,
    sweep,
    forwarded,
  };
}

async function detail(who: Who, id: string) {
  const r = await who.get(`/api/v1/tickets/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function act(who: Who, id: string, action: string, body: Record<string, unknown> = {}) {
  const r = await who.post(`/api/v1/tickets/${id}/actions/${action}`, body);
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const count = (timeline: TimelineEvent[], action: string) =>
  timeline.filter((e) => e.action === action).length;
const ids = (...w: Who[]) => w.map((x) => x.me.id).sort();

async function eventCounts(t: TestApp, action: string) {
  const r = await sql<{ ticket_id: string; n: string }>`
    SELECT ticket_id, count(*) AS n FROM ticket_event WHERE action = ${action} GROUP BY ticket_id
  `.execute(t.db);
  return new Map(r.rows.map((x) => [x.ticket_id, Number(x.n)]));
}

test('R-SLA-1 R-SLA-2 R-SLA-3 warning at 75 %, head at 8 h, overdue at the head deadline — each once', async (tc) => {
  const w = await world(tc);
  const { t, fp, head, sweep } = w;
  const tk = await w.forwarded();
  // Monday 08:00 + 8 working hours → Tuesday 08:00; the warning at 6 h → Monday 15:30.
  assert.deepEqual(tk.deadline, {
    kind: 'focal_point',
    dueAt: iso('2026-03-03T08:00:00+07:00'),
    warnAt: iso('2026-03-02T15:30:00+07:00'),
  });

  t.clock.set('2026-03-02T15:29:59+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });

  // Pre-breach warning: once, on the timeline, to the focal point only.
  t.clock.set('2026-03-02T15:30:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 1 });
  t.clock.set('2026-03-02T16:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  let d = await detail(fp, tk.id);
  assert.equal(count(d.timeline, 'deadline_warning'), 1);
  const warn = d.timeline.find((e: TimelineEvent) => e.action === 'deadline_warning');
  assert.equal(warn.actor, 'system');
  assert.equal(warn.actorRole, 'system');
  assert.equal(warn.at, iso('2026-03-02T15:30:00+07:00'));
  assert.deepEqual(warn.data, { kind: 'focal_point', dueAt: iso('2026-03-03T08:00:00+07:00') });
  assert.equal(d.status, 'forwarded');
  assert.equal(d.escalation, 'none');
  assert.deepEqual(await inappRecipients(t, tk.id, 'deadline_warning'), ids(fp));
  const warnMsg = (await outboxFor(t, tk.id)).find((r) => r.template === 'deadline_warning')!;
  assert.equal(warnMsg.payload.dueAt, iso('2026-03-03T08:00:00+07:00'));

  t.clock.set('2026-03-03T07:59:59.999+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });

  // Due: escalated to the head, with a 48-working-hour head deadline. From Tuesday 08:00:
  // Tue 7.5 h, Wed–Fri 24 h (31.5), Mon 9/3 8 h (39.5), Tue 10/3 8 h (47.5), Wed 11/3 07:30 +
  // 0.5 h → Wednesday 11 March 08:00. Its 75 % warning (36 h): Tue 7.5, Wed–Fri 31.5, Mon 9/3
  // 07:30–11:30 (35.5) + 0.5 h → Monday 9 March 13:30.
  t.clock.set('2026-03-03T08:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 }, 'a second sweep fires nothing');
  d = await detail(fp, tk.id);
  assert.equal(d.status, 'forwarded', 'escalation is orthogonal to the status');
  assert.equal(d.escalation, 'head');
  assert.deepEqual(d.deadline, {
    kind: 'head',
    dueAt: iso('2026-03-11T08:00:00+07:00'),
    warnAt: iso('2026-03-09T13:30:00+07:00'),
  });
  assert.deepEqual(
    d.deadlines.map(
      (x: { kind: string; status: string; startsAt: string; firedAt: string | null }) => [
        x.kind,
        x.status,
        x.startsAt,
        x.firedAt,
      ],
    ),
    [
      ['focal_point', 'fired', iso(MONDAY_8), iso('2026-03-03T08:00:00+07:00')],
      ['head', 'pending', iso('2026-03-03T08:00:00+07:00'), null],
    ],
  );
  const esc = d.timeline.find((e: TimelineEvent) => e.action === 'escalate');
  assert.equal(esc.actor, 'system');
  assert.equal(esc.actorRole, 'system');
  assert.equal(esc.note, 'Quá hạn 8 giờ làm việc của cán bộ đầu mối');
  assert.deepEqual(esc.data, { escalation: 'head' });
  assert.deepEqual(await inappRecipients(t, tk.id, 'head_escalated'), ids(head));
  const escMsg = (await outboxFor(t, tk.id)).find((r) => r.template === 'head_escalated')!;
  assert.equal(escMsg.payload.dueAt, iso('2026-03-11T08:00:00+07:00'));
  assert.equal(escMsg.payload.escalation, 'head');
  const audit = await auditFor(t, tk.id);
  const escAudit = audit.find((a) => a.action === 'ticket.escalate')!;
  assert.equal(escAudit.actor_id, null);
  assert.equal(escAudit.actor_label, 'sla-sweeper');
  assert.equal(escAudit.data.escalation, 'head');

  // The head's own pre-breach warning goes to the head.
  t.clock.set('2026-03-09T13:29:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  t.clock.set('2026-03-09T13:30:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 1 });
  assert.deepEqual(await inappRecipients(t, tk.id, 'deadline_warning'), ids(fp, head));

  // The head misses it: overdue, reported to coordinators and provincial leaders (R-SLA-3).
  t.clock.set('2026-03-11T07:59:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  t.clock.set('2026-03-11T08:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  t.clock.set('2026-03-20T08:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 }, 'nothing is left to fire');
  d = await detail(w.coords[0]!, tk.id);
  assert.equal(d.escalation, 'overdue');
  assert.equal(d.status, 'forwarded');
  assert.equal(d.deadline, undefined);
  assert.deepEqual(
    d.deadlines.map((x: { kind: string; status: string }) => [x.kind, x.status]),
    [
      ['focal_point', 'fired'],
      ['head', 'fired'],
    ],
  );
  const od = d.timeline.find((e: TimelineEvent) => e.action === 'mark_overdue');
  assert.equal(od.actor, 'system');
  assert.equal(od.note, 'Quá hạn xử lý');
  assert.deepEqual(od.data, { escalation: 'overdue' });
  assert.deepEqual(await inappRecipients(t, tk.id, 'coordinator_overdue'), ids(...w.coords));
  assert.deepEqual(await inappRecipients(t, tk.id, 'leaders_overdue'), ids(...w.leaders));
  assert.deepEqual(await inappRecipients(t, tk.id, 'head_overdue'), ids(head));
  assert.equal(count(d.timeline, 'escalate'), 1);
  assert.equal(count(d.timeline, 'mark_overdue'), 1);
  assert.equal(count(d.timeline, 'deadline_warning'), 2);
  // No other agency heard anything.
  for (const r of await outboxFor(t, tk.id)) {
    assert.ok(![w.otherFp.me.id, w.otherHead.me.id].includes(r.user_id ?? ''));
  }

  // Overdue tickets are listed as such for the coordinator and the agency.
  const list = await w.coords[0]!.get('/api/v1/tickets?escalation=overdue');
  assert.deepEqual(
    list.body.items.map((x: { id: string }) => x.id),
    [tk.id],
  );
  const fpList = await fp.get('/api/v1/tickets?escalation=overdue');
  assert.deepEqual(
    fpList.body.items.map((x: { id: string }) => x.id),
    [tk.id],
  );
  assert.equal((await w.otherFp.get('/api/v1/tickets?escalation=overdue')).body.total, 0);

  // An overdue ticket can still be accepted and answered; the record of lateness stays.
  t.clock.set('2026-03-20T09:00:00+07:00');
  const acc = await act(fp, tk.id, 'accept');
  assert.equal(acc.status, 'in_progress');
  assert.equal(acc.escalation, 'overdue');
  const ans = await act(fp, tk.id, 'answer_agency', { answer: 'Đã xử lý, xin lỗi vì chậm trễ.' });
  assert.equal(ans.status, 'agency_answered');
  assert.equal(ans.escalation, 'overdue');
  const done = await act(w.op, tk.id, 'answer_citizen', { answer: 'Đơn vị đã xử lý.' });
  assert.equal(done.status, 'answered');
  await assertAuditedTimeline(t, tk.id, done.timeline);
});

test('R-SLA-2 an escalated ticket answered by the head meets the head deadline and never goes overdue', async (tc) => {
  const w = await world(tc);
  const { t, head, sweep } = w;
  const tk = await w.forwarded();
  // Straight to the due time, without a sweep at the warning time: the stale warning is skipped.
  t.clock.set('2026-03-03T09:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  let d = await detail(head, tk.id);
  assert.equal(d.escalation, 'head');
  assert.equal(count(d.timeline, 'deadline_warning'), 0);
  // Sweeping late starts the head's 48 h from the sweep, not from the missed due time:
  // Tuesday 09:00 + 48 working hours → Wednesday 11 March 09:00.
  assert.equal(d.deadline.dueAt, iso('2026-03-11T09:00:00+07:00'));

  t.clock.set('2026-03-05T10:00:00+07:00');
  await act(head, tk.id, 'accept');
  const ans = await act(head, tk.id, 'answer_agency', { answer: 'Giám đốc Sở trả lời.' });
  assert.equal(ans.status, 'agency_answered');
  assert.equal(ans.escalation, 'head');
  assert.deepEqual(
    ans.deadlines.map((x: { kind: string; status: string }) => [x.kind, x.status]),
    [
      ['focal_point', 'fired'],
      ['head', 'met'],
    ],
  );
  t.clock.set('2026-03-12T08:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  d = await detail(head, tk.id);
  assert.equal(d.escalation, 'head');
  assert.equal(count(d.timeline, 'mark_overdue'), 0);
  assert.deepEqual(await inappRecipients(t, tk.id, 'coordinator_overdue'), []);
});

test('R-SLA-1 a ticket answered in time never escalates; a transfer resets the chain', async (tc) => {
  const w = await world(tc);
  const { t, fp, sweep } = w;
  const answered = await w.forwarded();
  t.clock.set('2026-03-02T09:00:00+07:00');
  await act(fp, answered.id, 'accept');
  await act(fp, answered.id, 'answer_agency', { answer: 'Đã trả lời.' });

  // Another one is escalated, then transferred: escalation back to none, a fresh 8 h clock.
  t.clock.set(MONDAY_8);
  const moved = await w.forwarded();
  t.clock.set('2026-03-03T08:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  t.clock.set('2026-03-03T10:00:00+07:00');
  const tr = await fp.post(`/api/v1/tickets/${moved.id}/actions/transfer`, {
    agencyId: w.other.id,
  });
  assert.equal(tr.status, 200, JSON.stringify(tr.body));
  const d = await detail(w.otherFp, moved.id);
  assert.equal(d.escalation, 'none');
  assert.deepEqual(
    d.deadlines.map((x: { kind: string; status: string; dueAt: string }) => [
      x.kind,
      x.status,
      x.dueAt,
    ]),
    [
      ['focal_point', 'fired', iso('2026-03-03T08:00:00+07:00')],
      ['head', 'cancelled', iso('2026-03-11T08:00:00+07:00')],
      ['focal_point', 'pending', iso('2026-03-04T10:00:00+07:00')],
    ],
  );

  t.clock.set('2026-03-03T16:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  const a = await detail(w.op, answered.id);
  assert.equal(a.escalation, 'none');
  assert.equal(count(a.timeline, 'escalate'), 0);
  assert.equal(count(a.timeline, 'deadline_warning'), 0);
});

test('R-WF-6 a missed promised date marks the ticket overdue', async (tc) => {
  const w = await world(tc);
  const { t, fp, sweep } = w;
  const tk = await w.forwarded();
  await act(fp, tk.id, 'accept');
  const v = await act(fp, tk.id, 'request_verification', { promisedDate: '2026-03-04' });
  assert.equal(v.deadline.dueAt, iso('2026-03-04T17:00:00+07:00'));
  // The cancelled focal-point deadline never fires, even past its due time.
  t.clock.set('2026-03-04T16:59:59+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  t.clock.set('2026-03-04T17:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  const d = await detail(fp, tk.id);
  assert.equal(d.status, 'verifying');
  assert.equal(d.escalation, 'overdue');
  assert.deepEqual(await inappRecipients(t, tk.id, 'coordinator_overdue'), ids(...w.coords));
  assert.deepEqual(await inappRecipients(t, tk.id, 'leaders_overdue'), ids(...w.leaders));
  // Still answerable.
  assert.equal(
    (await act(fp, tk.id, 'answer_agency', { answer: 'Đã xác minh xong.' })).status,
    'agency_answered',
  );
});

test('R-SLA-2 two sweepers at once fire each of 50 due deadlines exactly once', async (tc) => {
  const w = await world(tc);
  const { t } = w;
  const tickets: string[] = [];
  for (let i = 0; i < 50; i++) tickets.push((await w.forwarded()).id);

  // Warnings first, in small batches so that the two sweepers interleave.
  t.clock.set('2026-03-02T15:30:00+07:00');
  const warned = await Promise.all([
    sweepDeadlines(t.ctx, t.services, { batch: 7 }),
    sweepDeadlines(t.ctx, t.services, { batch: 7 }),
  ]);
  assert.equal(warned[0]!.warned + warned[1]!.warned, 50, JSON.stringify(warned));
  const warnEvents = await eventCounts(t, 'deadline_warning');
  assert.equal(warnEvents.size, 50);
  for (const id of tickets) assert.equal(warnEvents.get(id), 1, `one warning for ${id}`);

  t.clock.set('2026-03-03T08:00:00+07:00');
  const fired = await Promise.all([
    sweepDeadlines(t.ctx, t.services),
    sweepDeadlines(t.ctx, t.services),
  ]);
  assert.equal(fired[0]!.fired + fired[1]!.fired, 50, JSON.stringify(fired));
  assert.equal(fired[0]!.warned + fired[1]!.warned, 0);
  const esc = await eventCounts(t, 'escalate');
  assert.equal(esc.size, 50);
  for (const id of tickets) assert.equal(esc.get(id), 1, `one escalation for ${id}`);

  // Again, concurrently: nothing.
  const again = await Promise.all([
    sweepDeadlines(t.ctx, t.services, { batch: 7 }),
    sweepDeadlines(t.ctx, t.services, { batch: 7 }),
  ]);
  assert.deepEqual(again, [
    { fired: 0, warned: 0 },
    { fired: 0, warned: 0 },
  ]);

  const byStatus = await t.db
    .selectFrom('deadline')
    .select(['kind', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .execute();
  assert.deepEqual(
    byStatus.map((r) => [r.kind, r.status, Number(r.n)]),
    [
      ['focal_point', 'fired', 50],
      ['head', 'pending', 50],
    ],
  );
  const msgs = await t.db
    .selectFrom('outbox')
    .select(['template', (eb) => eb.fn.countAll<string>().as('n')])
    .where('template', 'in', ['head_escalated', 'deadline_warning'])
    .groupBy('template')
    .orderBy('template')
    .execute();
  assert.deepEqual(
    msgs.map((r) => [r.template, Number(r.n)]),
    [
      ['deadline_warning', 50],
      ['head_escalated', 50],
    ],
  );
  const audits = await t.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'ticket.escalate')
    .executeTakeFirstOrThrow();
  assert.equal(Number(audits.n), 50);
  // Two sealers at once, as two workers would, then verify.
  await Promise.all([sealAuditChains(t.db, t.clock.now()), sealAuditChains(t.db, t.clock.now())]);
  const chain = await verifyAuditChain(t.db);
  assert.equal(chain.ok, true, JSON.stringify(chain));
  assert.equal(chain.unsealed, 0);
});

test('R-SLA-4 a deadline across Tết 2026 (16–20/2) skips the holidays and the weekends', async (tc) => {
  const w = await world(tc, '2026-02-13T16:00:00+07:00');
  const { t, sweep } = w;
  const tk = await w.forwarded();
  // Friday 16:00–17:00 = 1 h; Tết Monday 16 – Friday 20, weekend 21–22; Monday 23/2 07:30 + 7 h
  // (4 h in the morning, 3 h from 13:00) → 16:00. The warning at 6 h → Monday 23/2 14:00.
  assert.deepEqual(tk.deadline, {
    kind: 'focal_point',
    dueAt: iso('2026-02-23T16:00:00+07:00'),
    warnAt: iso('2026-02-23T14:00:00+07:00'),
  });
  // The calendar endpoint agrees, in local time.
  const prev = await w.op.get(
    `/api/v1/calendars/${t.calendarId}/preview?from=${encodeURIComponent('2026-02-13T16:00:00+07:00')}&hours=8`,
  );
  assert.equal(prev.status, 200);
  assert.equal(prev.body.dueAt, '2026-02-23T16:00:00+07:00');
  const hol = await w.op.get(`/api/v1/calendars/${t.calendarId}/holidays?year=2026`);
  const dates = hol.body.map((x: { date: string }) => x.date);
  for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
    assert.ok(dates.includes(day), `${day} is a holiday`);
  }

  // Nothing fires over Tết.
  t.clock.set('2026-02-20T17:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 0, warned: 0 });
  t.clock.set('2026-02-23T16:00:00+07:00');
  assert.deepEqual(await sweep(), { fired: 1, warned: 0 });
  // Head deadline from Monday 23/2 16:00: 1 h; Tue–Fri 32 h (33); Mon 2/3 8 h (41); Tue 3/3
  // 07:30 + 7 h → Tuesday 3 March 16:00.
  const d = await detail(w.head, tk.id);
  assert.equal(d.deadline.kind, 'head');
  assert.equal(d.deadline.dueAt, iso('2026-03-03T16:00:00+07:00'));
});

test('R-SLA-4 official day swaps: Saturday 10/1/2026 is worked, Friday 2/1 is not', async (tc) => {
  const w = await world(tc, '2026-01-09T16:00:00+07:00');
  const { t } = w;
  // Friday 9/1 16:00: 1 h, then the make-up Saturday 10/1: 07:30 + 7 h → 16:00 Saturday.
  const a = await w.forwarded();
  assert.equal(a.deadline.dueAt, iso('2026-01-10T16:00:00+07:00'));
  // Wednesday 31/12/2025 16:00: 1 h; 1/1 holiday, 2/1 swapped off, weekend → Monday 5/1 16:00.
  t.clock.set('2025-12-31T16:00:00+07:00');
  const b = await w.forwarded();
  assert.equal(b.deadline.dueAt, iso('2026-01-05T16:00:00+07:00'));
});

test('R-SLA-4 an administrator-added holiday or make-up day changes the next computed deadline', async (tc) => {
  const w = await world(tc, '2026-03-23T08:00:00+07:00');
  const { t, admin } = w;
  const cal = `/api/v1/calendars/${t.calendarId}`;
  const before = await w.forwarded();
  assert.equal(before.deadline.dueAt, iso('2026-03-24T08:00:00+07:00'));

  // Only the administrator may change the calendar.
  const holiday = { date: '2026-03-24', kind: 'holiday', nameVi: 'Nghỉ đột xuất do bão' };
  assertError(await w.op.put(`${cal}/exceptions`, holiday), 403, 'forbidden');
  assertError(await w.head.put(`${cal}/exceptions`, holiday), 403, 'forbidden');
  const put = await admin.put(`${cal}/exceptions`, holiday);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const shown = await w.op.get(cal);
  assert.deepEqual(shown.body.exceptions, [
    {
      date: '2026-03-24',
      kind: 'holiday',
      nameVi: 'Nghỉ đột xuất do bão',
      nameEn: '',
      intervals: null,
    },
  ]);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where('entity_type', '=', 'calendar')
    .execute();
  assert.deepEqual(audit, [{ action: 'calendar.exception.upsert', actor_id: admin.me.id }]);

  // The next forward skips Tuesday 24/3: Monday 08:00 + 8 h → Wednesday 25/3 08:00.
  const after = await w.forwarded();
  assert.equal(after.deadline.dueAt, iso('2026-03-25T08:00:00+07:00'));
  assert.equal(after.deadline.warnAt, iso('2026-03-23T15:30:00+07:00'));

  // A make-up Saturday with its own hours: Friday 27/3 16:00 → 1 h; Saturday 28/3 08:00–12:00
  // 4 h; Monday 30/3 07:30 + 3 h → 10:30.
  const saturday = {
    date: '2026-03-28',
    kind: 'working',
    nameVi: 'Làm bù',
    intervals: [['08:00', '12:00']],
  };
  assert.equal((await admin.put(`${cal}/exceptions`, saturday)).status, 200);
  t.clock.set('2026-03-27T16:00:00+07:00');
  assert.equal((await w.forwarded()).deadline.dueAt, iso('2026-03-30T10:30:00+07:00'));
  // Without hours, a make-up day gets a normal day's hours: Saturday 07:30 + 7 h → 16:00.
  assert.equal(
    (
      await admin.put(`${cal}/exceptions`, {
        date: '2026-03-28',
        kind: 'working',
        nameVi: 'Làm bù',
      })
    ).status,
    200,
  );
  assert.equal((await w.forwarded()).deadline.dueAt, iso('2026-03-28T16:00:00+07:00'));
  // Deleted again: back to the plain week, Monday 30/3 16:00.
  assert.equal((await admin.delete(`${cal}/exceptions/2026-03-28`)).status, 200);
  assert.equal((await w.forwarded()).deadline.dueAt, iso('2026-03-30T16:00:00+07:00'));
  assertError(await admin.delete(`${cal}/exceptions/2026-03-28`), 404, 'not_found');
});

test('R-SLA-4 an agency with its own calendar counts its own working hours', async (tc) => {
  const w = await world(tc);
  // Friday 6/3 15:00 on the default calendar: 2 h, Monday 9/3 07:30 + 6 h → 15:00. Forwarding
  // once first also puts the agency in the configuration cache.
  w.t.clock.set('2026-03-06T15:00:00+07:00');
  assert.equal((await w.forwarded(w.other.id)).deadline.dueAt, iso('2026-03-09T15:00:00+07:00'));

  // A one-stop counter open Monday–Saturday 07:00–11:00 and 13:00–16:00.
  const day = [
    ['07:00', '11:00'],
    ['13:00', '16:00'],
  ];
  const config = {
    timezone: 'Asia/Ho_Chi_Minh',
    seasons: [
      {
        name: 'all',
        from: '01-01',
        to: '12-31',
        week: { 0: [], 1: day, 2: day, 3: day, 4: day, 5: day, 6: day },
      },
    ],
  };
  const body = { name: 'Bộ phận một cửa', config };
  assertError(await w.op.post('/api/v1/calendars', body), 403, 'forbidden');
  const c = await w.admin.post('/api/v1/calendars', body);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.isDefault, false);
  assertError(
    await w.head.patch(`/api/v1/agencies/${w.other.id}`, { calendarId: c.body.id }),
    403,
    'forbidden',
  );
  const p = await w.admin.patch(`/api/v1/agencies/${w.other.id}`, { calendarId: c.body.id });
  assert.equal(p.status, 200, JSON.stringify(p.body));

  // Friday 15:00: 1 h; Saturday 7/3 07:00–11:00 (5), 13:00 + 3 h → Saturday 16:00.
  assert.equal((await w.forwarded(w.other.id)).deadline.dueAt, iso('2026-03-07T16:00:00+07:00'));
  // The default calendar still applies to other agencies.
  assert.equal((await w.forwarded()).deadline.dueAt, iso('2026-03-09T15:00:00+07:00'));
});

test('R-SLA-1 the 8 h / 48 h / warning settings are per deployment', async (tc) => {
  const w = await world(tc);
  const { t } = w;
  // Written before anything reads the tenant: configuration rows are cached for 5 s.
  await t.db
    .updateTable('tenant')
    .set({
      settings: JSON.stringify({
        ticketPrefix: 'PA',
        sla: { focalPointHours: 4, headHours: 16, warnRatio: 0.5 },
      }),
    })
    .where('id', '=', t.tenantId)
    .execute();
  const tk = await w.forwarded();
  // Monday 08:00 + 4 h → 13:30; warning at 2 h → 10:00.
  assert.deepEqual(tk.deadline, {
    kind: 'focal_point',
    dueAt: iso('2026-03-02T13:30:00+07:00'),
    warnAt: iso('2026-03-02T10:00:00+07:00'),
  });
  t.clock.set('2026-03-02T13:30:00+07:00');
  assert.deepEqual(await w.sweep(), { fired: 1, warned: 0 });
  // Head: 16 h from Monday 13:30 → Monday 3.5 h, Tuesday 8 h (11.5), Wednesday 07:30 + 4.5 h → 13:30.
  const d = await detail(w.head, tk.id);
  assert.equal(d.deadline.dueAt, iso('2026-03-04T13:30:00+07:00'));
});

/**
 * Runs requests at once on a second app over the same database whose pool has 3 connections
 * and gives up after 3 s (the production pool waits forever): a transition that needs a second
 * connection while every connection sits in a transition shows up as 500s instead of a hang.
 */
async function burst(
  w: Awaited<ReturnType<typeof world>>,
  requests: { url: string; payload: object }[],
): Promise<number[]> {
  const pool = new pg.Pool({
    connectionString: w.t.ctx.env.DATABASE_URL,
    max: 3,
    connectionTimeoutMillis: 3000,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const ctx = { ...w.t.ctx, db };
  const { app } = await buildServer({ ctx, services: buildServices(ctx) });
  // Closed here, before the world's database is dropped under its connections.
  try {
    const res = await Promise.all(
      requests.map((r) =>
        app.inject({
          method: 'POST',
          url: r.url,
          payload: r.payload,
          headers: { authorization: `Bearer ${w.op.token}` },
        }),
      ),
    );
    return res.map((r) => r.statusCode);
  } finally {
    await app.close();
    await db.destroy();
  }
}

async function received(w: Awaited<ReturnType<typeof world>>, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await w.op.post('/api/v1/tickets', ticketBody())).body.id);
  return ids;
}

test('R-SLA-1 a burst of forwards larger than the connection pool completes (no pool deadlock)', async (tc) => {
  const w = await world(tc);
  const ids = await received(w, 9);
  const statuses = await burst(
    w,
    ids.map((id) => ({
      url: `/api/v1/tickets/${id}/actions/forward`,
      payload: { agencyId: w.sxd.id },
    })),
  );
  assert.deepEqual(
    statuses,
    ids.map(() => 200),
  );
});

test(
  'R-SLA-1 forwards and new tickets at once, beyond the pool size, all complete (no pool deadlock)',
  // Regression: TtlCache once shared an in-flight pool load with transactions holding every
  // connection; it now shares only resolved values.
  async (tc) => {
    const w = await world(tc);
    const ids = await received(w, 6);
    const statuses = await burst(w, [
      ...ids.map((id) => ({
        url: `/api/v1/tickets/${id}/actions/forward`,
        payload: { agencyId: w.sxd.id },
      })),
      ...[1, 2, 3].map(() => ({ url: '/api/v1/tickets', payload: ticketBody() })),
    ]);
    assert.deepEqual(statuses, [...ids.map(() => 200), 201, 201, 201]);
  },
);

test('R-SLA-4 a holiday declared by the administrator moves running deadlines; the sweeper follows', async (tc) => {
  const w = await world(tc);
  const { t } = w;
  const a = await w.forwarded();
  assert.equal(a.deadline.dueAt, iso('2026-03-03T08:00:00+07:00'));
  // An agency on a calendar of its own is not touched by a change to the default one.
  const own = await w.admin.post('/api/v1/calendars', {
    name: 'Riêng',
    config: { timezone: 'Asia/Ho_Chi_Minh' },
  });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  assert.equal(
    (await w.admin.patch(`/api/v1/agencies/${w.other.id}`, { calendarId: own.body.id })).status,
    200,
  );
  const b = await w.forwarded(w.other.id);
  assert.equal(b.deadline.dueAt, iso('2026-03-03T08:00:00+07:00'));

  const holiday = { date: '2026-03-03', kind: 'holiday', nameVi: 'Nghỉ đột xuất' };
  const put = await w.admin.put(`/api/v1/calendars/${t.calendarId}/exceptions`, holiday);
  assert.deepEqual(put.body, { ok: true, deadlinesMoved: 1 });
  const moved = await detail(w.fp, a.id);
  assert.equal(moved.deadline.dueAt, iso('2026-03-04T08:00:00+07:00'));
  // The warning (75 % = 6 h: Monday 15:30) is before the holiday: it stays.
  assert.equal(moved.deadline.warnAt, iso('2026-03-02T15:30:00+07:00'));
  const last = moved.timeline.at(-1) as TimelineEvent;
  assert.equal(last.action, 'deadline_rescheduled');
  assert.equal(last.actorRole, 'admin');
  assert.deepEqual(last.data, {
    kind: 'focal_point',
    from: iso('2026-03-03T08:00:00+07:00'),
    to: iso('2026-03-04T08:00:00+07:00'),
    calendarId: t.calendarId,
  });
  assert.equal((await detail(w.otherFp, b.id)).deadline.dueAt, b.deadline.dueAt);
  const audit = await t.db
    .selectFrom('audit_log')
    .select('data')
    .where('action', '=', 'calendar.exception.upsert')
    .executeTakeFirstOrThrow();
  assert.equal((audit.data as { deadlinesMoved: number }).deadlinesMoved, 1);

  // Withdrawn: the deadline comes back; declared again: it moves again.
  const del = await w.admin.delete(`/api/v1/calendars/${t.calendarId}/exceptions/2026-03-03`);
  assert.deepEqual(del.body, { ok: true, deadlinesMoved: 1 });
  assert.equal((await detail(w.fp, a.id)).deadline.dueAt, iso('2026-03-03T08:00:00+07:00'));
  await w.admin.put(`/api/v1/calendars/${t.calendarId}/exceptions`, holiday);

  // The sweeper works on the moved deadline: nothing fires on the old one.
  t.clock.set('2026-03-03T08:00:00+07:00');
  assert.deepEqual(await w.sweep(), { fired: 1, warned: 1 }); // b (own calendar) fires; a warned
  assert.equal((await detail(w.fp, a.id)).escalation, 'none');
  t.clock.set('2026-03-04T08:00:00+07:00');
  assert.deepEqual(await w.sweep(), { fired: 1, warned: 0 });
  const escalated = await detail(w.head, a.id);
  assert.equal(escalated.escalation, 'head');
  // Every step — the three moves and the warning included — is in the audit trail.
  assert.deepEqual(
    escalated.timeline.map((e: TimelineEvent) => e.action),
    [
      'create',
      'forward',
      'deadline_rescheduled',
      'deadline_rescheduled',
      'deadline_rescheduled',
      'deadline_warning',
      'escalate',
    ],
  );
  await assertAuditedTimeline(t, a.id, escalated.timeline);
});

test('R-SLA-4 moving an agency to another calendar lays its running deadlines out on it', async (tc) => {
  const w = await world(tc);
  const a = await w.forwarded();
  const paused = await w.forwarded();
  assert.equal(
    (
      await w.fp.post(`/api/v1/tickets/${paused.id}/actions/request_supplement`, {
        note: 'Xin bổ sung ảnh chụp hiện trường',
      })
    ).status,
    200,
  );
  const day = [
    ['07:00', '11:00'],
    ['13:00', '16:00'],
  ];
  const c = await w.admin.post('/api/v1/calendars', {
    name: 'Một cửa',
    config: {
      timezone: 'Asia/Ho_Chi_Minh',
      seasons: [
        {
          name: 'all',
          from: '01-01',
          to: '12-31',
          week: { 1: day, 2: day, 3: day, 4: day, 5: day },
        },
      ],
    },
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(
    (await w.admin.patch(`/api/v1/agencies/${w.sxd.id}`, { calendarId: c.body.id })).status,
    200,
  );
  // 8 h left from Monday 08:00: 08:00–11:00 (3), 13:00–16:00 (3), Tuesday 07:00–09:00 (2).
  const d = await detail(w.fp, a.id);
  assert.equal(d.deadline.dueAt, iso('2026-03-03T09:00:00+07:00'));
  assert.deepEqual((d.timeline.at(-1) as TimelineEvent).data, {
    kind: 'focal_point',
    from: iso('2026-03-03T08:00:00+07:00'),
    to: iso('2026-03-03T09:00:00+07:00'),
    agencyId: w.sxd.id,
  });
  // A paused clock keeps its remaining time; it resumes on the new calendar later.
  const p = await detail(w.fp, paused.id);
  assert.notEqual(p.timeline.at(-1).action, 'deadline_rescheduled');
});
