import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { ROOT } from '../../../tests/helpers/server-process.ts';
import { appendAudit, sealAuditChains, verifyAuditChain } from './audit.repository.ts';

const run = promisify(execFile);
const t = await testDatabase();
after(t.drop);

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, {
        tenantId: null,
        actorId: null,
        actorLabel: 'test',
        action: 'ticket.create',
        entityType: 'ticket',
        entityId: `id-${i}`,
        data: {
          code: `PA-2026-${String(i).padStart(6, '0')}`,
          nested: { b: 2, a: [1, 'hai'] },
          at: new Date(0),
        },
        at: new Date(Date.UTC(2026, 2, 2, 1, 0, i)),
      }),
    );
  }
}

async function cli() {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

test('R-REC-1 the chain verifies when intact, also under concurrent appends', async () => {
  await append(20);
  await Promise.all(Array.from({ length: 4 }, () => append(5)));
  // Committed, not yet chained: nothing to verify yet, nothing wrong either.
  assert.deepEqual(await verifyAuditChain(t.db), {
    ok: true,
    count: 0,
    chains: 0,
    unsealed: 40,
    checkpoints: 0,
    untrusted: 0,
  });
  // Sealers on several nodes at once: each record is chained exactly once.
  const sealed = await Promise.all([1, 2, 3].map(() => sealAuditChains(t.db, new Date())));
  assert.equal(
    sealed.reduce((a, b) => a + b, 0),
    40,
  );
  const r = await verifyAuditChain(t.db);
  assert.deepEqual(r, {
    ok: true,
    count: 40,
    chains: 1,
    unsealed: 0,
    checkpoints: 0,
    untrusted: 0,
  });
  const c = await cli();
  assert.equal(c.code, 0);
  assert.match(c.out, /intact: 40 records/);
});

test('R-REC-1 altering one byte of any record is detected and named (npm run audit:verify exits 1)', async () => {
  // Tampering needs a superuser bypassing the append-only trigger: exactly what the chain is for.
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(t.db);
  await sql`UPDATE audit_log SET data = jsonb_set(data, '{code}', '"PA-2026-000099"') WHERE seq = 7`.execute(
    t.db,
  );
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(t.db);
  const r = await verifyAuditChain(t.db);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.badSeq, '7');
  const c = await cli();
  assert.equal(c.code, 1);
  assert.match(c.out, /BROKEN at record 7/);
});

test('R-REC-1 a sealed record cannot be re-sealed or edited through the trigger', async () => {
  await assert.rejects(
    sql`UPDATE audit_log SET hash = 'x' WHERE seq = 3`.execute(t.db),
    /append-only/,
  );
  await assert.rejects(
    sql`UPDATE audit_log SET action = 'x' WHERE seq = 3`.execute(t.db),
    /append-only/,
  );
});

test('R-REC-1 chains are per tenant and each verifies on its own', async () => {
  const db2 = await testDatabase();
  after(db2.drop);
  const tenants = await db2.db
    .insertInto('tenant')
    .values([
      { code: 'A', name: 'A', kind: 'province', settings: '{}' },
      { code: 'B', name: 'B', kind: 'province', settings: '{}' },
    ])
    .returning('id')
    .execute();
  for (let i = 0; i < 6; i++) {
    await db2.db.transaction().execute((trx) =>
      appendAudit(trx, {
        tenantId: tenants[i % 2]!.id,
        actorId: null,
        actorLabel: null,
        action: 'x',
        entityType: 'y',
        entityId: String(i),
        data: { i },
        at: new Date(),
      }),
    );
  }
  assert.equal(await sealAuditChains(db2.db, new Date()), 6);
  const { rows } = await sql<{ chain_id: string; n: string; last: string }>`
    SELECT chain_id, count(*) AS n, max(chain_seq) AS last FROM audit_log GROUP BY 1`.execute(
    db2.db,
  );
  assert.deepEqual(
    rows.map((r) => [r.n, r.last]),
    [
      ['3', '3'],
      ['3', '3'],
    ],
  );
  assert.deepEqual(await verifyAuditChain(db2.db), {
    ok: true,
    count: 6,
    chains: 2,
    unsealed: 0,
    checkpoints: 0,
    untrusted: 0,
  });
});

test('R-REC-1 a deleted record in the middle is detected', async () => {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(t.db);
  await sql`UPDATE audit_log SET data = jsonb_set(data, '{code}', '"PA-2026-000006"') WHERE seq = 7`.execute(
    t.db,
  );
  await sql`DELETE FROM audit_log WHERE seq = 12`.execute(t.db);
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(t.db);
  const r = await verifyAuditChain(t.db);
  assert.deepEqual(r.ok ? null : { seq: r.badSeq, reason: r.reason }, {
    seq: '13',
    reason: 'record 12 of the chain is missing',
  });
});
