import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabase } from '../helpers/db.ts';
import { startServer, waitExit } from '../helpers/server-process.ts';
import { buildTenant, buildUser } from '../factories.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

test('kill -9 during 200 concurrent submissions loses no ticket acknowledged with 201', async () => {
  const database = await testDatabase();
  after(database.drop);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const tenant = await buildTenant(database.db);
  const user = await buildUser(database.db, tenant.id, 'operator');
  const token = `o1022_${randomBytes(24).toString('base64url')}`;
  await database.db
    .insertInto('api_token')
    .values({ user_id: user.id, name: 'crash', token_hash: sha256(token) })
    .execute();

  const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, OPEN1022_DEMO: '0' };
  const server = await startServer(env);
  const acknowledged: string[] = [];
  let killed = false;
  const submit = async (i: number) => {
    try {
      const r = await fetch(`${server.base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          channel: 'web',
          content: `Phản ánh số ${i}: nước sinh hoạt bị đục nhiều ngày.`,
          citizen: { name: `Công dân ${i}`, phone: '0912345678' },
        }),
      });
      if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
    } catch {
      // connection reset by the kill: not acknowledged, so the client would retry
    }
  };
  const all = Array.from({ length: 200 }, (_, i) => submit(i));
  // Kill while submissions are in flight: after the first acknowledgements arrive.
  while (acknowledged.length < 20 && !killed) await new Promise((r) => setTimeout(r, 2));
  server.proc.kill('SIGKILL');
  killed = true;
  await Promise.all(all);
  await waitExit(server.proc);

  assert.ok(acknowledged.length >= 20, `acknowledged ${acknowledged.length}`);
  const stored = await database.db
    .selectFrom('ticket')
    .select('id')
    .where('id', 'in', acknowledged)
    .execute();
  assert.equal(stored.length, acknowledged.length, 'every acknowledged ticket is stored');
  const total = await database.db
    .selectFrom('ticket')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  // Each stored ticket has its creation event and audit record (same transaction).
  const events = await database.db
    .selectFrom('ticket_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', 'create')
    .executeTakeFirstOrThrow();
  assert.equal(events.n, total.n);

  // And the server comes back on the same database.
  const again = await startServer(env);
  const r = await fetch(`${again.base}/api/v1/tickets?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as { total: number }).total, Number(total.n));
  again.proc.kill('SIGTERM');
  assert.equal(await waitExit(again.proc), 0, again.output());
});

test('embedded PostgreSQL: first start, restart after kill -9 of the server, clean stop', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-embedded-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, OPEN1022_DEMO: '0', DATABASE_URL: '', EMBEDDED_PG_PORT: '0' };
  const first = await startServer(env, 120_000);
  const pidFile = path.join(dataDir, 'db', 'postmaster.pid');
  assert.ok(existsSync(pidFile), 'postmaster running in DATA_DIR/db');
  const pgPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  first.proc.kill('SIGKILL');
  await waitExit(first.proc);

  // The orphaned postmaster is reused, not fought with.
  const second = await startServer(env, 120_000);
  assert.equal(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), pgPid);
  second.proc.kill('SIGTERM');
  assert.equal(await waitExit(second.proc), 0, second.output());
  // The server adopted the orphan and stopped it on shutdown.
  assert.equal(existsSync(pidFile), false, 'postmaster stopped with the server');

  // Restart on existing data.
  const third = await startServer(env, 120_000);
  third.proc.kill('SIGTERM');
  assert.equal(await waitExit(third.proc), 0, third.output());
});
