import { createHash } from 'node:crypto';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  type Compilable,
  type MigrationProvider,
  type QueryExecutorProvider,
  type RawBuilder,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';
import type { Env } from '../config/env.ts';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded.ts';

export type DB = Kysely<Database>;

// timestamptz → Date (default), date → keep 'YYYY-MM-DD' strings: a calendar date has no
// time zone and must not shift when converted to a JS Date.
pg.types.setTypeParser(1082, (v: string) => v);
// bigint → string (default): ids and counters stay exact.

/**
 * Opens a Kysely database on a connection string.
 *
 * ### Examples
 * ```ts
 * const db = createDb('postgres://…/open1022');
 * await db.selectFrom('ticket').select('code').execute();
 * ```
 */
export function createDb(connectionString: string, poolSize = 10): DB {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle pooled connection can be cut by the server (restart, shutdown, admin action).
  // pg reports it as an 'error' event on the pool; unhandled, it would crash the process.
  // The pool drops that connection and opens a new one on next use, so a warning suffices.
  pool.on('error', (err) =>
    process.stderr.write(`postgres pool: idle connection lost: ${err.message}\n`),
  );
  // pg-pool's end() resolves once its clients are *told* to end, before they have: an
  // embedded PostgreSQL stopped right after would cut them ("idle connection lost" on every
  // shutdown). Counted here so that `poolClosed` can wait for the last one.
  let open = 0;
  const waiting: (() => void)[] = [];
  pool.on('connect', () => open++);
  pool.on('remove', () => {
    if (--open <= 0) for (const w of waiting.splice(0)) w();
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
  });
  closed.set(db, () => (open <= 0 ? Promise.resolve() : new Promise((r) => waiting.push(r))));
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<object, pg.Pool>();

/** Connections of `db`'s pool: open, idle, and queries waiting for one (for /metrics). */
export function poolStats(db: DB): { total: number; idle: number; waiting: number } | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

const closed = new WeakMap<object, () => Promise<void>>();

/**
 * After `db.destroy()`: resolves once every pooled connection has finished closing (at most
 * `timeoutMs` later), so that the server can be stopped without cutting any.
 *
 * ### Examples
 * ```ts
 * await db.destroy();
 * await poolClosed(db);
 * await cluster.stop();
 * ```
 */
export async function poolClosed(db: DB, timeoutMs = 2000): Promise<void> {
  const wait = closed.get(db);
  if (!wait) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([wait(), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}

const PREPARED_MARK = '/*prepared*/ ';

/**
 * Marks a hot statement to run as a named prepared statement: PostgreSQL parses and plans it
 * once per connection instead of on every call (for the intake statement, planning was a
 * third of its server time). Only for statements whose SQL text is the same on every call —
 * values go in parameters. Needs a pool set up by `withPreparedStatements` (as `createDb`'s
 * is); elsewhere it runs as an ordinary statement.
 *
 * ### Examples
 * ```ts
 * const rows = await db.executeQuery(prepared(db.selectFrom('ticket').selectAll().where('id', '=', id)));
 * ```
 */
export function prepared<R>(query: Compilable<R>): CompiledQuery<R>;
/** A raw `sql` statement, compiled by `db` (or a transaction). */
export function prepared<R>(query: RawBuilder<R>, db: QueryExecutorProvider): CompiledQuery<R>;
export function prepared<R>(
  query: Compilable<R> | RawBuilder<R>,
  db?: QueryExecutorProvider,
): CompiledQuery<R> {
  const c = db ? (query as RawBuilder<R>).compile(db) : (query as Compilable<R>).compile();
  return { ...c, sql: PREPARED_MARK + c.sql };
}

/**
 * A statement written once as SQL text with `$n` parameters, run as a named prepared statement:
 * for the hottest statements, where even building the query tree on every call costs more
 * than the database's work (intake). The text must not depend on the values.
 *
 * ### Examples
 * ```ts
 * const INTAKE = `INSERT INTO ticket (id, tenant_id) VALUES ($1, $2) RETURNING *`;
 * const { rows } = await db.executeQuery(preparedText<TicketRow>(INTAKE, [id, tenantId]));
 * ```
 */
export function preparedText<R>(text: string, parameters: readonly unknown[]): CompiledQuery<R> {
  return {
    ...CompiledQuery.raw(text, [...parameters]),
    sql: PREPARED_MARK + text,
  } as CompiledQuery<R>;
}

/**
 * Lets the pool's connections run statements marked by `prepared` as named statements,
 * named by a hash of their text (so two texts never share a name). pg keeps the prepared
 * statement per connection and sends only Bind/Execute after the first use.
 */
export function withPreparedStatements(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
    const plain = client.query.bind(client) as (text: string, values?: unknown[]) => unknown;
    // pg's query() has a dozen overloads; Kysely only calls query(text, values).
    (client as { query: unknown }).query = (text: unknown, values?: unknown[]) =>
      typeof text === 'string' && text.startsWith(PREPARED_MARK)
        ? query({ name: statementName(text), text, values })
        : plain(text as string, values);
  });
  return pool;
}

// Hot statements repeat their text: the name is hashed once per text (a bounded set).
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    if (names.size >= 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** One round trip to the server: the health check's proof that the database answers. */
export async function ping(db: DB): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws on the first failure. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  // The migrator only needs the connection, not the table types.
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => r.migrationName);
}

export const DATABASE_NAME = 'open1022';

export interface Connection {
  db: DB;
  url: string;
  cluster?: EmbeddedCluster;
  close(): Promise<void>;
}

/**
 * Connects the way every open1022 process does: `DATABASE_URL` when set, otherwise the
 * embedded PostgreSQL in `DATA_DIR` (started if no process runs it yet), creating the
 * database on first use.
 */
export async function connect(
  env: Env,
  opts: { log?: (m: string) => void; adoptOrphan?: boolean; poolSize?: number } = {},
): Promise<Connection> {
  let url = env.DATABASE_URL;
  let cluster: EmbeddedCluster | undefined;
  if (!url) {
    cluster = await startEmbeddedPostgres({
      dataDir: env.dataDir,
      port: env.EMBEDDED_PG_PORT,
      home: env.EMBEDDED_PG_HOME,
      adoptOrphan: opts.adoptOrphan,
      log: opts.log,
    });
    await ensureDatabase(cluster.url('postgres'), DATABASE_NAME);
    url = cluster.url(DATABASE_NAME);
  }
  const db = createDb(url, opts.poolSize);
  return {
    db,
    url,
    cluster,
    async close() {
      await db.destroy();
      await poolClosed(db);
      await cluster?.stop();
    },
  };
}

export async function ensureDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const tpl = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${tpl}`);
    }
  } catch (err) {
    // Two processes starting at once: the loser sees duplicate_database and carries on.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}
