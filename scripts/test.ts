/**
 * `npm test`: starts a throw-away PostgreSQL (embedded, or a fresh database on DATABASE_URL),
 * migrates a template database once, then runs every `*.test.ts` with Node's test runner.
 * Each integration test file clones the template (CREATE DATABASE … TEMPLATE), so files run
 * in parallel against real PostgreSQL without seeing each other's rows.
 *
 * `npm test -- src/core` runs only the files whose path contains one of the arguments.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createDb, migrateToLatest } from '../src/db/database.ts';

const root = path.resolve(import.meta.dirname, '..');

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [
  ...findTests(path.join(root, 'src')),
  ...findTests(path.join(root, 'web', 'src')),
  ...findTests(path.join(root, 'tests')),
]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Browser tests load the built app: build web/dist once, before any test file starts.
if (files.some((f) => f.startsWith(path.join('tests', 'e2e', 'web')))) {
  const { ensureWebBuilt } = await import('./build-web.ts');
  if (await ensureWebBuilt()) console.log('web app built into web/dist');
}

const runId = `${Date.now().toString(36)}_${process.pid}`;
let adminUrl: string;
let stopCluster: () => Promise<void> = async () => {};
const tmpDir = path.join(root, '.test-data', runId);
if (process.env.DATABASE_URL) {
  adminUrl = process.env.DATABASE_URL;
} else {
  const cluster = await startEmbeddedPostgres({ dataDir: tmpDir, port: 0 });
  adminUrl = cluster.url('postgres');
  stopCluster = async () => {
    await cluster.stop();
    rmSync(tmpDir, { recursive: true, force: true });
  };
}

const template = `o1022_tpl_${runId}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${template}`);
const tplUrl = new URL(adminUrl);
tplUrl.pathname = `/${template}`;
const tplDb = createDb(tplUrl.toString(), 1);
await migrateToLatest(tplDb);
await tplDb.destroy();

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // A test that hangs fails after 10 minutes instead of holding the run (CI has 90).
    '--test-timeout=600000',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? '2'}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      OPEN1022_TEST_PG: adminUrl,
      OPEN1022_TEST_TEMPLATE: template,
      // Every API answer is checked against its contract (src/http/serializer.ts).
      OPEN1022_CHECK_RESPONSES: '1',
    },
  },
);
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));

// Drop what this run created (only matters on an external DATABASE_URL server).
const { rows } = await admin.query<{ datname: string }>(
  `SELECT datname FROM pg_database WHERE datname LIKE $1`,
  [`o1022_%${runId}%`],
);
for (const { datname } of rows)
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
await admin.end();
await stopCluster();
process.exit(code);
