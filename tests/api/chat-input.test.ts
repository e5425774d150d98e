/**
 * The visitor's chat WebSocket (R-CH-5) refuses text that is not well-formed — a lone UTF-16
 * surrogate or a NUL in any frame — as the JSON bodies of the API do (R-SEC-1): an error frame
 * with `validation_failed`, nothing stored, and the socket still works.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ listen: true });
after(t.close);

type Frame = { type: string; [k: string]: unknown };
async function visitorSocket() {
  const ws = new WebSocket(t.baseUrl.replace(/^http/, 'ws') + '/chat/ws');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: Frame[] = [];
  ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString()) as Frame));
  const next = async (type: string, from = 0) => {
    // A guard, not a timed assertion: a missing frame fails with what did arrive.
    for (let i = 0; i < 500; i++) {
      const f = frames.slice(from).find((x) => x.type === type);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${type} frame; got ${JSON.stringify(frames).slice(0, 1000)}`);
  };
  return { ws, frames, next, send: (f: unknown) => ws.send(JSON.stringify(f)) };
}

const count = async (table: 'chat_conversation' | 'chat_message') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('R-SEC-1 a lone surrogate or NUL in a visitor frame → error frame validation_failed, nothing stored', async () => {
  const v = await visitorSocket();
  const before = await count('chat_conversation');
  v.send({ type: 'start', name: 'Bình\ud800', phone: '0913000001', language: 'vi' });
  const refused = await v.next('error');
  assert.equal(refused.code, 'validation_failed', JSON.stringify(refused));
  assert.equal(await count('chat_conversation'), before, 'no conversation started');

  // The socket still works: a proper start, then a message with a lone surrogate.
  v.send({ type: 'start', name: 'Bình', phone: '0913000001', language: 'vi' });
  await v.next('session');
  const messages = await count('chat_message');
  const from = v.frames.length;
  v.send({ type: 'send', clientId: 'c-0000001', body: 'xin chào \udc00', extra: { '\ud800': 1 } });
  const bad = await v.next('error', from);
  assert.equal(bad.code, 'validation_failed', JSON.stringify(bad));
  assert.equal(bad.clientId, 'c-0000001');
  assert.equal(await count('chat_message'), messages, 'nothing stored');
  v.ws.terminate();
});
