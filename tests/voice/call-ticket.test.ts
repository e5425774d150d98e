/**
 * Calls and tickets (R-TEL-1, R-TEL-5): a call becomes a ticket in one step (caller's number
 * prefilled, call bound, line on the timeline); a ticket created with `callId` binds it; a
 * call binds to one ticket only and a refused binding creates nothing; recordings stream to
 * the hotline and to the agency holding the bound ticket, every access audited.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';

const t = await createTestApp();
after(t.close);

let op: Client;
let leader: Client;
let fpA: Client;
let fpB: Client;
let agencyA: { id: string };
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4000, 0xd5)]);

async function call(over: { caller?: string; file?: string | null } = {}) {
  const id = randomUUID();
  const file = over.file === undefined ? `2026/03/02/${id}.wav` : over.file;
  if (file) {
    const abs = path.join(t.ctx.env.dataDir, 'voice', 'recordings', file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, WAV);
  }
  await t.db
    .insertInto('call_record')
    .values({
      id,
      tenant_id: t.tenantId,
      sip_call_id: `${id}@test`,
      caller: over.caller ?? '0912345678',
      caller_name: 'Phạm Văn Đức',
      called: '1022',
      started_at: new Date('2026-03-02T01:00:00Z'),
      answered_at: new Date('2026-03-02T01:00:01Z'),
      ended_at: new Date('2026-03-02T01:02:00Z'),
      wait_ms: 1000,
      talk_ms: 119000,
      queue: 'tiep-nhan',
      agent_id: null,
      outcome: 'answered',
      end_reason: 'remote-bye',
      recording_file: file,
      recording_ms: file ? 119000 : null,
      codec: 'PCMA',
      media: null,
      ticket_id: null,
      queue_wait_ms: 4000,
      transfer_to: null,
      recording_channels: file ? 2 : null,
    })
    .execute();
  return id;
}

const ticketCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('ticket')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

before(async () => {
  agencyA = await t.newAgency();
  const agencyB = await t.newAgency();
  op = await t.login(await t.newUser('operator'));
  leader = await t.login(await t.newUser('leader'));
  fpA = await t.login(await t.newUser('focal_point', agencyA));
  fpB = await t.login(await t.newUser('focal_point', agencyB));
});

test('a call becomes a ticket in one step: caller prefilled, call bound, on the timeline', async () => {
  const id = await call();
  const res = await op.post(`/api/v1/calls/${id}/ticket`, {
    content: 'Đèn đường trên đường Lê Duẩn bị hỏng nhiều ngày.',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const ticket = await op.get(`/api/v1/tickets/${res.body.id}`);
  assert.equal(ticket.body.channel, 'phone');
  assert.equal(ticket.body.citizen.phone, '0912345678');
  assert.equal(ticket.body.citizen.name, 'Phạm Văn Đức');
  const bound = ticket.body.timeline.find((e: { action: string }) => e.action === 'call_bound');
  assert.ok(bound, JSON.stringify(ticket.body.timeline));
  const calls = await op.get(`/api/v1/calls?ticketId=${res.body.id}`);
  assert.deepEqual(
    calls.body.items.map((c: { id: string }) => c.id),
    [id],
  );

  const n = await ticketCount();
  const again = await op.post(`/api/v1/calls/${id}/ticket`, { content: 'Lần thứ hai.' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'call_already_bound');
  assert.equal(await ticketCount(), n, 'nothing created');
  const bad = await op.post(`/api/v1/calls/${id}/ticket`, { content: 'x' });
  assert.equal(bad.status, 400);
  assert.equal(
    (await op.post(`/api/v1/calls/${randomUUID()}/ticket`, { content: 'Không có cuộc gọi.' }))
      .status,
    404,
  );
});

test('a ticket created with callId binds the call; a bound or unknown call creates nothing', async () => {
  const id = await call({ caller: '0987654321' });
  const res = await op.post('/api/v1/tickets', ticketBody({ channel: 'phone', callId: id }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const row = await t.db
    .selectFrom('call_record')
    .select('ticket_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.ticket_id, res.body.id);
  const n = await ticketCount();
  const dup = await op.post('/api/v1/tickets', ticketBody({ channel: 'phone', callId: id }));
  assert.equal(dup.status, 409);
  const unknown = await op.post('/api/v1/tickets', ticketBody({ callId: randomUUID() }));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'call_not_found');
  assert.equal(await ticketCount(), n, 'nothing created');
});

test('recordings stream to the hotline and to the agency holding the bound ticket, audited', async () => {
  const id = await call();
  const res = await op.get(`/api/v1/calls/${id}/recording`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'audio/wav');
  assert.equal(res.body, WAV.toString());
  const audit = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'call.recording.read')
    .where('entity_id', '=', id)
    .execute();
  assert.equal(audit.length, 1);

  assert.equal((await leader.get(`/api/v1/calls/${id}/recording`)).status, 403);
  assert.equal((await fpA.get(`/api/v1/calls/${id}/recording`)).status, 404, 'not bound yet');
  const tk = await op.post(`/api/v1/calls/${id}/ticket`, { content: 'Phản ánh về rác thải.' });
  assert.equal(tk.status, 201);
  const fwd = await op.post(`/api/v1/tickets/${tk.body.id}/actions/forward`, {
    agencyId: agencyA.id,
  });
  assert.equal(fwd.status, 200, JSON.stringify(fwd.body));
  assert.equal(
    (await fpA.get(`/api/v1/calls/${id}/recording`)).status,
    200,
    'the agency holding it',
  );
  assert.equal((await fpB.get(`/api/v1/calls/${id}/recording`)).status, 404, 'another agency');
  const none = await call({ file: null });
  const missing = await op.get(`/api/v1/calls/${none}/recording`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'recording_not_found');
});
