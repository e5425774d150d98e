/**
 * `npm run -s setup` end to end (issue #14 item 1): a child process against a fresh database,
 * beside a server started with OPEN1022_DEMO=0, which first says how to set up. The command
 * creates the deployment, says "nothing changed" when run again with the same flags, and
 * refuses a different administrator; the administrator it created signs in.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabase } from '../helpers/db.ts';
import { ROOT, startServer, waitExit } from '../helpers/server-process.ts';

const PASSWORD = 'Hoi-An-den-long-dem-rằm-15';

function runSetup(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/setup.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, out }));
  });
}

test('R-SEC-2 R-OP-1 setup command: creates, runs again idempotently, refuses another administrator', async () => {
  const database = await testDatabase();
  after(database.drop);
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-setup-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  const pwFile = path.join(dir, 'admin-password');
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  const env = { DATABASE_URL: database.url, DATA_DIR: dir, OPEN1022_DEMO: '0' };

  // An empty database without the demo: the server says how to set up.
  const server = await startServer(env);
  after(async () => {
    server.proc.kill('SIGTERM');
    await waitExit(server.proc);
  });
  assert.match(server.output(), /no administrator yet: run `npm run -s setup -- --tenant-code/);
  assert.match(server.output(), /\/api\/v1\/setup/);
  const status = await fetch(`${server.base}/api/v1/setup/status`);
  assert.deepEqual(await status.json(), { needsSetup: true });

  const flags = (username: string, password: string[]) => [
    '--tenant-code',
    'QNAM',
    '--tenant-name',
    'Tỉnh Quảng Nam',
    '--kind',
    'province',
    '--hotline',
    '1022',
    '--admin-username',
    username,
    '--admin-name',
    'Nguyễn Thị Quản',
    ...password,
    '--office-hours',
    'default',
  ];

  const first = await runSetup(flags('quantri', ['--admin-password-file', pwFile]), env);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /^set up: tenant QNAM/m);
  const counts = async () =>
    Promise.all(
      (['tenant', 'calendar', 'agency', 'app_user', 'audit_log'] as const).map((table) =>
        database.db
          .selectFrom(table)
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => `${table}=${r.n}`),
      ),
    );
  const created = await counts();
  assert.deepEqual(created, ['tenant=1', 'calendar=1', 'agency=1', 'app_user=1', 'audit_log=5']);

  // The administrator signs in on the running server.
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'quantri', password: PASSWORD }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  assert.equal(((await login.json()) as { user: { role: string } }).user.role, 'admin');
  // Signing in is audited too: later runs must change nothing from here on.
  const signedIn = await counts();

  // Again with the same flags (the password from the environment this time): nothing changes.
  const again = await runSetup(flags('quantri', ['--admin-password-env', 'O1022_ADMIN_PW']), {
    ...env,
    O1022_ADMIN_PW: PASSWORD,
  });
  assert.equal(again.code, 0, again.out);
  assert.match(
    again.out,
    /already set up: tenant QNAM with administrator quantri exists; nothing changed/,
  );
  assert.deepEqual(await counts(), signedIn);

  // A different administrator while one exists: refused, clearly, and nothing written.
  const other = await runSetup(flags('ke.gian', ['--admin-password-file', pwFile]), env);
  assert.notEqual(other.code, 0, other.out);
  assert.match(other.out, /refused \(setup_done\)/);
  assert.match(other.out, /already set up: an administrator exists/);
  assert.deepEqual(await counts(), signedIn);

  // Wrong usage: exit 2 with the usage line.
  const bad = await runSetup(['--tenant-code', 'X'], env);
  assert.equal(bad.code, 2, bad.out);
  assert.match(bad.out, /admin-password-file/);
});
