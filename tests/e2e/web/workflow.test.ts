/**
 * The web app in a real browser (Debian's Chromium), against the real server on real
 * PostgreSQL: an operator records and forwards a ticket; the focal point, on a phone, sees it
 * arrive live, accepts and answers; the operator sees the answer come back live and answers
 * the citizen. Nothing reloads the page: updates arrive over the WebSocket.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, ticketBody } from '../../helpers/app.ts';
import { dispatchOutbox } from '../../../src/jobs/outbox-dispatcher.ts';
import { InAppAdapter } from '../../../src/channels/inapp/inapp.adapter.ts';
import { seedWebFixture } from './fixture.ts';
import { launchChromium, newContext, PHONE, shot, signIn, type Page } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const f = await seedWebFixture(t);
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

// Browser-side code is passed as strings: this file is type-checked without DOM types.

/** Marks the document; `stillSamePage` proves no navigation or reload happened since. */
async function mark(page: Page) {
  await page.evaluate('window.__o1022mark = 1');
}
async function stillSamePage(page: Page) {
  return (await page.evaluate('window.__o1022mark === 1')) === true;
}
async function liveOpen(page: Page) {
  await page.locator('[data-live="open"]').waitFor({ timeout: 10_000 });
}

test('operator records and forwards; the focal point (phone) answers; the operator answers the citizen — all live', async () => {
  // An earlier ticket of the same caller, so the phone lookup has something to show.
  const opApi = await t.login(f.operator);
  const earlier = await opApi.post(
    '/api/v1/tickets',
    ticketBody({ subject: 'Cây xanh đổ chắn đường' }),
  );
  assert.equal(earlier.status, 201);

  const opCtx = await newContext(browser);
  const op = await opCtx.newPage();
  const fpCtx = await newContext(browser, PHONE);
  const fp = await fpCtx.newPage();

  // Sign-in: a wrong password is refused in Vietnamese, with the API's own message.
  await op.goto(`${t.baseUrl}/`);
  await op.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await shot(op, '01-login');
  await op.getByLabel('Tên đăng nhập').fill('op.lan');
  await op.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await op.getByRole('button', { name: 'Đăng nhập' }).click();
  await op
    .getByRole('alert')
    .filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' })
    .waitFor();
  await shot(op, '01b-login-error');
  await op.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await op.getByRole('button', { name: 'Đăng nhập' }).click();
  await op.getByRole('heading', { name: 'Hộp phiếu' }).waitFor();
  await liveOpen(op);
  await op.getByText('Cây xanh đổ chắn đường').waitFor();
  await shot(op, '02-inbox');

  // The focal point signs in on a phone and watches the queue.
  await signIn(fp, t.baseUrl, 'fp.sxd', TEST_PASSWORD);
  await fp.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  await liveOpen(fp);
  await fp.getByText('Không có phiếu nào cần xử lý.').waitFor();

  // Alt+N opens the form; submitting it empty explains what is missing, in Vietnamese.
  await op.keyboard.press('Alt+KeyN');
  await op.getByRole('heading', { name: 'Tạo phiếu mới' }).waitFor();
  assert.equal(await op.evaluate('document.activeElement?.id'), 'nt-phone', 'phone has focus');
  await op.getByRole('button', { name: 'Lưu phiếu' }).click();
  await op.getByText('Có 3 mục cần sửa:').waitFor();
  assert.equal(await op.getByText('Cần ít nhất số điện thoại hoặc email.').count(), 2);
  await shot(op, '03-new-ticket-errors');

  // Phone first: the caller's earlier ticket appears; the field proposes the agency.
  await op.getByLabel('Số điện thoại').fill('0912 345 678');
  await op.getByRole('heading', { name: 'Phiếu trước đây (1)' }).waitFor();
  await op.getByLabel('Họ và tên').fill('Trần Thị Bình');
  await op.getByLabel('Địa chỉ').fill('45 Lê Lợi, phường Tân An');
  await op.getByLabel('Tiêu đề').fill('Đèn đường không sáng');
  await op
    .getByRole('textbox', { name: 'Nội dung', exact: true })
    .fill(
      'Ba cột đèn đường trước số 45 Lê Lợi không sáng từ một tuần nay, đề nghị kiểm tra sửa chữa.',
    );
  await op.getByLabel('Lĩnh vực').selectOption({ label: 'Chiếu sáng đô thị' });
  await op.getByText('Đơn vị đề xuất: Sở Xây dựng').waitFor();
  await shot(op, '04-new-ticket-filled');
  await op.keyboard.press('Control+Enter');
  const heading = op.getByRole('heading', { name: /^Phiếu PA-/ });
  await heading.waitFor();
  const code = (await heading.textContent())!.replace('Phiếu ', '').trim();
  const ticketUrl = op.url();
  await op.getByText('Mới tiếp nhận', { exact: true }).first().waitFor();
  await shot(op, '05-ticket-received');

  // Forward: the proposed agency is preselected.
  await op.getByRole('button', { name: 'Chuyển đơn vị' }).click();
  const agencySelect = op.getByLabel('Đơn vị tiếp nhận');
  assert.equal(await agencySelect.inputValue(), f.sxd.id);
  await shot(op, '06-forward-form');
  await mark(fp);
  await op.getByRole('button', { name: 'Xác nhận: Chuyển đơn vị' }).click();
  await op.getByText('Đã thực hiện: Chuyển đơn vị.').waitFor();

  // The focal point's queue shows it without a reload, with a working-hours countdown.
  const row = fp.locator(`[data-ticket="${code}"]`);
  await row.waitFor({ timeout: 5000 });
  assert.ok(await stillSamePage(fp), 'the queue updated in place');
  await row.locator('.countdown').waitFor();
  // The in-app notification arrives live too once the outbox is dispatched.
  await dispatchOutbox(t.ctx, [new InAppAdapter(t.db)]);
  await fp.locator('.notif-button .count').filter({ hasText: '1' }).waitFor();
  await shot(fp, '07-agency-queue-phone');

  // The operator goes back to the inbox, tab "answered by agencies", and waits there.
  await op.keyboard.press('Alt+KeyI');
  await op.getByRole('heading', { name: 'Hộp phiếu' }).waitFor();
  await op.getByRole('tab', { name: /Đơn vị đã trả lời/ }).click();
  await op.getByText('Không có phiếu nào cần trả lời công dân.').waitFor();
  await mark(op);

  // Focal point: open, accept, answer.
  await row.getByRole('link', { name: code }).click();
  await fp.getByRole('heading', { name: `Phiếu ${code}` }).waitFor();
  await fp.locator('.ticket-head .countdown').waitFor();
  await shot(fp, '08-agency-ticket-phone');
  await fp.getByRole('button', { name: 'Tiếp nhận xử lý' }).click();
  await fp.getByRole('button', { name: 'Xác nhận: Tiếp nhận xử lý' }).click();
  await fp.getByText('Đã thực hiện: Tiếp nhận xử lý.').waitFor();
  await fp.getByText('Đang xử lý', { exact: true }).first().waitFor();
  await fp.getByRole('button', { name: 'Trả lời tổng đài' }).click();
  await fp
    .getByLabel('Nội dung trả lời của đơn vị')
    .fill('Sở Xây dựng đã chỉ đạo Công ty Chiếu sáng thay bóng đèn; hoàn thành ngày 05/03.');
  await shot(fp, '09-agency-answer-form-phone');
  await fp.getByRole('button', { name: 'Xác nhận: Trả lời tổng đài' }).click();
  await fp.getByText('Đã thực hiện: Trả lời tổng đài.').waitFor();

  // The operator's inbox shows the answer arriving, in place.
  const back = op.locator(`[data-ticket="${code}"]`);
  await back.waitFor({ timeout: 5000 });
  assert.ok(await stillSamePage(op), 'the inbox updated in place');
  await shot(op, '10-inbox-agency-answered');
  await back.getByRole('link', { name: code }).click();
  await op.getByRole('button', { name: 'Trả lời công dân' }).click();
  await op.getByRole('button', { name: 'Dùng trả lời của đơn vị' }).click();
  await op.getByRole('button', { name: 'Xác nhận: Trả lời công dân' }).click();
  await op.getByText('Đã thực hiện: Trả lời công dân.').waitFor();
  await op.getByText('Đã trả lời công dân', { exact: true }).first().waitFor();
  await shot(op, '11-ticket-answered');
  assert.equal(op.url(), ticketUrl);

  const final = await opApi.get(ticketUrl.replace(t.baseUrl, '/api/v1'));
  assert.equal(final.body.status, 'answered');
  assert.deepEqual(
    final.body.timeline.map((e: { action: string }) => e.action),
    ['create', 'forward', 'accept', 'answer_agency', 'answer_citizen'],
  );
  await opCtx.close();
  await fpCtx.close();
});

