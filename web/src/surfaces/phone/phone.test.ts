import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent, WaitingCall } from '../../../../src/contract/agents.ts';
import {
  applyAgentEvent,
  applyQueueEvent,
  byAvailability,
  clock,
  queueLines,
  shownState,
  wrapUpLeft,
} from './phone.ts';

const now = new Date('2026-03-02T03:00:00Z');
const at = (s: number) => new Date(now.getTime() + s * 1000).toISOString();
const agent = (over: Partial<Agent>): Agent => ({
  id: 'a',
  username: 'a',
  displayName: 'A',
  role: 'operator',
  sipUsername: '1001',
  state: 'available',
  since: at(-60),
  wrapUpUntil: null,
  queues: [],
  reason: null,
  missedCalls: 0,
  registered: true,
  ...over,
});

test('a wrap-up shows until its end, then available; seconds left count down', () => {
  const w = agent({ state: 'wrap-up', wrapUpUntil: at(25) });
  assert.equal(shownState(w, now), 'wrap-up');
  assert.equal(wrapUpLeft(w, now), 25);
  assert.equal(wrapUpLeft(w, new Date(now.getTime() + 24_500)), 1);
  assert.equal(shownState(w, new Date(now.getTime() + 25_000)), 'available');
  assert.equal(wrapUpLeft(w, new Date(now.getTime() + 30_000)), 0);
  assert.equal(shownState(agent({ state: 'break' }), now), 'break');
  assert.equal(wrapUpLeft(agent({ state: 'break', wrapUpUntil: at(10) }), now), 0);
});

test('clock: m:ss, h:mm:ss from an hour, never negative', () => {
  assert.equal(clock(0), '0:00');
  assert.equal(clock(75.9), '1:15');
  assert.equal(clock(3600 + 62), '1:01:02');
  assert.equal(clock(-5), '0:00');
});

test('queue lines: count and longest wait per queue, busiest first', () => {
  const w: WaitingCall[] = [
    { callId: '1', queue: 'tiep-nhan', enteredAt: at(-90) },
    { callId: '2', queue: 'tra-cuu', enteredAt: at(-200) },
    { callId: '3', queue: 'tiep-nhan', enteredAt: at(-10) },
  ];
  assert.deepEqual(queueLines(w, now), [
    { queue: 'tiep-nhan', waiting: 2, longestSeconds: 90 },
    { queue: 'tra-cuu', waiting: 1, longestSeconds: 200 },
  ]);
  assert.deepEqual(queueLines([], now), []);
});

test('call.queue events: a join is added once, in order of arrival; a leave removes', () => {
  let list: WaitingCall[] = [{ callId: '1', queue: 'q', enteredAt: at(-30) }];
  list = applyQueueEvent(list, { callId: '2', queue: 'q', enteredAt: at(-40) });
  list = applyQueueEvent(list, { callId: '2', queue: 'q', enteredAt: at(-40) });
  assert.deepEqual(
    list.map((w) => w.callId),
    ['2', '1'],
  );
  list = applyQueueEvent(list, { callId: '1', queue: 'q', enteredAt: null });
  assert.deepEqual(
    list.map((w) => w.callId),
    ['2'],
  );
  assert.deepEqual(applyQueueEvent(list, { callId: 'x', queue: 'q', enteredAt: null }), list);
});

test('agent.state events move one operator; missed calls kept when the event leaves them', () => {
  const list = [agent({ id: 'a' }), agent({ id: 'b', displayName: 'B', missedCalls: 2 })];
  const moved = applyAgentEvent(
    list,
    { userId: 'b', state: 'break', reason: 'no-answer', missedCalls: 3 },
    now,
  );
  assert.equal(moved[0], list[0]);
  assert.deepEqual(
    [moved[1]!.state, moved[1]!.reason, moved[1]!.missedCalls],
    ['break', 'no-answer', 3],
  );
  const back = applyAgentEvent(
    moved,
    { userId: 'b', state: 'available', reason: null, missedCalls: null },
    now,
  );
  assert.deepEqual([back[1]!.state, back[1]!.reason, back[1]!.missedCalls], ['available', null, 3]);
  const odd = applyAgentEvent(
    list,
    { userId: 'a', state: 'dancing', reason: null, missedCalls: null },
    now,
  );
  assert.equal(odd[0]!.state, 'available');
});

test('wallboard order: available first, then ringing, on a call, wrap-up, break, offline', () => {
  const list = [
    agent({ id: '1', displayName: 'Ngọc', state: 'offline' }),
    agent({ id: '2', displayName: 'Bình', state: 'on-call' }),
    agent({ id: '3', displayName: 'An', state: 'wrap-up', wrapUpUntil: at(-1) }),
    agent({ id: '4', displayName: 'Dũng', state: 'break' }),
    agent({ id: '5', displayName: 'Cúc', state: 'available' }),
  ];
  assert.deepEqual(
    byAvailability(list, now).map((a) => a.displayName),
    ['An', 'Cúc', 'Bình', 'Dũng', 'Ngọc'],
  );
});
