import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabase } from '../helpers/db.ts';
import { startServer, waitExit } from '../helpers/server-process.ts';
import { appendAudit } from '../../src/modules/audit/audit.repository.ts';

/** Issue #12, finding 4: the worker role of the real server signs and exports checkpoints. */
const database = await testDatabase();
after(database.drop);
const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, OPEN1022_DEMO: '0' };

async function stop(proc: Parameters<typeof waitExit>[0]) {
  proc.kill('SIGTERM');
  await waitExit(proc);
}

test('R-REC-1 without AUDIT_SIGNING_KEY the server says at start that the trail is not pinned', async () => {
  const s = await startServer(env);
  try {
    const deadline = Date.now() + 20_000;
    while (!/AUDIT_SIGNING_KEY is not set/.test(s.output()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    assert.match(s.output(), /AUDIT_SIGNING_KEY is not set: no signed audit checkpoints/);
  } finally {
    await stop(s.proc);
  }
  assert.equal(existsSync(path.join(dataDir, 'audit-checkpoints')), false);
});

test('R-REC-1 with AUDIT_SIGNING_KEY the worker signs each chain head and exports it to DATA_DIR/audit-checkpoints', async () => {
  await database.db.transaction().execute((trx) =>
    appendAudit(trx, {
      tenantId: null,
      actorId: null,
      actorLabel: 'test',
      action: 'x',
      entityType: 'y',
      entityId: 'z',
      data: {},
      at: new Date(),
    }),
  );
  const s = await startServer({
    ...env,
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
  });
  const dir = path.join(dataDir, 'audit-checkpoints');
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const cps = await database.db.selectFrom('audit_checkpoint').select('chain_seq').execute();
      if (cps.length && existsSync(dir) && readdirSync(dir).length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(existsSync(dir), s.output());
    assert.ok(readdirSync(dir).some((f) => /^system-\d{12}\.json$/.test(f)));
    assert.doesNotMatch(s.output(), /AUDIT_SIGNING_KEY is not set/);
  } finally {
    await stop(s.proc);
  }
});
