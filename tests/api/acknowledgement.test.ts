/**
 * R-CH-11 through the API: a message received on a message channel is acknowledged
 * automatically — the acknowledgement is queued in the outbox by the intake's own statement
 * (never lost, never without its ticket), goes back by email or SMS by channel, in the
 * citizen's language, with the administrator's placeholders filled; calls get none. Email
 * goes through a real SMTP receiver.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import { mailText, smtpReceiver } from '../helpers/smtp.ts';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.ts';
import { SmtpAdapter } from '../../src/channels/email-smtp/smtp.adapter.ts';
import { renderTemplate } from '../../src/modules/notification/templates.ts';

const t = await createTestApp({ start: '2026-03-02T08:00:00+07:00' });
const smtp = await smtpReceiver();
const mailer = new SmtpAdapter(smtp.url, 'Tổng đài 1022 <no-reply@1022.example.vn>');
after(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});

let op: Client;
let admin: Client;
let defaultAck: string;

before(async () => {
  [op, admin] = await Promise.all([
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('admin')),
  ]);
  const d = await admin.post('/api/v1/templates', {
    kind: 'acknowledgement',
    code: 'ACK',
    title: 'Xác nhận tiếp nhận',
    bodyVi:
      'Tổng đài Thông tin dịch vụ công tỉnh đã nhận được thông tin góp ý, phản ánh của Quý khách {name} ngày {date}, mã phiếu {code}, xin cảm ơn.',
    bodyEn: 'The hotline received your message of {date}, {name}: reference {code}. Thank you.',
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  defaultAck = d.body.id;
  const sms = await admin.post('/api/v1/templates', {
    kind: 'acknowledgement',
    code: 'ACK.SMS',
    title: 'Xác nhận SMS',
    channel: 'sms',
    bodyVi: 'Da nhan phan anh {code}. Hoi them: {hotline}. Cam on.',
  });
  assert.equal(sms.status, 201, JSON.stringify(sms.body));
});

async function outboxOf(ticketId: string) {
  return t.db
    .selectFrom('outbox')
    .select(['channel', 'recipient', 'template', 'payload', 'status'])
    .where(({ ref }) => ref('payload', '->>').key('ticketId'), '=', ticketId)
    .execute();
}

test('an email is acknowledged by email at once, placeholders filled, through real SMTP', async () => {
  const r = await op.post(
    '/api/v1/tickets',
    ticketBody({
      channel: 'email',
      citizen: { name: 'Lê Thị Mai', email: 'mai@example.vn', phone: '0912000111' },
    }),
  );
  assert.equal(r.status, 201);
  const rows = await outboxOf(r.body.id);
  assert.deepEqual(
    rows.map((x) => [x.channel, x.recipient, x.template]),
    [['email', 'mai@example.vn', 'citizen_acknowledgement']],
  );
  const sent = smtp.received.length;
  assert.deepEqual(await dispatchOutbox(t.ctx, [mailer]), { sent: 1, failed: 0 });
  const mail = smtp.received[sent]!;
  assert.deepEqual(mail.to, ['mai@example.vn']);
  assert.equal(
    mailText(mail.raw).trim(),
    `Tổng đài Thông tin dịch vụ công tỉnh đã nhận được thông tin góp ý, phản ánh của Quý khách Lê Thị Mai ngày 02/03/2026, mã phiếu ${r.body.code}, xin cảm ơn.`,
  );
});

test('an SMS is acknowledged by SMS with the SMS channel’s own text', async () => {
  const r = await op.post(
    '/api/v1/tickets',
    ticketBody({ channel: 'sms', citizen: { name: 'Trần Văn Nam', phone: '0987 111 222' } }),
  );
  const [row, ...more] = await outboxOf(r.body.id);
  assert.equal(more.length, 0);
  assert.equal(row!.channel, 'sms');
  assert.equal(row!.recipient, '0987111222');
  const { body } = renderTemplate(row!.template, row!.payload as Record<string, unknown>, 'vi');
  assert.equal(body, `Da nhan phan anh ${r.body.code}. Hoi them: 1022. Cam on.`);
  // {hotline} is the number the administrator set, from the next intake on.
  const set = await admin.patch('/api/v1/settings', { hotline: '0236.1022' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  try {
    const r2 = await op.post(
      '/api/v1/tickets',
      ticketBody({ channel: 'sms', citizen: { name: 'Trần Văn Nam', phone: '0987 111 222' } }),
    );
    const [row2] = await outboxOf(r2.body.id);
    const again = renderTemplate(row2!.template, row2!.payload as Record<string, unknown>, 'vi');
    assert.equal(again.body, `Da nhan phan anh ${r2.body.code}. Hoi them: 0236.1022. Cam on.`);
  } finally {
    await admin.patch('/api/v1/settings', { hotline: '1022' });
  }
});

test('a web form in English is acknowledged in English, by email when given', async () => {
  const r = await op.post(
    '/api/v1/tickets',
    ticketBody({
      channel: 'web',
      citizen: { name: 'John Smith', email: 'john@example.com', language: 'en' },
    }),
  );
  const [row] = await outboxOf(r.body.id);
  assert.equal(row!.recipient, 'john@example.com');
  const sent = smtp.received.length;
  await dispatchOutbox(t.ctx, [mailer]);
  assert.equal(
    mailText(smtp.received[sent]!.raw).trim(),
    `The hotline received your message of 02/03/2026, John Smith: reference ${r.body.code}. Thank you.`,
  );
});

test('calls, letters and walk-ins get no acknowledgement', async () => {
  for (const channel of ['phone', 'letter', 'walk_in', 'portal']) {
    const r = await op.post(
      '/api/v1/tickets',
      ticketBody({ channel, citizen: { name: 'An', phone: '0912345678', email: 'an@example.vn' } }),
    );
    assert.equal(r.status, 201);
    assert.deepEqual(await outboxOf(r.body.id), [], channel);
  }
});

test('a retried submission is acknowledged once; a refused one not at all', async () => {
  const body = ticketBody({
    channel: 'email',
    citizen: { name: 'Phạm Hùng', email: 'hung@example.vn' },
    idempotencyKey: 'retry-ack-0001',
  });
  const a = await op.post('/api/v1/tickets', body);
  const b = await op.post('/api/v1/tickets', body);
  assert.equal(a.body.id, b.body.id);
  assert.equal((await outboxOf(a.body.id)).length, 1);

  // A bad attachment undoes the ticket, and its acknowledgement with it.
  const before = await t.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const bad = await op.post(
    '/api/v1/tickets',
    ticketBody({
      channel: 'email',
      citizen: { name: 'Phạm Hùng', email: 'hung@example.vn' },
      attachmentIds: ['00000000-0000-4000-8000-000000000000'],
    }),
  );
  assert.equal(bad.status, 400);
  const after_ = await t.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(after_.n), Number(before.n));
});

test('with the acknowledgements switched off, nothing is sent', async () => {
  const list = await admin.get('/api/v1/templates?kind=acknowledgement');
  for (const x of list.body as { id: string }[])
    assert.equal((await admin.patch(`/api/v1/templates/${x.id}`, { active: false })).status, 200);
  const r = await op.post(
    '/api/v1/tickets',
    ticketBody({ channel: 'email', citizen: { name: 'An', email: 'an@example.vn' } }),
  );
  assert.deepEqual(await outboxOf(r.body.id), []);
  assert.ok(defaultAck);
});
