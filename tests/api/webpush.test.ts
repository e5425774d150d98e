/**
 * Web Push for the agency app (R-CH-8) through the API, against a local HTTP server acting as
 * the push service: it checks the VAPID signature (RFC 8292) against its own origin and the
 * key the browser subscribed with, and decrypts the message (RFC 8291) with the browser's
 * private key. A forward reaches the focal point's browser; a subscription the push service
 * no longer knows is forgotten.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createECDH, randomBytes } from 'node:crypto';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.ts';
import { WebPushAdapter } from '../../src/channels/webpush/webpush.adapter.ts';
import { decrypt, verifyVapid } from '../../src/channels/webpush/testing.ts';

const t = await createTestApp();

interface Got {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
const got: Got[] = [];
let answer = 201;
const service = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
    res.statusCode = answer;
    res.end();
  });
});
await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
after(async () => {
  await new Promise<void>((r) => service.close(() => r()));
  await t.close();
});

/** A browser: its P-256 key pair and auth secret, as PushManager.subscribe() makes them. */
function browser(path: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: {
      endpoint: `${origin}${path}`,
      keys: {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: auth.toString('base64url'),
      },
    },
  };
}

const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
let fp: Client;
let op: Client;
before(async () => {
  [fp, op] = await Promise.all([
    t.login(await t.newUser('focal_point', agency)),
    t.login(await t.newUser('operator')),
  ]);
});

test('a forward reaches the focal point’s browser, encrypted and signed', async () => {
  const key = await fp.get('/api/v1/push/key');
  assert.equal(key.status, 200);
  assert.equal((await op.get('/api/v1/push/key')).body.publicKey, key.body.publicKey, 'one key');
  const b = browser('/push/fp-phone');
  const s = await fp.post('/api/v1/push/subscriptions', b.json);
  assert.equal(s.status, 201, JSON.stringify(s.body));

  const tk = await op.post('/api/v1/tickets', ticketBody({ subject: 'Đèn đường hỏng' }));
  const fw = await op.post(`/api/v1/tickets/${tk.body.id}/actions/forward`, {
    agencyId: agency.id,
  });
  assert.equal(fw.status, 200);
  const r = await dispatchOutbox(t.ctx, [new WebPushAdapter(t.ctx, t.services.push)]);
  assert.deepEqual(r, { sent: 1, failed: 0 });
  assert.equal(got.length, 1);
  const m = got[0]!;
  assert.equal(m.path, '/push/fp-phone');
  assert.equal(m.headers['content-encoding'], 'aes128gcm');
  assert.equal(m.headers.ttl, '86400');
  const claims = verifyVapid(String(m.headers.authorization), origin, t.clock.now());
  assert.equal(claims.k, key.body.publicKey, 'signed with the key the browser subscribed with');
  const payload = JSON.parse(decrypt(m.body, b.ecdh.getPrivateKey(), b.auth).toString('utf8'));
  assert.equal(payload.title, `Phiếu mới ${tk.body.code} chuyển đến đơn vị`);
  assert.match(payload.body, /Đèn đường hỏng/);
  assert.equal(payload.url, `/tickets/${tk.body.id}`);
});

test('a subscription the push service no longer knows is forgotten; unsubscribing works', async () => {
  const b = browser('/push/gone');
  await fp.post('/api/v1/push/subscriptions', b.json);
  answer = 410;
  const tk = await op.post('/api/v1/tickets', ticketBody());
  await op.post(`/api/v1/tickets/${tk.body.id}/actions/forward`, { agencyId: agency.id });
  const before = got.length;
  const r = await dispatchOutbox(t.ctx, [new WebPushAdapter(t.ctx, t.services.push)]);
  assert.equal(r.failed, 0);
  const paths = got
    .slice(before)
    .map((g) => g.path)
    .sort();
  assert.deepEqual(paths, ['/push/fp-phone', '/push/gone']);
  assert.equal(
    (await t.db.selectFrom('push_subscription').select('endpoint').execute()).length,
    0,
    'both answered 410',
  );
  answer = 201;
  const again = browser('/push/again');
  await fp.post('/api/v1/push/subscriptions', again.json);
  const rm = await fp.post('/api/v1/push/subscriptions/remove', { endpoint: again.json.endpoint });
  assert.deepEqual(rm.body, { removed: true });
});

test('a malformed subscription is refused and stored nowhere', async () => {
  const b = browser('/push/bad');
  for (const body of [
    { ...b.json, keys: { ...b.json.keys, auth: 'abc' } },
    { ...b.json, keys: { ...b.json.keys, p256dh: b.json.keys.auth } },
    { ...b.json, endpoint: 'ftp://push.example/x' },
  ]) {
    const r = await fp.post('/api/v1/push/subscriptions', body);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'validation_failed');
  }
  assert.equal((await t.anonymous().get('/api/v1/push/key')).status, 401);
});
