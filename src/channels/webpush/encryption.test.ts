import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import crypto, { createECDH } from 'node:crypto';
import { encrypt, MAX_PLAINTEXT } from './encryption.ts';
import { generateVapidKeys, vapidAuthorization, VapidSigner } from './vapid.ts';
import { decrypt, verifyVapid } from './testing.ts';

// RFC 8291, Appendix A.
const A = {
  plaintext: 'V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  asPublic:
    'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic:
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  message:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};
const b = (s: string) => Buffer.from(s, 'base64url');

test('RFC 8291 Appendix A: the library, given the RFC’s salt and sender key, writes the RFC’s message byte for byte', () => {
  // The salt and the sender's key pair are the only random inputs: fix them to the RFC's.
  const real = crypto.randomBytes.bind(crypto);
  // Only the library's synchronous 16-byte salt; anything else (the runner's own) stays random.
  const randomBytes = mock.method(crypto, 'randomBytes', ((size: number, cb?: unknown) =>
    size === 16 && cb === undefined ? b(A.salt) : real(size, cb as never)) as typeof real);
  const ecdh = mock.method(crypto, 'createECDH', () => {
    const sender = createECDH('prime256v1');
    sender.setPrivateKey(b(A.asPrivate));
    sender.generateKeys = (() => sender.getPublicKey()) as typeof sender.generateKeys;
    return sender;
  });
  try {
    const out = encrypt(b(A.plaintext), { p256dh: A.uaPublic, auth: A.auth });
    assert.equal(ecdh.mock.callCount(), 1, 'one sender key per message');
    assert.equal(out.toString('base64url'), A.message);
  } finally {
    randomBytes.mock.restore();
    ecdh.mock.restore();
  }
});

test('RFC 8291 Appendix A: the browser’s side reads the RFC’s message', () => {
  assert.equal(
    decrypt(b(A.message), b(A.uaPrivate), b(A.auth)).toString(),
    'When I grow up, I want to be a watermelon',
  );
  const tampered = b(A.message);
  tampered[tampered.length - 20]! ^= 1;
  assert.throws(() => decrypt(tampered, b(A.uaPrivate), b(A.auth)));
});

test('every message has a fresh salt and sender key; Vietnamese text round-trips', () => {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const keys = {
    p256dh: ua.getPublicKey().toString('base64url'),
    auth: b(A.auth).toString('base64url'),
  };
  const text = JSON.stringify({ title: 'Phiếu mới PA-2026-000001', body: 'Hạn xử lý: 16:00' });
  const m1 = encrypt(text, keys);
  const m2 = encrypt(text, keys);
  assert.notDeepEqual(m1.subarray(0, 16), m2.subarray(0, 16));
  assert.notDeepEqual(m1.subarray(21, 86), m2.subarray(21, 86));
  assert.equal(m1.readUInt32BE(16), 4096, 'record size');
  assert.equal(decrypt(m1, ua.getPrivateKey(), b(A.auth)).toString(), text);
  assert.equal(
    decrypt(encrypt(Buffer.alloc(MAX_PLAINTEXT, 'a'), keys), ua.getPrivateKey(), b(A.auth)).length,
    MAX_PLAINTEXT,
    'the largest payload is one record',
  );
  assert.throws(() => encrypt(Buffer.alloc(MAX_PLAINTEXT + 1), keys), RangeError);
  assert.throws(() => encrypt('x', { p256dh: A.auth, auth: A.auth }), /p256dh/);
});

test('VAPID: an ES256 JWT for the push service’s origin, checked with the key it names', () => {
  const keys = generateVapidKeys();
  const now = new Date('2026-03-02T01:00:00Z');
  const h = vapidAuthorization(
    'https://push.example.net/send/abc?x=1',
    keys,
    'mailto:1022@example.vn',
    now,
  );
  const claims = verifyVapid(h, 'https://push.example.net', now);
  assert.equal(claims.sub, 'mailto:1022@example.vn');
  assert.equal(claims.k, keys.publicKey);
  assert.equal(claims.exp, now.getTime() / 1000 + 12 * 3600);
  assert.throws(() => verifyVapid(h, 'https://other.example.net', now), /audience/);
  assert.throws(
    () => verifyVapid(h, 'https://push.example.net', new Date('2026-03-03T01:00:00Z')),
    /expiry/,
  );
  const other = generateVapidKeys();
  const forged = h.replace(`k=${keys.publicKey}`, `k=${other.publicKey}`);
  assert.throws(() => verifyVapid(forged, 'https://push.example.net', now), /signature/);
});

test('VAPID: a stored private key that lost its leading zero byte still signs', () => {
  // node:crypto alone (how pairs were generated before) returns 31 bytes about 1 time in 270.
  let e: ReturnType<typeof createECDH>;
  do {
    e = createECDH('prime256v1');
    e.generateKeys();
  } while (e.getPrivateKey().length === 32);
  const keys = {
    publicKey: e.getPublicKey().toString('base64url'),
    privateKey: e.getPrivateKey().toString('base64url'),
  };
  const now = new Date('2026-03-02T01:00:00Z');
  const h = vapidAuthorization('https://push.example.net/x', keys, 'mailto:a@b.vn', now);
  assert.equal(verifyVapid(h, 'https://push.example.net', now).k, keys.publicKey);
});

test('VAPID: one signature per push service serves for an hour, then a fresh one', () => {
  const keys = generateVapidKeys();
  const signer = new VapidSigner('mailto:1022@example.vn');
  const t0 = new Date('2026-03-02T01:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  const first = signer.authorization('https://push.example.net/a', keys, t0);
  assert.equal(signer.authorization('https://push.example.net/b', keys, at(59)), first);
  assert.notEqual(signer.authorization('https://other.example.net/a', keys, at(1)), first);
  const later = signer.authorization('https://push.example.net/a', keys, at(61));
  assert.notEqual(later, first);
  assert.equal(
    verifyVapid(later, 'https://push.example.net', at(61)).exp,
    at(61).getTime() / 1000 + 12 * 3600,
  );
  // A clock set back re-signs rather than send a token valid too long.
  const back = signer.authorization('https://push.example.net/a', keys, at(-24 * 60));
  assert.ok(verifyVapid(back, 'https://push.example.net', at(-24 * 60)));
});
