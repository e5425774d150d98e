/**
 * Reply templates and acknowledgement texts (R-CH-11) through the HTTP API on real
 * PostgreSQL: only the administrator writes, every write is audited, staff read active ones,
 * one active acknowledgement per channel, misspelt placeholders refused, nothing changed by
 * bad input.
 */
import { test, before } from 'node:test';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client } from '../../../tests/helpers/app.ts';
import { assertError } from '../../../tests/api/support.ts';
import { TemplateService } from './template.service.ts';

const t = await createTestApp();
after(t.close);
const agency = await t.newAgency({ code: 'SXD' });
let admin: Client;
let op: Client;
let fp: Client;
let adminId: string;

before(async () => {
  const a = await t.newUser('admin');
  adminId = a.id;
  [admin, op, fp] = await Promise.all([
    t.login(a),
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('focal_point', agency)),
  ]);
});

const ack = {
  kind: 'acknowledgement',
  code: 'ACK_DEFAULT',
  title: 'Xác nhận đã nhận',
  bodyVi:
    'Tổng đài Thông tin dịch vụ công tỉnh đã nhận được thông tin góp ý, phản ánh của Quý khách (mã {code}), xin cảm ơn.',
  bodyEn: 'The public-service hotline has received your message (ticket {code}). Thank you.',
};

test('the administrator creates and edits templates; each change is audited', async () => {
  const c = await admin.post('/api/v1/templates', ack);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.channel, null);
  assert.equal(c.body.active, true);
  const reply = await admin.post('/api/v1/templates', {
    kind: 'reply',
    code: 'REPLY_PROC',
    title: 'Hướng dẫn thủ tục',
    bodyVi: 'Kính gửi {name}, Quý khách vui lòng tra cứu trên Cổng dịch vụ công.',
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  assert.equal(reply.body.bodyEn, '');

  const p = await admin.patch(`/api/v1/templates/${reply.body.id}`, {
    bodyEn: 'Dear {name}, please look it up on the public-service portal.',
  });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  // A patch changes only what it names.
  assert.equal(p.body.title, 'Hướng dẫn thủ tục');
  assert.equal(p.body.bodyVi, reply.body.bodyVi);

  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'entity_id'])
    .where('entity_type', '=', 'message_template')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => [a.action, a.actor_id, a.entity_id]),
    [
      ['template.create', adminId, c.body.id],
      ['template.create', adminId, reply.body.id],
      ['template.update', adminId, reply.body.id],
    ],
  );
});

test('staff read active templates; only the administrator writes or sees inactive ones', async () => {
  const off = await admin.post('/api/v1/templates', {
    kind: 'reply',
    code: 'REPLY_OLD',
    title: 'Mẫu cũ',
    bodyVi: 'Không dùng nữa.',
    active: false,
  });
  assert.equal(off.status, 201);
  const seenByOp = await op.get('/api/v1/templates?kind=reply');
  assert.equal(seenByOp.status, 200);
  assert.ok(seenByOp.body.length >= 1);
  assert.ok(seenByOp.body.every((x: { active: boolean; kind: string }) => x.active));
  assert.ok(!seenByOp.body.some((x: { code: string }) => x.code === 'REPLY_OLD'));
  const seenByAdmin = await admin.get('/api/v1/templates');
  assert.ok(seenByAdmin.body.some((x: { code: string }) => x.code === 'REPLY_OLD'));
  assert.equal((await fp.get('/api/v1/templates')).status, 200);

  for (const who of [op, fp]) {
    assertError(
      await who.post('/api/v1/templates', { ...ack, code: 'X1', channel: 'sms' }),
      403,
      'forbidden',
    );
    assertError(
      await who.patch(`/api/v1/templates/${off.body.id}`, { active: true }),
      403,
      'forbidden',
    );
  }
  assertError(await t.anonymous().get('/api/v1/templates'), 401, 'unauthenticated');
});

