/**
 * The ACD's operator bookkeeping against real PostgreSQL: what an offer that did not connect
 * does to the operator (ring-no-answer and an unreachable phone → a break with the reason;
 * declined → last in the idle order; withdrawn → place kept), and what `GET /agents` shows
 * of a wrap-up that has run out.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client } from '../helpers/app.ts';
import { AgentDirectory, type AgentStateChange } from '../../src/voice/acd/directory.ts';
import { releaseReason } from '../../src/voice/acd/port.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';

const t = await createTestApp();
after(t.close);
const changes: AgentStateChange[] = [];
const acd = new AgentDirectory(
  t.db,
  t.tenantId,
  () => t.clock.now(),
  undefined,
  (c) => changes.push(c),
);
let sup: Client;
const ids: string[] = [];

/** An operator with a live registration, available, idle since `idleAt`. */
async function operator(idleAt: Date) {
  const u = await t.newUser('operator');
  await t.db
    .insertInto('sip_account')
    .values({
      user_id: u.id,
      tenant_id: t.tenantId,
      username: `op-${u.id.slice(0, 8)}`,
      realm: 'open1022',
      ha1_md5: 'x',
      ha1_sha256: 'x',
    })
    .execute();
  await t.db
    .insertInto('sip_binding')
    .values({
      user_id: u.id,
      tenant_id: t.tenantId,
      contact: `sip:${u.id.slice(0, 8)}@127.0.0.1:5099`,
      call_id: 'c',
      cseq: 1,
      expires_at: new Date(t.clock.now().getTime() + 3600_000),
      source: 'udp:127.0.0.1:5099',
      user_agent: null,
    })
    .execute();
  await repo.setState(t.db, t.tenantId, u.id, 'available', idleAt, { idle: true });
  ids.push(u.id);
  return u.id;
}

const claim = async () => (await acd.claimAgent('q', []))?.userId;

before(async () => {
  sup = await t.login(await t.newUser('supervisor'));
});

test('releaseReason: whose doing the failed offer was', () => {
  const end = (reason: string | null, status: number) => ({ reason, status });
  assert.equal(releaseReason('rang-out', end('cancelled', 487)), 'no-answer');
  assert.equal(releaseReason('withdrawn', end('cancelled', 487)), 'withdrawn');
  assert.equal(releaseReason('withdrawn', end('rejected', 486)), 'withdrawn');
  for (const status of [486, 600, 603])
    assert.equal(releaseReason('ended', end('rejected', status)), 'declined');
  for (const status of [488, 606])
    assert.equal(releaseReason('ended', end('rejected', status)), 'incompatible');
  for (const status of [404, 480, 500, 503])
    assert.equal(releaseReason('ended', end('rejected', status)), 'unreachable');
  assert.equal(releaseReason('ended', end('timeout', 408)), 'unreachable');
  assert.equal(releaseReason('ended', end('transport-error', 503)), 'unreachable');
});

test('ring-no-answer and unreachable phones: a break with the reason, missed calls counted', async () => {
  const base = t.clock.now().getTime();
  const a = await operator(new Date(base - 60_000));
  const b = await operator(new Date(base - 30_000));
  assert.equal(await claim(), a, 'longest idle first');
  await acd.released(a, 'no-answer');
  let s = await repo.state(t.db, a);
  assert.deepEqual([s?.state, s?.reason, s?.missed_calls], ['break', 'no-answer', 1]);
  assert.equal(await claim(), b, 'the operator on a break is not rung again');
  await acd.released(b, 'unreachable');
  assert.deepEqual(changes.slice(-2), [
    { userId: a, state: 'break', reason: 'no-answer', missedCalls: 1 },
    { userId: b, state: 'break', reason: 'unreachable', missedCalls: 1 },
  ]);
  assert.equal(await claim(), undefined);

  // Missed again later, then answered: the count runs until a call is answered.
  await repo.setState(t.db, t.tenantId, a, 'available', t.clock.now(), { idle: true });
  assert.equal(await claim(), a);
  await acd.released(a, 'no-answer');
  assert.equal((await repo.state(t.db, a))?.missed_calls, 2);
  await repo.setState(t.db, t.tenantId, a, 'available', t.clock.now(), { idle: true });
  assert.equal(await claim(), a);
  await acd.answered(a, '00000000-0000-4000-8000-000000000001');
  s = await repo.state(t.db, a);
  assert.deepEqual([s?.state, s?.missed_calls, s?.reason], ['on-call', 0, null]);
  for (const id of [a, b]) await repo.setState(t.db, t.tenantId, id, 'offline', t.clock.now());
});

