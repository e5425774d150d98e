/**
 * The call log through the HTTP API against real PostgreSQL: records written by the
 * telephony service (one real SIPp call included), who may read them (operators,
 * supervisors, leaders — masked for leaders), filters, paging, bad input.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, type Client } from '../helpers/app.ts';
import { callsRepository as repo } from '../../src/voice/calls/calls.repository.ts';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import type { CallRecord } from '../../src/voice/service.ts';
import { sipp } from './helpers/peers.ts';
import { startTelephony } from './helpers/telephony.ts';
import { buildTenant } from '../factories.ts';

const t = await createTestApp();
after(t.close);

let op: Client;
let sup: Client;
let leader: Client;
const refused: [string, Client][] = [];

function record(over: Partial<CallRecord> = {}): CallRecord {
  const startedAt = new Date('2026-03-02T01:00:00Z');
  return {
    id: randomUUID(),
    sipCallId: `${randomUUID()}@192.0.2.1`,
    caller: '0905123456',
    callerName: 'Nguyễn Văn An',
    called: '1022',
    startedAt,
    answeredAt: new Date(startedAt.getTime() + 1200),
    endedAt: new Date(startedAt.getTime() + 65_000),
    waitSeconds: 1.2,
    talkSeconds: 63.8,
    digits: '1',
    ivrPath: ['greeting', 'hours', 'main', 'report'],
    queue: 'tiep-nhan',
    agentId: null,
    queueWaitSeconds: 12.5,
    transferTo: null,
    recordingChannels: 2,
    outcome: 'queued',
    endReason: 'local-bye',
    recordingPath: '/data/voice/recordings/x.wav',
    recordingSeconds: 63.5,
    media: {
      codec: 'PCMA',
      packetsSent: 3190,
      packetsReceived: 3180,
      packetsLost: 2,
      jitterMs: 1.25,
      dtmf: '1',
      rtcpReceived: 12,
    },
    ...over,
  };
}

before(async () => {
  const agency = await t.newAgency();
  [op, sup, leader] = await Promise.all([
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('supervisor')),
    t.login(await t.newUser('leader')),
  ]);
  for (const role of ['coordinator', 'admin'] as const)
    refused.push([role, await t.login(await t.newUser(role))]);
  refused.push(['focal_point', await t.login(await t.newUser('focal_point', agency))]);
  refused.push(['agency_head', await t.login(await t.newUser('agency_head', agency))]);
});

test('operators and supervisors read the call log, newest first, with every field', async () => {
  const older = record({
    startedAt: new Date('2026-03-01T01:00:00Z'),
    endedAt: new Date('2026-03-01T01:01:00Z'),
    answeredAt: null,
    outcome: 'abandoned',
    caller: '0912000111',
    digits: '',
    recordingPath: null,
    recordingSeconds: null,
    media: null,
  });
  const newer = record();
  await repo.insert(t.db, t.tenantId, older, null);
  await repo.insert(t.db, t.tenantId, newer, '2026/03/02/x.wav');
  await repo.insert(t.db, t.tenantId, newer, '2026/03/02/x.wav'); // a retried insert: no duplicate
  for (const c of [op, sup]) {
    const res = await c.get('/api/v1/calls');
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 2);
    assert.deepEqual(res.body.items[0], {
      id: newer.id,
      direction: 'inbound',
      caller: '0905123456',
      callerName: 'Nguyễn Văn An',
      called: '1022',
      startedAt: '2026-03-02T01:00:00.000Z',
      answeredAt: '2026-03-02T01:00:01.200Z',
      endedAt: '2026-03-02T01:01:05.000Z',
      waitSeconds: 1.2,
      talkSeconds: 63.8,
      digits: '1',
      ivrPath: ['greeting', 'hours', 'main', 'report'],
      queue: 'tiep-nhan',
      queueWaitSeconds: 12.5,
      agentId: null,
      transferTo: null,
      outcome: 'queued',
      endReason: 'local-bye',
      recording: { seconds: 63.5, channels: 2 },
      codec: 'PCMA',
      media: { packetsReceived: 3180, packetsSent: 3190, packetsLost: 2, jitterMs: 1.3, dtmf: '1' },
      ticketId: null,
      masked: false,
    });
    assert.equal(res.body.items[1].id, older.id);
    assert.equal(res.body.items[1].recording, null);
    assert.ok(!JSON.stringify(res.body).includes('/data/voice'), 'no file path leaves the server');
  }
});

test('leaders see callers masked; other roles are refused; anonymous is 401', async () => {
  const res = await leader.get('/api/v1/calls?limit=1');
  assert.equal(res.status, 200);
  assert.equal(res.body.items[0].caller, '090*****56');
  assert.equal(res.body.items[0].callerName, 'N. V. A.');
  assert.equal(res.body.items[0].masked, true);
  for (const [role, c] of refused) {
    const r = await c.get('/api/v1/calls');
    assert.equal(r.status, 403, role);
    assert.equal(r.body.error.code, 'forbidden');
  }
  assert.equal((await t.anonymous().get('/api/v1/calls')).status, 401);
});

test('filters: caller, outcome, time range, ticket; paging; another tenant never shows', async () => {
  const other = await buildTenant(t.db);
  await repo.insert(t.db, other.id, record({ caller: '0999999999' }), null);
  const get = async (q: string) => (await op.get(`/api/v1/calls?${q}`)).body;
  assert.equal((await get('caller=0999999999')).total, 0);
  assert.equal((await get('caller=0912000111')).total, 1);
  assert.equal((await get('outcome=abandoned')).items[0].caller, '0912000111');
  assert.equal((await get('outcome=rejected')).total, 0);
  assert.equal(
    (await get('from=2026-03-02T00:00:00%2B07:00&to=2026-03-02T23:59:59%2B07:00')).total,
    1,
  );
  assert.equal((await get(`ticketId=${randomUUID()}`)).total, 0);
  const page = await get('limit=1&offset=1');
  assert.equal(page.total, 2);
  assert.equal(page.items.length, 1);
});

test('bad input: 400 with a stable code, nothing changes', async () => {
  for (const q of [
    'caller=abc',
    'caller=%27%3B--',
    'limit=0',
    'limit=1000',
    'offset=-1',
    'outcome=nope',
    'from=yesterday',
    'from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z',
    'ticketId=x',
  ]) {
    const r = await op.get(`/api/v1/calls?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.code, 'validation_failed', q);
  }
});

test('a real call: the telephony service writes its record, the API lists it', async () => {
  const flow = ivrFlowSchema.parse({
    name: 'x',
    start: 'bye',
    nodes: { bye: { type: 'hangup', prompt: 'Xin cảm ơn.' } },
  });
  // Records written as telephony.ts writes them: at the call's start, completed at its end.
  const tel = await startTelephony({ flow, dir: 'calls', rtpPorts: 10, app: t, node: 'calls-api' });
  after(() => tel.stop());
  await tel.service.prompts.renderFlow(flow);
  const run = sipp(`127.0.0.1:${tel.port}`, { file: 'uas-hangs-up.xml' }, ['-t', 'u1']);
  const r = await run.result;
  assert.equal(r.code, 0, `${r.stderr}\n${r.errors}`);
  await tel.recordOf(r);
  const res = await sup.get('/api/v1/calls?caller=0912000111&outcome=ivr-hangup');
  assert.equal(res.body.total, 1);
  const call = res.body.items[0];
  assert.equal(call.callerName, 'Trần Thị Bình');
  assert.deepEqual(call.ivrPath, ['bye']);
  assert.equal(call.codec, 'PCMU');
  assert.equal(call.endReason, 'local-bye');
  assert.ok(call.talkSeconds >= 0.5, String(call.talkSeconds));
});

test('a call is in the log while it lasts; its end completes the row once; a restarted node closes its own', async () => {
  const r = record({ caller: '0977000111' });
  await repo.start(t.db, t.tenantId, r, 'node-a');
  const live = await sup.get('/api/v1/calls?caller=0977000111');
  assert.equal(live.body.total, 1);
  assert.equal(live.body.items[0].outcome, 'in-progress');
  assert.equal(live.body.items[0].endedAt, null);
  // The end completes it; a retried end (or a late start) changes nothing.
  await repo.insert(t.db, t.tenantId, r, 'x.wav');
  await repo.insert(t.db, t.tenantId, { ...r, outcome: 'abandoned' }, null);
  await repo.start(t.db, t.tenantId, r, 'node-a');
  const done = await sup.get('/api/v1/calls?caller=0977000111');
  assert.equal(done.body.items[0].outcome, 'queued');
  assert.equal(done.body.items[0].endedAt, r.endedAt.toISOString());
  assert.equal(done.body.items[0].recording.channels, 2);

  // Node A died with a call up; node B's call and a day-old call of a vanished node.
  const now = new Date('2026-03-05T08:00:00Z');
  const mine = record({ caller: '0977000222', startedAt: new Date('2026-03-05T07:59:00Z') });
  const other = record({ caller: '0977000222', startedAt: new Date('2026-03-05T07:58:00Z') });
  const stale = record({ caller: '0977000222', startedAt: new Date('2026-03-04T07:00:00Z') });
  await repo.start(t.db, t.tenantId, mine, 'node-a');
  await repo.start(t.db, t.tenantId, other, 'node-b');
  await repo.start(t.db, t.tenantId, stale, 'node-c');
  assert.equal(await repo.interruptNode(t.db, 'node-a', now), 2);
  const rows = await t.db
    .selectFrom('call_record')
    .select(['id', 'outcome', 'ended_at', 'end_reason'])
    .where('caller', '=', '0977000222')
    .execute();
  const by = new Map(rows.map((x) => [x.id, x]));
  assert.equal(by.get(mine.id)?.outcome, 'interrupted');
  assert.equal(by.get(mine.id)?.ended_at?.toISOString(), now.toISOString());
  assert.equal(by.get(mine.id)?.end_reason, 'node-restarted');
  assert.equal(by.get(stale.id)?.outcome, 'interrupted');
  assert.equal(by.get(other.id)?.outcome, 'in-progress');
  assert.equal(by.get(other.id)?.ended_at, null);
});
