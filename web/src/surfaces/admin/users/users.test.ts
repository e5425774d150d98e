import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createBody,
  emptyUserForm,
  filterUsers,
  formFromUser,
  generatePassword,
  patchBody,
  validateUser,
} from './users.ts';
import { U } from '../test-rows.ts';

test('user form: mistakes named at their input; operators have no agency nor deputy flag', () => {
  const ok = emptyUserForm({
    username: 'fp.sxd2',
    displayName: 'Trần Văn Hải',
    role: 'focal_point',
    agencyId: '6f1c1f55-3c2e-4f4f-9b1e-0a8d5c1e2b3a',
    password: 'abcdefghijkl',
    email: 'hai@sxd.gov.vn',
  });
  assert.deepEqual(validateUser(ok, 'create'), {});

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
