/**
 * Every path of REQUIREMENTS §3–§5 end to end through the HTTP API: status, timeline (actor,
 * note, data), deadlines, notifications written to the outbox for the right people, and one
 * audit record per transition.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody } from '../helpers/app.ts';
import { sealAuditChains, verifyAuditChain } from '../../src/modules/audit/audit.repository.ts';
import { sweepDeadlines } from '../../src/jobs/sla-sweeper.ts';
import {
  assertAuditedTimeline,
  assertError,
  auditFor,
  counts,
  inappRecipients,
  iso,
  outboxFor,
  apiUser,
  type Who,
  type TimelineEvent,
} from './support.ts';

const t = await createTestApp();
after(t.close);

const MONDAY_8 = '2026-03-02T08:00:00+07:00';

const sxd = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const qldt = await t.newAgency({
  code: 'SXD-QLDT',
  name: 'Phòng Quản lý đô thị',
  kind: 'subunit',
  parentId: sxd.id,
});
const stnmt = await t.newAgency({ code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' });
const stnmtSub = await t.newAgency({
  code: 'STNMT-DD',
  name: 'Phòng Đo đạc',
  kind: 'subunit',
  parentId: stnmt.id,
});
const ubnd = await t.newAgency({
  code: 'UBND-CT',
  name: 'UBND huyện Châu Thành',
  kind: 'committee',
  requiresApproval: true,
});

const op = await apiUser(t, await t.newUser('operator'));
const op2 = await apiUser(t, await t.newUser('operator'));
const sup = await apiUser(t, await t.newUser('supervisor'));
const coord = await apiUser(t, await t.newUser('coordinator'));
const leader = await apiUser(t, await t.newUser('leader'));
const fpA = await apiUser(t, await t.newUser('focal_point', sxd, { email: 'daumoi@sxd.gov.vn' }));
const headA = await apiUser(t, await t.newUser('agency_head', sxd));
const subA = await apiUser(t, await t.newUser('focal_point', qldt));
const subHeadA = await apiUser(t, await t.newUser('agency_head', qldt));
const fpB = await apiUser(t, await t.newUser('focal_point', stnmt));
const headB = await apiUser(t, await t.newUser('agency_head', stnmt));
const fpC = await apiUser(t, await t.newUser('focal_point', ubnd));
const headC = await apiUser(t, await t.newUser('agency_head', ubnd));

const ids = (...s: Who[]) => s.map((x) => x.me.id).sort();
const hotlineOf = (creator: Who) => ids(creator, sup);

async function newTicket(by: Who = op, over: Record<string, unknown> = {}) {
  const res = await by.post('/api/v1/tickets', ticketBody(over));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; version: number; code: string };
}

async function act(who: Who, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await who.post(`/api/v1/tickets/${id}/actions/${action}`, body);
  assert.equal(res.status, 200, `${action} by ${who.me.role}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function detail(id: string, who: Who = op) {
  const res = await who.get(`/api/v1/tickets/${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

function last(timeline: TimelineEvent[]): TimelineEvent {
  return timeline[timeline.length - 1]!;
}

test('R-IN-2 a rejected contact records reason and guidance; the citizen is told; nothing else is possible', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op, {
    content: 'Tôi muốn tố cáo hàng xóm lấn chiếm đất đai, đề nghị xử lý ngay.',
    citizen: { name: 'Trần Thị Bình', phone: '0987 654 321', email: 'Binh@Example.VN' },
  });
  const before = await counts(t);
  // Reason without guidance: refused, and nothing is written.
  const noGuidance = await op.post(`/api/v1/tickets/${tk.id}/actions/reject`, {
    reason: 'Tố cáo không thuộc phạm vi tiếp nhận của Tổng đài 1022',
  });
  assertError(noGuidance, 400, 'validation_failed');
  assert.deepEqual(noGuidance.body.error.details, [{ path: 'guidance', message: 'required' }]);
  assert.deepEqual(await counts(t), before);

  const reason = 'Tố cáo không thuộc phạm vi tiếp nhận của Tổng đài 1022';
  const guidance = 'Đề nghị gửi đơn tố cáo đến Thanh tra tỉnh theo Luật Tố cáo 2018';
  const res = await act(op, tk.id, 'reject', {
    reason,
    guidance,
    note: 'Đã hướng dẫn qua điện thoại',
  });
  assert.equal(res.status, 'rejected');
  assert.equal(res.rejectReason, reason);
  assert.equal(res.rejectGuidance, guidance);
  assert.equal(res.closedAt, iso(MONDAY_8));
  assert.deepEqual(res.actions, [], 'a rejected ticket offers no action');
  const ev = last(res.timeline);
  assert.equal(ev.action, 'reject');
  assert.equal(ev.fromStatus, 'received');
  assert.equal(ev.toStatus, 'rejected');
  assert.equal(ev.actor, op.me.displayName);
  assert.equal(ev.actorRole, 'operator');
  assert.equal(ev.note, 'Đã hướng dẫn qua điện thoại');
  assert.deepEqual(ev.data, { reason, guidance });

  // The citizen hears the reason through the contacts given (phone normalised, email lowercased).
  const out = await outboxFor(t, tk.id);
  assert.deepEqual(
    out.map((r) => [r.channel, r.recipient, r.template, r.user_id]),
    [
      ['email', 'binh@example.vn', 'citizen_rejected', null],
      ['sms', '0987654321', 'citizen_rejected', null],
    ],
  );
  // Closed for good: no forward, no reopen.
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: sxd.id }),
    409,
    'invalid_transition',
  );
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/reopen`, { reason: 'thử lại' }),
    409,
    'invalid_transition',
  );
  await assertAuditedTimeline(t, tk.id, res.timeline);
});

test('R-WF-1 answered from the knowledge base, closed, then reopened back to received', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op, {
    content: 'Hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những giấy tờ gì?',
    citizen: { name: 'Lê Văn Cường', phone: '0905111222' },
  });
  t.clock.set('2026-03-02T08:05:00+07:00');
  const answer = 'Hồ sơ gồm: đơn đề nghị, bản sao giấy tờ về quyền sử dụng đất, bản vẽ thiết kế.';
  const answered = await act(op, tk.id, 'answer_directly', { answer, kbArticleId: 'KB-TTHC-0042' });
  assert.equal(answered.status, 'answered');
  assert.equal(answered.answer, answer);
  assert.equal(answered.answeredAt, iso('2026-03-02T08:05:00+07:00'));
  assert.equal(answered.agencyId, null);
  assert.deepEqual(answered.deadlines, [], 'answered at once: no deadline ever started');
  const ev = last(answered.timeline);
  assert.equal(ev.action, 'answer_directly');
  assert.equal(ev.actor, op.me.displayName);
  assert.deepEqual(ev.data, { answer, kbArticleId: 'KB-TTHC-0042' });
  assert.deepEqual(
    (await outboxFor(t, tk.id)).map((r) => [r.channel, r.recipient, r.template]),
    [['sms', '0905111222', 'citizen_answered']],
  );

  t.clock.set('2026-03-02T08:06:00+07:00');
  const closed = await act(op, tk.id, 'close');
  assert.equal(closed.status, 'closed');
  assert.equal(closed.closedAt, iso('2026-03-02T08:06:00+07:00'));
  assert.deepEqual(closed.actions, ['reopen']);

  // Reopen needs a reason.
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/reopen`, {}),
    400,
    'validation_failed',
  );

  t.clock.set('2026-03-03T09:00:00+07:00');
  const reopened = await act(sup, tk.id, 'reopen', {
    reason: 'Công dân gọi lại, câu trả lời chưa đầy đủ',
  });
  assert.equal(reopened.status, 'received');
  assert.equal(reopened.reopenCount, 1);
  assert.equal(reopened.answeredAt, null);
  assert.equal(reopened.closedAt, null);
  assert.equal(reopened.escalation, 'none');
  assert.equal(reopened.supplementRequested, false);
  const rev = last(reopened.timeline);
  assert.equal(rev.action, 'reopen');
  assert.equal(rev.actor, sup.me.displayName);
  assert.equal(rev.actorRole, 'supervisor');
  assert.deepEqual(rev.data, {
    reason: 'Công dân gọi lại, câu trả lời chưa đầy đủ',
    resumed: 'received',
  });
  // The hotline (the operator who recorded it and the supervisors) is told.
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_reopened'), hotlineOf(op));
  assert.deepEqual(
    reopened.timeline.map((e: TimelineEvent) => e.action),
    ['create', 'answer_directly', 'close', 'reopen'],
  );
  await assertAuditedTimeline(t, tk.id, reopened.timeline);
  // A reopened ticket goes through the workflow again.
  const fwd = await act(op, tk.id, 'forward', { agencyId: sxd.id });
  assert.equal(fwd.status, 'forwarded');
});

test('R-WF-2 R-SLA-1 forwarded → accepted → agency answer → hotline answers the citizen → closed', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op2, { urgency: 'urgent' });
  const fwd = await act(op2, tk.id, 'forward', { agencyId: sxd.id, note: 'Chuyển Sở Xây dựng' });
  assert.equal(fwd.status, 'forwarded');
  assert.equal(fwd.agencyId, sxd.id);
  assert.equal(fwd.forwardedAt, iso(MONDAY_8));
  // 8 working hours from Monday 08:00 → Tuesday 08:00; 75 % (6 h) → Monday 15:30.
  assert.deepEqual(fwd.deadline, {
    kind: 'focal_point',
    dueAt: iso('2026-03-03T08:00:00+07:00'),
    warnAt: iso('2026-03-02T15:30:00+07:00'),
  });
  assert.equal(fwd.deadlines.length, 1);
  assert.equal(fwd.deadlines[0].status, 'pending');
  assert.equal(fwd.deadlines[0].startsAt, iso(MONDAY_8));
  const fev = last(fwd.timeline);
  assert.equal(fev.action, 'forward');
  assert.equal(fev.agency, 'Sở Xây dựng');
  assert.equal(fev.note, 'Chuyển Sở Xây dựng');
  assert.deepEqual(fev.data, { fromAgencyId: null, toAgencyId: sxd.id });

  // Only SXD's focal point is told (in-app + email, since they have an address), with the due time.
  const notes = (await outboxFor(t, tk.id)).filter((r) => r.template === 'agency_forwarded');
  assert.deepEqual(notes.map((r) => [r.channel, r.recipient]).sort(), [
    ['email', 'daumoi@sxd.gov.vn'],
    ['inapp', fpA.me.id],
  ]);
  for (const n of notes) {
    assert.equal(n.user_id, fpA.me.id);
    assert.equal(n.payload.dueAt, iso('2026-03-03T08:00:00+07:00'));
    assert.equal(n.payload.ticketCode, tk.code);
  }

  // The focal point sees it in their list, with the deadline, and may accept it.
  const list = await fpA.get('/api/v1/tickets?status=forwarded');
  const row = list.body.items.find((x: { id: string }) => x.id === tk.id);
  assert.ok(row, 'the forwarded ticket is in the focal point list');
  assert.ok(row.actions.includes('accept'));
  assert.equal(row.deadline.dueAt, iso('2026-03-03T08:00:00+07:00'));

  t.clock.set('2026-03-02T09:00:00+07:00');
  const acc = await act(fpA, tk.id, 'accept');
  assert.equal(acc.status, 'in_progress');
  assert.equal(last(acc.timeline).actor, fpA.me.displayName);
  assert.equal(acc.deadlines[0].status, 'pending', 'accepting does not stop the clock');

  t.clock.set('2026-03-02T14:00:00+07:00');
  const agencyAnswer = 'Sở đã chỉ đạo Công ty Chiếu sáng công cộng thay bóng đèn trong ngày 03/3.';
  const ans = await act(fpA, tk.id, 'answer_agency', { answer: agencyAnswer });
  assert.equal(ans.status, 'agency_answered');
  assert.equal(ans.agencyAnswer, agencyAnswer);
  assert.equal(ans.deadline, undefined);
  assert.equal(ans.deadlines[0].status, 'met');
  assert.equal(ans.deadlines[0].closedAt, iso('2026-03-02T14:00:00+07:00'));
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_agency_answered'), hotlineOf(op2));

  t.clock.set('2026-03-02T14:30:00+07:00');
  const citizenAnswer = 'Sở Xây dựng cho biết đèn sẽ được thay trong ngày 03/3/2026.';
  const done = await act(op2, tk.id, 'answer_citizen', { answer: citizenAnswer });
  assert.equal(done.status, 'answered');
  assert.equal(done.answer, citizenAnswer);
  assert.equal(done.answeredAt, iso('2026-03-02T14:30:00+07:00'));
  const cit = (await outboxFor(t, tk.id)).filter((r) => r.template === 'citizen_answered');
  assert.deepEqual(
    cit.map((r) => [r.channel, r.recipient]),
    [['sms', '0912345678']],
  );
  assert.equal(cit[0]!.payload.answer, citizenAnswer);

  const closed = await act(op2, tk.id, 'close');
  assert.equal(closed.status, 'closed');
  assert.deepEqual(
    closed.timeline.map((e: TimelineEvent) => [e.action, e.fromStatus, e.toStatus, e.actorRole]),
    [
      ['create', null, 'received', 'operator'],
      ['forward', 'received', 'forwarded', 'operator'],
      ['accept', 'forwarded', 'in_progress', 'focal_point'],
      ['answer_agency', 'in_progress', 'agency_answered', 'focal_point'],
      ['answer_citizen', 'agency_answered', 'answered', 'operator'],
      ['close', 'answered', 'closed', 'operator'],
    ],
  );
  await assertAuditedTimeline(t, tk.id, closed.timeline);
  const audit = await auditFor(t, tk.id);
  assert.deepEqual(
    audit.map((a) => a.actor_label),
    [
      op2.me.username,
      op2.me.username,
      fpA.me.username,
      fpA.me.username,
      op2.me.username,
      op2.me.username,
    ],
  );
  // No other agency heard of it.
  for (const r of await outboxFor(t, tk.id)) {
    assert.ok(![fpB.me.id, headB.me.id, fpC.me.id, headC.me.id].includes(r.user_id ?? ''));
  }
});

test('R-WF-2 a misrouted ticket is returned: back to received, agency cleared, deadline cancelled', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  t.clock.set('2026-03-02T09:30:00+07:00');

  // A reason is required.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/return_misrouted`, {}),
    400,
    'validation_failed',
  );
  const ret = await fpA.post(`/api/v1/tickets/${tk.id}/actions/return_misrouted`, {
    reason: 'Nội dung về đất đai, thuộc thẩm quyền Sở Tài nguyên và Môi trường',
  });
  assert.equal(ret.status, 200, `the returning agency gets a success: ${JSON.stringify(ret.body)}`);
  // …with the result of its action, but not the timeline it may no longer read.
  assert.equal(ret.body.id, tk.id);
  assert.equal(ret.body.status, 'received');
  assert.equal(ret.body.agencyId, null);
  assert.deepEqual(ret.body.actions, []);
  assert.equal(ret.body.timeline, undefined);

  const d = await detail(tk.id);
  assert.equal(d.status, 'received');
  assert.equal(d.agencyId, null);
  assert.equal(d.escalation, 'none');
  assert.equal(d.deadline, undefined);
  assert.deepEqual(
    d.deadlines.map((x: { kind: string; status: string; closedAt: string }) => [
      x.kind,
      x.status,
      x.closedAt,
    ]),
    [['focal_point', 'cancelled', iso('2026-03-02T09:30:00+07:00')]],
  );
  const ev = last(d.timeline);
  assert.equal(ev.action, 'return_misrouted');
  assert.equal(ev.actor, fpA.me.displayName);
  assert.equal(ev.agency, 'Sở Xây dựng', 'the event names the agency that returned it');
  assert.deepEqual(ev.data, {
    reason: 'Nội dung về đất đai, thuộc thẩm quyền Sở Tài nguyên và Môi trường',
    fromAgencyId: sxd.id,
    toAgencyId: null,
  });
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_returned'), hotlineOf(op));
  // The agency no longer holds it.
  assertError(await fpA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
  const l = await fpA.get('/api/v1/tickets');
  assert.ok(!l.body.items.some((x: { id: string }) => x.id === tk.id));

  // The hotline forwards it to the right agency: a new 8 h clock from now.
  const again = await act(op, tk.id, 'forward', { agencyId: stnmt.id });
  assert.equal(again.agencyId, stnmt.id);
  assert.equal(again.deadline.dueAt, iso('2026-03-03T09:30:00+07:00'));
  await assertAuditedTimeline(t, tk.id, again.timeline);
});

test('R-WF-2 transferred to another agency: new focal-point deadline, the old agency loses access', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');
  // Transfer to itself, or to a sub-unit (not an agency that answers the hotline): refused.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/transfer`, { agencyId: sxd.id }),
    409,
    'invalid_transition',
  );
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/transfer`, { agencyId: stnmtSub.id }),
    422,
    'agency_not_found',
  );

  t.clock.set('2026-03-02T10:00:00+07:00');
  const tr = await fpA.post(`/api/v1/tickets/${tk.id}/actions/transfer`, {
    agencyId: stnmt.id,
    note: 'Thuộc lĩnh vực đất đai',
  });
  assert.equal(
    tr.status,
    200,
    `the transferring agency gets a success: ${JSON.stringify(tr.body)}`,
  );
  assert.equal(tr.body.status, 'forwarded');
  assert.equal(tr.body.agencyId, stnmt.id);
  assert.deepEqual(tr.body.actions, []);
  assert.equal(tr.body.timeline, undefined);

  const d = await detail(tk.id);
  assert.equal(d.status, 'forwarded');
  assert.equal(d.agencyId, stnmt.id);
  assert.equal(d.escalation, 'none');
  // Monday 10:00 + 8 working hours → Tuesday 10:00.
  assert.deepEqual(
    d.deadlines.map((x: { kind: string; status: string; startsAt: string; dueAt: string }) => [
      x.kind,
      x.status,
      x.startsAt,
      x.dueAt,
    ]),
    [
      ['focal_point', 'cancelled', iso(MONDAY_8), iso('2026-03-03T08:00:00+07:00')],
      [
        'focal_point',
        'pending',
        iso('2026-03-02T10:00:00+07:00'),
        iso('2026-03-03T10:00:00+07:00'),
      ],
    ],
  );
  const ev = last(d.timeline);
  assert.equal(ev.action, 'transfer');
  assert.equal(ev.actor, fpA.me.displayName);
  assert.equal(ev.note, 'Thuộc lĩnh vực đất đai');
  assert.deepEqual(ev.data, { fromAgencyId: sxd.id, toAgencyId: stnmt.id });
  assert.equal(ev.agency, 'Sở Tài nguyên và Môi trường');
  assert.deepEqual(
    await inappRecipients(t, tk.id, 'agency_forwarded'),
    [fpA.me.id, fpB.me.id].sort(),
  );

  // The old agency can no longer read or act on it; the new one can.
  assertError(await fpA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
  assertError(await headA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
  assertError(await fpA.post(`/api/v1/tickets/${tk.id}/actions/accept`), 404, 'ticket_not_found');
  assert.ok(
    !(await fpA.get('/api/v1/tickets')).body.items.some((x: { id: string }) => x.id === tk.id),
  );
  const acc = await act(fpB, tk.id, 'accept');
  assert.equal(acc.status, 'in_progress');
  await assertAuditedTimeline(t, tk.id, acc.timeline);
});

test('R-WF-9 routed inside the agency to a sub-unit, the sub-unit replies, the agency answers', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  // Routing needs the ticket accepted first.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/route_internal`, { subunitId: qldt.id }),
    409,
    'invalid_transition',
  );
  await act(fpA, tk.id, 'accept');
  // Only the agency's own sub-units; the agency itself is not a sub-unit of itself.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/route_internal`, { subunitId: stnmtSub.id }),
    422,
    'agency_not_found',
  );
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/route_internal`, { subunitId: sxd.id }),
    409,
    'invalid_transition',
  );
  // The sub-unit cannot see it before it is routed there.
  assertError(await subA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');

  t.clock.set('2026-03-02T09:00:00+07:00');
  const routed = await act(fpA, tk.id, 'route_internal', {
    subunitId: qldt.id,
    note: 'Đề nghị Phòng QLĐT kiểm tra hiện trường',
  });
  assert.equal(routed.status, 'in_progress');
  assert.equal(routed.subunitId, qldt.id);
  assert.equal(routed.agencyId, sxd.id);
  assert.deepEqual(last(routed.timeline).data, { subunitId: qldt.id });
  assert.equal(routed.deadlines[0].status, 'pending', 'the agency clock keeps running');
  assert.deepEqual(await inappRecipients(t, tk.id, 'subunit_routed'), ids(subA, subHeadA));

  // The sub-unit's staff now read it and may reply, but not answer for the agency.
  const seen = await subA.get(`/api/v1/tickets/${tk.id}`);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.body.actions, ['subunit_reply', 'comment']);
  assertError(
    await subA.post(`/api/v1/tickets/${tk.id}/actions/answer_agency`, { answer: 'x' }),
    403,
    'forbidden',
  );
  assertError(
    await subA.post(`/api/v1/tickets/${tk.id}/actions/subunit_reply`, {}),
    400,
    'validation_failed',
  );
  // The agency's own focal point cannot reply in the sub-unit's name.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/subunit_reply`, { answer: 'x' }),
    403,
    'forbidden',
  );

  t.clock.set('2026-03-02T13:30:00+07:00');
  const reply = 'Phòng QLĐT đã kiểm tra: cột đèn số 12 hỏng bóng, đã đề xuất thay.';
  const r = await subA.post(`/api/v1/tickets/${tk.id}/actions/subunit_reply`, { answer: reply });
  assert.equal(r.status, 200, `the replying sub-unit gets a success: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.status, 'in_progress');
  assert.equal(r.body.subunitId, null);
  assert.deepEqual(r.body.actions, []);
  assert.equal(r.body.timeline, undefined);

  const d = await detail(tk.id, fpA);
  assert.equal(d.status, 'in_progress');
  assert.equal(d.subunitId, null);
  const ev = last(d.timeline);
  assert.equal(ev.action, 'subunit_reply');
  assert.equal(ev.actor, subA.me.displayName);
  assert.equal(ev.actorRole, 'focal_point');
  assert.deepEqual(ev.data, { answer: reply, subunitId: qldt.id });
  assert.deepEqual(await inappRecipients(t, tk.id, 'subunit_replied'), ids(fpA));
  // Done with it: the sub-unit no longer sees the ticket.
  assertError(await subA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');

  const ans = await act(fpA, tk.id, 'answer_agency', { answer: reply });
  assert.equal(ans.status, 'agency_answered');
  const done = await act(op, tk.id, 'answer_citizen', { answer: reply });
  assert.equal(done.status, 'answered');
  await assertAuditedTimeline(t, tk.id, done.timeline);
});

test('R-WF-6 verification with a promised date: after today, deadline at the end of that working day', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');
  const before = await counts(t);
  for (const bad of ['2026-03-02', '2026-03-01', '2025-12-31']) {
    assertError(
      await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_verification`, {
        promisedDate: bad,
      }),
      422,
      'promised_date_invalid',
    );
  }
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_verification`, {}),
    400,
    'validation_failed',
  );
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_verification`, {
      promisedDate: '2026-02-30',
    }),
    400,
    'validation_failed',
  );
  assert.deepEqual(await counts(t), before, 'refused requests change nothing');

  t.clock.set('2026-03-02T10:00:00+07:00');
  const v = await act(fpA, tk.id, 'request_verification', {
    promisedDate: '2026-03-06',
    note: 'Cần kiểm tra hiện trường cùng UBND phường',
  });
  assert.equal(v.status, 'verifying');
  assert.equal(v.promisedDate, '2026-03-06');
  // The promised deadline: Friday 6 March at the end of the working day (17:00 +07).
  assert.deepEqual(v.deadline, {
    kind: 'promised',
    dueAt: iso('2026-03-06T17:00:00+07:00'),
    warnAt: null,
  });
  assert.deepEqual(
    v.deadlines.map((x: { kind: string; status: string }) => [x.kind, x.status]),
    [
      ['focal_point', 'cancelled'],
      ['promised', 'pending'],
    ],
  );
  assert.deepEqual(last(v.timeline).data, { promisedDate: '2026-03-06' });
  assert.equal(last(v.timeline).note, 'Cần kiểm tra hiện trường cùng UBND phường');
  // The hotline and the citizen are told the expected date.
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_verification'), hotlineOf(op));
  const cit = (await outboxFor(t, tk.id)).filter((r) => r.template === 'citizen_verification');
  assert.deepEqual(
    cit.map((r) => [r.channel, r.recipient, r.payload.promisedDate]),
    [['sms', '0912345678', '2026-03-06']],
  );

  t.clock.set('2026-03-05T15:00:00+07:00');
  const ans = await act(fpA, tk.id, 'answer_agency', { answer: 'Đã kiểm tra và khắc phục.' });
  assert.equal(ans.status, 'agency_answered');
  assert.deepEqual(
    ans.deadlines.map((x: { kind: string; status: string }) => [x.kind, x.status]),
    [
      ['focal_point', 'cancelled'],
      ['promised', 'met'],
    ],
  );
  await assertAuditedTimeline(t, tk.id, ans.timeline);
});

test('R-WF-6 "today" is the local (UTC+7) date, not the UTC date', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');
  // Tuesday 06:00 in Vietnam is still Monday in UTC: Tuesday is "today", not a future date.
  t.clock.set('2026-03-03T06:00:00+07:00');
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_verification`, {
      promisedDate: '2026-03-03',
    }),
    422,
    'promised_date_invalid',
  );
  const v = await act(fpA, tk.id, 'request_verification', { promisedDate: '2026-03-04' });
  assert.equal(v.deadline.dueAt, iso('2026-03-04T17:00:00+07:00'));
});

test('R-IN-4 supplement requested once: the agency clock pauses and resumes by the paused working time', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op, {
    citizen: { name: 'Phạm Thị Dung', phone: '0912000111', email: 'dung@example.vn' },
  });
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');

  // Monday 10:00: the focal point asks the citizen for more (6 working hours were left).
  t.clock.set('2026-03-02T10:00:00+07:00');
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_supplement`, {}),
    400,
    'validation_failed',
  );
  const req = await act(fpA, tk.id, 'request_supplement', {
    reason: 'Đề nghị cung cấp địa chỉ cụ thể và hình ảnh hiện trường',
  });
  assert.equal(req.status, 'awaiting_supplement');
  assert.equal(req.supplementRequested, true);
  assert.equal(req.deadline, undefined, 'a paused clock has no running due time');
  const listed = (await fpA.get('/api/v1/tickets?status=awaiting_supplement')).body.items;
  const paused = listed.find((x: { id: string }) => x.id === tk.id);
  assert.equal(paused.deadline, undefined, 'the list agrees with the detail');
  assert.equal(req.deadlines.length, 1);
  assert.equal(req.deadlines[0].status, 'paused');
  assert.equal(req.deadlines[0].remainingMs, 6 * 3600_000);
  assert.deepEqual(last(req.timeline).data, {
    reason: 'Đề nghị cung cấp địa chỉ cụ thể và hình ảnh hiện trường',
  });
  const cit = (await outboxFor(t, tk.id)).filter(
    (r) => r.template === 'citizen_supplement_requested',
  );
  assert.deepEqual(cit.map((r) => [r.channel, r.recipient]).sort(), [
    ['email', 'dung@example.vn'],
    ['sms', '0912000111'],
  ]);
  // While waiting, nothing else can be requested, and the agency cannot answer yet.
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/request_supplement`, { reason: 'lại' }),
    409,
    'invalid_transition',
  );
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/answer_agency`, { answer: 'x' }),
    409,
    'invalid_transition',
  );
  // The agency cannot record the citizen's supplement; the hotline does.
  assertError(await fpA.post(`/api/v1/tickets/${tk.id}/actions/supplement`, {}), 403, 'forbidden');

  // Tuesday 09:00, past the original due time (Tuesday 08:00): a paused clock never fires.
  t.clock.set('2026-03-03T09:00:00+07:00');
  await sweepDeadlines(t.ctx, t.services);
  const still = await detail(tk.id);
  assert.equal(still.escalation, 'none');
  assert.equal(still.deadlines[0].status, 'paused');
  assert.ok(
    !still.timeline.some(
      (e: TimelineEvent) => e.action === 'escalate' || e.action === 'deadline_warning',
    ),
  );

  const sup1 = await act(op, tk.id, 'supplement', { note: 'Công dân gửi bổ sung ảnh và địa chỉ' });
  assert.equal(sup1.status, 'in_progress', 'back where it was');
  assert.equal(sup1.supplementRequested, true);
  // Paused from Monday 10:00 to Tuesday 09:00 = 7 working hours; Tuesday 08:00 + 7 h → Tuesday
  // 16:30 (= Tuesday 09:00 + the 6 h that were left). The 75 % warning moves the same way:
  // Monday 15:30 + 7 h → Tuesday 14:30.
  assert.deepEqual(sup1.deadline, {
    kind: 'focal_point',
    dueAt: iso('2026-03-03T16:30:00+07:00'),
    warnAt: iso('2026-03-03T14:30:00+07:00'),
  });
  assert.equal(sup1.deadlines.length, 1, 'the same deadline resumed, not a new one');
  const resumed = (await op.get('/api/v1/tickets?status=in_progress')).body.items.find(
    (x: { id: string }) => x.id === tk.id,
  );
  assert.deepEqual(resumed.deadline, sup1.deadline);
  assert.equal(sup1.deadlines[0].remainingMs, null);
  assert.equal(sup1.deadlines[0].startsAt, iso(MONDAY_8));
  assert.deepEqual(last(sup1.timeline).data, { resumed: 'in_progress' });
  assert.deepEqual(await inappRecipients(t, tk.id, 'agency_supplemented'), ids(fpA));

  // Once only (R-IN-4), whoever asks.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_supplement`, { reason: 'Lần hai' }),
    409,
    'supplement_already_requested',
  );
  assertError(
    await headA.post(`/api/v1/tickets/${tk.id}/actions/request_supplement`, { reason: 'Lần hai' }),
    409,
    'supplement_already_requested',
  );
  const after = await detail(tk.id);
  assert.ok(!after.actions.includes('request_supplement'));
  await assertAuditedTimeline(t, tk.id, after.timeline);
});

test('R-IN-4 a supplement asked by the hotline counts: the agency cannot ask again', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  const req = await act(op, tk.id, 'request_supplement', { reason: 'Thiếu địa chỉ' });
  assert.equal(req.status, 'awaiting_supplement');
  assert.deepEqual(req.deadlines, [], 'no agency clock to pause');
  const back = await act(op, tk.id, 'supplement');
  assert.equal(back.status, 'received');
  assert.deepEqual(back.deadlines, []);
  assert.deepEqual(await inappRecipients(t, tk.id, 'agency_supplemented'), []);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/request_supplement`, { reason: 'Lần hai' }),
    409,
    'supplement_already_requested',
  );
});

test('R-WF-7 sent to the coordinator, who forwards it (or rejects it, R-SC-3)', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op, { urgency: 'emergency' });
  const sent = await act(op, tk.id, 'send_to_coordinator', { note: 'Chưa rõ thẩm quyền' });
  assert.equal(sent.status, 'coordinating');
  assert.equal(last(sent.timeline).note, 'Chưa rõ thẩm quyền');
  assert.deepEqual(await inappRecipients(t, tk.id, 'coordinator_new'), ids(coord));
  // The agency cannot act on it yet, nor may the operator forward it while the coordinator decides.
  assertError(await fpA.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, { answer: 'x' }),
    409,
    'invalid_transition',
  );

  t.clock.set('2026-03-02T08:30:00+07:00');
  const fwd = await act(coord, tk.id, 'forward', {
    agencyId: sxd.id,
    note: 'Giao Sở Xây dựng chủ trì',
  });
  assert.equal(fwd.status, 'forwarded');
  assert.equal(fwd.agencyId, sxd.id);
  assert.equal(fwd.deadline.dueAt, iso('2026-03-03T08:30:00+07:00'));
  const ev = last(fwd.timeline);
  assert.equal(ev.actor, coord.me.displayName);
  assert.equal(ev.actorRole, 'coordinator');
  assert.equal(ev.fromStatus, 'coordinating');
  assert.deepEqual(await inappRecipients(t, tk.id, 'agency_forwarded'), ids(fpA));
  await assertAuditedTimeline(t, tk.id, fwd.timeline);

  // The coordinator may also decide it is out of scope.
  const tk2 = await newTicket(op);
  await act(op, tk2.id, 'send_to_coordinator');
  const rej = await act(coord, tk2.id, 'reject', {
    reason: 'Khiếu nại hành chính',
    guidance: 'Gửi đơn khiếu nại theo Luật Khiếu nại',
  });
  assert.equal(rej.status, 'rejected');
  assert.equal(rej.rejectGuidance, 'Gửi đơn khiếu nại theo Luật Khiếu nại');
});

test('R-WF-11 an agency that requires approval: focal point answer → pending approval → head decides', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: ubnd.id });
  await act(fpC, tk.id, 'accept');
  t.clock.set('2026-03-02T09:00:00+07:00');
  const draft = 'UBND huyện đã giao UBND xã kiểm tra, xử lý trong tuần.';
  const pend = await act(fpC, tk.id, 'answer_agency', { answer: draft });
  assert.equal(pend.status, 'pending_approval');
  assert.equal(pend.agencyAnswer, draft);
  assert.equal(pend.deadline.kind, 'focal_point', 'the clock runs while waiting for approval');
  assert.deepEqual(await inappRecipients(t, tk.id, 'head_approval_needed'), ids(headC));
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_agency_answered'), []);
  // The focal point cannot approve their own answer; another agency's head cannot either.
  assertError(await fpC.post(`/api/v1/tickets/${tk.id}/actions/approve_answer`), 403, 'forbidden');
  assertError(
    await headA.post(`/api/v1/tickets/${tk.id}/actions/approve_answer`),
    404,
    'ticket_not_found',
  );
  assertError(
    await headC.post(`/api/v1/tickets/${tk.id}/actions/reject_answer`, {}),
    400,
    'validation_failed',
  );

  t.clock.set('2026-03-02T10:00:00+07:00');
  const back = await act(headC, tk.id, 'reject_answer', {
    reason: 'Cần nêu rõ thời hạn xử lý cụ thể',
  });
  assert.equal(back.status, 'in_progress');
  assert.deepEqual(last(back.timeline).data, { reason: 'Cần nêu rõ thời hạn xử lý cụ thể' });
  assert.equal(last(back.timeline).actor, headC.me.displayName);
  assert.deepEqual(await inappRecipients(t, tk.id, 'agency_answer_rejected'), ids(fpC));
  assert.equal(back.deadline.kind, 'focal_point');

  const final = 'UBND xã sẽ xử lý xong trước ngày 10/3/2026.';
  assert.equal(
    (await act(fpC, tk.id, 'answer_agency', { answer: final })).status,
    'pending_approval',
  );
  t.clock.set('2026-03-02T11:00:00+07:00');
  const ok = await act(headC, tk.id, 'approve_answer');
  assert.equal(ok.status, 'agency_answered');
  assert.equal(ok.agencyAnswer, final);
  assert.equal(ok.deadline, undefined);
  assert.equal(ok.deadlines[0].status, 'met');
  assert.equal(ok.deadlines[0].closedAt, iso('2026-03-02T11:00:00+07:00'));
  assert.deepEqual(await inappRecipients(t, tk.id, 'hotline_agency_answered'), hotlineOf(op));
  assert.deepEqual(
    ok.timeline.map((e: TimelineEvent) => e.action),
    [
      'create',
      'forward',
      'accept',
      'answer_agency',
      'reject_answer',
      'answer_agency',
      'approve_answer',
    ],
  );
  await assertAuditedTimeline(t, tk.id, ok.timeline);

  // The head's own answer needs no approval.
  const tk2 = await newTicket(op);
  await act(op, tk2.id, 'forward', { agencyId: ubnd.id });
  await act(headC, tk2.id, 'accept');
  const own = await act(headC, tk2.id, 'answer_agency', { answer: final });
  assert.equal(own.status, 'agency_answered');
});

test('R-WF-10 the coordinator reminds an agency: status unchanged, head and focal points told', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  // Not at an agency: nothing to remind.
  assertError(
    await coord.post(`/api/v1/tickets/${tk.id}/actions/remind`, { reason: 'Chậm' }),
    409,
    'invalid_transition',
  );
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');
  assertError(
    await coord.post(`/api/v1/tickets/${tk.id}/actions/remind`, {}),
    400,
    'validation_failed',
  );
  assertError(
    await op.post(`/api/v1/tickets/${tk.id}/actions/remind`, { reason: 'Chậm' }),
    403,
    'forbidden',
  );
  const before = await detail(tk.id);
  const r = await act(coord, tk.id, 'remind', {
    reason: 'Đề nghị khẩn trương xử lý, báo cáo giải trình lý do chậm',
  });
  assert.equal(r.status, 'in_progress');
  assert.equal(r.escalation, 'none');
  assert.equal(r.version, before.version + 1);
  assert.deepEqual(r.deadlines, before.deadlines, 'a reminder does not touch the deadline');
  const ev = last(r.timeline);
  assert.equal(ev.action, 'remind');
  assert.equal(ev.fromStatus, 'in_progress');
  assert.equal(ev.toStatus, 'in_progress');
  assert.equal(ev.actor, coord.me.displayName);
  assert.deepEqual(ev.data, { reason: 'Đề nghị khẩn trương xử lý, báo cáo giải trình lý do chậm' });
  assert.deepEqual(await inappRecipients(t, tk.id, 'agency_reminded'), ids(fpA, headA));
  // The leader may remind too.
  await act(leader, tk.id, 'remind', { reason: 'Lãnh đạo tỉnh đề nghị xử lý dứt điểm' });
  await assertAuditedTimeline(t, tk.id, (await detail(tk.id)).timeline);
});

test('R-WF-5 the focal point escalates to the head by hand: 48 h head deadline, head told', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  await act(fpA, tk.id, 'accept');
  t.clock.set('2026-03-02T10:00:00+07:00');
  // Only the focal point escalates by hand; the head or the hotline cannot.
  assertError(await headA.post(`/api/v1/tickets/${tk.id}/actions/escalate`), 403, 'forbidden');
  assertError(await op.post(`/api/v1/tickets/${tk.id}/actions/escalate`), 403, 'forbidden');
  const e = await act(fpA, tk.id, 'escalate', { note: 'Vượt thẩm quyền cán bộ đầu mối' });
  assert.equal(e.status, 'in_progress');
  assert.equal(e.escalation, 'head');
  // Monday 10:00 + 48 working hours = 6 working days → Tuesday 10 March 10:00.
  assert.equal(e.deadline.kind, 'head');
  assert.equal(e.deadline.dueAt, iso('2026-03-10T10:00:00+07:00'));
  assert.deepEqual(last(e.timeline).data, { escalation: 'head' });
  assert.deepEqual(await inappRecipients(t, tk.id, 'head_escalated'), ids(headA));
  // Once escalated, not again.
  assertError(
    await fpA.post(`/api/v1/tickets/${tk.id}/actions/escalate`),
    409,
    'invalid_transition',
  );
  // The head answers; the head deadline is met.
  const ans = await act(headA, tk.id, 'answer_agency', { answer: 'Lãnh đạo Sở trả lời.' });
  assert.equal(ans.status, 'agency_answered');
  assert.equal(ans.escalation, 'head');
  assert.deepEqual(
    ans.deadlines.map((x: { kind: string; status: string }) => [x.kind, x.status]),
    [
      ['focal_point', 'cancelled'],
      ['head', 'met'],
    ],
  );
  await assertAuditedTimeline(t, tk.id, ans.timeline);
});

test('comments are recorded on the timeline by anyone involved, without a state change', async () => {
  t.clock.set(MONDAY_8);
  const tk = await newTicket(op);
  await act(op, tk.id, 'forward', { agencyId: sxd.id });
  const c = await act(fpA, tk.id, 'comment', { reason: 'Đã liên hệ công dân qua điện thoại' });
  assert.equal(c.status, 'forwarded');
  assert.equal(last(c.timeline).action, 'comment');
  assert.deepEqual(last(c.timeline).data, { reason: 'Đã liên hệ công dân qua điện thoại' });
  const others = (await outboxFor(t, tk.id)).filter((x) => x.template !== 'agency_forwarded');
  assert.deepEqual(others, [], 'a comment notifies nobody');
  await assertAuditedTimeline(t, tk.id, c.timeline);
});

test('R-REC-1 the audit chain of everything above verifies', async () => {
  // Records are chained in the background by the workers; seal them as a worker would.
  await sealAuditChains(t.db, t.clock.now());
  const r = await verifyAuditChain(t.db);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.ok(r.count > 50);
  assert.equal(r.unsealed, 0);
  // Every ticket event, pre-breach warnings included, has its audit record.
  const events = await t.db.selectFrom('ticket_event').select(['id', 'action']).execute();
  const audits = await t.db
    .selectFrom('audit_log')
    .select(['data'])
    .where('entity_type', '=', 'ticket')
    .execute();
  assert.deepEqual(
    audits.map((a) => String(a.data.eventId)).sort(),
    events.map((e) => String(e.id)).sort(),
  );
});
