import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { withPreparedStatements, type DB } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';

export interface StatementStats {
  statement: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * A Kysely database like `createDb()` whose pool can record, while `recording` is on, every
 * statement sent (by a short label such as `insert ticket_counter`, with its round-trip time)
 * and how long callers waited for a pooled connection. Off, it only adds a flag test.
 */
export interface ProfiledDb {
  db: DB;
  pool: pg.Pool;
  recording: boolean;
  /**
   * Statement labels that take a lock held until the end of the transaction: for each, the
   * time from its completion to the completion of `commit`/`rollback` on that connection is
   * recorded as `held after <label>`.
   */
  holdLabels: string[];
  reset(): void;
  statements(): StatementStats[];
  holds(): StatementStats[];
  /** Milliseconds recorded since the last `reset()` (up to now if still recording). */
  recordedMs(): number;
  poolWait(): { count: number; totalMs: number; maxMs: number };
}

/** `insert into "ticket_counter" (…)` → `insert ticket_counter`; other SQL → its first words. */
export function statementLabel(text: string): string {
  const s = text
    .replace(/^\s*\/\*.*?\*\/\s*/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const cte = /^with "?\w+"? as \(\s*insert into "?(\w+)"?/.exec(s);
  if (cte) return `insert ${cte[1]} (one statement with CTEs)`;
  const m =
    /^(select|with)\b.*? from "(\w+)"/.exec(s) ??
    /^(insert) into "(\w+)"/.exec(s) ??
    /^(update) "(\w+)"/.exec(s) ??
    /^(delete) from "(\w+)"/.exec(s);
  if (m) {
    const lock = /\bfor update\b/.test(s) ? ' for update' : '';
    const upsert = /\bon conflict\b.*\bdo update\b/.test(s) ? ' (upsert)' : '';
    return `${m[1] === 'with' ? 'select' : m[1]} ${m[2]}${lock}${upsert}`;
  }
  return s.replace(/\$\d+/g, '?').slice(0, 48);
}

export function createProfiledDb(connectionString: string, poolSize: number): ProfiledDb {
  // Prepared statements first, so that the timing wrapper below sees every call.
  const pool = withPreparedStatements(new pg.Pool({ connectionString, max: poolSize }));
  // An idle connection dropped by the server must not crash the bench (pg re-emits it here).
  pool.on('error', (err) => process.stderr.write(`[bench] idle pg connection: ${err.message}\n`));
  const stats = new Map<string, StatementStats>();
  const holds = new Map<string, StatementStats>();
  const wait = { count: 0, totalMs: 0, maxMs: 0 };
  let since = performance.now();
  let until: number | undefined;
  let recording = false;
  const self: ProfiledDb = {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    pool,
    get recording() {
      return recording;
    },
    set recording(on: boolean) {
      recording = on;
      until = on ? undefined : performance.now();
    },
    holdLabels: [],
    reset() {
      stats.clear();
      holds.clear();
      since = performance.now();
      until = undefined;
      wait.count = 0;
      wait.totalMs = 0;
      wait.maxMs = 0;
    },
    statements: () => [...stats.values()].sort((a, b) => b.totalMs - a.totalMs),
    holds: () => [...holds.values()],
    recordedMs: () => (until ?? performance.now()) - since,
    poolWait: () => ({ ...wait }),
  };

  const record = (label: string, ms: number, into = stats) => {
    let s = into.get(label);
    if (!s) into.set(label, (s = { statement: label, count: 0, totalMs: 0, maxMs: 0 }));
    s.count++;
    s.totalMs += ms;
    if (ms > s.maxMs) s.maxMs = ms;
  };

  pool.on('connect', (client) => {
    const acquired = new Map<string, number>();
    const done = (label: string, t0: number) => {
      const now = performance.now();
      record(label, now - t0);
      if (self.holdLabels.includes(label)) acquired.set(label, now);
      else if (label === 'commit' || label === 'rollback') {
        for (const [l, t] of acquired) record(`held after ${l}`, now - t, holds);
        acquired.clear();
      }
    };
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      if (!self.recording) return original(...args);
      // Timed from before the call: sending (a writev on the socket) is part of the round trip.
      const t0 = performance.now();
      const result = original(...args);
      if (!(result instanceof Promise)) return result;
      const text =
        typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
      const label = statementLabel(text);
      return result.then(
        (r: unknown) => {
          done(label, t0);
          return r;
        },
        (err: unknown) => {
          done(label, t0);
          throw err;
        },
      );
    };
  });

  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args) => {
    if (args.length > 0 || !self.recording) return connect(...args);
    const t0 = performance.now();
    return (connect() as Promise<pg.PoolClient>).then((c) => {
      const ms = performance.now() - t0;
      wait.count++;
      wait.totalMs += ms;
      if (ms > wait.maxMs) wait.maxMs = ms;
      return c;
    });
  };
  return self;
}
