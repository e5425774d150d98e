import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTelex, decodeVni, editsOne, typoCandidates } from './typo.ts';

const vocab = new Map([
  ['sinh', 500],
  ['dang', 900],
  ['ki', 950],
  ['ket', 300],
  ['hon', 280],
  ['dung', 700],
  ['xay', 400],
  ['sin', 2],
]);
const df = (t: string) => vocab.get(t) ?? 0;

test('Telex typed with the input method off', () => {
  assert.equal(decodeTelex('ddawngs'), 'dang');
  assert.equal(decodeTelex('kys'), 'ky');
  assert.equal(decodeTelex('duwngj'), 'dung');
  assert.equal(decodeTelex('xaay'), 'xay');
  assert.equal(decodeTelex('nguwowfi'), 'nguoi');
});

test('VNI typed with the input method off', () => {
  assert.equal(decodeVni('d9a8ng'), 'dang');
  assert.equal(decodeVni('ky1'), 'ky');
  assert.equal(decodeVni('h12'), 'h');
  assert.equal(decodeVni('1022'), '1022');
});

test('one edit away: delete, insert, substitute, swap', () => {
  const e = editsOne('sihn');
  for (const w of ['sinh', 'sih', 'ihn', 'sihna', 'xihn']) assert.ok(e.has(w), w);
  assert.ok(!e.has('sihn'));
});

test('candidates: known words only, most frequent first, decoding first', () => {
  assert.deepEqual(typoCandidates('sihn', df), ['sinh', 'sin']);
  assert.deepEqual(typoCandidates('kys', df), ['ki']);
  assert.deepEqual(typoCandidates('ddawngs', df), ['dang']);
  assert.deepEqual(typoCandidates('hno', df), ['hon']);
  assert.deepEqual(typoCandidates('zzzzzz', df), []);
  // Short words are only decoded, not edited: too many readings.
  assert.deepEqual(typoCandidates('xa', df), []);
});
