import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { ROOT } from '../../../tests/helpers/server-process.ts';
import { ManualClock } from '../../app/context.ts';
import type { DB } from '../../db/database.ts';
import {
  appendAudit,
  auditHash,
  auditBody,
  GENESIS,
  sealAuditChains,
  verifyAuditChain,
} from './audit.repository.ts';
import { makeCheckpoints, verifyWithCheckpoints, type CheckpointConfig } from './checkpoint.ts';
import { signCheckpoint, signingKey } from './signing.ts';

/**
 * Issue #12, finding 4: the attacks a superuser of the database can make on the audit trail.
 * Each leaves every link and hash of the chain consistent, so the chain alone (what
 * `audit:verify` checked before) verifies; the signed checkpoints, exported outside the
 * database, catch them.
 */
const run = promisify(execFile);
const SEED = randomBytes(32).toString('base64');
const key = signingKey(SEED);
const T0 = new Date('2026-12-01T08:00:00Z');
const HOUR = 3600_000;

async function setup() {
  const t = await testDatabase();
  after(t.drop);
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-cp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new ManualClock(T0);
  const cfg: CheckpointConfig = { key, verifyKey: key.publicKey, dir, email: false };
  return { ...t, dir, clock, cfg };
}

async function append(db: DB, n: number, at: Date, tag = 'r') {
  for (let i = 0; i < n; i++) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, {
        tenantId: null,
        actorId: null,
        actorLabel: 'staff',
        action: 'ticket.answer',
        entityType: 'ticket',
        entityId: `${tag}-${i}`,
        data: { answer: `Trả lời ${tag} ${i}` },
        at: new Date(at.getTime() + i),
      }),
    );
  }
}

/** Ten records written and sealed at 08:00, a checkpoint signed at 08:00:05. */
async function chainWithCheckpoint() {
  const s = await setup();
  await append(s.db, 10, T0);
  await sealAuditChains(s.db, new Date(T0.getTime() + 1000));
  s.clock.set(new Date(T0.getTime() + 5000));
  const made = await makeCheckpoints({ db: s.db, clock: s.clock }, s.cfg);
  assert.equal(made.length, 1);
  return s;
}

/** As a superuser would: with the append-only triggers off. */
async function tamper(db: DB, fn: () => Promise<unknown>) {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  try {
    await fn();
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
  }
}

type Row = {
  seq: string;
  chain_seq: string;
  tenant_id: string | null;
  at: Date;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  sealed_at: Date;
  hash_v: number | null;
};

