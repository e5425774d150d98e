import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field, FieldGroup } from '../../../../../src/contract/org.ts';
import { groupSections, validateField } from './fields.ts';

test('fields by the five groups; unmapped active fields counted', () => {
  const groups: FieldGroup[] = [
    { id: 'g3', number: 3, name: 'Sự cố hạ tầng', nameEn: '' },
    { id: 'g7', number: 7, name: 'Khác của tỉnh', nameEn: '' },
  ];
  const F = (
    code: string,
    groupNumber: number,
    defaultAgencyId: string | null,
    active = true,
  ): Field => ({
    id: code,
    code,
    name: code,
    nameEn: '',
    groupNumber,
    defaultAgencyId,
    active,
  });
  const sections = groupSections(groups, [
    F('GT', 3, 'a'),
    F('CS', 3, null),
    F('OLD', 3, null, false),
  ]);
  assert.deepEqual(
    sections.map((s) => s.number),
    [1, 2, 3, 4, 5, 7],
  );
  const g3 = sections.find((s) => s.number === 3)!;
  assert.deepEqual(
    g3.fields.map((f) => f.code),
    ['CS', 'GT', 'OLD'],
  );
  assert.equal(g3.unmapped, 1);
  assert.equal(sections[0]!.group, null);
  assert.deepEqual(
    validateField(
      { code: 'gt', name: ' ', nameEn: '', defaultAgencyId: '', active: true },
      'create',
      ['GT'],
    ),
    { code: { key: 'admin.err.codeTaken' }, name: { key: 'validation.required' } },
  );
});
