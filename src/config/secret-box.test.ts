import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretBox, SecretUnreadableError, secretBoxFrom } from './secret-box.ts';

const KEY = 'k'.repeat(32);
const box = new SecretBox(KEY);

test('a sealed value opens with the same key and context, in any script', () => {
  for (const plain of ['', 'mật-khẩu nhà mạng ✓', 'x'.repeat(500)]) {
    const stored = box.seal(plain, 'sip_trunk:t:vnpt');
    assert.ok(SecretBox.isSealed(stored));
    assert.ok(!stored.includes(plain) || plain === '');
    assert.equal(box.open(stored, 'sip_trunk:t:vnpt'), plain);
  }
});

test('sealing twice gives two different values (a fresh IV each time)', () => {
  assert.notEqual(box.seal('same', 'c'), box.seal('same', 'c'));
});

test('another key, another context or any altered byte does not open', () => {
  const stored = box.seal('secret', 'sip_trunk:t:vnpt');
  assert.throws(
    () => new SecretBox('z'.repeat(32)).open(stored, 'sip_trunk:t:vnpt'),
    SecretUnreadableError,
  );
  assert.throws(() => box.open(stored, 'sip_trunk:t:viettel'), SecretUnreadableError);
  const raw = Buffer.from(stored.slice('enc:v1:'.length), 'base64url');
  for (const i of [0, 12, raw.length - 1]) {
    const bad = Buffer.from(raw);
    bad[i]! ^= 1;
    assert.throws(
      () => box.open('enc:v1:' + bad.toString('base64url'), 'sip_trunk:t:vnpt'),
      SecretUnreadableError,
      `byte ${i}`,
    );
  }
  assert.throws(() => box.open('enc:v1:AAAA', 'c'), SecretUnreadableError);
  assert.throws(() => box.open('plain text', 'c'), SecretUnreadableError);
});

test('a key shorter than 32 characters is refused; an unset one gives no box', () => {
  assert.throws(() => new SecretBox('short'), /at least 32/);
  assert.equal(secretBoxFrom(undefined), null);
  assert.equal(secretBoxFrom(''), null);
  assert.ok(secretBoxFrom(KEY) instanceof SecretBox);
});
