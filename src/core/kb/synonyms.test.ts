import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './normalize.ts';
import { DEFAULT_SYNONYMS, SynonymIndex } from './synonyms.ts';

const tag = (text: string) => DEFAULT_SYNONYMS.tagDocument(tokenize(text)).join(' ');
const query = (text: string) => DEFAULT_SYNONYMS.querySpans(tokenize(text)).map((s) => s.tag);

test('documents: the tag stands before and after each group phrase', () => {
  assert.equal(tag('Đăng ký hộ kinh doanh tại xã'), 'dang ki zzhkd ho kinh doanh zzhkd tai xa');
  assert.equal(tag('Làm lại CMND'), 'lam lai zzcccd cmnd zzcccd');
});

test('abbreviations and their phrases meet: cmnd/cccd/căn cước, gpkd, hkd, bhyt, sổ đỏ', () => {
  assert.deepEqual(query('cmnd'), ['zzcccd']);
  assert.deepEqual(query('cccd'), ['zzcccd']);
  assert.deepEqual(query('căn cước công dân'), ['zzcccd']);
  assert.deepEqual(query('can cuoc'), ['zzcccd']);
  assert.deepEqual(query('gpkd'), ['zzgpkd']);
  assert.deepEqual(query('giấy phép kinh doanh'), ['zzgpkd']);
  assert.deepEqual(query('hkd'), ['zzhkd']);
  assert.deepEqual(query('hộ kinh doanh'), ['zzhkd']);
  assert.deepEqual(query('bhyt'), ['zzbhyt']);
  assert.deepEqual(query('bao hiem y te'), ['zzbhyt']);
  assert.deepEqual(query('sổ đỏ'), ['zzgcnqsdd']);
  assert.deepEqual(query('so do'), ['zzgcnqsdd']);
  assert.match(tag('Giấy chứng nhận quyền sử dụng đất'), /zzgcnqsdd/);
});

test('strict variants: sổ đỏ is not found inside "hồ sơ đo đạc"', () => {
  assert.doesNotMatch(tag('Hồ sơ đo đạc địa chính'), /zzgcnqsdd/);
  assert.match(tag('Cấp sổ đỏ lần đầu'), /zzgcnqsdd/);
  // A query typed with marks must agree with them; typed without, it matches.
  assert.deepEqual(query('sổ đo'), []);
  assert.deepEqual(query('sổ đỏ'), ['zzgcnqsdd']);
});

test('queries: longest phrase first, no overlaps', () => {
  const spans = DEFAULT_SYNONYMS.querySpans(tokenize('đổi cmnd hết bao nhiêu tiền'));
  assert.deepEqual(
    spans.map((s) => [s.tag, s.start, s.end]),
    [
      ['zzcccd', 1, 2],
      ['zzlephi', 2, 6],
    ],
  );
});

test('a phrase inside a longer one of the same group adds no second tag', () => {
  assert.equal(tag('lệ phí'), 'zzlephi le phi zzlephi');
});

test('phraseOf: what an abbreviation means in words', () => {
  assert.equal(DEFAULT_SYNONYMS.phraseOf('zzhkd'), 'ho kinh doanh');
  assert.equal(DEFAULT_SYNONYMS.phraseOf('zzgcnqsdd'), 'giay chung nhan quyen su dung dat');
});

test('invalid tags are refused', () => {
  assert.throws(() => new SynonymIndex([{ tag: 'cccd', variants: ['x'] }]), RangeError);
});
