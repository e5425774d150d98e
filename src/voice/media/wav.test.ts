import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WAV_HEADER_BYTES, WavWriter } from './wav.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wav-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a streamed A-law WAV holds exactly the bytes written, and sox reads it', async () => {
  const file = path.join(dir, 'a.wav');
  const w = new WavWriter(file, 'PCMA');
  const expected: number[] = [];
  let x = 7;
  // 5 s in odd-sized pieces (crosses the 32 KiB chunks), silence filled in the middle.
  for (let i = 0; i < 250; i++) {
    const n = 1 + (i % 3) * 100;
    const piece = Buffer.alloc(n);
    for (let k = 0; k < n; k++) piece[k] = x = (x * 73 + 11) & 0xff;
    w.write(piece);
    expected.push(...piece);
    if (i === 100) {
      w.fill(0xd5, 4000);
      for (let k = 0; k < 4000; k++) expected.push(0xd5);
    }
  }
  const info = await w.close();
  assert.equal(info.bytes, expected.length);
  assert.equal(statSync(file).size, WAV_HEADER_BYTES + expected.length);
  assert.deepEqual([...readFileSync(file).subarray(WAV_HEADER_BYTES)], expected);
  const soxInfo = execFileSync('sox', ['--i', file]).toString();
  assert.match(soxInfo, /Channels\s*: 1/);
  assert.match(soxInfo, /Sample Rate\s*: 8000/);
  assert.match(soxInfo, new RegExp(`= ${expected.length} samples`));
  assert.match(soxInfo, /A-law/);
  const raw = path.join(dir, 'a.al');
  execFileSync('sox', [file, '-t', 'raw', '-e', 'a-law', raw]);
  assert.deepEqual([...readFileSync(raw)], expected);
});

test('μ-law and empty recordings are valid files', async () => {
  const file = path.join(dir, 'u.wav');
  const w = new WavWriter(file, 'PCMU');
  const info = await w.close();
  assert.equal(info.bytes, 0);
  assert.match(execFileSync('sox', ['--i', file]).toString(), /u-law/);
});

test('a file that cannot be opened reports the error on close, writes are ignored', async () => {
  const w = new WavWriter(path.join(dir, 'no', 'such', 'dir.wav'), 'PCMU');
  w.write(Buffer.alloc(100));
  await assert.rejects(w.close(), /ENOENT/);
});
