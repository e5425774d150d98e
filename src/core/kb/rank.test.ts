import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRelevant, quality } from './rank.ts';

test('first relevant position', () => {
  assert.equal(firstRelevant(['a', 'b', 'c'], new Set(['c'])), 3);
  assert.equal(firstRelevant(['a'], new Set(['z'])), 0);
});

test('recall@k, hit rate@k, MRR', () => {
  const r = quality(
    [
      { ranked: ['x', 'a'], relevant: ['a'] },
      { ranked: ['b', 'c'], relevant: ['b', 'c', 'd', 'e'] },
      { ranked: ['q', 'w', 'e', 'r', 't', 'y', 'z'], relevant: ['z'] },
    ],
    5,
  );
  assert.equal(r.queries, 3);
  assert.equal(r.recallAtK, (1 + 0.5 + 0) / 3);
  assert.equal(r.hitRateAtK, 2 / 3);
  assert.equal(r.mrr, (1 / 2 + 1 + 1 / 7) / 3);
});
