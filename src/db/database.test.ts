import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDatabase } from '../../tests/helpers/db.ts';

const t = await testDatabase();
after(t.drop);

test('migrations created the core tables', async () => {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(t.db);
  const names = rows.map((r) => r.table_name);
  for (const table of ['ticket', 'ticket_event', 'deadline', 'outbox', 'audit_log', 'agency']) {
    assert.ok(names.includes(table), `missing table ${table}`);
  }
});

test('the audit log refuses updates and deletes (R-REC-1)', async () => {
  await sql`INSERT INTO audit_log (chain_id, at, action, entity_type, entity_id, data)
            VALUES ('system', now(), 'x', 'y', 'z', '{}')`.execute(t.db);
  // Sealing sets the chain columns once…
  await sql`UPDATE audit_log SET chain_seq = 1, prev_hash = '0', hash = 'h'`.execute(t.db);
  // …and nothing else, ever.
  await assert.rejects(sql`UPDATE audit_log SET hash = 'h2'`.execute(t.db), /append-only/);
  await assert.rejects(sql`UPDATE audit_log SET action = 'tampered'`.execute(t.db), /append-only/);
  await assert.rejects(sql`DELETE FROM audit_log`.execute(t.db), /append-only/);
});

test('a statement marked `prepared` is planned once per connection and returns the same rows', async () => {
  const { prepared } = await import('./database.ts');
  // One connection, so the second call must find the statement the first one prepared.
  await t.db.connection().execute(async (c) => {
    const q = () => c.selectNoFrom(sql<number>`${41}::int + 1`.as('n'));
    const first = await c.executeQuery(prepared(q()));
    const second = await c.executeQuery(prepared(q()));
    assert.deepEqual(first.rows, [{ n: 42 }]);
    assert.deepEqual(second.rows, [{ n: 42 }]);
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '/*prepared*/%'`.execute(
      c,
    );
    assert.equal(rows[0]!.n, '1');
  });
});

test('after destroy, poolClosed waits until the server holds none of the pool’s connections', async () => {
  const { createDb, poolClosed } = await import('./database.ts');
  const url = new URL(t.url);
  url.searchParams.set('application_name', 'o1022-pool-closed');
  const db = createDb(url.toString(), 4);
  // Four connections at once, all idle in the pool afterwards.
  await Promise.all([1, 2, 3, 4].map(() => sql`SELECT pg_sleep(0.05)`.execute(db)));
  const count = async () =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
          WHERE application_name = 'o1022-pool-closed'`.execute(t.db)
      ).rows[0]!.n,
    );
  assert.equal(await count(), 4);
  await db.destroy();
  await poolClosed(db);
  // The server notices a Terminate at once: nothing of the pool is left for a shutdown to cut.
  for (let i = 0; i < 20 && (await count()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await count(), 0);
});
