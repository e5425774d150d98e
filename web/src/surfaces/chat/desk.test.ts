import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deskActions, mergeMessages, newClientId, orderQueue } from './desk.ts';
import type { ChatConversation, ChatMessage } from '../../../../src/contract/chat.ts';

const msg = (seq: number, body = `m${seq}`): ChatMessage => ({
  conversationId: 'c',
  seq,
  author: 'visitor',
  body,
  suggestions: [],
  clientId: null,
  at: '2026-03-02T02:00:00.000Z',
});

const conv = (over: Partial<ChatConversation>): ChatConversation => ({
  id: 'x',
  status: 'waiting',
  visitor: { name: 'A', phone: null, email: null },
  language: 'vi',
  operatorId: null,
  operatorName: null,
  ticketId: null,
  ticketCode: null,
  flagged: false,
  lastVisitorMessage: null,
  waitingSince: null,
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-03-02T01:00:00.000Z',
  ...over,
});

test('messages merge by seq: repeats once, crossing events in order', () => {
  const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3, 'again'), msg(5), msg(4)]);
  assert.deepEqual(
    merged.map((m) => m.seq),
    [1, 2, 3, 4, 5],
  );
  assert.equal(merged[2]!.body, 'again');
  assert.deepEqual(mergeMessages([], []), []);
});

test('the queue shows waiting chats first, longest waiting on top', () => {
  const q = orderQueue([
    conv({ id: 'active', status: 'active', waitingSince: '2026-03-02T00:00:00.000Z' }),
    conv({ id: 'late', waitingSince: '2026-03-02T01:05:00.000Z' }),
    conv({ id: 'early', waitingSince: '2026-03-02T01:01:00.000Z' }),
  ]);
  assert.deepEqual(
    q.map((c) => c.id),
    ['early', 'late', 'active'],
  );
});

test('actions: claim what waits; reply, close and convert only your own active chat', () => {
  assert.deepEqual(deskActions(conv({}), 'u1', 'operator'), {
    claim: true,
    reply: false,
    close: true,
    toTicket: true,
  });
  const mine = conv({ status: 'active', operatorId: 'u1' });
  assert.deepEqual(deskActions(mine, 'u1', 'operator'), {
    claim: false,
    reply: true,
    close: true,
    toTicket: true,
  });
  assert.deepEqual(deskActions(mine, 'u2', 'operator'), {
    claim: false,
    reply: false,
    close: false,
    toTicket: false,
  });
  assert.equal(deskActions(mine, 'u2', 'supervisor').reply, true);
  assert.deepEqual(deskActions(conv({ status: 'ticket' }), 'u1', 'operator'), {
    claim: false,
    reply: false,
    close: false,
    toTicket: false,
  });
  assert.match(newClientId(), /^[0-9a-f]{24}$/);
});
