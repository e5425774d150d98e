import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSnippet, highlightAll, leadSnippet } from './highlight.ts';

const marked = (text: string, ranges: [number, number][]) =>
  ranges.map(([s, e]) => text.slice(s, e));

test('titles: matched words as written, neighbours merged', () => {
  const title = 'Đăng ký thành lập hộ kinh doanh';
  const r = highlightAll(title, { words: ['dang', 'ki'], prefixes: [], tags: ['zzhkd'] });
  assert.deepEqual(marked(title, r), ['Đăng ký', 'hộ kinh doanh']);
});

test('prefixes and tone placement: the original text is marked', () => {
  const title = 'Hoà giải ở cơ sở';
  assert.deepEqual(
    marked(title, highlightAll(title, { words: ['hoa'], prefixes: ['gi'], tags: [] })),
    ['Hoà giải'],
  );
});

test('snippets: the passage with the most distinct terms, cut at words, ranges into it', () => {
  const body = `${'Nội dung không liên quan. '.repeat(20)}Người dân đăng ký khai sinh cho con tại Ủy ban nhân dân cấp xã. ${'Văn bản khác. '.repeat(30)}`;
  const s = bestSnippet(body, { words: ['khai', 'sinh'], prefixes: [], tags: ['zzubnd'] }, 120)!;
  assert.ok(s.text.length <= 126, s.text);
  assert.ok(s.text.startsWith('… Người dân'), s.text);
  assert.ok(s.text.endsWith('…'));
  assert.deepEqual(marked(s.text, s.highlights), ['khai sinh', 'Ủy ban nhân dân']);
});

test('snippets: none when nothing matches; the opening as a fallback', () => {
  assert.equal(bestSnippet('Không có gì', { words: ['xyz'], prefixes: [], tags: [] }), null);
  const lead = leadSnippet('một hai ba bốn năm sáu bảy tám chín mười', 20);
  assert.equal(lead.text, 'một hai ba bốn năm …');
  assert.deepEqual(lead.highlights, []);
});

test('markup in articles is text: ranges, never HTML', () => {
  const text = '<script>alert("khai sinh")</script>';
  const s = bestSnippet(text, { words: ['khai'], prefixes: [], tags: [] })!;
  assert.equal(s.text, text);
  assert.deepEqual(marked(s.text, s.highlights), ['khai']);
});
