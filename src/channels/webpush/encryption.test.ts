import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { decrypt, encrypt, MAX_PLAINTEXT } from './encryption.ts';
import { generateVapidKeys, vapidAuthorization, verifyVapid } from './vapid.ts';

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

test('RFC 8291 Appendix A: the same inputs give the RFC’s message, byte for byte', () => {
  const sender = createECDH('prime256v1');
  sender.setPrivateKey(b(A.asPrivate));
  assert.equal(sender.getPublicKey().toString('base64url'), A.asPublic);
  const out = encrypt(
    b(A.plaintext),
    { p256dh: A.uaPublic, auth: A.auth },
    {
      salt: b(A.salt),
      senderKeys: sender,
    },
  );
  assert.equal(out.toString('base64url'), A.message);
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
  assert.equal(decrypt(m1, ua.getPrivateKey(), b(A.auth)).toString(), text);
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
