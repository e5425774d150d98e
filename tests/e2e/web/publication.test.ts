/**
 * The publication desk in Chromium: an operator reviews the proposed redactions of an answered
 * ticket, undoes one, publishes, and the citizens' site shows exactly the approved text.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, ticketBody } from '../../helpers/app.ts';
import { launchChromium, newContext, shot, signIn } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

test('an operator publishes an answer after reviewing the proposed redactions', async () => {
  const user = await t.newUser('operator');
  const op = await t.login(user);
  const c = await op.post(
    '/api/v1/tickets',
    ticketBody({
      subject: 'Đèn đường hỏng trước chợ',
      content: 'Tôi là Nguyễn Văn An, SĐT 0912345678. Đèn đường trước chợ Bà Chiểu bị hỏng.',
    }),
  );
  assert.equal(c.status, 201);
  const a = await op.post(`/api/v1/tickets/${c.body.id}/actions/answer_directly`, {
    answer: 'Đã thay bóng đèn. Bà Trần Thị Lan (tổ trưởng) đã xác nhận.',
  });
  assert.equal(a.status, 200);

  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, t.baseUrl, user.username, TEST_PASSWORD, '/publications');
  await page.getByRole('heading', { level: 1, name: 'Công khai kết quả trả lời' }).waitFor();
  await page.getByRole('button', { name: c.body.code }).click();
  await page.getByRole('heading', { name: `Duyệt phiếu ${c.body.code}` }).waitFor();
  const question = page.getByLabel('Nội dung sẽ công khai — Nội dung phản ánh');
  assert.equal(
    await question.inputValue(),
    'Tôi là [họ tên], SĐT [số điện thoại]. Đèn đường trước chợ Bà Chiểu bị hỏng.',
  );
  // The team leader's name may be published (a public role): the approver undoes that change.
  await page.getByLabel('Ẩn “Trần Thị Lan” → [họ tên]').uncheck();
  const answer = page.getByLabel('Nội dung sẽ công khai — Kết quả trả lời');
  assert.match(await answer.inputValue(), /Bà Trần Thị Lan \(tổ trưởng\)/);
  await shot(page, 'publication-01-review');
  await page.getByRole('button', { name: 'Công khai', exact: true }).click();
  await page.getByText('Đã công khai.', { exact: true }).waitFor();
  await shot(page, 'publication-02-published');

  const pub = await page.context().request.get(`${t.baseUrl}/cong-dan/tra-loi/${c.body.id}`);
  const html = await pub.text();
  assert.equal(pub.status(), 200);
  assert.doesNotMatch(html, /Nguyễn Văn An|0912345678/);
  assert.match(html, /Bà Trần Thị Lan/);
  await ctx.close();
});
