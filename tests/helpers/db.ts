import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DB } from '../../src/db/database.ts';

/**
 * A fresh database for one test file, cloned from the migrated template that
 * `scripts/test.ts` prepared. Real PostgreSQL, never a mock.
 *
 * ### Examples
 * ```ts
 * const { db, url, drop } = await testDatabase();
 * after(drop);
 * ```
 */
export async function testDatabase(): Promise<{ db: DB; url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.OPEN1022_TEST_PG;
  const template = process.env.OPEN1022_TEST_TEMPLATE;
  if (!adminUrl || !template) {
    throw new Error('Run integration tests through `npm test` (it prepares PostgreSQL).');
  }
  const name = `o1022_t${randomBytes(4).toString('hex')}_${template.slice('o1022_tpl_'.length)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE fails if another session is connected to the template at the
  // same moment; tests never connect to it, so only concurrent clones can collide: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 5);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
