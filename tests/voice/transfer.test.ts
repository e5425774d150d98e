/**
 * Transfers to agency phones through the carrier's trunk (R-WF-8, R-TEL-4), with real peers:
 * a SIPp caller, a baresip operator, and SIPp (`-rtp_echo`) as the agency's phone behind a
 * trunk that challenges our INVITE (digest). Blind and attended (complete, cancel) through
 * the API, REFER from an operator's phone (SIPp), a busy agency (the caller back in the
 * queue), the IVR's transfer node, the trunk's inbound allow-list, the API's refusals.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import { EVENTS_CHANNEL } from '../../src/realtime/events.ts';
import type { Envelope, ServerEvents } from '../../src/contract/events.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';
import { ivrFlowSchema, type IvrFlow } from '../../src/voice/ivr/flow.ts';
import { ULAW_TO_LINEAR } from '../../src/voice/media/g711.ts';
import { WAV_HEADER_BYTES } from '../../src/voice/media/wav.ts';
import type { CallRecord, TelephonyService } from '../../src/voice/service.ts';
import { secretBoxFrom } from '../../src/config/secret-box.ts';
import { transferDeps } from '../../src/voice/transfer/wiring.ts';
import { startPhone, type Phone } from './helpers/baresip.ts';
import {
  freeUdpPort,
  scenarioWith,
  sipp,
  speech,
  succeeded,
  tempDir,
  until,
  type SippRun,
} from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';

const t = await createTestApp({ realClock: true });
after(t.close);
const PASSWORD = 'dien-thoai-tong-dai-vien';
const TRUNK = { user: 'open1022-trunk', password: 'mat-khau-trung-ke' };
const AGENCY = '02363822123';
const dir = tempDir('o1022-xfer');

const queueFlow = (queue: string) =>
  ivrFlowSchema.parse({
    name: 'Hàng đợi',
    voice: 'vi',
    start: 'q',
    nodes: { q: { type: 'queue', queue, prompt: 'Xin chờ.' } },
  });
const ivrTransferFlow = ivrFlowSchema.parse({
  name: 'Chuyển thẳng',
  voice: 'vi',
  start: 'x',
  nodes: { x: { type: 'transfer', target: '0236 3822 123', prompt: 'Xin chờ.' } },
});

const goodbye = ivrFlowSchema.parse({
  name: 'Tạm biệt',
  voice: 'vi',
  start: 'h',
  nodes: { h: { type: 'hangup' } },
});

let admin: Client;
let op: Client;
let op2: Client;
let supervisor: Client;
let focal: Client;
let operatorId: string;
let phoneOpId: string;
let tel: Telephony;
let service: TelephonyService;
let phone: Phone;
let stopCommands: () => Promise<void>;
let records: CallRecord[] = [];
const events: Envelope[] = [];
const listener = new pg.Client({ connectionString: t.ctx.env.DATABASE_URL });

before(async () => {
  admin = await t.login(await t.newUser('admin'));
  supervisor = await t.login(await t.newUser('supervisor'));
  focal = await t.login(await t.newUser('focal_point', await t.newAgency({ code: 'SXD' })));
  const u = await t.newUser('operator');
  operatorId = u.id;
  op = await t.login(u);
  const u2 = await t.newUser('operator');
  phoneOpId = u2.id;
  op2 = await t.login(u2);
  for (const [id, username] of [
    [operatorId, '1001'],
    [phoneOpId, '1002'],
  ] as const) {
    const put = await admin.put(`/api/v1/agents/${id}/sip`, { username, password: PASSWORD });
    assert.equal(put.status, 200);
  }
  // The busy test needs the operator back at once after the failed transfer.
  const q = await admin.put('/api/v1/call-queues/xfer-busy', { name: 'busy', wrapUpSeconds: 0 });
  assert.equal(q.status, 200, JSON.stringify(q.body));

  await listener.connect();
  listener.on('notification', (m) => events.push(JSON.parse(m.payload!) as Envelope));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);

  const now = () => new Date();
  const log = process.env.XFER_LOG
    ? pino({ level: 'debug' }, pino.destination(process.env.XFER_LOG))
    : pino({ level: 'silent' });
  const deps = transferDeps({
    db: t.db,
    dbUrl: t.ctx.env.DATABASE_URL!,
    tenantId: t.tenantId,
    log,
    now,
    box: secretBoxFrom(t.ctx.env.SECRETS_KEY),
    trunkTtlMs: 0,
  });
  tel = await startTelephony({
    app: t,
    dir,
    rtpPorts: 60,
    config: { agencyRingSeconds: 10 },
    log,
    flow: (called): IvrFlow =>
      called === 'ivr-xfer'
        ? ivrTransferFlow
        : called === '1022'
          ? goodbye
          : queueFlow(called === 'busy' ? 'xfer-busy' : 'xfer'),
    registrar: { log },
    acd: true,
    node: 'transfer-test',
    deps: { trunks: deps.trunks, onTransfer: deps.onTransfer },
  });
  service = tel.service;
  records = tel.records;
  stopCommands = await deps.listen(service);
});
after(async () => {
  phone?.peer.stop();
  await stopCommands?.();
  await tel?.stop();
  await listener.end();
});

// --- helpers ------------------------------------------------------------------------------

async function putTrunk(port: number, over: Record<string, unknown> = {}) {
  const r = await admin.put('/api/v1/telephony/trunks/carrier', {
    host: '127.0.0.1',
    port,
    username: TRUNK.user,
    password: TRUNK.password,
    ...over,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** SIPp as the agency's phone behind the trunk (UAS, `-rtp_echo`), on a port of its own. */
