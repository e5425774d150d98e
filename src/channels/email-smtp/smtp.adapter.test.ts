import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody } from '../../../tests/helpers/app.ts';
import { smtpReceiver } from '../../../tests/helpers/smtp.ts';
import { dispatchOutbox } from '../../jobs/outbox-dispatcher.ts';
import { SmtpAdapter } from './smtp.adapter.ts';

const t = await createTestApp();
const smtp = await smtpReceiver();
after(async () => {
  await smtp.close();
  await t.close();
});

test('forward notifications are mailed to the focal point through real SMTP, once', async () => {
  const agency = await t.newAgency({ name: 'Sở Y tế' });
  await t.newUser('focal_point', agency, { email: 'dau.moi@soyte.example.vn' });
  const op = await t.login(await t.newUser('operator'));
  const created = await op.post('/api/v1/tickets', ticketBody());
  await op.post(`/api/v1/tickets/${created.body.id}/actions/forward`, { agencyId: agency.id });

  const adapter = new SmtpAdapter(smtp.url, 'Tổng đài 1022 <no-reply@1022.example.vn>');
  after(() => adapter.close());
  const r = await dispatchOutbox(t.ctx, [adapter]);
  assert.deepEqual(r, { sent: 1, failed: 0 });
  assert.equal(smtp.received.length, 1);
  const mail = smtp.received[0]!;
  assert.deepEqual(mail.to, ['dau.moi@soyte.example.vn']);
  assert.equal(mail.from, 'no-reply@1022.example.vn');
  assert.match(mail.raw, /Message-ID: <outbox-\d+@open1022\.local>/i);
  // Vietnamese subject, encoded per RFC 2047.
  assert.match(mail.raw, /Subject: =\?UTF-8\?/i);
  assert.match(mail.raw, new RegExp(created.body.code));

  // A second run sends nothing again (the row is marked sent in the claiming transaction).
  assert.deepEqual(await dispatchOutbox(t.ctx, [adapter]), { sent: 0, failed: 0 });
  assert.equal(smtp.received.length, 1);
});

test('a temporary SMTP failure is retried with backoff and delivered later', async () => {
  const agency = await t.newAgency();
  await t.newUser('focal_point', agency, { email: 'fp2@example.vn' });
  const op = await t.login(await t.newUser('operator'));
  const created = await op.post('/api/v1/tickets', ticketBody());
  await op.post(`/api/v1/tickets/${created.body.id}/actions/forward`, { agencyId: agency.id });
  const adapter = new SmtpAdapter(smtp.url, 'no-reply@1022.example.vn');
  after(() => adapter.close());
  const before = smtp.received.length;

  smtp.setFail(true);
  assert.deepEqual(await dispatchOutbox(t.ctx, [adapter]), { sent: 0, failed: 1 });
  const row = await t.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', 'fp2@example.vn')
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.equal(row.attempts, 1);
  assert.match(row.last_error ?? '', /451/);
  assert.ok(
    row.next_attempt_at.getTime() > t.clock.now().getTime(),
    'backoff moves the next attempt',
  );

  smtp.setFail(false);
  // Not before the backoff elapses…
  assert.deepEqual(await dispatchOutbox(t.ctx, [adapter]), { sent: 0, failed: 0 });
  t.clock.advance(31_000);
  assert.deepEqual(await dispatchOutbox(t.ctx, [adapter]), { sent: 1, failed: 0 });
  assert.equal(smtp.received.length, before + 1);
});
