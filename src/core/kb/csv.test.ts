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

test('list cells: lines or bars', () => {
  assert.deepEqual(splitList('Bước 1\nBước 2 | Bước 3\n\n'), ['Bước 1', 'Bước 2', 'Bước 3']);
  assert.deepEqual(splitList('  '), []);
});
