import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, csvObjects, detectDelimiter, parseCsv, parseCsvRows, splitList } from './csv.ts';

test('quotes, doubled quotes, line breaks inside quotes, CRLF, BOM', () => {
  const text =
    '\uFEFFkind,title,steps\r\nfaq,"Hỏi ""gì"", ở đâu?","Bước 1\r\nBước 2"\r\nprocedure,Đăng ký,\r\n';
  const t = parseCsv(text);
  assert.deepEqual(t.header, ['kind', 'title', 'steps']);
  assert.deepEqual(t.records, [
    { line: 2, fields: ['faq', 'Hỏi "gì", ở đâu?', 'Bước 1\r\nBước 2'] },
    { line: 4, fields: ['procedure', 'Đăng ký', ''] },
  ]);
  assert.deepEqual(csvObjects(t)[0]!.values.kind, 'faq');
});

test('delimiter detection: Excel with Vietnamese settings writes semicolons', () => {
  assert.equal(detectDelimiter('kind;title;body\n'), ';');
  assert.equal(detectDelimiter('"a,b";c;d\n'), ';');
  assert.equal(detectDelimiter('a\tb\tc'), '\t');
  assert.equal(detectDelimiter('a,b'), ',');
  assert.deepEqual(parseCsv('a;b\n1;"x;y"\n').records[0]!.fields, ['1', 'x;y']);
});

test('errors name the line', () => {
  assert.throws(
    () => parseCsvRows('a,b\n1,"open\n2,3\n', ','),
    (e: unknown) => e instanceof CsvError && e.line === 2,
  );
  assert.throws(
    () => parseCsvRows('a,b\n1,x"y\n', ','),
    (e: unknown) => e instanceof CsvError && e.line === 2,
  );
  assert.throws(() => parseCsvRows('"a"b,c\n', ','), /after a closing quote/);
  assert.throws(
    () => parseCsv('a,b,c\n1,2,3,4\n'),
    (e: unknown) => e instanceof CsvError && e.line === 2,
  );
  assert.throws(() => parseCsv(''), CsvError);
});

test('blank lines are skipped; a missing trailing field is empty', () => {
  const t = parseCsv('a,b\n\n1\n2,3');
  assert.deepEqual(
    t.records.map((r) => r.fields),
    [
      ['1', ''],
      ['2', '3'],
    ],
  );
});

test('mixed line ends (CRLF, LF, CR) end rows alike; a CRLF inside quotes is one line', () => {
  const t = parseCsv('a,b\r\n1,"x\r\ny"\n3,4\r5,6\r\n7,"\n"');
  assert.deepEqual(
    t.records.map((r) => [r.line, ...r.fields]),
    [
      [2, '1', 'x\r\ny'],
      [4, '3', '4'],
      [5, '5', '6'],
      [6, '7', '\n'],
    ],
  );
});

test('a large import parses in well under a second', () => {
  const row = (i: number) =>
    `procedure,1.${i},"Thủ tục ${i}, ""mới""","Bước 1\nBước 2\n${'Nội dung '.repeat(60)}",SXD`;
  const rows = Array.from({ length: 5000 }, (_, i) => row(i));
  const text = `kind,code,title,body,agencyCode\r\n${rows.join('\r\n')}`;
  const t0 = performance.now();
  const t = parseCsv(text);
  const ms = performance.now() - t0;
  assert.equal(t.records.length, 5000);
  assert.equal(t.records[4999]!.line, 2 + 4999 * 3);
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
});

test('list cells: lines or bars', () => {
  assert.deepEqual(splitList('Bước 1\nBước 2 | Bước 3\n\n'), ['Bước 1', 'Bước 2', 'Bước 3']);
  assert.deepEqual(splitList('  '), []);
});
