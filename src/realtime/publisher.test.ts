import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import pino from 'pino';
import { testDatabase } from '../../tests/helpers/db.ts';
import { LivePublisher } from './publisher.ts';
import { EVENTS_CHANNEL, OUTBOX_CHANNEL } from './events.ts';
import type { Envelope, Room, ServerEvents } from '../contract/events.ts';

const t = await testDatabase();
after(t.drop);

async function listener() {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  const got: Envelope[] = [];
  client.on('notification', (n) => got.push(JSON.parse(n.payload ?? 'null') as Envelope));
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return { got, close: () => client.end() };
}

const event = (i: number): ['ticket.updated', Room[], ServerEvents['ticket.updated']] => [
  'ticket.updated',
  ['tenant:x'],
  {
    ticketId: `t${i}`,
    code: `PA-2026-${String(i).padStart(6, '0')}`,
    status: 'received',
    escalation: 'none',
    agencyId: null,
    subunitId: null,
    action: 'create',
  },
];

test('events published in one turn of the loop go out in one statement, in order', async () => {
  const l = await listener();
  after(l.close);
  const live = new LivePublisher(t.db, pino({ level: 'silent' }));
  for (let i = 1; i <= 50; i++) live.publish(...event(i));
  await live.flush();
  assert.deepEqual(live.stats, { events: 50, statements: 1, failed: 0 });
  // Delivery to listeners is asynchronous: wait until all arrived (bounded).
  for (let i = 0; i < 100 && l.got.length < 50; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    l.got.map((e) => (e.data as { ticketId: string }).ticketId),
    Array.from({ length: 50 }, (_, i) => `t${i + 1}`),
  );
});

test('events published while a statement is in flight follow in the next one; none is lost', async () => {
  const live = new LivePublisher(t.db, pino({ level: 'silent' }), 10);
  const l = await listener();
  after(l.close);
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 7; i++) live.publish(...event(round * 7 + i));
    await new Promise((r) => setImmediate(r));
  }
  await live.flush();
  assert.equal(live.stats.events, 35);
  assert.ok(live.stats.statements >= 4, `batches of at most 10: ${live.stats.statements}`);
  for (let i = 0; i < 100 && l.got.length < 35; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(new Set(l.got.map((e) => (e.data as { ticketId: string }).ticketId)).size, 35);
});

test('a failed send is counted and logged, never thrown at the publisher; close stops intake', async () => {
  const broken = await testDatabase();
  await broken.drop(); // its pool is gone: every statement fails
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (s: string) => void warnings.push(s) });
  const live = new LivePublisher(broken.db, log);
  live.publish(...event(1));
  await live.close();
  assert.equal(live.stats.failed, 1);
  assert.match(warnings.join(''), /live events could not be published/);
  live.publish(...event(2)); // after close: ignored
  await live.flush();
  assert.equal(live.stats.failed + live.stats.events, 1);
});

test('an outbox wake-up rides in the same statement as the events, once per batch', async () => {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  after(() => client.end());
  const woken: string[] = [];
  client.on('notification', (n) => woken.push(n.channel));
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  const live = new LivePublisher(t.db, pino({ level: 'silent' }));
  live.publish(...event(1));
  live.wakeOutbox();
  live.wakeOutbox();
  live.publish(...event(2));
  await live.flush();
  assert.deepEqual(live.stats, { events: 2, statements: 1, failed: 0 });
  // Alone, a wake-up still goes out.
  live.wakeOutbox();
  await live.flush();
  assert.equal(live.stats.statements, 2);
  for (let i = 0; i < 100 && woken.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  // PostgreSQL folds identical notifications of one transaction into one.
  assert.deepEqual(woken, [OUTBOX_CHANNEL, OUTBOX_CHANNEL]);
});
