/**
 * Queues and operators (R-TEL-3) with real peers: a baresip operator phone, registered with its
 * password and set available through the API, auto-answers a SIPp caller sent to the queue by
 * the IVR; audio flows both ways through our B2BUA (the caller's speech reaches the phone, the
 * phone's tone reaches the caller's side of the two-channel recording). A caller who hangs up
 * while queued is `abandoned`; with nobody available the queue overflows to voicemail or to a
 * call-back request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import pg from 'pg';
import { AgentDirectory } from '../../src/voice/acd/directory.ts';
import { publishCallOffered } from '../../src/voice/acd/offered.ts';
import { publishAgentState } from '../../src/voice/agents/agents.events.ts';
import { EVENTS_CHANNEL } from '../../src/realtime/events.ts';
import type { Envelope } from '../../src/contract/events.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';
import { ticketOverflowCalls } from '../../src/voice/calls/overflow.ts';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from '../../src/voice/media/g711.ts';
import { WAV_HEADER_BYTES } from '../../src/voice/media/wav.ts';
import type { TelephonyService } from '../../src/voice/service.ts';
import { startPhone } from './helpers/baresip.ts';
import { scenarioWith, sipp, speech, tempDir, until } from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';

const t = await createTestApp({ realClock: true });
after(t.close);
const PASSWORD = 'dien-thoai-tong-dai-vien';
const dir = tempDir('o1022-acd');

const flow = (queue: string) =>
  ivrFlowSchema.parse({
    name: 'Hàng đợi',
    voice: 'vi',
    start: 'q',
    nodes: { q: { type: 'queue', queue, prompt: 'Xin chờ.' } },
  });

let admin: Client;
let op: Client;
let operatorId: string;
let tel: Telephony;
let service: TelephonyService;

before(async () => {
  admin = await t.login(await t.newUser('admin'));
  const u = await t.newUser('operator');
  operatorId = u.id;
  op = await t.login(u);
  const put = await admin.put(`/api/v1/agents/${operatorId}/sip`, {
    username: '1001',
    password: PASSWORD,
  });
  assert.equal(put.status, 200);
  // Short waits so the overflow happens within the test (the API allows 5 s at least).
  for (const [code, overflow] of [
    ['vm', 'voicemail'],
    ['cb', 'callback'],
  ] as const) {
    const q = await admin.put(`/api/v1/call-queues/${code}`, {
      name: code,
      maxWaitSeconds: 5,
      announceSeconds: 5,
      overflow,
    });
    assert.equal(q.status, 200, JSON.stringify(q.body));
  }
  const now = () => new Date();
  const acd = new AgentDirectory(
    t.db,
    t.tenantId,
    now,
    (o) => void publishCallOffered(t.db, t.tenantId, o),
    (c) => void publishAgentState(t.db, t.tenantId, c),
  );
  // Callers are kept in the queue shared by nodes, as telephony.ts does.
  after(await acd.share('acd-test'));
  tel = await startTelephony({
    app: t,
    dir,
    flow: (called) => flow(['vm', 'cb', 'rona'].includes(called) ? called : 'tiep-nhan'),
    config: { voicemailSeconds: 3 },
    registrar: true,
    acd,
    node: 'acd-test',
  });
  service = tel.service;
});
after(() => tel.stop());

const recordOf = (run: { messages: string }) => tel.recordOf(run);

/** The two channels of a stereo G.711 recording, as linear samples. */
function channels(file: string, codec: 'PCMA' | 'PCMU') {
  const data = readFileSync(file).subarray(WAV_HEADER_BYTES);
  const table = codec === 'PCMA' ? ALAW_TO_LINEAR : ULAW_TO_LINEAR;
  const left = new Int16Array(data.length >> 1);
  const right = new Int16Array(data.length >> 1);
  for (let i = 0; i + 1 < data.length; i += 2) {
    left[i >> 1] = table[data[i]!]!;
    right[i >> 1] = table[data[i + 1]!]!;
  }
  return { left, right };
}

