import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../i18n/catalog.ts';
import {
  type AnswerSource,
  articleAnswer,
  choiceOf,
  freshness,
  moveTo,
  QUERY_MAX,
  searchText,
  segments,
} from './kb-panel.ts';

test('the search text joins what was typed, collapses spaces and cuts at a word', () => {
  assert.equal(searchText('  Làm lại ', '\n căn  cước\t'), 'Làm lại căn cước');
  assert.equal(searchText(null, undefined, ''), '');
  assert.equal(searchText('a'), '', 'one letter would list half the base');
  assert.equal(searchText('cc'), 'cc');
  const long = 'giấy phép xây dựng '.repeat(30);
  const q = searchText(long);
  assert.ok(q.length <= QUERY_MAX, `${q.length}`);
  assert.ok(long.startsWith(q));
  assert.ok(/\S$/.test(q) && long[q.length] === ' ', 'cut between words');
  const word = 'x'.repeat(500);
  assert.equal(searchText(word).length, QUERY_MAX, 'one huge word is cut anyway');
});

test('highlight ranges become marked segments, whatever their order or overlap', () => {
  assert.deepEqual(segments('căn cước công dân', [[4, 8]]), [
    { text: 'căn ', mark: false },
    { text: 'cước', mark: true },
    { text: ' công dân', mark: false },
  ]);
  assert.deepEqual(
    segments('abcdef', [
      [3, 5],
      [0, 2],
      [1, 3],
    ]),
    [
      { text: 'abcde', mark: true },
      { text: 'f', mark: false },
    ],
    'touching and overlapping ranges merge',
  );
  assert.deepEqual(
    segments('abc', [
      [-5, 1],
      [2, 99],
      [2, 2],
    ]),
    [
      { text: 'a', mark: true },
      { text: 'b', mark: false },
      { text: 'c', mark: true },
    ],
  );
  assert.deepEqual(segments('abc', []), [{ text: 'abc', mark: false }]);
  assert.deepEqual(segments('', [[0, 3]]), []);
  // Whatever the ranges, the pieces put back together are the text.
  const text = 'Đăng ký khai sinh cho con';
  const parts = segments(text, [
    [5, 12],
    [0, 4],
    [20, 40],
  ]);
  assert.equal(parts.map((p) => p.text).join(''), text);
});

test('arrow keys walk the suggestions; up from the first goes back to the search box', () => {
  assert.equal(moveTo(-1, 'ArrowDown', 3), 0);
  assert.equal(moveTo(0, 'ArrowDown', 3), 1);
  assert.equal(moveTo(2, 'ArrowDown', 3), 2, 'stays on the last');
  assert.equal(moveTo(1, 'ArrowUp', 3), 0);
  assert.equal(moveTo(0, 'ArrowUp', 3), -1);
  assert.equal(moveTo(-1, 'ArrowUp', 3), -1);
  assert.equal(moveTo(1, 'Home', 3), 0);
  assert.equal(moveTo(0, 'End', 3), 2);
  assert.equal(moveTo(-1, 'Home', 3), null, 'Home in the search box moves the caret');
  assert.equal(moveTo(0, 'Enter', 3), null, 'Enter belongs to the button');
  assert.equal(moveTo(-1, 'ArrowDown', 0), null, 'nothing to walk');
});

test('an article past its review date or expired is flagged', () => {
  assert.equal(freshness({ needsReview: false, expired: false }), 'current');
  assert.equal(freshness({ needsReview: true, expired: false }), 'review');
  assert.equal(freshness({ needsReview: true, expired: true }), 'expired');
});

const faq: AnswerSource = {
  id: '5f0c1c9e-0000-4000-8000-000000000001',
  kind: 'faq',
  code: 'HD-CA-001',
  title: 'Bị mất CMND thì làm lại như thế nào?',
  summary: 'Làm thủ tục cấp thẻ căn cước tại Công an cấp xã.',
  body: 'Lệ phí 70.000 đồng; thời hạn 07 ngày làm việc.',
  procedure: null,
  sourceUrl: null,
  version: 3,
  reviewDue: '2026-01-01',
  needsReview: true,
  expired: false,
};
const vi = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
  translate('vi', k, p);
const en = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
  translate('en', k, p);

test('the answer from an FAQ is its summary and body, then the citation with code and version', () => {
  assert.equal(
    articleAnswer(faq, vi),
    'Làm thủ tục cấp thẻ căn cước tại Công an cấp xã.\n\n' +
      'Lệ phí 70.000 đồng; thời hạn 07 ngày làm việc.\n\n' +
      'Nguồn: Bị mất CMND thì làm lại như thế nào? (mã HD-CA-001) — Cơ sở dữ liệu tri thức của Tổng đài 1022, phiên bản 3.',
  );
  const repeat = {
    ...faq,
    body: `${faq.summary} Thêm chi tiết.`,
    code: null,
    sourceUrl: 'https://dichvucong.gov.vn/p/1',
  };
  const text = articleAnswer(repeat, en);
  assert.ok(
    !text.startsWith(`${faq.summary}\n\n${faq.summary}`),
    'a body repeating the summary replaces it',
  );
  assert.ok(text.startsWith(`${faq.summary} Thêm chi tiết.`));
  assert.ok(
    text.endsWith(
      'Source: Bị mất CMND thì làm lại như thế nào? — 1022 hotline knowledge base, version 3.\nhttps://dichvucong.gov.vn/p/1',
    ),
    text,
  );
});

test('a procedure answers with its structured fields, in the citizen’s language', () => {
  const proc: AnswerSource = {
    ...faq,
    kind: 'procedure',
    code: '1.001193',
    title: 'Đăng ký khai sinh',
    summary: '',
    body: '',
    procedure: {
      level: 'commune',
      implementingAgency: 'UBND cấp xã',
      steps: ['Nộp tờ khai', 'Nhận giấy khai sinh'],
      dossier: ['Tờ khai', 'Giấy chứng sinh'],
      processingTime: 'Trong ngày',
      fees: 'Miễn lệ phí',
      legalBasis: ['Luật Hộ tịch 2014'],
    },
  };
  const text = articleAnswer(proc, vi);
  assert.ok(
    text.startsWith(
      'Cơ quan thực hiện: UBND cấp xã\nTrình tự thực hiện:\n- Nộp tờ khai\n- Nhận giấy khai sinh\n' +
        'Thành phần hồ sơ:\n- Tờ khai\n- Giấy chứng sinh\nThời hạn giải quyết: Trong ngày\n' +
        'Phí, lệ phí: Miễn lệ phí\nCăn cứ pháp lý: Luật Hộ tịch 2014\n\nNguồn: Đăng ký khai sinh (mã 1.001193)',
    ),
    text,
  );
  assert.match(articleAnswer(proc, en), /^Implementing agency: UBND cấp xã\nSteps:/);
  const empty = {
    ...proc,
    procedure: {
      ...proc.procedure!,
      implementingAgency: '',
      steps: [],
      dossier: [],
      processingTime: '',
      fees: '',
      legalBasis: [],
    },
  };
  assert.match(articleAnswer(empty, vi), /^Nguồn: /, 'no empty headings');
});

test('the choice sent with the answer names the article, its version and its freshness', () => {
  assert.deepEqual(choiceOf(faq), {
    id: faq.id,
    version: 3,
    title: faq.title,
    code: 'HD-CA-001',
    freshness: 'review',
  });
});
