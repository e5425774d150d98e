import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get } from './support.ts';
import { appendAudit, sealAuditChains } from '../../src/modules/audit/audit.repository.ts';
import { makeCheckpoints } from '../../src/modules/audit/checkpoint.ts';
import { checkCheckpoint, publicKey, signingKey } from '../../src/modules/audit/signing.ts';
import { renderTemplate } from '../../src/modules/notification/templates.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'o1022-cp-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('R-REC-1 the citizens’ site shows the latest signed checkpoint of the province’s audit trail', async () => {
  const none = await get(t, '/cong-dan/nhat-ky-kiem-toan');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /Chưa có điểm kiểm tra nào được ký/);
  assert.equal((await get(t, '/cong-dan/nhat-ky-kiem-toan.json')).statusCode, 404);

  for (let i = 0; i < 3; i++) {
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, {
        tenantId: t.tenantId,
        actorId: null,
        actorLabel: 'x',
        action: 'ticket.create',
        entityType: 'ticket',
        entityId: String(i),
        data: {},
        at: t.clock.now(),
      }),
    );
  }
  await sealAuditChains(t.db, t.clock.now());
  const key = signingKey(randomBytes(32).toString('hex'));
  const [cp] = await makeCheckpoints(t, { key, verifyKey: key.publicKey, dir, email: false });
  assert.ok(cp);

  const page = await get(t, '/cong-dan/nhat-ky-kiem-toan');
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
  assert.match(page.body, /<dd id="cp-sequence">3<\/dd>/);
  assert.ok(page.body.includes(cp.hash));
  assert.ok(page.body.includes(cp.signature));
  assert.ok(page.body.includes(key.publicKeyB64));
  const en = await get(t, '/cong-dan/nhat-ky-kiem-toan?lang=en');
  assert.match(en.body, /Audit trail checkpoint/);

  // Anyone can check the published signature with the published key.
  const json = await get(t, '/cong-dan/nhat-ky-kiem-toan.json');
  assert.equal(json.statusCode, 200);
  const j = json.json() as Record<string, string>;
  assert.equal(j.sequence, '3');
  assert.equal(j.chain, t.tenantId);
  const head = { chainId: j.chain!, chainSeq: j.sequence!, hash: j.hash!, at: new Date(j.at!) };
  assert.equal(checkCheckpoint(publicKey(j.publicKey!), head, j.signature!), true);
  assert.equal(
    checkCheckpoint(publicKey(j.publicKey!), { ...head, chainSeq: '2' }, j.signature!),
    false,
  );
});

test('R-REC-1 with AUDIT_CHECKPOINT_EMAIL=1 each new checkpoint of a tenant’s chain is e-mailed to its coordinators', async () => {
  await t.newUser('coordinator', null, { email: 'dieu.phoi@1022.test' });
  await t.newUser('coordinator');
  await t.newUser('operator', null, { email: 'tong.dai@1022.test' });
  await t.db.transaction().execute((trx) =>
    appendAudit(trx, {
      tenantId: t.tenantId,
      actorId: null,
      actorLabel: 'x',
      action: 'ticket.create',
      entityType: 'ticket',
      entityId: 'mail',
      data: {},
      at: t.clock.now(),
    }),
  );
  await sealAuditChains(t.db, t.clock.now());
  const key = signingKey(randomBytes(32).toString('base64'));
  const [cp] = await makeCheckpoints(t, { key, verifyKey: key.publicKey, dir, email: true });
  const mails = await t.db
    .selectFrom('outbox')
    .select(['recipient', 'template', 'payload'])
    .where('template', '=', 'audit_checkpoint')
    .execute();
  assert.deepEqual(
    mails.map((m) => m.recipient),
    ['dieu.phoi@1022.test'],
  );
  const { title, body } = renderTemplate('audit_checkpoint', mails[0]!.payload, 'vi');
  assert.equal(title, `Điểm kiểm tra nhật ký kiểm toán #${cp!.chainSeq}`);
  assert.ok(body.includes(`signature: ${cp!.signature}`));
  assert.ok(body.includes(`publicKey: ${key.publicKeyB64}`));
});
