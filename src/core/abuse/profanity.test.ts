import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTerms, findTerms, normalizeTerm, termProblem } from './profanity.ts';
import { DEFAULT_TERMS } from './words.ts';

const m = compileTerms(DEFAULT_TERMS);
const find = (s: string) => findTerms(s, m);

test('accent-insensitive for plain terms: any case, accents or none', () => {
  for (const s of ['địt', 'ĐỊT', 'dit', 'DIT', 'Đit', 'đít', 'Dịt'])
    assert.deepEqual(find(s), ['địt'], s);
  assert.deepEqual(find('Làm ăn VCL, đm bọn nó'), ['đm', 'vcl']);
  assert.deepEqual(find('Đ.C.M cán bộ'), ['đcm']);
  assert.deepEqual(find('v c l thật'), ['vcl']);
  assert.deepEqual(find('địtttttt'), ['địt'], 'letters repeated to dodge the filter');
});

test('shape and exact terms: any tone (shape) or the very tone (exact), accents required', () => {
  assert.deepEqual(find('đồ lồn'), ['lồn']);
  assert.deepEqual(find('LỔN'), ['lồn'], 'shape: another tone on the same vowel');
  assert.deepEqual(find('cặc'), ['cặc']);
  assert.deepEqual(find('Cặc'), ['cặc']);
  assert.deepEqual(find('cắc'), [], 'exact: another tone is another word');
  assert.deepEqual(find('thằng chó đó, khốn nạn, mất dạy'), ['thằng chó', 'khốn nạn', 'mất dạy']);
  assert.deepEqual(find('Tao sẽ giết mày'), ['giết mày']);
  // NFD input (combining marks) is the same text.
  assert.deepEqual(find('khô\u0301n na\u0323n'.normalize('NFD')), ['khốn nạn']);
});

test('innocent words are never flagged: homographs without accents and substrings', () => {
  const innocent = [
    'Các anh chị cho hỏi thủ tục đăng ký',
    'Ổ gà rất lớn trên đường, nhiều lon bia vứt bừa bãi',
    'Buổi sáng không có ai tiếp dân',
    'Tôi đi làm thì bị điểm trừ; đeo khẩu trang',
    'Đu đủ, du lịch, đu quay',
    'Credit card, edit, dither, model dm3',
    'Cac anh lam an lon qua, buoi sang di lam, diem thi',
    'Thoát nước kém, cống bị ngập, công an phường',
    'Con chó nhà hàng xóm cắn người; xe đâm chết người ở ngã tư',
    'Chó mà sủa cả đêm',
    'Khốn khó, nạn nhân, giáo viên nghỉ dạy, đồ nghề, súc vật, mẹ và bố',
    'Đường Mẹ Nhu, mẹ tôi, bố mẹ',
  ];
  for (const s of innocent) assert.deepEqual(find(s), [], s);
});

test('multi-word terms match only in sequence, across punctuation and line breaks', () => {
  assert.deepEqual(find('đồ\nchó!'), ['đồ chó']);
  assert.deepEqual(find('chó của đồ'), []);
});

test('the list is editable: terms are checked and compile with their level', () => {
  assert.equal(normalizeTerm('  Khốn   NẠN '), 'khốn nạn');
  assert.equal(termProblem('a'), 'length');
  assert.equal(termProblem('một hai ba bốn năm'), 'words');
  assert.equal(termProblem('x<y'), 'characters');
  assert.equal(termProblem('khốn nạn'), undefined);
  const custom = compileTerms([{ term: 'tham nhũng', level: 'plain' }]);
  assert.deepEqual(findTerms('bọn tham nhung', custom), ['tham nhũng']);
  assert.deepEqual(findTerms('Tham Nhũng', custom), ['tham nhũng']);
  for (const t of DEFAULT_TERMS) assert.equal(termProblem(t.term), undefined, t.term);
});