/** 16-bit PCM samples of a WAV (baresip's aufile player writes plain PCM). */
function pcm(file: string): Int16Array {
  const buf = readFileSync(file);
  const at = buf.indexOf('data', 12, 'latin1');
  const body = buf.subarray(at + 8);
  return new Int16Array(body.buffer, body.byteOffset, body.length >> 1);
}

const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / Math.max(1, s.length));
/** Zero crossings per second (a 440 Hz tone crosses about 880 times). */
const crossings = (s: Int16Array) => {
  let n = 0;
  for (let i = 1; i < s.length; i++) if (s[i - 1]! < 0 !== s[i]! < 0) n++;
  return (n * 8000) / s.length;
};

test('an available operator on baresip answers a queued caller; audio flows both ways', async () => {
  const tone = path.join(dir, 'tone.wav');
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-b',
    '16',
    tone,
    'synth',
    '60',
    'sine',
    '440',
    'gain',
    '-6',
  ]);
  const phone = await startPhone({
    registrarPort: service.port,
    user: '1001',
    password: PASSWORD,
    source: tone,
  });
  try {
    await until(
      'registration',
      async () => (await repo.bindings(t.db, operatorId, new Date())).length > 0,
      () => (phone.peer.exited ? phone.peer.output() : null),
    );
    assert.equal((await op.put('/api/v1/agents/me/state', { state: 'available' })).status, 200);
    // The caller phoned before: their ticket is on the operator's screen when the phone rings.
    const earlier = await op.post(
      '/api/v1/tickets',
      ticketBody({ channel: 'phone', citizen: { name: 'Lê Thị Hoa', phone: '0935111222' } }),
    );
    assert.equal(earlier.status, 201, JSON.stringify(earlier.body));
    const listener = new pg.Client({ connectionString: t.ctx.env.DATABASE_URL });
    await listener.connect();
    const events: Envelope[] = [];
    listener.on('notification', (m) => events.push(JSON.parse(m.payload!) as Envelope));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    after(() => listener.end());

    const audio = speech(
      'Tôi muốn phản ánh việc đường ngập nước kéo dài ở phường Hòa Cường, đề nghị cơ quan chức năng xử lý sớm.',
      'ul',
      dir,
    );
    const audioFile = path.join(dir, 'caller.ul');
    writeFileSync(audioFile, audio);
    const file = scenarioWith('caller-talks.xml', { audio: audioFile, talk_ms: 9000 });
    const calling = sipp(`127.0.0.1:${service.port}`, { file }, ['-s', 'q1']).result;
    // While the operator talks, the call is in the log and the ticket they record binds it.
    const ringing = await until('call.offered', () =>
      events.find((e) => e.type === 'call.offered'),
    );
    const liveId = (ringing.data as { callId: string }).callId;
    const live = await op.get('/api/v1/calls?outcome=in-progress');
    assert.equal(live.status, 200);
    assert.deepEqual(
      (live.body.items as { id: string; endedAt: string | null }[]).map((c) => [c.id, c.endedAt]),
      [[liveId, null]],
    );
    const during = await op.post('/api/v1/tickets', {
      ...ticketBody({ channel: 'phone', citizen: { name: 'Lê Thị Hoa', phone: '0935111222' } }),
      callId: liveId,
    });
    assert.equal(during.status, 201, JSON.stringify(during.body));
    const run = await calling;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    const rec = await recordOf(run);
    assert.equal(rec.outcome, 'answered', JSON.stringify(rec));
    assert.equal(rec.agentId, operatorId);
    assert.equal(rec.queue, 'tiep-nhan');
    assert.ok(rec.queueWaitSeconds !== null && rec.queueWaitSeconds >= 0);
    assert.equal(rec.recordingChannels, 2);
    const offered = events.find((e) => e.type === 'call.offered');
    assert.ok(offered, 'call.offered published');
    assert.deepEqual(offered.rooms, [`user:${operatorId}`]);
    const data = offered.data as {
      callId: string;
      caller: string;
      callerName: string;
      earlierTickets: { code: string }[];
    };
    assert.equal(data.callId, rec.id);
    assert.equal(data.caller, '0935111222');
    assert.equal(data.callerName, 'Lê Thị Hoa');
    assert.deepEqual(
      data.earlierTickets.map((x) => x.code),
      [earlier.body.code],
    );

    // The operator is in wrap-up after the call (then available again by itself).
    const state = await repo.state(t.db, operatorId);
    assert.equal(state?.state, 'wrap-up');
    const row = await t.db
      .selectFrom('call_record')
      .select(['agent_id', 'queue_wait_ms', 'recording_channels', 'ticket_id', 'ended_at', 'node'])
      .where('id', '=', rec.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.agent_id, operatorId);
    assert.equal(row.recording_channels, 2);
    // The caller left the shared queue when answered.
    assert.equal((await t.db.selectFrom('call_queue_entry').select('call_id').execute()).length, 0);
    // Completed at the end, still bound to the ticket recorded during the call.
    assert.equal(row.ticket_id, during.body.id);
    assert.ok(row.ended_at);
    assert.equal(row.node, 'acd-test');

    // The caller's side of the recording: the end of the call is the operator's 440 Hz tone.
    const { left, right } = channels(rec.recordingPath!, rec.media!.codec!);
    const tail = right.subarray(right.length - 16000, right.length - 4000);
    assert.ok(rms(tail) > 500, `the operator's audio reaches the caller (rms ${rms(tail)})`);
    const z = crossings(tail);
    assert.ok(z > 800 && z < 960, `a 440 Hz tone (${z} crossings/s)`);
    assert.ok(rms(left) > 500, 'the caller is recorded on the left');
    phone.peer.stop();
    await phone.peer.done;
    // The phone heard the caller: speech (not a tone) with real energy.
    const heardFile = phone.heard();
    assert.ok(heardFile, 'baresip dumped what it heard');
    const heard = pcm(heardFile);
    assert.ok(heard.length > 8000, `baresip wrote what it heard (${heard.length} samples)`);
    assert.ok(rms(heard) > 300, `the caller's speech reaches the operator (rms ${rms(heard)})`);
  } finally {
    phone.peer.stop();
    await phone.peer.done;
  }
});