test("a focal point of another agency opening that ticket's URL gets the 'not found' view", async () => {
  const opApi = await t.login(f.operator);
  const created = await opApi.post('/api/v1/tickets', ticketBody({ fieldId: f.lighting.id }));
  await opApi.post(`/api/v1/tickets/${created.body.id}/actions/forward`, { agencyId: f.sxd.id });

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  // The deep link survives the sign-in.
  await signIn(page, t.baseUrl, 'fp.sgtvt', TEST_PASSWORD, `/tickets/${created.body.id}`);
  await page.getByRole('heading', { name: 'Không tìm thấy phiếu' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/tickets/${created.body.id}`);
  assert.equal(await page.getByText(created.body.code).count(), 0, 'no trace of the ticket');
  await shot(page, '12-not-found-other-agency-phone');
  await ctx.close();
});

test('out-of-scope content is flagged with its guidance and can be rejected at once (R-SC-3, R-IN-2)', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, t.baseUrl, 'op.lan', TEST_PASSWORD, '/operator/new');
  await page.getByRole('heading', { name: 'Tạo phiếu mới' }).waitFor();
  await page.getByLabel('Số điện thoại').fill('0987654321');
  await page.getByLabel('Họ và tên').fill('Lê Văn Cường');
  await page
    .getByRole('textbox', { name: 'Nội dung', exact: true })
    .fill('Tôi muốn tố cáo cán bộ phường nhận tiền khi làm giấy tờ.');
  await page.getByText('Nội dung có thể không thuộc phạm vi tiếp nhận').waitFor();
  await shot(page, '13-screening');
  await page.getByRole('button', { name: 'Lưu và từ chối với hướng dẫn này' }).click();
  await page.getByText('Từ chối tiếp nhận', { exact: true }).first().waitFor();
  await page.getByText('Đề nghị gửi đơn đến Ban Tiếp công dân tỉnh.').first().waitFor();
  await shot(page, '14-rejected');
  await ctx.close();
});

test('English is one click away and the choice is remembered', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, t.baseUrl, 'op.lan', TEST_PASSWORD);
  await page.getByRole('heading', { name: 'Hộp phiếu' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'vi');
  await page.getByRole('button', { name: 'Chuyển giao diện sang tiếng Anh' }).click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
  await shot(page, '15-inbox-english');
  await ctx.close();
});