test('declined goes last in the idle order; withdrawn keeps its place', async () => {
  const base = t.clock.now().getTime();
  const a = await operator(new Date(base - 90_000));
  const b = await operator(new Date(base - 80_000));
  assert.equal(await claim(), a);
  await acd.released(a, 'withdrawn');
  assert.equal(await claim(), a, 'the caller left: a keeps the head of the line');
  await acd.released(a, 'declined');
  assert.equal((await repo.state(t.db, a))?.state, 'available');
  assert.equal(await claim(), b, 'a declined: b is next');
  await acd.released(b, 'withdrawn');
  for (const id of [a, b]) await repo.setState(t.db, t.tenantId, id, 'offline', t.clock.now());
});

test('GET /agents: a wrap-up that has run out shows as available', async () => {
  const a = await operator(new Date(t.clock.now().getTime() - 10_000));
  await acd.finished(a, 30);
  const show = async () =>
    ((await sup.get('/api/v1/agents')).body.items as Record<string, unknown>[]).find(
      (x) => x.id === a,
    );
  const during = await show();
  assert.equal(during?.state, 'wrap-up');
  assert.ok(during?.wrapUpUntil);
  t.clock.advance(31_000);
  const afterIt = await show();
  assert.equal(afterIt?.state, 'available');
  assert.equal(afterIt?.wrapUpUntil, null);
  assert.equal(await claim(), a, 'and the ACD agrees');
});

test('queues shared by nodes: only the caller nobody alive is ahead of gets an operator', async () => {
  const nodeA = new AgentDirectory(t.db, t.tenantId, () => t.clock.now());
  const nodeB = new AgentDirectory(t.db, t.tenantId, () => t.clock.now());
  const stops = [await nodeA.share('node-a'), await nodeB.share('node-b')];
  try {
    const op = await operator(new Date(t.clock.now().getTime() - 5_000));
    const [c1, c2, c3] = [
      '00000000-0000-4000-8000-0000000000c1',
      '00000000-0000-4000-8000-0000000000c2',
      '00000000-0000-4000-8000-0000000000c3',
    ];
    await nodeA.entered(c1, 'shared');
    t.clock.advance(1000);
    await nodeB.entered(c2, 'shared');
    t.clock.advance(1000);
    await nodeB.entered(c3, 'shared');
    const waiting = await sup.get('/api/v1/call-queues/waiting');
    assert.deepEqual(
      (waiting.body.items as { callId: string; queue: string }[])
        .filter((w) => w.queue === 'shared')
        .map((w) => w.callId),
      [c1, c2, c3],
    );
    assert.deepEqual(
      [
        await nodeA.position(c1, 'shared'),
        await nodeB.position(c2, 'shared'),
        await nodeB.position(c3, 'shared'),
      ],
      [1, 2, 3],
    );
    // Node B's first caller is second in the queue: no operator for them yet.
    assert.equal(await nodeB.claimAgent('shared', [], c2), null);
    assert.equal((await repo.state(t.db, op))?.state, 'available');
    const got = await nodeA.claimAgent('shared', [], c1);
    assert.equal(got?.userId, op);
    await nodeA.released(op, 'withdrawn');
    await nodeA.left(c1);
    assert.equal(await nodeB.position(c2, 'shared'), 1);
    assert.equal((await nodeB.claimAgent('shared', [], c2))?.userId, op);
    await nodeB.released(op, 'withdrawn');

    // Node B dies with c2 and c3 waiting; node A's new caller waits behind them only until
    // their entries run out (15 s without a refresh).
    const c4 = '00000000-0000-4000-8000-0000000000c4';
    await nodeA.entered(c4, 'shared');
    assert.equal(await nodeA.position(c4, 'shared'), 3);
    assert.equal(await nodeA.claimAgent('shared', [], c4), null);
    t.clock.advance(16_000);
    assert.equal(await nodeA.position(c4, 'shared'), 1);
    assert.equal((await nodeA.claimAgent('shared', [], c4))?.userId, op);
    await nodeA.released(op, 'withdrawn');
    // Node B starts again: what it had waiting is gone.
    stops.push(await nodeB.share('node-b'));
    const left = await t.db
      .selectFrom('call_queue_entry')
      .select('call_id')
      .where('queue', '=', 'shared')
      .execute();
    assert.deepEqual(
      left.map((r) => r.call_id),
      [c4],
    );
    await repo.setState(t.db, t.tenantId, op, 'offline', t.clock.now());
  } finally {
    for (const stop of stops) stop();
  }
});
