/**
 * Voicemails and call-back requests become tickets through the worker's sweep (real SQL):
 * once per call however many workers sweep at once, never for other outcomes or calls still
 * in progress, and a call an operator already recorded keeps the operator's ticket.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../helpers/app.ts';
import { ticketOverflowCalls } from '../../src/voice/calls/overflow.ts';

const t = await createTestApp();
after(t.close);

async function call(outcome: string, over: Record<string, unknown> = {}) {
  const now = t.clock.now();
  const row = await t.db
    .insertInto('call_record')
    .values({
      id: randomUUID(),
      tenant_id: t.tenantId,
      sip_call_id: randomUUID(),
      caller: '0935111222',
      caller_name: null,
      called: '1022',
      started_at: new Date(now.getTime() - 60_000),
      ended_at: outcome === 'in-progress' ? null : now,
      wait_ms: 0,
      talk_ms: 0,
      queue: 'tiep-nhan',
      agent_id: null,
      outcome: outcome as 'voicemail',
      end_reason: null,
      recording_file: null,
      recording_ms: null,
      codec: 'PCMU',
      media: null,
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const ticketOf = async (id: string) =>
  (
    await t.db
      .selectFrom('call_record')
      .select('ticket_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).ticket_id;

test('each voicemail and call-back becomes one ticket, even with three workers sweeping at once', async () => {
  const vm = await call('voicemail', { caller_name: 'Trần Văn Nam' });
  const cb = await call('callback', { caller: 'anonymous' });
  const others = [
    await call('answered'),
    await call('abandoned'),
    await call('in-progress', { outcome: 'in-progress' }),
  ];
  const swept = await Promise.all(
    [1, 2, 3].map(() => ticketOverflowCalls(t.ctx, t.services.tickets)),
  );
  assert.equal(
    swept.reduce((a, b) => a + b, 0),
    2,
    `bound once in all (${swept})`,
  );
  for (const id of others) assert.equal(await ticketOf(id), null);
  const tickets = await t.db
    .selectFrom('ticket')
    .select([
      'id',
      'channel',
      'subject',
      'citizen_name',
      'citizen_phone',
      'idempotency_key',
      'created_by',
    ])
    .where('idempotency_key', 'in', [`call:${vm}`, `call:${cb}`])
    .execute();
  assert.equal(tickets.length, 2, 'one ticket per call');
  const voicemail = tickets.find((x) => x.idempotency_key === `call:${vm}`);
  const callback = tickets.find((x) => x.idempotency_key === `call:${cb}`);
  assert.equal(voicemail!.id, await ticketOf(vm));
  assert.equal(voicemail!.channel, 'phone');
  assert.equal(voicemail!.subject, 'Tin nhắn thoại');
  assert.equal(voicemail!.citizen_name, 'Trần Văn Nam');
  assert.equal(voicemail!.citizen_phone, '0935111222');
  assert.equal(voicemail!.created_by, null, 'written by the system');
  assert.equal(callback!.id, await ticketOf(cb));
  assert.equal(callback!.subject, 'Yêu cầu gọi lại');
  assert.equal(callback!.citizen_name, 'Người gọi tổng đài');
  assert.equal(callback!.citizen_phone, null, 'a hidden number is not made up');
  const bound = await t.db
    .selectFrom('ticket_event')
    .select(['ticket_id', 'actor_role', 'data'])
    .where('action', '=', 'call_bound')
    .where('ticket_id', 'in', [voicemail!.id, callback!.id])
    .execute();
  assert.equal(bound.length, 2, 'one timeline line each');
  assert.ok(bound.every((b) => b.actor_role === 'system'));
  assert.equal(await ticketOverflowCalls(t.ctx, t.services.tickets), 0, 'nothing left');
});

test('a call an operator already turned into a ticket is left alone', async () => {
  const operator = await t.login(await t.newUser('operator'));
  const id = await call('voicemail');
  const r = await operator.post(`/api/v1/calls/${id}/ticket`, {
    content: 'Người dân phản ánh đèn đường hỏng ở đường Lê Duẩn.',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(await ticketOverflowCalls(t.ctx, t.services.tickets), 0);
  assert.equal(await ticketOf(id), r.body.id);
});

test('calls older than a week are not swept (an old backup restored must not flood the list)', async () => {
  const old = await call('callback', {
    started_at: new Date(t.clock.now().getTime() - 8 * 24 * 3600_000),
  });
  assert.equal(await ticketOverflowCalls(t.ctx, t.services.tickets), 0);
  assert.equal(await ticketOf(old), null);
});