test('a caller who hangs up while queued is abandoned, with the time waited', async () => {
  await repo.setState(t.db, t.tenantId, operatorId, 'break', new Date());
  const run = await sipp(`127.0.0.1:${service.port}`, { builtin: 'uac' }, [
    '-s',
    'q1',
    '-d',
    '3000',
  ]).result;
  assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'abandoned');
  assert.equal(rec.queue, 'tiep-nhan');
  assert.equal(rec.agentId, null);
  assert.ok(rec.queueWaitSeconds !== null && rec.queueWaitSeconds > 0, JSON.stringify(rec));
  const list = await op.get('/api/v1/calls?outcome=abandoned');
  assert.equal(list.body.items[0].id, rec.id);
  assert.equal(list.body.items[0].queue, 'tiep-nhan');
});

test('nobody available: the queue overflows to voicemail (recorded), or to a call-back request; each becomes a ticket', async () => {
  const ids: [string, string][] = [];
  for (const [service_, outcome] of [
    ['vm', 'voicemail'],
    ['cb', 'callback'],
  ] as const) {
    // The caller stays on the line; we hang up after the message (call-back) or the voicemail.
    const run = await sipp(`127.0.0.1:${service.port}`, { file: 'uas-hangs-up.xml' }, [
      '-s',
      service_,
      // Prompt, 5 s in the queue, the message, the beep, 3 s of voicemail: longer than 15 s.
      '-recv_timeout',
      '60000',
    ]).result;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    const rec = await recordOf(run);
    assert.equal(rec.outcome, outcome, JSON.stringify(rec));
    assert.equal(rec.queue, service_);
    assert.ok(rec.queueWaitSeconds! >= 5, "after the queue's longest wait");
    assert.ok(rec.recordingPath, 'the voicemail is in the call recording');
    ids.push([rec.id, outcome]);
  }
  // The worker's sweep makes each a ticket, bound to its call; a second sweep does nothing.
  assert.equal(await ticketOverflowCalls(t.ctx, t.services.tickets), 2);
  assert.equal(await ticketOverflowCalls(t.ctx, t.services.tickets), 0);
  for (const [id, outcome] of ids) {
    const row = await t.db
      .selectFrom('call_record')
      .select('ticket_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.ok(row.ticket_id, `the ${outcome} call has its ticket`);
    const ticket = await op.get(`/api/v1/tickets/${row.ticket_id}`);
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    assert.equal(ticket.body.channel, 'phone');
    assert.equal(ticket.body.status, 'received');
    assert.equal(
      ticket.body.subject,
      outcome === 'voicemail' ? 'Tin nhắn thoại' : 'Yêu cầu gọi lại',
    );
    assert.ok(
      (ticket.body.timeline as { action: string; data: { callId?: string } }[]).some(
        (e) => e.action === 'call_bound' && e.data.callId === id,
      ),
      'the call is on the timeline',
    );
    // The voicemail is heard from the ticket: the bound call lists its recording.
    const listed = await op.get(`/api/v1/calls?ticketId=${row.ticket_id}`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const item = (listed.body.items as { id: string; recording: unknown }[]).find(
      (c) => c.id === id,
    );
    assert.ok(item?.recording, JSON.stringify(listed.body.items));
  }
});

test('an operator whose phone rings out is set to a break (ring-no-answer); the caller is not stuck', async () => {
  await repo.setState(t.db, t.tenantId, operatorId, 'offline', new Date());
  const q = await admin.put('/api/v1/call-queues/rona', {
    name: 'rona',
    maxWaitSeconds: 12,
    announceSeconds: 30,
    ringSeconds: 5,
    overflow: 'callback',
  });
  assert.equal(q.status, 200, JSON.stringify(q.body));
  const u = await t.newUser('operator');
  const away = await t.login(u);
  assert.equal(
    (await admin.put(`/api/v1/agents/${u.id}/sip`, { username: '1002', password: PASSWORD }))
      .status,
    200,
  );
  const phone = await startPhone({
    registrarPort: service.port,
    user: '1002',
    password: PASSWORD,
    answermode: 'manual',
  });
  const listener = new pg.Client({ connectionString: t.ctx.env.DATABASE_URL });
  await listener.connect();
  const events: Envelope[] = [];
  listener.on('notification', (m) => events.push(JSON.parse(m.payload!) as Envelope));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  try {
    await until(
      'registration',
      async () => (await repo.bindings(t.db, u.id, new Date())).length > 0,
      () => (phone.peer.exited ? phone.peer.output() : null),
    );
    assert.equal((await away.put('/api/v1/agents/me/state', { state: 'available' })).status, 200);
    const run = await sipp(`127.0.0.1:${service.port}`, { file: 'uas-hangs-up.xml' }, [
      '-s',
      'rona',
      '-recv_timeout',
      '60000',
    ]).result;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    const rec = await recordOf(run);
    // Rang for 5 s, nobody else: the caller got the queue's overflow, not an endless ring.
    assert.equal(rec.outcome, 'callback', JSON.stringify(rec));
    assert.equal(rec.agentId, null);
    const state = await repo.state(t.db, u.id);
    assert.equal(state?.state, 'break');
    assert.equal(state?.reason, 'no-answer');
    assert.equal(state?.missed_calls, 1);
    const moved = events
      .filter((e) => e.type === 'agent.state')
      .map((e) => e.data as { userId: string; state: string; reason: string | null });
    assert.deepEqual(
      moved.filter((d) => d.userId === u.id).map((d) => [d.state, d.reason]),
      [
        ['available', null],
        ['break', 'no-answer'],
      ],
    );
    const listed = await op.get('/api/v1/agents');
    const me = (
      listed.body.items as {
        id: string;
        state: string;
        reason: string | null;
        missedCalls: number;
      }[]
    ).find((a) => a.id === u.id);
    assert.deepEqual([me?.state, me?.reason, me?.missedCalls], ['break', 'no-answer', 1]);
    // Back at the desk: available again, the reason gone.
    assert.equal((await away.put('/api/v1/agents/me/state', { state: 'available' })).status, 200);
    assert.equal((await repo.state(t.db, u.id))?.reason, null);
  } finally {
    await listener.end();
    await away.put('/api/v1/agents/me/state', { state: 'offline' });
    phone.peer.stop();
    await phone.peer.done;
  }
});
