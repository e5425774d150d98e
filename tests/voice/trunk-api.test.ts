/**
 * The carrier's SIP trunks through the API (R-TEL-4): created and changed by the administrator,
 * validated, audited; the password (needed for the carrier's digest challenge) is stored but
 * never leaves in a response or an audit record. The telephony node's directory reads them.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_SECRETS_KEY } from '../helpers/app.ts';
import { SecretBox, secretBoxFrom } from '../../src/config/secret-box.ts';
import { TrunkDirectory } from '../../src/voice/trunk/directory.ts';
import { sealStoredPasswords } from '../../src/voice/trunk/secret.ts';

const t = await createTestApp();
after(t.close);
const SECRET = 'mat-khau-cua-nha-mang-9f3k';

test('an administrator sets up a trunk; the password is write-only and kept when absent', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const box = secretBoxFrom(TEST_SECRETS_KEY);
  const dir = new TrunkDirectory(t.db, t.tenantId, () => new Date(), box, 0);
  assert.deepEqual(await dir.outbound(), [], 'no trunk: nothing to dial through');
  assert.equal(await dir.inboundAllowed('198.51.100.9'), true, 'no allow-list: every caller');

  const put = await admin.put('/api/v1/telephony/trunks/VNPT', {
    host: '127.0.0.1',
    port: 5080,
    transport: 'udp',
    username: 'hotline1022',
    password: SECRET,
    fromUser: '02363822000',
    dialPrefix: '9',
    allowFrom: ['203.0.113.0/24', '2001:db8::/32'],
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.name, 'vnpt');
  assert.equal(put.body.hasPassword, true);
  assert.equal(put.body.password, undefined);
  assert.ok(!JSON.stringify(put.body).includes(SECRET));

  const list = await admin.get('/api/v1/telephony/trunks');
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.ok(!JSON.stringify(list.body).includes(SECRET));
  assert.deepEqual(list.body.items[0].allowFrom, ['203.0.113.0/24', '2001:db8::/32']);

  const stored = await t.db
    .selectFrom('sip_trunk')
    .select('password')
    .where('name', '=', 'vnpt')
    .executeTakeFirstOrThrow();
  assert.ok(SecretBox.isSealed(stored.password!), 'sealed at rest with SECRETS_KEY');
  assert.ok(!stored.password!.includes(SECRET));

  const [out] = await dir.outbound();
  assert.equal(out?.name, 'vnpt');
  assert.deepEqual(out?.peer, { protocol: 'udp', address: '127.0.0.1', port: 5080 });
  assert.deepEqual(out?.credentials, { username: 'hotline1022', password: SECRET });
  assert.equal(out?.dialPrefix, '9');
  assert.equal(await dir.inboundAllowed('203.0.113.77'), true);
  assert.equal(await dir.inboundAllowed('198.51.100.9'), false);

  // Changed without a password: the stored one stays.
  const again = await admin.put('/api/v1/telephony/trunks/vnpt', {
    host: '127.0.0.1',
    port: 5090,
    username: 'hotline1022',
  });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.hasPassword, true);
  assert.equal(again.body.allowFrom.length, 0);
  assert.equal((await dir.outbound())[0]?.credentials?.password, SECRET);
  assert.equal(await dir.inboundAllowed('198.51.100.9'), true);

  const audits = await t.db
    .selectFrom('audit_log')
    .select(['action', 'data'])
    .where('entity_type', '=', 'sip_trunk')
    .execute();
  assert.equal(audits.length, 2);
  assert.ok(!JSON.stringify(audits).includes(SECRET), 'the password is never audited');
  assert.deepEqual(
    audits.map((a) => (a.data as { password: string }).password),
    ['set', 'kept'],
  );

  // Removed: disabled trunks are not dialled through either.
  const off = await admin.put('/api/v1/telephony/trunks/vnpt', {
    host: '127.0.0.1',
    enabled: false,
  });
  assert.equal(off.status, 200);
  assert.deepEqual(await dir.outbound(), []);
  assert.equal((await admin.delete('/api/v1/telephony/trunks/vnpt')).status, 204);
  assert.equal((await admin.delete('/api/v1/telephony/trunks/vnpt')).status, 404);
});

test('trunk input is validated: host, port, transport, allow-list entries', async () => {
  const admin = await t.login(await t.newUser('admin'));
  for (const bad of [
    { host: 'có dấu.vn' },
    { host: '127.0.0.1', port: 70000 },
    { host: '127.0.0.1', transport: 'tls' },
    { host: '127.0.0.1', allowFrom: ['10.0.0.0/33'] },
    { host: '127.0.0.1', allowFrom: ['carrier.example'] },
    { host: '127.0.0.1', fromUser: 'hotline' },
  ]) {
    const r = await admin.put('/api/v1/telephony/trunks/x', bad);
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(r.body.error.code, 'validation_failed');
  }
  const badName = await admin.put('/api/v1/telephony/trunks/a_b', { host: '127.0.0.1' });
  assert.equal(badName.status, 400);
});

test('without SECRETS_KEY a password is refused and nothing changes; other settings still save', async () => {
  const bare = await createTestApp({ env: { SECRETS_KEY: undefined } });
  try {
    const admin = await bare.login(await bare.newUser('admin'));
    const r = await admin.put('/api/v1/telephony/trunks/vnpt', {
      host: '127.0.0.1',
      username: 'hotline1022',
      password: SECRET,
    });
    assert.equal(r.status, 503);
    assert.equal(r.body.error.code, 'secrets_key_missing');
    assert.match(r.body.error.message, /SECRETS_KEY/);
    assert.equal(
      (await bare.db.selectFrom('sip_trunk').select('id').execute()).length,
      0,
      'no trunk written',
    );
    assert.equal(
      (
        await bare.db
          .selectFrom('audit_log')
          .select('seq')
          .where('entity_type', '=', 'sip_trunk')
          .execute()
      ).length,
      0,
    );
    const noPassword = await admin.put('/api/v1/telephony/trunks/vnpt', { host: '127.0.0.1' });
    assert.equal(noPassword.status, 200, 'a trunk without a password needs no key');
  } finally {
    await bare.close();
  }
});

test('passwords stored in plain text are sealed at start; a wrong or missing key is a clear error', async () => {
  const admin = await t.login(await t.newUser('admin'));
  await admin.put('/api/v1/telephony/trunks/legacy', { host: '127.0.0.1', username: 'u' });
  // As a version before sealing left it.
  await t.db
    .updateTable('sip_trunk')
    .set({ password: SECRET })
    .where('name', '=', 'legacy')
    .execute();
  const box = secretBoxFrom(TEST_SECRETS_KEY)!;
  const dir = new TrunkDirectory(t.db, t.tenantId, () => new Date(), null, 0);
  assert.equal((await dir.outbound())[0]?.credentials?.password, SECRET, 'plain text still read');

  assert.equal(await sealStoredPasswords(t.db, box), 1);
  assert.equal(await sealStoredPasswords(t.db, box), 0, 'once');
  const row = await t.db
    .selectFrom('sip_trunk')
    .select('password')
    .where('name', '=', 'legacy')
    .executeTakeFirstOrThrow();
  assert.ok(SecretBox.isSealed(row.password!));
  const keyed = new TrunkDirectory(t.db, t.tenantId, () => new Date(), box, 0);
  assert.equal((await keyed.outbound())[0]?.credentials?.password, SECRET);

  // A node without the key, or with another one, cannot dial and says why.
  for (const other of [null, new SecretBox('another-key-'.repeat(3))]) {
    const d = new TrunkDirectory(t.db, t.tenantId, () => new Date(), other, 0);
    await assert.rejects(d.outbound(), { code: 'trunk_secret_unreadable' });
  }
  // A sealed value copied onto another trunk does not open there.
  await admin.put('/api/v1/telephony/trunks/aaa', { host: '127.0.0.1', username: 'u' });
  await t.db
    .updateTable('sip_trunk')
    .set({ password: row.password })
    .where('name', '=', 'aaa')
    .execute();
  await assert.rejects(keyed.outbound(), { code: 'trunk_secret_unreadable' });
  await admin.delete('/api/v1/telephony/trunks/aaa');
  await admin.delete('/api/v1/telephony/trunks/legacy');
});
