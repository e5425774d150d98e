import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { escapeXml, toXml } from './xml.ts';

const parse = (xml: string) =>
  new XMLParser({
    parseTagValue: false,
    trimValues: false,
    // Numeric character references (&#13;) are decoded like any XML parser does.
    htmlEntities: true,
    isArray: (n) => n === 'error',
  }).parse(xml);

test('the spec’s error example, element for element', () => {
  assert.equal(
    toXml('errors', [{ code: 403, description: "Invalid api_key received -- can't proceed." }]),
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<errors>',
      '  <error>',
      '    <code>403</code>',
      '    <description>Invalid api_key received -- can&apos;t proceed.</description>',
      '  </error>',
      '</errors>',
      '',
    ].join('\n'),
  );
});

test('escaping: markup, quotes and ampersands; CR kept as a reference', () => {
  assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  assert.equal(escapeXml('a\r\nb'), 'a&#13;\nb');
  assert.equal(escapeXml('ổ gà Đồng Tháp'), 'ổ gà Đồng Tháp');
});

test('characters XML cannot carry become U+FFFD instead of breaking the document', () => {
  assert.equal(escapeXml('a\u0001b\u001fc\uffffd'), 'a\uFFFDb\uFFFDc\uFFFDd');
  assert.equal(escapeXml('x\uD800y'), 'x\uFFFDy', 'lone high surrogate');
  assert.equal(escapeXml('x\uDC00y'), 'x\uFFFDy', 'lone low surrogate');
  assert.equal(escapeXml('😀\t\n'), '😀\t\n', 'pairs, tab and newline stay');
});

test('round trip through a real parser: Vietnamese (NFC and NFD), markup, CDATA terminators', () => {
  const text = 'Nghệ An / Nghe\u0302\u0323 An <script>alert("x")</script> ]]> &amp; a\r\nb';
  const doc = parse(toXml('errors', [{ code: 400, description: text }]));
  assert.equal(doc.errors.error[0].description, text);
});

test('arrays follow the Spark convention; null and empty become empty elements', () => {
  const xml = toXml('discovery', {
    changeset: '2026-03-02T08:00:00+07:00',
    contact: null,
    endpoints: [{ formats: ['text/xml', 'application/json'] }],
  });
  assert.match(xml, /<contact\/>/);
  assert.match(
    xml,
    /<formats>\n {8}<format>text\/xml<\/format>\n {8}<format>application\/json<\/format>\n {6}<\/formats>/,
  );
  assert.match(toXml('services', []), /<services\/>\n$/);
  assert.match(
    toXml('x', { a: true, b: 1.5, c: undefined }),
    /<a>true<\/a>\n {2}<b>1\.5<\/b>\n<\/x>/,
  );
});

test('programming errors are refused, not written: unknown arrays, bad names, NaN', () => {
  assert.throws(() => toXml('x', { things: [1] }), /no item name/);
  assert.throws(() => toXml('x', { 'a b': 1 }), /invalid element name/);
  assert.throws(() => toXml('x', { a: Number.NaN }), /non-finite/);
});
