import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  challengeToken,
  leadingZeroBits,
  parseChallenge,
  solveChallenge,
  solves,
} from './challenge.ts';
import { sha256, toHex } from './sha256.ts';

test('sha256 agrees with OpenSSL on the FIPS vectors and on random inputs of every length', () => {
  assert.equal(
    toHex(sha256('abc')),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  assert.equal(
    toHex(sha256('')),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(
    toHex(sha256('Tổng đài 1022')),
    createHash('sha256').update('Tổng đài 1022').digest('hex'),
  );
  for (let n = 0; n < 200; n++) {
    const b = randomBytes(n);
    assert.equal(toHex(sha256(b)), createHash('sha256').update(b).digest('hex'), `length ${n}`);
  }
});

test('leading zero bits', () => {
  const d = (...bytes: number[]) => Uint8Array.from(bytes);
  assert.equal(leadingZeroBits(d(0, 0, 0xff), 16), true);
  assert.equal(leadingZeroBits(d(0, 1, 0xff), 16), false);
  assert.equal(leadingZeroBits(d(0, 0x1f), 11), true);
  assert.equal(leadingZeroBits(d(0, 0x1f), 12), false);
  assert.equal(leadingZeroBits(d(0x7f), 1), true);
  assert.equal(leadingZeroBits(d(0x80), 1), false);
  assert.equal(leadingZeroBits(d(0, 0), 16), true);
  assert.equal(leadingZeroBits(d(0), 9), false);
});

const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const sig = 'c2lnbmF0dXJlLW9mLWEtdGVzdA';

test('tokens: parsed back exactly, anything malformed refused', () => {
  const token = challengeToken({ id, bits: 12, expiresAt: 1_772_000_000_000 }, sig);
  assert.deepEqual(parseChallenge(token)?.claims, { id, bits: 12, expiresAt: 1_772_000_000_000 });
  assert.equal(parseChallenge(token)?.payload, `v1.${id}.12.1772000000000`);
  for (const bad of [
    '',
    'v2.' + token.slice(3),
    token.replace(id, 'not-a-uuid'),
    token.replace('.12.', '.0.'),
    token.replace('.12.', '.31.'),
    token.replace('.12.', '.x.'),
    token + '.extra',
    token.replace(sig, 'short'),
    token.replace(sig, sig + '!'),
    'x'.repeat(400),
  ]) {
    assert.equal(parseChallenge(bad), undefined, bad);
  }
});

test('solving and checking agree; a wrong solution fails', () => {
  const token = challengeToken({ id, bits: 10, expiresAt: 1 }, sig);
  const s = solveChallenge(token, 10)!;
  assert.ok(s);
  assert.equal(solves(token, s, 10), true);
  assert.ok(
    leadingZeroBits(createHash('sha256').update(`${token}:${s}`).digest(), 10),
    'the same rule as OpenSSL’s hash',
  );
  // A solution for one token is (almost surely) none for another.
  const other = challengeToken({ id, bits: 10, expiresAt: 2 }, sig);
  const wrong = [...Array(50).keys()].map(String).filter((x) => !solves(other, x, 10));
  assert.ok(wrong.length > 40);
  assert.equal(solves(token, '', 10), false);
  assert.equal(solves(token, 'x'.repeat(65), 1), false);
  assert.equal(solves(token, 'có dấu', 1), false);
  assert.equal(solveChallenge(token, 30, 10), undefined, 'gives up');
});
