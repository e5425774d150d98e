import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, planSearch, type Vocabulary } from './query.ts';

const terms = (q: string) =>
  parseQuery(q).units.map((u) => u.terms.join('|') + (u.prefix ? '*' : ''));

test('the same words with or without diacritics, any tone placement, ký/kí', () => {
  const a = terms('thủ tục đăng ký hộ kinh doanh ');
  assert.deepEqual(a, ['thu', 'tuc', 'dang', 'ki', 'zzhkd']);
  assert.deepEqual(terms('thu tuc dang ki ho kinh doanh '), a);
  assert.deepEqual(terms('THỦ TỤC ĐĂNG KÍ HỘ KINH DOANH '), a);
  assert.deepEqual(terms('hoà giải '), terms('hòa giải '));
});

test('filler of spoken questions is dropped, meaning words stay', () => {
  assert.deepEqual(terms('Cho hỏi làm giấy khai sinh cần giấy tờ gì'), [
    'giay',
    'zzkhaisinh',
    'can',
    'zzhoso',
  ]);
  // Nothing but filler: kept, so that something is searched.
  assert.deepEqual(terms('làm sao'), ['lam', 'sao']);
  // `bản sao`, `căn hộ`, `thẻ`, `nhà ở` keep their words.
  assert.deepEqual(terms('ban sao the can ho nha o '), [
    'ban',
    'sao',
    'the',
    'can',
    'ho',
    'nha',
    'o',
  ]);
});

test('as-you-type: the last word is a prefix unless followed by a space', () => {
  assert.deepEqual(terms('dang ky ket h'), ['dang', 'ki', 'ket']);
  assert.deepEqual(terms('dang ky ket ho'), ['dang', 'ki', 'ket', 'ho*']);
  assert.deepEqual(terms('dang ky ket hon '), ['dang', 'ki', 'zzkethon']);
  assert.deepEqual(terms('kha'), ['kha*']);
  assert.deepEqual(terms('kh'), ['kh']);
});

test('codes are recognised', () => {
  assert.equal(parseQuery('1.001612').code, '1.001612');
  assert.equal(parseQuery(' 2.000986.000.00.00.H12 ').code, '2.000986.000.00.00.h12');
  assert.equal(parseQuery('dang ky').code, null);
});

function vocab(entries: Record<string, number>, total = 1000): Vocabulary {
  const sorted = Object.keys(entries).sort();
  return {
    total,
    df: (t) => entries[t] ?? 0,
    prefixDf: (p) => sorted.filter((t) => t.startsWith(p)).reduce((n, t) => n + entries[t]!, 0),
  };
}

test('plan: typos are mended from the vocabulary, unknown words dropped', () => {
  const v = vocab({ dang: 300, ki: 400, khai: 50, sinh: 60, zzkhaisinh: 40 }, 10_000);
  const plan = planSearch(parseQuery('dang ky khai sihn '), v);
  assert.deepEqual(
    plan.units.map((u) => [u.terms, u.kind]),
    [
      [['dang'], 'word'],
      [['ki'], 'word'],
      [['khai'], 'word'],
      [['sinh'], 'corrected'],
    ],
  );
  assert.equal(plan.tiers[0]!.tsquery, "'dang' & 'ki' & 'khai' & 'sinh'");
  assert.equal(plan.similarityText, 'dang ki khai sinh');
  // The word being typed, misspelt, is mended too.
  assert.deepEqual(planSearch(parseQuery('dang ky khai sihn'), v).units.at(-1)!.terms, ['sinh']);
  const unknown = planSearch(parseQuery('dang ky qwxyz '), v);
  assert.deepEqual(unknown.unknown, ['qwxyz']);
  assert.equal(unknown.tiers[0]!.tsquery, "'dang' & 'ki'");
});

test('plan: relaxed tiers (all but one…), broad clauses skipped', () => {
  const v = vocab({ a1: 10, b1: 20, c1: 30, d1: 900 }, 10_000);
  const plan = planSearch(parseQuery('a1 b1 c1 d1 '), v, { broadLimit: 100 });
  assert.deepEqual(
    plan.tiers.map((t) => t.relaxation),
    [0, 1, 2],
  );
  assert.equal(plan.tiers[1]!.tsquery.split('|').length, 4);
  // (c1 & d1) matches at most 30 articles (c1's count): kept.
  assert.ok(plan.tiers[2]!.tsquery.includes("('c1' & 'd1')"));
  const broad = planSearch(parseQuery('a1 b1 c1 d1 '), v, { broadLimit: 2 });
  assert.ok(!broad.tiers.some((t) => t.tsquery.includes("('c1' & 'd1')")));
});

test('plan: words most articles hold score but do not select (cutoff frequency)', () => {
  const v = vocab({ thu: 700, tuc: 650, zzkhaisinh: 40, dang: 500 }, 1000);
  const plan = planSearch(parseQuery('thu tuc dang ky khai sinh '), v);
  assert.equal(plan.tiers[0]!.tsquery, "'zzkhaisinh'");
  assert.equal(plan.tiers[0]!.exact, false);
  assert.equal(plan.allUnits, "'thu' & 'tuc' & 'dang' & 'zzkhaisinh'");
  assert.equal(plan.scoring.length, 4);
  // Nothing rarer: every common word selects, together.
  const common = planSearch(parseQuery('thu tuc '), v);
  assert.equal(common.tiers[0]!.tsquery, "'thu' & 'tuc'");
  assert.equal(common.tiers[0]!.exact, true);
});

test('plan: a barely begun last word waits when it would match most articles', () => {
  const v = vocab({ cap: 500, doi: 300, cu: 3000, cung: 4000, cuoc: 2000 }, 10_000);
  const plan = planSearch(parseQuery('cap doi cu'), v);
  assert.equal(plan.tiers[0]!.tsquery, "'cap' & 'doi'");
  assert.deepEqual(plan.highlight.prefixes, ['cu']);
});

test('plan: unit weights favour rare words; bigrams join neighbours', () => {
  const v = vocab({ le: 900, zzcccd: 20, cap: 600 }, 10_000);
  const plan = planSearch(parseQuery('cap cccd '), v);
  assert.ok(plan.scoring[1]!.weight > plan.scoring[0]!.weight * 2);
  assert.equal(plan.scoring[1]!.titleQuery, "'zzcccd':A");
  assert.deepEqual(
    plan.bigrams.map((b) => b.query),
    ["'cap' <-> 'zzcccd'"],
  );
  assert.equal(plan.similarityText, 'cap can cuoc');
});
