/**
 * The public website in Debian's Chromium on a phone-sized screen, against the real server on
 * real PostgreSQL: a citizen sends a request with a photo (the page's script solves the
 * challenge), gets the tracking code and acknowledgement, tracks it; staff answer through the
 * API; the citizen rates the answer and, not satisfied, asks for it to be handled again.
 * Every page is photographed (WEB_SCREENSHOTS=dir to keep them).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../helpers/app.ts';
import { PNG, seed } from '../../public/support.ts';
import { launchChromium, newContext, PHONE, shot, type Page } from '../web/browser.ts';

const t = await createTestApp({ listen: true });
const s = await seed(t);
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

/** Console errors and CSP violations of a page: a strict CSP must break nothing. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    // The empty form's answer is a 400 page by design; anything else is a fault.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

test('citizen on a phone: submit → track → (staff answer) → rate → reopen', async () => {
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  const problems = watch(page);

  await page.goto(`${t.baseUrl}/cong-dan/`);
  await page
    .getByRole('heading', { level: 1, name: 'Tổng đài thông tin dịch vụ công 1022' })
    .waitFor();
  await shot(page, 'public-01-home');

  await page.getByRole('link', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị' }).waitFor();
  // The script shows the current units' select only until the former scheme is chosen.
  assert.equal(await page.getByLabel('Quận, huyện, thị xã, thành phố (cũ)').isVisible(), false);
  await shot(page, 'public-02-submit');

  // Sent empty: the errors are listed at the top, focused, linked to their fields.
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  await page.getByRole('heading', { name: 'Vui lòng sửa các lỗi sau:' }).waitFor();
  assert.equal(
    await page.evaluate('document.activeElement && document.activeElement.id'),
    'errors',
  );
  await shot(page, 'public-03-submit-errors');

  await page.getByLabel('Họ và tên *').fill('Trần Thị Mai');
  // In the page's own form, not the chat widget's (which asks for a phone number too).
  await page.locator('main').getByLabel('Số điện thoại', { exact: true }).fill('0903 123 456');
  await page.getByLabel('Địa chỉ liên hệ *').fill('Khu phố 2, Phường An Phú');
  await page.getByLabel('Lĩnh vực *').selectOption({ label: 'Chiếu sáng' });
  await page
    .getByLabel('Nội dung phản ánh, kiến nghị *')
    .fill('Đèn chiếu sáng trên đường vào chợ bị tắt ba đêm liền, người đi đường rất nguy hiểm.');
  await page.getByLabel('Trước 01/07/2025 (tỉnh → huyện → xã)').check();
  await page
    .getByLabel('Quận, huyện, thị xã, thành phố (cũ)')
    .selectOption({ label: 'Huyện Long Hưng' });
  await page.getByLabel('Xã, phường, thị trấn (cũ)').selectOption({ label: 'Thị trấn Long Hưng' });
  await page
    .getByLabel('Chụp ảnh bằng điện thoại')
    .setInputFiles({ name: 'den-tat.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel(/Đồng ý công khai/).check();
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();

  await page
    .getByRole('heading', { level: 1, name: 'Đã gửi phản ánh' })
    .waitFor({ timeout: 30_000 });
  const code = (await page.locator('#ticket-code').textContent())!.trim();
  assert.match(code, /^PA-\d{4}-\d+$/);
  await page
    .getByText(`đã nhận được thông tin góp ý, phản ánh của Quý khách (mã phiếu ${code})`)
    .waitFor();
  await shot(page, 'public-04-confirmation');
  const tk = await t.db
    .selectFrom('ticket')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(tk.citizen_phone, '0903123456');
  assert.equal(tk.org_unit_id, s.oldCommuneId);
  const files = await t.db
    .selectFrom('attachment')
    .select('filename')
    .where('ticket_id', '=', tk.id)
    .execute();
  assert.deepEqual(
    files.map((f) => f.filename),
    ['den-tat.png'],
  );

  // Track it by code and phone, as written on paper.
  await page.getByRole('link', { name: 'Tra cứu phiếu' }).click();
  await page.getByLabel('Mã phiếu *').fill(code.toLowerCase());
  await page.getByLabel('Số điện thoại hoặc email *').fill('0903.123.456');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.getByRole('heading', { level: 1, name: `Phiếu ${code}` }).waitFor();
  assert.equal((await page.locator('#ticket-status').textContent())?.trim(), 'Đã tiếp nhận');
  await shot(page, 'public-05-tracked');

  // Staff answer through the API.
  const op = await t.login(await t.newUser('operator'));
  const ans = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
    answer: 'Điện lực đã thay thiết bị, đèn sáng lại từ tối 03/3/2026.',
  });
  assert.equal(ans.status, 200, JSON.stringify(ans.body));

  await page.reload();
  await page.getByRole('heading', { name: 'Trả lời' }).waitFor();
  await page.getByLabel('2 — Không hài lòng').check();
  await page.getByLabel('Ý kiến thêm').fill('Đèn vẫn chập chờn.');
  await shot(page, 'public-06-answered');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByText('Cảm ơn bạn đã đánh giá.').waitFor();
  await page.getByText('Bạn đã đánh giá 2/5. Xin cảm ơn.').waitFor();

  await page.getByLabel('Lý do đề nghị xử lý lại *').fill('Đèn vẫn chập chờn, tắt sau nửa đêm.');
  await page.getByRole('button', { name: 'Đề nghị xử lý lại' }).click();
  await page.getByText('Phiếu đã được mở lại để xử lý tiếp.').waitFor();
  assert.equal((await page.locator('#ticket-status').textContent())?.trim(), 'Đã tiếp nhận');
  await shot(page, 'public-07-reopened');
  const after_ = await t.db
    .selectFrom('ticket')
    .select(['status', 'reopen_count'])
    .where('id', '=', tk.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(after_, { status: 'received', reopen_count: 1 });

  // The other pages, in Vietnamese and one in English.
  for (const [path, name] of [
    ['/cong-dan/tra-loi', 'public-08-answers'],
    ['/cong-dan/hoi-dap', 'public-09-kb'],
    ['/cong-dan/co-quan', 'public-10-agencies'],
    ['/cong-dan/?lang=en', 'public-11-home-en'],
  ] as const) {
    await page.goto(`${t.baseUrl}${path}`);
    await page.locator('h1').waitFor();
    await shot(page, name);
  }
  // The service worker installs (the site is an installable app).
  const sw = await page.evaluate(
    'navigator.serviceWorker.ready.then((r) => r.active ? r.active.scriptURL : "")',
  );
  assert.match(String(sw), /\/cong-dan\/sw\.js$/);
  assert.deepEqual(problems, []);
  await ctx.close();
});