async function agencyPhone(scenario: 'agency.xml' | 'agency-busy.xml') {
  const port = await freeUdpPort();
  const file = scenarioWith(scenario, { user: TRUNK.user, password: TRUNK.password });
  const run = sipp('127.0.0.1', { file }, [
    '-p',
    String(port),
    '-rtp_echo',
    '-timeout',
    '60s',
    '-recv_timeout',
    '40000',
  ]);
  await putTrunk(port);
  return run;
}

let audioFile: string | null = null;
function callerAudio(): string {
  if (audioFile) return audioFile;
  const audio = speech(
    'Có một vụ cháy lớn ở chợ Hòa Khánh, đề nghị chuyển ngay cho cảnh sát phòng cháy chữa cháy.',
    'ul',
    dir,
  );
  audioFile = path.join(dir, 'caller.ul');
  writeFileSync(audioFile, audio);
  return audioFile;
}

function caller(called: string, talkMs: number) {
  const file = scenarioWith('caller-talks.xml', { audio: callerAudio(), talk_ms: talkMs });
  return sipp(`127.0.0.1:${service.port}`, { file }, ['-s', called, '-timeout', '60s']);
}

async function startBaresip() {
  // One phone for the file; a new one if it died (a failure must not cascade).
  if (phone && !phone.peer.exited) return phone;
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
    '90',
    'sine',
    '440',
    'gain',
    '-6',
  ]);
  phone = await startPhone({
    registrarPort: service.port,
    user: '1001',
    password: PASSWORD,
    source: tone,
  });
  await until(
    'registration',
    async () => (await repo.bindings(t.db, operatorId, new Date())).length > 0,
    () => (phone.peer.exited ? phone.peer.output() : null),
  );
  return phone;
}

