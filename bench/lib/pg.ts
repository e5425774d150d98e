import { mkdtempSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runningPostmaster, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { ensureDatabase } from '../../src/db/database.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A throw-away embedded PostgreSQL in a temp dir; `stop()` stops it and removes the dir. */
export interface BenchCluster {
  dataDir: string;
  /** Creates `name` (if missing) and returns its connection string. */
  database(name: string): Promise<string>;
  /** Server settings that matter for write throughput, e.g. `fsync=on, synchronous_commit=on`. */
  settings(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchCluster(): Promise<BenchCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-bench-'));
  let cluster;
  try {
    cluster = await startEmbeddedPostgres({ dataDir, port: 0 });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const c = cluster;
  const adminUrl = c.url('postgres');
  return {
    dataDir,
    async database(name) {
      await ensureDatabase(adminUrl, name);
      return c.url(name);
    },
    async settings() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
          `SELECT name, setting, unit FROM pg_settings
            WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers',
                           'max_connections', 'wal_level')
            ORDER BY name`,
        );
        return rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`).join(', ');
      } finally {
        await client.end();
      }
    },
    async stop() {
      const postmaster = runningPostmaster(path.join(dataDir, 'db'));
      try {
        await c.stop();
      } finally {
        // The postmaster still writes its statistics file while shutting down: wait for it
        // to exit, or removing the directory races with it (ENOTEMPTY).
        for (let i = 0; i < 100 && postmaster && alive(postmaster.pid); i++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    },
  };
}

/**
 * The machine's scale: one `SELECT 1` round trip, and a one-row INSERT committed with and
 * without waiting for the WAL flush (the difference is the fsync a durable commit pays).
 */
export async function pgScale(
  url: string,
): Promise<{ select1: number; commit: number; commitAsync: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const time = async (n: number, f: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await f();
    return (performance.now() - t0) / n;
  };
  try {
    await time(300, () => client.query('SELECT 1'));
    const select1 = await time(2000, () => client.query('SELECT 1'));
    // A temp table is not WAL-logged: use a real one.
    await client.query(
      'CREATE TABLE IF NOT EXISTS bench_scale_wal (id bigserial PRIMARY KEY, v text)',
    );
    const insert = () => client.query('INSERT INTO bench_scale_wal (v) VALUES ($1)', ['x']);
    const commit = await time(300, insert);
    await client.query('SET synchronous_commit = off');
    const commitAsync = await time(300, insert);
    await client.query('DROP TABLE bench_scale_wal');
    return { select1, commit, commitAsync };
  } finally {
    await client.end();
  }
}
