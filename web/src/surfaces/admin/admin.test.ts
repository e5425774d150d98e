import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userBody, scopeRuleBody } from '../../../../src/contract/org.ts';
import type { Agency, Field, FieldGroup, User } from '../../api/types.ts';
import {
  createBody,
  emptyUserForm,
  filterUsers,
  formFromUser,
  generatePassword,
  patchBody,
  validateUser,
} from './users.ts';
import {
  buildTree,
  filterTree,
  flatten,
  missingStaff,
  staffOf,
  subtreeIds,
} from './agency-tree.ts';
import { groupSections, validateField } from './fields.ts';
import { emptyRuleForm, parseKeywords, ruleBody, validateRule } from './scope.ts';

const A = (
  id: string,
  code: string,
  parentId: string | null = null,
  over: Partial<Agency> = {},
): Agency => ({
  id,
  code,
  name: `Cơ quan ${code}`,
  nameEn: '',
  kind: 'department',
  parentId,
  orgUnitId: null,
  phone: null,
  email: null,
  requiresApproval: false,
  calendarId: null,
  active: true,
  ...over,
});

const U = (
  id: string,
  role: User['role'],
  agencyId: string | null,
  over: Partial<User> = {},
): User => ({
  id,
  username: id,
  displayName: `Người ${id}`,
  email: null,
  phone: null,
  role,
  agencyId,
  title: null,
  isDeputy: false,
  locale: 'vi',
  active: true,
  createdAt: '2026-03-02T01:00:00.000Z',
  ...over,
});

test('user form: what the editor accepts the server accepts; mistakes named at their input', () => {
  const ok = emptyUserForm({
    username: 'fp.sxd2',
    displayName: 'Trần Văn Hải',
    role: 'focal_point',
    agencyId: '6f1c1f55-3c2e-4f4f-9b1e-0a8d5c1e2b3a',
    password: 'abcdefghij',
    email: 'hai@sxd.gov.vn',
  });
  assert.deepEqual(validateUser(ok, 'create'), {});
  assert.ok(userBody.safeParse(createBody(ok)).success);

  const bad = emptyUserForm({
    username: 'Có Dấu',
    role: 'agency_head',
    password: 'ngan',
    email: 'x@',
  });
  assert.deepEqual(
    Object.fromEntries(Object.entries(validateUser(bad, 'create')).map(([k, v]) => [k, v.key])),
    {
      password: 'validation.tooShort',
      username: 'admin.users.err.username',
      displayName: 'validation.required',
      agencyId: 'admin.users.err.agency',
      email: 'validation.email',
    },
  );
  // Editing checks neither the username nor a password.
  assert.deepEqual(validateUser({ ...ok, username: '', password: '' }, 'edit'), {});
  assert.deepEqual(Object.keys(validateUser({ ...ok, password: 'short' }, 'password')), [
    'password',
  ]);
  // An operator has no agency and no deputy flag.
  const opBody = createBody({ ...ok, role: 'operator', agencyId: '', isDeputy: true });
  assert.equal(opBody.isDeputy, false);
  assert.equal(opBody.agencyId, null);
  assert.ok(userBody.safeParse(opBody).success);
});

test('user patch names only what changed (so the audit record says exactly that)', () => {
  const u = U('u1', 'focal_point', 'a1', { title: 'Chuyên viên', email: 'a@b.vn' });
  const f = formFromUser(u);
  assert.deepEqual(patchBody(u, f), {});
  assert.deepEqual(patchBody(u, { ...f, role: 'agency_head', isDeputy: true, email: ' ' }), {
    role: 'agency_head',
    isDeputy: true,
    email: null,
  });
});

test('generated passwords: long enough, unambiguous letters, uniform', () => {
  const p = generatePassword();
  assert.equal(p.length, 14);
  assert.match(p, /^[a-km-zA-HJ-NP-Z2-9]+$/);
  assert.notEqual(generatePassword(), generatePassword());
  // 56 letters: bytes ≥ 224 (4 × 56) are dropped, not folded onto the first letters.
  const bytes = [255, 224, 0, 31];
  let i = 0;
  const fake = (n: number) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length]!);
  assert.equal(generatePassword(4, fake), 'aHaH');
  assert.doesNotMatch(generatePassword(200), /[01lIoO]/);
});

test('user filter: accent-insensitive text, role, agency or none, inactive hidden', () => {
  const users = [
    U('nguyen', 'operator', null, { displayName: 'Nguyễn Thị Hằng' }),
    U('tran', 'focal_point', 'a1', { displayName: 'Trần Đức' }),
    U('le', 'focal_point', 'a2', { displayName: 'Lê Văn', active: false }),
  ];
  const name = (id: string) => (id === 'a1' ? 'Sở Xây dựng' : 'Sở Y tế');
  const ids = (f: Partial<Parameters<typeof filterUsers>[1]>) =>
    filterUsers(users, { text: '', role: '', agency: '', showInactive: false, ...f }, name).map(
      (u) => u.id,
    );
  assert.deepEqual(ids({ text: 'nguyen hang' }), ['nguyen']);
  assert.deepEqual(ids({ text: 'duc' }), ['tran']);
  assert.deepEqual(ids({ text: 'xay dung' }), ['tran'], 'by agency name');
  assert.deepEqual(ids({ role: 'focal_point' }), ['tran']);
  assert.deepEqual(ids({ role: 'focal_point', showInactive: true }), ['tran', 'le']);
  assert.deepEqual(ids({ agency: 'none' }), ['nguyen']);
  assert.deepEqual(ids({ agency: 'a2', showInactive: true }), ['le']);
});

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

test('scope rules: keywords split and deduplicated; redirects need a number; body valid', () => {
  assert.deepEqual(parseKeywords(' cháy,  cứu hộ\nCháy;\n\n cứu   nạn '), [
    'cháy',
    'cứu hộ',
    'cứu nạn',
  ]);
  const f = {
    ...emptyRuleForm(),
    code: 'CC',
    name: 'Cháy nổ',
    action: 'redirect' as const,
    guidanceVi: 'Gọi 114',
    keywords: 'cháy',
  };
  assert.deepEqual(validateRule(f, 'create', []), {
    redirectTo: { key: 'admin.rules.err.redirect' },
  });
  const ok = { ...f, redirectTo: '114' };
  assert.deepEqual(validateRule(ok, 'create', []), {});
  assert.ok(scopeRuleBody.safeParse(ruleBody(ok)).success);
  assert.equal(ruleBody({ ...ok, action: 'reject' }).redirectTo, null);
  // A rule without keywords screens nothing but still serves as a rejection template.
  assert.deepEqual(validateRule({ ...ok, keywords: '' }, 'edit', []), {});
});
