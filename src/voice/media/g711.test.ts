/**
 * G.711 checked against sox (the reference the project's prompts and recordings go through):
 * every 16-bit sample encoded, every code decoded, every code transcoded, bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ALAW_SILENCE,
  ALAW_TO_ULAW,
  ULAW_SILENCE,
  ULAW_TO_ALAW,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  transcode,
} from './g711.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'g711-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** sox without dither (-D): dither would add noise before the 14/13-bit reduction. */
function sox(input: Buffer, from: string[], to: string[]): Buffer {
  const src = path.join(dir, 'in.raw');
  const dst = path.join(dir, 'out.raw');
  writeFileSync(src, input);
  execFileSync('sox', [
    '-D',
    '-t',
    'raw',
    '-r',
    '8000',
    '-c',
    '1',
    ...from,
    src,
    '-t',
    'raw',
    ...to,
    dst,
  ]);
  return readFileSync(dst);
}
const S16 = ['-e', 'signed-integer', '-b', '16', '-L'];
const UL = ['-e', 'mu-law', '-b', '8'];
const AL = ['-e', 'a-law', '-b', '8'];

const everySample = new Int16Array(65536);
for (let i = 0; i < 65536; i++) everySample[i] = i - 32768;
const everyCode = Uint8Array.from({ length: 256 }, (_, i) => i);
const asBytes = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('μ-law encoding of all 65536 samples equals sox', () => {
  const ours = encodeUlaw(everySample);
  const ref = sox(asBytes(everySample), S16, UL);
  assert.equal(ref.length, 65536);
  assert.ok(Buffer.from(ours).equals(ref));
});

test('A-law encoding of all 65536 samples equals sox', () => {
  const ours = encodeAlaw(everySample);
  const ref = sox(asBytes(everySample), S16, AL);
  assert.ok(Buffer.from(ours).equals(ref));
});

test('decoding every μ-law and A-law code equals sox', () => {
  const u = sox(Buffer.from(everyCode), UL, S16);
  const a = sox(Buffer.from(everyCode), AL, S16);
  assert.ok(asBytes(decodeUlaw(everyCode)).equals(u));
  assert.ok(asBytes(decodeAlaw(everyCode)).equals(a));
});

test('transcoding every code μ-law ↔ A-law equals sox', () => {
  assert.ok(
    Buffer.from(transcode(everyCode, ULAW_TO_ALAW)).equals(sox(Buffer.from(everyCode), UL, AL)),
  );
  assert.ok(
    Buffer.from(transcode(everyCode, ALAW_TO_ULAW)).equals(sox(Buffer.from(everyCode), AL, UL)),
  );
});

test('properties: silence codes, symmetry, decode∘encode is the identity on codes', () => {
  assert.equal(ULAW_SILENCE, 0xff);
  assert.equal(ALAW_SILENCE, 0xd5);
  const u = decodeUlaw(everyCode);
  const a = decodeAlaw(everyCode);
  // Every code except μ-law's negative zero (0x7f) survives decode → encode.
  const reU = encodeUlaw(u);
  const reA = encodeAlaw(a);
  for (let i = 0; i < 256; i++) {
    if (i !== 0x7f) assert.equal(reU[i], i, `μ-law ${i}`);
    assert.equal(reA[i], i, `A-law ${i}`);
  }
  assert.equal(u[0x00], -32124);
  assert.equal(u[0x80], 32124);
  assert.equal(a[0x55], -8);
  assert.equal(a[0xd5], 8);
  // In-place transcoding of a slice.
  const frame = Uint8Array.from([0xff, 0xff, 0x00, 0x80]);
  transcode(frame, ULAW_TO_ALAW, frame, 2, 4);
  assert.deepEqual([...frame], [0xff, 0xff, ULAW_TO_ALAW[0x00], ULAW_TO_ALAW[0x80]]);
});
