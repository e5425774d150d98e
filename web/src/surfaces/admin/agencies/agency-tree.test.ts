import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildTree,
  filterTree,
  flatten,
  missingStaff,
  staffOf,
  subtreeIds,
} from './agency-tree.ts';
import { A, U } from '../test-rows.ts';

test('agency tree: children under parents by code; orphans and cycles still shown once', () => {
  const list = [
    A('b', 'SYT'),
    A('a', 'SXD'),
    A('a2', 'SXD.QLN', 'a', { kind: 'subunit' }),
    A('a1', 'SXD.KT', 'a', { kind: 'subunit' }),
    A('o', 'ORPHAN', 'missing'),
    A('c1', 'C1', 'c2'),
    A('c2', 'C2', 'c1'),
  ];
  const tree = buildTree(list);
  assert.deepEqual(
    flatten(tree).map((n) => `${'  '.repeat(n.depth)}${n.agency.code}`),
    ['C1', 'C2', 'ORPHAN', 'SXD', '  SXD.KT', '  SXD.QLN', 'SYT'],
  );
  assert.deepEqual([...subtreeIds(list, 'a')].sort(), ['a', 'a1', 'a2']);
  assert.deepEqual(
    flatten(filterTree(tree, 'qln')).map((n) => n.agency.code),
    ['SXD', 'SXD.QLN'],
  );
});

test('staff by duty, and agencies missing a focal point or a head (R-AG-2)', () => {
  const users = [
    U('fp', 'focal_point', 'a'),
    U('head', 'agency_head', 'a'),
    U('dep', 'agency_head', 'a', { isDeputy: true }),
    U('gone', 'focal_point', 'b', { active: false }),
    U('op', 'operator', null),
  ];
  const s = staffOf(users, 'a');
  assert.deepEqual(
    [s.focalPoints, s.heads, s.deputies].map((l) => l.map((u) => u.id)),
    [['fp'], ['head'], ['dep']],
  );
  assert.deepEqual(missingStaff(A('a', 'SXD'), s), []);
  assert.deepEqual(missingStaff(A('b', 'SYT'), staffOf(users, 'b')), [
    'focal_point',
    'agency_head',
  ]);
  // A deputy head alone covers the head's duty; a sub-unit needs no head; the hotline none.
  assert.deepEqual(missingStaff(A('a', 'SXD'), { ...s, heads: [] }), []);
  assert.deepEqual(missingStaff(A('x', 'X', 'a', { kind: 'subunit' }), staffOf([], 'x')), [
    'focal_point',
  ]);
  assert.deepEqual(
    missingStaff(A('h', 'HOTLINE', null, { kind: 'hotline' }), staffOf([], 'h')),
    [],
  );
});