async function available(c: Client, state: 'available' | 'break' = 'available') {
  const r = await c.put('/api/v1/agents/me/state', { state });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** The call record id of the call bridged to an operator now (and not `except`). */
const bridged = (except?: string) =>
  until('call bridged to an operator', () => [...service.bridged.keys()].find((k) => k !== except));

/**
 * The record of a SIPp caller's call. SIPp's Call-IDs are `<n>-<pid>@<ip>`: found by the pid,
 * not by the log's first Call-ID (a stray BYE to an earlier SIPp on the same port can come
 * first).
 */
const recordOf = (run: SippRun) =>
  until('call record', () => records.find((r) => r.sipCallId.startsWith(`1-${run.peer.pid}@`)));

const errCode = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

type TransferData = ServerEvents['call.transfer'];
const transferEvents = (callId: string) =>
  events
    .filter((e) => e.type === 'call.transfer' && (e.data as TransferData).callId === callId)
    .map((e) => e.data as TransferData);

/** The stereo μ-law recording's channels, as bytes. */
function channels(file: string) {
  const data = readFileSync(file).subarray(WAV_HEADER_BYTES);
  const left = Buffer.alloc(data.length >> 1);
  const right = Buffer.alloc(data.length >> 1);
  for (let i = 0; i + 1 < data.length; i += 2) {
    left[i >> 1] = data[i]!;
    right[i >> 1] = data[i + 1]!;
  }
  return { left, right };
}

/**
 * How much of `right` is `left` said back (the agency's echo): the best share, over delays up
 * to 600 ms, of audible caller samples found again bit-exact on the right channel.
 */
function echoShare(left: Buffer, right: Buffer, from: number, to: number): number {
  let best = 0;
  for (let lag = 0; lag <= 4800; lag += 8) {
    let n = 0;
    let same = 0;
    for (let i = from; i < to; i++) {
      const l = left[i - lag];
      if (l === undefined || Math.abs(ULAW_TO_LINEAR[l]!) < 300) continue;
      n++;
      if (right[i] === l) same++;
    }
    if (n > 1000) best = Math.max(best, same / n);
  }
  return best;
}

const rms = (b: Buffer) => {
  let s = 0;
  for (const x of b) s += ULAW_TO_LINEAR[x]! ** 2;
  return Math.sqrt(s / Math.max(1, b.length));
};
const crossings = (b: Buffer) => {
  let n = 0;
  for (let i = 1; i < b.length; i++)
    if (ULAW_TO_LINEAR[b[i - 1]!]! < 0 !== ULAW_TO_LINEAR[b[i]!]! < 0) n++;
  return (n * 8000) / b.length;
};

async function transferRows(callId: string) {
  return t.db
    .selectFrom('call_transfer')
    .selectAll()
    .where('call_id', '=', callId)
    .orderBy('started_at')
    .execute();
}

// --- tests --------------------------------------------------------------------------------

test('allow-list: with a trunk allow-list, other sources get 403; the carrier is answered', async () => {
  await putTrunk(5060, { allowFrom: ['192.0.2.0/24'] });
  const file = scenarioWith('caller-refused.xml', { status: 403 });
  const refused = await sipp(`127.0.0.1:${service.port}`, { file }).result;
  assert.equal(refused.code, 0, `${refused.stderr}\n${refused.errors}`);
  await putTrunk(5060, { allowFrom: ['192.0.2.0/24', '127.0.0.0/8'] });
  const ok = await sipp(`127.0.0.1:${service.port}`, {
    file: scenarioWith('caller-refused.xml', { status: 200 }),
  }).result;
  // Answered this time (the scenario then ACKs and leaves; we hang up on it later).
  assert.match(ok.messages, /SIP\/2.0 200 OK/);
  await putTrunk(5060, { allowFrom: [] });
});

test('blind transfer through the API: the agency (echo) answers behind a digest trunk; recorded on the right channel', async () => {
  await startBaresip();
  const agency = await agencyPhone('agency.xml');
  await available(op);
  await available(op2, 'break');
  const run = caller('xfer', 16000);
  const id = await bridged();

  // Refused: not this operator's call, another role, a bad number, an ended call.
  const notMine = await op2.post(`/api/v1/calls/${id}/transfer`, { target: AGENCY });
  assert.equal(notMine.status, 403, JSON.stringify(notMine.body));
  assert.equal(errCode(notMine.body), 'transfer_not_your_call');
  const wrongRole = await focal.post(`/api/v1/calls/${id}/transfer`, { target: AGENCY });
  assert.equal(wrongRole.status, 403);
  const bad = await op.post(`/api/v1/calls/${id}/transfer`, { target: '02 36x' });
  assert.equal(bad.status, 422);
  assert.equal(errCode(bad.body), 'transfer_bad_number');
  assert.match((bad.body as { error: { message: string } }).error.message, /Số điện thoại/);
  const noPending = await op.post(`/api/v1/calls/${id}/transfer/complete`, {});
  assert.equal(errCode(noPending.body), 'no_transfer_pending');

  const r = await op.post(`/api/v1/calls/${id}/transfer`, {
    target: '0236 3822 123',
    mode: 'blind',
  });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual(r.body, { callId: id, target: AGENCY, mode: 'blind', state: 'dialing' });

  const [, agencyDone] = await succeeded(run, agency);
  // The trunk challenged, and our second INVITE carried the answer.
  assert.match(agencyDone.messages, /SIP\/2.0 401 Unauthorized/);
  assert.match(agencyDone.messages, /Authorization: Digest username="open1022-trunk"/);
  assert.match(agencyDone.messages, new RegExp(`INVITE sip:${AGENCY}@127.0.0.1:`));

  const rec = await recordOf(run);
  assert.equal(
    rec.id,
    id,
    JSON.stringify(records.map((r) => [r.id, r.sipCallId, r.outcome, r.called])),
  );
  assert.equal(rec.outcome, 'transferred', JSON.stringify(rec));
  assert.equal(rec.transferTo, AGENCY);
  assert.equal(rec.agentId, operatorId);
  const row = await t.db
    .selectFrom('call_record')
    .select(['outcome', 'transfer_to'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { outcome: 'transferred', transfer_to: AGENCY });
  const [x] = await transferRows(id);
  assert.equal(x?.result, 'completed');
  assert.equal(x?.mode, 'blind');
  assert.equal(x?.via, 'api');
  assert.equal(x?.by_user_id, operatorId);
  assert.equal(x?.sip_status, 200);
  assert.deepEqual(
    transferEvents(id).map((e) => e.state),
    ['dialing', 'completed'],
  );
  // The operator was released at once: wrap-up.
  assert.equal((await repo.state(t.db, operatorId))?.state, 'wrap-up');

  // The caller's recording goes on: the end of its right channel is the agency's echo of
  // what the caller says on the left.
  const { left, right } = channels(rec.recordingPath!);
  const end = right.length - 4000;
  const share = echoShare(left, right, end - 24000, end);
  assert.ok(share > 0.6, `the agency's echo of the caller is on the right channel (${share})`);
});

test('attended transfer: the operator consults the agency, then completes', async () => {
  const agency = await agencyPhone('agency.xml');
  await available(op);
  // Long enough that the agency still talks for seconds after the completion when a loaded
  // machine stretches the steps before it (ring, bridge, digest, consultation).
  const run = caller('xfer', 24000);
  const id = await bridged();
  const r = await op.post(`/api/v1/calls/${id}/transfer`, { target: AGENCY, mode: 'attended' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await until('consulting', () => transferEvents(id).some((e) => e.state === 'consulting'));
  const again = await op.post(`/api/v1/calls/${id}/transfer`, { target: AGENCY });
  assert.equal(errCode(again.body), 'transfer_unavailable');
  const c = await op.post(`/api/v1/calls/${id}/transfer/complete`, {});
  assert.equal(c.status, 200, JSON.stringify(c.body));
  await succeeded(run, agency);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'transferred');
  assert.equal(rec.transferTo, AGENCY);
  const [x] = await transferRows(id);
  assert.equal(x?.result, 'completed');
  assert.equal(x?.mode, 'attended');
  assert.deepEqual(
    transferEvents(id).map((e) => e.state),
    ['dialing', 'consulting', 'completed'],
  );
  assert.equal((await repo.state(t.db, operatorId))?.state, 'wrap-up');
  const { left, right } = channels(rec.recordingPath!);
  const end = right.length - 4000;
  const share = echoShare(left, right, end - 24000, end);
  assert.ok(share > 0.6, `after completion the caller hears the agency (${share})`);
});

test('attended transfer cancelled: the agency is hung up, the operator has the caller back', async () => {
  const agency = await agencyPhone('agency.xml');
  await available(op);
  const run = caller('xfer', 20000);
  const id = await bridged();
  const r = await supervisor.post(`/api/v1/calls/${id}/transfer`, {
    target: AGENCY,
    mode: 'attended',
  });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await until('consulting', () => transferEvents(id).some((e) => e.state === 'consulting'));
  const c = await op.post(`/api/v1/calls/${id}/transfer/cancel`, {});
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const agencyDone = await agency.result;
  assert.equal(agencyDone.code, 0, 'the agency got our BYE');
  const done = await run.result;
  assert.equal(done.code, 0, `${done.stderr}\n${done.errors}`);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'answered');
  assert.equal(rec.transferTo, null);
  const [x] = await transferRows(id);
  assert.equal(x?.result, 'cancelled');
  const sup = events.find(
    (e) => e.type === 'call.transfer' && (e.data as TransferData).callId === id,
  );
  assert.ok(sup && sup.rooms.length === 2, 'to the operator and to the supervisor who asked');
  // Back with the operator: the end of the caller's right channel is baresip's 440 Hz tone.
  const { right } = channels(rec.recordingPath!);
  const tail = right.subarray(right.length - 16000, right.length - 4000);
  const z = crossings(tail);
  assert.ok(rms(tail) > 500 && z > 800 && z < 960, `the operator's tone (${z} crossings/s)`);
});

test('blind transfer to a busy agency (486): the caller goes back to the queue, first in line', async () => {
  const agency = await agencyPhone('agency-busy.xml');
  await available(op);
  const run = caller('busy', 22000);
  const id = await bridged();
  const r = await op.post(`/api/v1/calls/${id}/transfer`, { target: AGENCY, mode: 'blind' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const agencyDone = await agency.result;
  assert.equal(agencyDone.code, 0, `${agencyDone.stderr}\n${agencyDone.errors}`);
  const done = await run.result;
  assert.equal(done.code, 0, `${done.stderr}\n${done.errors}`);
  const rec = await recordOf(run);
  // No wrap-up in this queue: the same operator answered the caller again.
  assert.equal(rec.outcome, 'answered', JSON.stringify(rec));
  assert.equal(rec.agentId, operatorId);
  assert.equal(rec.transferTo, null);
  const [x] = await transferRows(id);
  assert.equal(x?.result, 'failed');
  assert.equal(x?.sip_status, 486);
  const { right } = channels(rec.recordingPath!);
  const tail = right.subarray(right.length - 12000, right.length - 4000);
  const z = crossings(tail);
  assert.ok(rms(tail) > 500 && z > 800 && z < 960, `the operator again (${z} crossings/s)`);
});

/** SIPp as an operator's phone (1002) that answers and transfers with REFER. */
function referringPhone(final: string) {
  return sippOperator('operator-refer.xml', { target: AGENCY, final });
}

/** SIPp (`-rtp_echo`) as the operator's phone 1002, the one available operator. */
async function sippOperator(scenario: string, vars: Record<string, string | number>) {
  await available(op, 'break');
  await available(op2);
  // Its registration is written as the registrar would (SIPp cannot REGISTER and then take
  // an INVITE in one scenario).
  const port = await freeUdpPort();
  await t.db.deleteFrom('sip_binding').where('user_id', '=', phoneOpId).execute();
  await t.db
    .insertInto('sip_binding')
    .values({
      user_id: phoneOpId,
      tenant_id: t.tenantId,
      contact: `sip:1002@127.0.0.1:${port}`,
      call_id: randomUUID(),
      cseq: 1,
      expires_at: new Date(Date.now() + 600_000),
      source: `udp:127.0.0.1:${port}`,
      user_agent: 'SIPp',
    })
    .execute();
  return sipp('127.0.0.1', { file: scenarioWith(scenario, { user: '1002', ...vars }) }, [
    '-p',
    String(port),
    '-rtp_echo',
    '-timeout',
    '60s',
    '-recv_timeout',
    '40000',
  ]);
}

test("REFER from the operator's phone: 202, NOTIFY 100 then 200 (sipfrag), caller with the agency", async () => {
  const phoneRun = await referringPhone('SIP/2.0 200 OK');
  const agency = await agencyPhone('agency.xml');
  const run = caller('xfer', 14000);
  const [phoneDone] = await succeeded(phoneRun, agency, run);
  assert.match(phoneDone.messages, /SIP\/2.0 202 Accepted/);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'transferred');
  assert.equal(rec.transferTo, AGENCY);
  assert.equal(rec.agentId, phoneOpId);
  const [x] = await transferRows(rec.id);
  assert.equal(x?.via, 'refer');
  assert.equal(x?.result, 'completed');
  assert.equal(x?.by_user_id, phoneOpId);
});

test('REFER to a busy agency: NOTIFY with 486, the operator keeps the caller', async () => {
  const phoneRun = await referringPhone('SIP/2.0 486 Busy Here');
  const agency = await agencyPhone('agency-busy.xml');
  const run = caller('xfer', 12000);
  await succeeded(phoneRun, agency, run);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'answered');
  assert.equal(rec.agentId, phoneOpId);
  const [x] = await transferRows(rec.id);
  assert.equal(x?.result, 'failed');
  assert.equal(x?.sip_status, 486);
  // The operator's phone (an echo) has the caller again at the end of the recording.
  const { left, right } = channels(rec.recordingPath!);
  const end = right.length - 4000;
  const share = echoShare(left, right, end - 16000, end);
  assert.ok(share > 0.6, `the operator is back on the right channel (${share})`);
  await t.db.deleteFrom('sip_binding').where('user_id', '=', phoneOpId).execute();
  await available(op2, 'break');
});

test("the operator's phone holds: the caller hears our hold music, then the operator again", async () => {
  const phoneRun = await sippOperator('operator-hold.xml', { talk_ms: 4000, hold_ms: 4000 });
  // Resumed 8 s after the answer; the caller stays for seconds more even on a loaded machine.
  const run = caller('xfer', 20000);
  await succeeded(phoneRun, run);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'answered');
  assert.equal(rec.agentId, phoneOpId);
  const { left, right } = channels(rec.recordingPath!);
  // Our hold music, bit-exact, on what the caller heard (a second of it, 1 s in).
  const music = readFileSync((await service.queueSounds()).hold.files.PCMU);
  const body = music.subarray(music.indexOf('data', 12, 'latin1') + 8);
  const at = right.indexOf(body.subarray(8000, 16000));
  assert.ok(at > 0, 'the hold music is on the right channel');
  // Before the hold and after the resume, the operator's phone (an echo) is heard.
  const held = at - 8000; // where the music began
  const before = echoShare(left, right, held - 16000, held - 2000);
  assert.ok(before > 0.6, `the operator before the hold (${before})`);
  const end = right.length - 4000;
  const after_ = echoShare(left, right, end - 12000, end);
  assert.ok(after_ > 0.6, `the operator again after the resume (${after_})`);
  // While held, the operator's echo is not what the caller hears.
  const during = echoShare(left, right, held + 2000, held + 26000);
  assert.ok(during < 0.1, `no operator audio during the hold (${during})`);
  await t.db.deleteFrom('sip_binding').where('user_id', '=', phoneOpId).execute();
  await available(op2, 'break');
});

test("the IVR's transfer node puts the caller through the trunk to the agency", async () => {
  const agency = await agencyPhone('agency.xml');
  const run = caller('ivr-xfer', 12000);
  await succeeded(run, agency);
  const rec = await recordOf(run);
  assert.equal(rec.outcome, 'transferred');
  assert.equal(rec.transferTo, AGENCY);
  const [x] = await transferRows(rec.id);
  assert.equal(x?.via, 'ivr');
  assert.equal(x?.by_user_id, null);
  const { left, right } = channels(rec.recordingPath!);
  const end = right.length - 4000;
  assert.ok(echoShare(left, right, end - 24000, end) > 0.6, 'the agency echoes the caller');
});

test('a trunk that does not answer is left for the next one (failover in name order)', async () => {
  // "a-dead" comes first by name: a carrier that takes our INVITEs and never says a word.
  const silent = dgram.createSocket('udp4');
  const heard: string[] = [];
  silent.on('message', (m) => heard.push(m.toString('utf8')));
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  const dead = silent.address().port;
  const put = await admin.put('/api/v1/telephony/trunks/a-dead', {
    host: '127.0.0.1',
    port: dead,
    username: TRUNK.user,
    password: TRUNK.password,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  try {
    const agency = await agencyPhone('agency.xml');
    const run = caller('ivr-xfer', 16000);
    await succeeded(run, agency);
    const rec = await recordOf(run);
    assert.equal(rec.outcome, 'transferred', JSON.stringify(rec));
    assert.equal(rec.transferTo, AGENCY);
    const [x] = await transferRows(rec.id);
    assert.equal(x?.result, 'completed');
    const { left, right } = channels(rec.recordingPath!);
    const end = right.length - 4000;
    assert.ok(echoShare(left, right, end - 16000, end) > 0.6, 'the agency echoes the caller');
    assert.ok(
      heard.some((m) => m.startsWith(`INVITE sip:${AGENCY}@127.0.0.1:${dead} `)),
      'the silent trunk was tried first',
    );
  } finally {
    silent.close();
    await admin.delete('/api/v1/telephony/trunks/a-dead');
  }
});

test('transfers are written on the timeline of the ticket the call is bound to', async () => {
  const rec = records.find((r) => r.outcome === 'transferred' && r.agentId === operatorId);
  assert.ok(rec);
  const made = await op.post(`/api/v1/calls/${rec.id}/ticket`, {
    content: 'Cháy ở chợ Hòa Khánh, đã chuyển cho cảnh sát PCCC.',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const ticket = await op.get(`/api/v1/tickets/${(made.body as { id: string }).id}`);
  const timeline = (
    ticket.body as {
      timeline: { action: string; actor: string | null; data: Record<string, unknown> }[];
    }
  ).timeline;
  const line = timeline.find((e) => e.action === 'call_transferred');
  assert.ok(line, JSON.stringify(timeline.map((e) => e.action)));
  assert.equal(line.data.target, AGENCY);
  assert.equal(line.data.result, 'completed');
  assert.ok(line.data.mode === 'blind' || line.data.mode === 'attended');
  assert.ok(line.actor, 'by whom');
  // An ended call cannot be transferred: a stable code, without waiting for a node.
  const ended = await op.post(`/api/v1/calls/${rec.id}/transfer`, { target: AGENCY });
  assert.equal(ended.status, 409);
  assert.equal(errCode(ended.body), 'call_not_live');
  // No such call: 404 at once, for every command (tests/api/transfer-commands.test.ts).
  const unknown = await op.post(`/api/v1/calls/${randomUUID()}/transfer`, { target: AGENCY });
  assert.equal(unknown.status, 404);
  assert.equal(errCode(unknown.body), 'call_not_found');
  void ticketBody;
});