/** Recomputes every hash from chain record `from` on, as an attacker covering a rewrite would. */
async function rechain(db: DB, from: number) {
  const rows = (await db
    .selectFrom('audit_log')
    .selectAll()
    .where('chain_id', '=', 'system')
    .orderBy('chain_seq')
    .execute()) as unknown as (Row & { hash: string })[];
  let prev = GENESIS;
  for (const r of rows) {
    if (Number(r.chain_seq) >= from) {
      const body = auditBody({
        tenantId: r.tenant_id,
        at: r.at,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        data: r.data,
      });
      const hash = auditHash(prev, r.chain_seq, body, r.hash_v === 2 ? r.sealed_at : undefined);
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE seq = ${r.seq}`.execute(
        db,
      );
      prev = hash;
    } else prev = r.hash;
  }
}

async function cli(url: string, env: Record<string, string>) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, AUDIT_SIGNING_KEY: '', ...env },
    });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

test('R-REC-1 the worker signs each chain head and exports it; audit:verify checks the chain against it', async () => {
  const s = await chainWithCheckpoint();
  const files = readdirSync(s.dir);
  assert.deepEqual(files, ['system-000000000010.json']);
  const file = JSON.parse(readFileSync(path.join(s.dir, files[0]!), 'utf8')) as Record<
    string,
    string
  >;
  assert.equal(file.sequence, '10');
  assert.equal(file.publicKey, key.publicKeyB64);
  assert.equal(file.at, '2026-12-01T08:00:05.000Z');
  // Nothing new: no new checkpoint. New records: one for the new head.
  assert.deepEqual(await makeCheckpoints({ db: s.db, clock: s.clock }, s.cfg), []);
  await append(s.db, 2, new Date(T0.getTime() + 10_000), 'later');
  await sealAuditChains(s.db, new Date(T0.getTime() + 11_000));
  s.clock.set(new Date(T0.getTime() + 12_000));
  const [c] = await makeCheckpoints({ db: s.db, clock: s.clock }, s.cfg);
  assert.equal(c?.chainSeq, '12');
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.ok && result.checkpoints, 2);

  const pinned = await cli(s.url, { AUDIT_SIGNING_KEY: SEED, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(pinned.code, 0, pinned.out);
  assert.match(pinned.out, /intact: 12 records/);
  assert.match(pinned.out, /checked against 2 signed checkpoint\(s\) \(2 file\(s\)/);
  // With only the public key (verifying on another machine) as well.
  const pub = await cli(s.url, { AUDIT_PUBLIC_KEY: key.publicKeyB64, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(pub.code, 0, pub.out);
  // Without a key, it says what it cannot detect.
  const bare = await cli(s.url, { AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(bare.code, 0);
  assert.match(bare.out, /WARNING: no AUDIT_SIGNING_KEY.*not be detected/);
});

test('R-REC-1 a record rewritten with every later hash recomputed is detected', async () => {
  const s = await chainWithCheckpoint();
  await tamper(s.db, async () => {
    await sql`UPDATE audit_log SET data = '{"answer":"Đã sửa"}' WHERE chain_seq = 4`.execute(s.db);
    await rechain(s.db, 4);
  });
  // The chain alone is consistent again: what audit:verify checked until now.
  assert.equal((await verifyAuditChain(s.db)).ok, true);
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.reason : '', /differs from the checkpoint .* rewritten/);
  const c = await cli(s.url, { AUDIT_SIGNING_KEY: SEED, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(c.code, 1);
  assert.match(c.out, /BROKEN at record 10 \(chain system\): differs from the checkpoint/);
});

test('R-REC-1 a forged record inserted with a backdated time is detected', async () => {
  const s = await chainWithCheckpoint();
  // Inserted an hour later, dated the day before; the sealer then chains it as usual.
  await append(s.db, 1, new Date(T0.getTime() - 24 * HOUR), 'forged');
  const flagged: string[] = [];
  await sealAuditChains(s.db, new Date(T0.getTime() + HOUR), {
    onBackdated: (r) => flagged.push(r.chainSeq),
  });
  assert.deepEqual(flagged, ['11'], 'the sealer reports it');
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.reason : '', /dated 2026-11-30T08:00:00.000Z, before the/);
  const c = await cli(s.url, { AUDIT_SIGNING_KEY: SEED, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(c.code, 1);
  assert.match(c.out, /inserted later with an earlier date/);
});

test('R-REC-1 a forged record slipped into the chain already sealed, with an earlier sealing time, is detected', async () => {
  const s = await chainWithCheckpoint();
  await append(s.db, 1, new Date(T0.getTime() - 24 * HOUR), 'forged');
  await tamper(s.db, async () => {
    const head = await s.db
      .selectFrom('audit_log')
      .select(['hash'])
      .where('chain_seq', '=', '10')
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET chain_seq = 11, prev_hash = ${head.hash!}, hash = 'x',
      sealed_at = ${new Date(T0.getTime() - 24 * HOUR)}, hash_v = 2 WHERE hash IS NULL`.execute(
      s.db,
    );
    await rechain(s.db, 11);
  });
  // Without checkpoints too: time goes backwards along the chain.
  const alone = await verifyAuditChain(s.db);
  assert.match(!alone.ok ? alone.reason : '', /time goes backwards/);
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.equal(result.ok, false);
});

