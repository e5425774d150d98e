/**
 * The OpenAPI document as the server describes itself, built without a database: for the
 * committed `docs/openapi.json` (`npm run openapi`) and the test that keeps it from drifting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadEnv } from '../config/env.ts';
import { createDb } from '../db/database.ts';
import { systemClock } from '../app/context.ts';
import { buildServer } from './server.ts';

export const OPENAPI_FILE = 'docs/openapi.json';

export async function openApiDocument(): Promise<string> {
  // No statement runs while routes are registered: the pool never connects.
  const db = createDb('postgres://openapi@127.0.0.1:1/none', 1);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-openapi-'));
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const { app } = await buildServer({
    ctx: { db, env, clock: systemClock, log: pino({ level: 'silent' }) },
  });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
