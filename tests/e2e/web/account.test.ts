/**
 * One's own account and the administrator's view of API tokens (issue #12 findings 3 and 7)
 * in Debian's Chromium against the real server: an operator issues a token that works, revokes
 * it and it stops; a weak new password is refused with the policy's reason, a strong one
 * accepted; a focal point finds the account screen on a phone; an administrator revokes a
 * user's token from the users screen.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, TEST_PASSWORD } from '../../helpers/app.ts';
import { seedWebFixture } from './fixture.ts';
import { fixClock, launchChromium, newContext, PHONE, shot, signIn, type Page } from './browser.ts';

const t = await createTestApp({ listen: true, web: true });
const f = await seedWebFixture(t);
const admin = await t.newUser('admin', null, { username: 'admin.tk' });
const op = await t.newUser('operator', null, { username: 'op.tk' });
const fp = await t.newUser('focal_point', f.sxd, { username: 'fp.tk' });
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

async function page(device?: typeof PHONE): Promise<Page> {
  const ctx = await newContext(browser, device);
  await fixClock(ctx, t.clock.now());
  return ctx.newPage();
}

const bearer = (token: string) => new Client(t.app, null, null, token);

test('R-SEC-2 #12.3 an operator issues an API token, sees it listed and revokes it', async () => {
  const p = await page();
  await signIn(p, t.baseUrl, op.username, TEST_PASSWORD, '/operator');
  // The header's name opens one's own account.
  await p.getByRole('link', { name: /Người dùng operator/ }).click();
  await p.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
  await p.getByText('Chưa có mã truy cập API nào.').waitFor();

  await p.getByRole('button', { name: 'Tạo mã truy cập API' }).click();
  await p.getByText('Vui lòng nhập thông tin này.').waitFor();
  await p.getByLabel('Tên mã').fill('Cổng Zalo OA');
  await p.getByRole('button', { name: 'Tạo mã truy cập API' }).click();
  const secret = (await p.getByTestId('token-secret').textContent())!.trim();
  assert.match(secret, /^o1022_/);
  assert.equal((await bearer(secret).get('/api/v1/auth/me')).status, 200, 'the token works');
  const row = p.locator('[data-token="Cổng Zalo OA"]');
  await row.getByText('Đang dùng').waitFor();
  await shot(p, 'account-01-token-issued');

  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await p.getByRole('button', { name: 'Đồng ý' }).click();
  await p.getByText('Đã thu hồi mã Cổng Zalo OA.').waitFor();
  await row.getByText('Đã thu hồi', { exact: true }).waitFor();
  await row.getByText('Chủ tài khoản thu hồi').waitFor();
  assert.equal((await bearer(secret).get('/api/v1/auth/me')).status, 401, 'revoked at once');
  await shot(p, 'account-02-token-revoked');
});

test('R-SEC-2 #12.7 a weak new password is refused with the reason; a strong one is accepted', async () => {
  const u = await t.newUser('operator', null, { username: 'op.doimk' });
  const p = await page();
  await signIn(p, t.baseUrl, u.username, TEST_PASSWORD, '/account');
  await p.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
  await p.getByLabel('Mật khẩu hiện tại').fill(TEST_PASSWORD);
  await p.locator('#pw-newPassword').fill('Password123!');
  await p.getByLabel('Nhập lại mật khẩu mới').fill('Password123!');
  await p.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await p.getByText('nằm trong danh sách mật khẩu phổ biến').waitFor();
  await shot(p, 'account-03-password-weak');

  const strong = 'Ngon-den-bien-dong-47';
  await p.locator('#pw-newPassword').fill(strong);
  await p.getByLabel('Nhập lại mật khẩu mới').fill(strong);
  await p.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await p.getByText('Đã đổi mật khẩu.').waitFor();
  const login = (password: string) =>
    t.anonymous().post('/api/v1/auth/login', { username: u.username, password });
  assert.equal((await login(strong)).status, 200);
  assert.equal((await login(TEST_PASSWORD)).status, 401);
});

test('R-SEC-2 #12.7 a focal point opens the account screen on a phone (390×844)', async () => {
  const p = await page(PHONE);
  await signIn(p, t.baseUrl, fp.username, TEST_PASSWORD, '/agency');
  await p.getByRole('link', { name: /Người dùng focal_point/ }).click();
  await p.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
  await p.getByRole('button', { name: 'Đăng xuất khỏi mọi nơi' }).waitFor();
  const overflow = await p.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  assert.equal(overflow, 0, 'no sideways scrolling');
  await shot(p, 'account-04-phone');
});

test('R-SEC-2 #12.3 an administrator sees a user’s API tokens and revokes one', async () => {
  const c = await t.login(op);
  const issued = await c.post('/api/v1/auth/tokens', { name: 'Báo cáo tuần' });
  assert.equal(issued.status, 201);
  const p = await page();
  await signIn(p, t.baseUrl, admin.username, TEST_PASSWORD, '/admin/users');
  await p
    .locator(`[data-user="${op.username}"]`)
    .getByRole('button', { name: /^Mã truy cập API của/ })
    .click();
  await p.getByRole('heading', { name: /^Mã truy cập API của/, level: 2 }).waitFor();
  const row = p.locator('[data-token="Báo cáo tuần"]');
  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await p.getByRole('button', { name: 'Đồng ý' }).click();
  await row.getByText('Quản trị viên thu hồi').waitFor();
  assert.equal((await bearer(issued.body.token).get('/api/v1/auth/me')).status, 401);
  await shot(p, 'account-05-admin-tokens');
});

test('#14.5 the sign-in page opens with nothing in the console, and a signed-in browser is recognised on reload', async () => {
  const p = await page();
  const noise: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') noise.push(`${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => noise.push(`pageerror: ${e.message}`));
  await p.goto(t.baseUrl);
  await p.getByLabel('Tên đăng nhập').waitFor();
  await p.waitForLoadState('networkidle');
  assert.deepEqual(noise, []);
  // The same question, answered for API clients: nobody, not an error.
  const anon = await t.anonymous().get('/api/v1/auth/session');
  assert.equal(anon.status, 200);
  assert.deepEqual(anon.body, { user: null, csrfToken: null });

  await signIn(p, t.baseUrl, op.username, TEST_PASSWORD, '/operator');
  await p.getByRole('link', { name: /Người dùng operator/ }).waitFor();
  await p.reload();
  await p.getByRole('link', { name: /Người dùng operator/ }).waitFor();
  assert.deepEqual(noise, []);
});
