import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.ts';
import { LOCATION_FILE, nativeDir, reachableBinaries, reachableBy } from './embedded-root.ts';

const asRoot = { skip: userInfo().uid !== 0 ? 'only root runs PostgreSQL as another user' : false };

async function selectOne(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n;
  } finally {
    await c.end();
  }
}

test(
  '#14.5 as root, a DATA_DIR inside a directory "postgres" cannot enter still gets its cluster, relocated and found again',
  asRoot,
  async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'o1022-root-'));
    try {
      // A clone in /root: the parent is mode 700, so user "postgres" cannot reach DATA_DIR.
      const closed = path.join(root, 'closed');
      mkdirSync(closed, { mode: 0o700 });
      chmodSync(closed, 0o700);
      const dataDir = path.join(closed, 'data');
      const home = path.join(root, 'home');
      chmodSync(root, 0o755);
      assert.equal(reachableBy('postgres', '-x', closed), false);

      const c = await startEmbeddedPostgres({ dataDir, port: 0, home });
      let dbDir: string;
      try {
        assert.equal(await selectOne(c.url('postgres')), 1);
        dbDir = readFileSync(path.join(dataDir, LOCATION_FILE), 'utf8').split('\n')[0]!;
        assert.ok(dbDir.startsWith(path.join(home, 'clusters')), dbDir);
        assert.ok(existsSync(path.join(dbDir, 'PG_VERSION')));
        // The administrator's directory was not opened up to make it work.
        assert.equal(reachableBy('postgres', '-x', closed), false);
      } finally {
        await c.stop();
      }
      // The next start finds the same cluster (same password, same data).
      const again = await startEmbeddedPostgres({ dataDir, port: 0, home });
      try {
        assert.equal(again.owned, true);
        assert.equal(await selectOne(again.url('postgres')), 1);
        assert.equal(readFileSync(path.join(dataDir, LOCATION_FILE), 'utf8').split('\n')[0], dbDir);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);

test(
  '#14.5 the binaries "postgres" cannot execute in place are copied once to a place it can',
  asRoot,
  async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'o1022-pghome-'));
    chmodSync(home, 0o755);
    try {
      const native = await nativeDir();
      const dir = reachableBinaries(home, native);
      assert.equal(reachableBinaries(home, native), dir, 'a second call reuses the copy');
      const version = execFileSync(
        'runuser',
        ['-u', 'postgres', '--', path.join(dir, 'bin', 'postgres'), '--version'],
        { encoding: 'utf8' },
      );
      assert.match(version, /PostgreSQL\) \d+/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
);