test('one active acknowledgement per channel; the channel’s own wins over the default', async () => {
  const sms = await admin.post('/api/v1/templates', {
    ...ack,
    code: 'ACK_SMS',
    title: 'SMS',
    channel: 'sms',
    bodyVi: 'Tổng đài 1022 đã nhận tin nhắn, mã phiếu {code}.',
  });
  assert.equal(sms.status, 201, JSON.stringify(sms.body));
  assertError(
    await admin.post('/api/v1/templates', { ...ack, code: 'ACK_SMS2', channel: 'sms' }),
    409,
    'conflict',
  );
  assertError(await admin.post('/api/v1/templates', { ...ack, title: 'Khác' }), 409, 'conflict');

  const svc = new TemplateService(t.ctx);
  assert.equal(
    await svc.acknowledgement(t.tenantId, 'sms', 'vi', { code: 'PA-2026-000001' }),
    'Tổng đài 1022 đã nhận tin nhắn, mã phiếu PA-2026-000001.',
  );
  assert.equal(
    await svc.acknowledgement(t.tenantId, 'zalo', 'en', { code: 'PA-2026-000002' }),
    'The public-service hotline has received your message (ticket PA-2026-000002). Thank you.',
  );
  // Switched off, the SMS one gives way to the default; a second SMS one may then be added.
  assert.equal(
    (await admin.patch(`/api/v1/templates/${sms.body.id}`, { active: false })).status,
    200,
  );
  assert.match(
    (await svc.acknowledgement(t.tenantId, 'sms', 'vi', { code: 'C' }))!,
    /Tổng đài Thông tin dịch vụ công tỉnh/,
  );
  assert.equal(
    (await admin.post('/api/v1/templates', { ...ack, code: 'ACK_SMS3', channel: 'sms' })).status,
    201,
  );
});

test('bad input is refused with a stable code and changes nothing', async () => {
  const before = await t.db.selectFrom('message_template').selectAll().execute();
  const bad: [string, unknown][] = [
    ['unknown placeholder', { ...ack, code: 'B1', bodyVi: 'Mã phiếu {ma_phieu}' }],
    ['reply with a channel', { ...ack, kind: 'reply', code: 'B2', channel: 'sms' }],
    ['unknown channel', { ...ack, code: 'B3', channel: 'pigeon' }],
    ['empty body', { ...ack, code: 'B4', bodyVi: '  ' }],
    ['bad code', { ...ack, code: 'có dấu' }],
    ['unknown kind', { ...ack, code: 'B5', kind: 'letter' }],
  ];
  for (const [what, body] of bad) {
    const r = await admin.post('/api/v1/templates', body);
    assert.equal(r.status, 400, what);
    assert.equal(r.body.error.code, 'validation_failed', what);
  }
  const some = before.find((x) => x.kind === 'reply')!;
  assertError(
    await admin.patch(`/api/v1/templates/${some.id}`, { channel: 'sms' }),
    400,
    'validation_failed',
  );
  assertError(
    await admin.patch(`/api/v1/templates/${some.id}`, { bodyEn: '{nam}' }),
    400,
    'validation_failed',
  );
  assertError(
    await admin.patch('/api/v1/templates/00000000-0000-4000-8000-000000000000', { title: 'x' }),
    404,
    'not_found',
  );
  const afterRows = await t.db.selectFrom('message_template').selectAll().execute();
  assert.deepEqual(afterRows, before);
});

test('{hotline} is the number the administrator set (1022 until then); {date} is today in Vietnam', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const r = await admin.post('/api/v1/templates', {
    kind: 'acknowledgement',
    code: 'ACK_EMAIL_HOTLINE',
    title: 'Email',
    channel: 'email',
    bodyVi: 'Mã {code} ngày {date}; hỏi thêm qua số {hotline}.',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const svc = new TemplateService(t.ctx);
  const today = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(t.clock.now());
  assert.equal(
    await svc.acknowledgement(t.tenantId, 'email', 'vi', { code: 'PA-1' }),
    `Mã PA-1 ngày ${today}; hỏi thêm qua số 1022.`,
  );
  for (const bad of ['', 'mười', '1022!', '1', `${'9'.repeat(25)}`])
    assert.equal((await admin.patch('/api/v1/settings', { hotline: bad })).status, 400, bad);
  const p = await admin.patch('/api/v1/settings', { hotline: ' 0236 1022 ' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.hotline, '0236 1022');
  assert.equal(
    await svc.acknowledgement(t.tenantId, 'email', 'vi', { code: 'PA-1' }),
    `Mã PA-1 ngày ${today}; hỏi thêm qua số 0236 1022.`,
  );
});
