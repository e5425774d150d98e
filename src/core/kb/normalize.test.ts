import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accentKey,
  canonicalIY,
  foldWord,
  hasDiacritics,
  looksLikeCode,
  normalizeCode,
  normalizeForSearch,
  tokenize,
} from './normalize.ts';

test('folding: marks, tones, đ, case', () => {
  assert.equal(
    normalizeForSearch('Thủ tục ĐĂNG KÝ hộ kinh doanh'),
    'thu tuc dang ki ho kinh doanh',
  );
  assert.equal(
    normalizeForSearch('thu tuc dang ky ho kinh doanh'),
    'thu tuc dang ki ho kinh doanh',
  );
  assert.equal(foldWord('Đường'), 'duong');
  assert.equal(foldWord('ĐỒNG'), 'dong');
});

test('tone placement does not matter: hoà = hòa, thuỷ = thủy, uỷ = ủy', () => {
  assert.equal(normalizeForSearch('hoà'), normalizeForSearch('hòa'));
  assert.equal(normalizeForSearch('Thuỷ lợi'), normalizeForSearch('thủy lợi'));
  assert.equal(normalizeForSearch('Uỷ ban'), normalizeForSearch('Ủy ban'));
  assert.equal(accentKey('hoà'), accentKey('hòa'));
  assert.equal(accentKey('hoà'), 'hoa2');
  assert.equal(accentKey('Sổ'), 'sô3');
  assert.notEqual(accentKey('sổ'), accentKey('số'));
});

test('decomposed (NFD) input folds like composed input', () => {
  const nfd = 'Đăng ký khai sinh'.normalize('NFD');
  assert.equal(normalizeForSearch(nfd), 'dang ki khai sinh');
  assert.deepEqual(
    tokenize(nfd).map((t) => nfd.slice(t.start, t.end)),
    nfd.split(' '),
  );
});

test('i/y alternation after a consonant onset only', () => {
  for (const [a, b] of <[string, string][]>[
    ['ký', 'kí'],
    ['lý', 'lí'],
    ['quy', 'qui'],
    ['mỹ', 'mĩ'],
    ['công ty', 'công ti'],
    ['tỷ', 'tỉ'],
  ])
    assert.equal(normalizeForSearch(a), normalizeForSearch(b), `${a} = ${b}`);
  assert.equal(canonicalIY('ky'), 'ki');
  for (const unchanged of ['uy', 'thuy', 'tuy', 'ay', 'may', 'yeu', 'y', 'quynh'])
    assert.equal(canonicalIY(unchanged), unchanged);
  assert.equal(normalizeForSearch('ý kiến'), 'y kien');
  assert.equal(normalizeForSearch('Thủy'), 'thuy');
});

test('tokenize: words with offsets into the original, punctuation splits', () => {
  const text = 'Hộ-kinh doanh, (CCCD)!';
  const tokens = tokenize(text);
  assert.deepEqual(
    tokens.map((t) => [t.norm, text.slice(t.start, t.end)]),
    [
      ['ho', 'Hộ'],
      ['kinh', 'kinh'],
      ['doanh', 'doanh'],
      ['cccd', 'CCCD'],
    ],
  );
  assert.deepEqual(
    tokenize('1.001612 H12').map((t) => t.norm),
    ['1', '001612', 'h12'],
  );
  assert.deepEqual(tokenize('中文 ok'), [{ text: 'ok', start: 3, end: 5, norm: 'ok' }]);
});

test('diacritics detection', () => {
  assert.equal(hasDiacritics('đo'), true);
  assert.equal(hasDiacritics('sổ'), true);
  assert.equal(hasDiacritics('so'), false);
});

test('codes', () => {
  assert.equal(looksLikeCode('1.001612'), true);
  assert.equal(looksLikeCode('2.000986.000.00.00.H12'), true);
  assert.equal(looksLikeCode('HD-TP-005'), true);
  assert.equal(looksLikeCode('001612'), true);
  assert.equal(looksLikeCode('dang ky'), false);
  assert.equal(looksLikeCode('cccd'), false);
  assert.equal(looksLikeCode('1022'), false);
  assert.equal(normalizeCode(' 1.001612.000.00.00.H12 '), '1.001612.000.00.00.h12');
});
