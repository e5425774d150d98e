import { pino } from 'pino';
import { loadEnv } from '../config/env.ts';
import { connect, migrateToLatest, type Connection } from '../db/database.ts';
import { systemClock, type AppContext } from '../app/context.ts';

/**
 * Opens the same database the server uses (DATABASE_URL, or the embedded one in DATA_DIR —
 * shared with a running server, started for the duration of the command otherwise).
 */
export async function openCli(): Promise<{ ctx: AppContext; conn: Connection }> {
  const env = loadEnv();
  const conn = await connect(env, { poolSize: 2 });
  await migrateToLatest(conn.db);
  const ctx: AppContext = { db: conn.db, env, clock: systemClock, log: pino({ level: 'silent' }) };
  return { ctx, conn };
}

export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