test('R-REC-1 deleting the last records is detected, also when the database’s checkpoints are deleted too', async () => {
  const s = await chainWithCheckpoint();
  await tamper(s.db, async () => {
    await sql`DELETE FROM audit_log WHERE chain_seq > 7`.execute(s.db);
  });
  assert.equal((await verifyAuditChain(s.db)).ok, true, 'the chain alone still verifies');
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.match(
    !result.ok ? result.reason : '',
    /the chain ends at record 7, but the checkpoint signed at 2026-12-01T08:00:05.000Z \(database\) covers 10 records/,
  );
  // The exported file still holds the chain to its length.
  await sql`ALTER TABLE audit_checkpoint DISABLE TRIGGER USER`.execute(s.db);
  await sql`DELETE FROM audit_checkpoint`.execute(s.db);
  await sql`ALTER TABLE audit_checkpoint ENABLE TRIGGER USER`.execute(s.db);
  const c = await cli(s.url, { AUDIT_SIGNING_KEY: SEED, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(c.code, 1);
  assert.match(c.out, /covers 10 records: records were deleted from its end/);
  // The whole chain deleted: the same.
  await tamper(s.db, () => sql`DELETE FROM audit_log`.execute(s.db));
  const all = await cli(s.url, { AUDIT_SIGNING_KEY: SEED, AUDIT_CHECKPOINT_DIR: s.dir });
  assert.equal(all.code, 1);
  assert.match(all.out, /the chain ends at record 0/);
});

test('R-REC-1 checkpoints signed by another key are ignored; one of ours altered is refused', async () => {
  const s = await chainWithCheckpoint();
  // An attacker's own key, signing the head of a rewritten chain: not trusted.
  const other = signingKey(randomBytes(32).toString('base64'));
  const head = { chainId: 'system', chainSeq: '3', hash: 'f'.repeat(64), at: T0 };
  await s.db
    .insertInto('audit_checkpoint')
    .values({
      chain_id: 'system',
      chain_seq: '3',
      hash: head.hash,
      at: T0,
      public_key: other.publicKeyB64,
      signature: signCheckpoint(other, head),
    })
    .execute();
  const { result } = await verifyWithCheckpoints(s.db, s.cfg);
  assert.deepEqual(result.ok && [result.checkpoints, result.untrusted], [1, 1]);
  // Our key's public part with a signature that does not match: forged or altered.
  await s.db
    .insertInto('audit_checkpoint')
    .values({
      chain_id: 'system',
      chain_seq: '5',
      hash: head.hash,
      at: T0,
      public_key: key.publicKeyB64,
      signature: signCheckpoint(other, head),
    })
    .execute();
  const r2 = await verifyWithCheckpoints(s.db, s.cfg);
  assert.match(!r2.result.ok ? r2.result.reason : '', /does not match its signature/);
});

test('R-REC-1 time never goes backwards along a chain, even when a node’s clock does', async () => {
  const s = await setup();
  await append(s.db, 3, T0);
  await sealAuditChains(s.db, new Date(T0.getTime() + 1000));
  await append(s.db, 2, new Date(T0.getTime() + 2000), 'b');
  // A sealer whose clock is an hour behind.
  await sealAuditChains(s.db, new Date(T0.getTime() - HOUR));
  const times = await s.db
    .selectFrom('audit_log')
    .select(['chain_seq', 'sealed_at', 'hash_v'])
    .orderBy('chain_seq')
    .execute();
  assert.deepEqual(
    times.map((r) => [r.chain_seq, r.sealed_at?.toISOString(), r.hash_v]),
    [1, 2, 3, 4, 5].map((n) => [String(n), '2026-12-01T08:00:01.000Z', 2]),
  );
  assert.equal((await verifyAuditChain(s.db)).ok, true);
  // The sealing time is covered by the hash: moving it back breaks the record.
  await tamper(s.db, () =>
    sql`UPDATE audit_log SET sealed_at = sealed_at - interval '1 day' WHERE chain_seq = 5`.execute(
      s.db,
    ),
  );
  const r = await verifyAuditChain(s.db);
  assert.match(!r.ok ? r.reason : '', /content does not match its hash/);
});

test('R-REC-1 records sealed before the sealing time was hashed (version 1) still verify', async () => {
  const s = await setup();
  await append(s.db, 4, T0);
  await sealAuditChains(s.db, new Date(T0.getTime() + 1000));
  // Make the first three what the previous version wrote: hash_v NULL, no time in the hash.
  await tamper(s.db, async () => {
    await sql`UPDATE audit_log SET hash_v = NULL WHERE chain_seq <= 3`.execute(s.db);
    await rechain(s.db, 1);
  });
  assert.equal((await verifyAuditChain(s.db)).ok, true);
  // But a version-1 record after version-2 ones is a downgrade.
  await tamper(s.db, async () => {
    await sql`UPDATE audit_log SET hash_v = 2 WHERE chain_seq = 2`.execute(s.db);
    await rechain(s.db, 1);
  });
  const r = await verifyAuditChain(s.db);
  assert.match(!r.ok ? r.reason : '', /version-1 record after version-2/);
});
