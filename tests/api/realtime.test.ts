import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.ts';
import { InAppAdapter } from '../../src/channels/inapp/inapp.adapter.ts';

const t = await createTestApp();
after(t.close);

type Msg = { type: string; data: Record<string, unknown> };

async function connect(c: Client): Promise<{
  ws: WebSocket;
  messages: Msg[];
  next: (pred: (m: Msg) => boolean, ms?: number) => Promise<Msg>;
}> {
  const ws = (await t.app.injectWS('/api/v1/ws', {
    headers: { cookie: c.cookieHeader },
  })) as unknown as WebSocket;
  const messages: Msg[] = [];
  const waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  ws.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as Msg;
    messages.push(m);
    for (const w of [...waiters]) {
      if (!w.pred(m)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  const next = (pred: (m: Msg) => boolean, ms = 3000) =>
    new Promise<Msg>((resolve, reject) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      const timer = setTimeout(
        () => reject(new Error(`no matching event in ${ms} ms; got ${JSON.stringify(messages)}`)),
        ms,
      );
      waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  return { ws, messages, next };
}

test('a forward reaches the focal point live, and nobody in another agency hears of it', async () => {
  const a = await t.newAgency();
  const b = await t.newAgency();
  const op = await t.login(await t.newUser('operator'));
  const fpA = await t.login(await t.newUser('focal_point', a));
  const fpB = await t.login(await t.newUser('focal_point', b));
  const sa = await connect(fpA);
  const sb = await connect(fpB);
  const so = await connect(op);
  const created = await op.post('/api/v1/tickets', ticketBody());
  await so.next(
    (m) =>
      m.type === 'ticket.updated' &&
      m.data.action === 'create' &&
      m.data.ticketId === created.body.id,
  );
  await op.post(`/api/v1/tickets/${created.body.id}/actions/forward`, { agencyId: a.id });
  const ev = await sa.next(
    (m) => m.type === 'ticket.updated' && m.data.ticketId === created.body.id,
  );
  assert.equal(ev.data.status, 'forwarded');
  assert.equal(ev.data.action, 'forward');

  // The in-app notification for the focal point arrives live once the outbox is dispatched.
  assert.deepEqual(await dispatchOutbox(t.ctx, [new InAppAdapter(t.db)]), { sent: 1, failed: 0 });
  const n = await sa.next((m) => m.type === 'notification');
  assert.equal(n.data.ticketId, created.body.id);
  assert.match(String(n.data.title), /chuyển đến đơn vị/);

  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    sb.messages.filter((m) => m.type !== 'hello'),
    [],
    'agency B received nothing',
  );
  for (const s of [sa, sb, so]) s.ws.terminate();
});

test('an anonymous WebSocket is closed', async () => {
  const ws = (await t.app.injectWS('/api/v1/ws', {})) as unknown as WebSocket;
  const code = await new Promise<number>((resolve) => ws.on('close', (c: number) => resolve(c)));
  assert.equal(code, 4401);
});
