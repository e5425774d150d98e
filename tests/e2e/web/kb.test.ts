/**
 * R-WF-1 in a real browser: an operator answers from the knowledge base. The suggestions
 * follow the ticket's content and the operator's own unaccented search, are walked with the
 * keyboard, flag an article past its review date, and "Trả lời theo bài viết này" fills the
 * answer with the article's text and citation; the timeline (and the stored event) name the
 * article and its version.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, ticketBody } from '../../helpers/app.ts';
import { seedWebFixture } from './fixture.ts';
import { launchChromium, newContext, shot, signIn } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const f = await seedWebFixture(t);
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

const coord = await t.login(await t.newUser('coordinator'));
async function publish(body: Record<string, unknown>) {
  const c = await coord.post('/api/v1/kb/articles', { agencyId: f.sxd.id, ...body });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal((await coord.post(`/api/v1/kb/articles/${c.body.id}/submit`)).status, 200);
  const p = await coord.post(`/api/v1/kb/articles/${c.body.id}/publish`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body as { id: string; version: number };
}

const current = await publish({
  kind: 'faq',
  code: 'HD-XD-001',
  title: 'Xây nhà ở riêng lẻ có cần giấy phép xây dựng không?',
  summary:
    'Nhà ở riêng lẻ tại đô thị phải có giấy phép xây dựng, trừ trường hợp được miễn theo Luật Xây dựng.',
  body: 'Hồ sơ nộp tại UBND cấp xã; thời hạn giải quyết 15 ngày.',
  keywords: ['giấy phép xây nhà'],
});
const stale = await publish({
  kind: 'faq',
  code: 'HD-XD-002',
  title: 'Lệ phí cấp giấy phép xây dựng nhà ở là bao nhiêu?',
  summary: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ là 75.000 đồng.',
  reviewDue: '2025-01-01',
});

test('an operator answers from the knowledge base', async () => {
  const opApi = await t.login(f.operator);
  const created = await opApi.post(
    '/api/v1/tickets',
    ticketBody({
      channel: 'email',
      subject: 'Hỏi giấy phép xây dựng',
      content: 'Tôi muốn xây nhà ở riêng lẻ trong phường thì có cần xin giấy phép xây dựng không?',
      citizen: { name: 'Phạm Văn Đức', email: 'duc@example.vn' },
    }),
  );
  assert.equal(created.status, 201);
  const tk = created.body as { id: string; code: string };

  const ctx = await newContext(browser);
  const op = await ctx.newPage();
  await signIn(op, t.baseUrl, 'op.lan', TEST_PASSWORD, `/tickets/${tk.id}`);
  await op.getByRole('heading', { name: `Phiếu ${tk.code}` }).waitFor();
  await op.getByRole('button', { name: 'Trả lời ngay' }).click();

  // Suggestions from the ticket's own content, with highlighted words.
  const panel = op.locator('.kb-panel');
  const first = panel.locator(`[data-kb-id="${current.id}"]`);
  await first.waitFor();
  assert.ok((await first.locator('mark').count()) > 0, 'matching words are highlighted');
  assert.match((await first.textContent()) ?? '', /Hỏi đáp.*Mã HD-XD-001.*phiên bản 1/);

  // The operator's own search, without accents, and the stale article flagged.
  await op.keyboard.press('Alt+KeyK');
  assert.equal(await op.evaluate('document.activeElement?.id'), 'kb-q', 'Alt+K focuses search');
  await op.keyboard.type('le phi giay phep xay dung');
  const flagged = panel.locator(`[data-kb-id="${stale.id}"]`);
  await flagged.waitFor();
  await flagged.getByText(/Quá hạn rà soát \(01\/01\/2025\)/).waitFor();
  await shot(op, 'kb-01-suggestions');

  // Back to the first article with the keyboard: search, ↓ to its button, Enter.
  await op.getByLabel('Tìm trong cơ sở tri thức').fill('giay phep xay nha');
  await panel.locator('.kb-item').first().and(first).waitFor();
  await op.getByLabel('Tìm trong cơ sở tri thức').focus();
  await op.keyboard.press('ArrowDown');
  assert.equal(
    await op.evaluate('document.activeElement?.textContent'),
    'Trả lời theo bài viết này',
  );
  await op.keyboard.press('Enter');
  const answer = op.getByRole('textbox', { name: 'Nội dung trả lời công dân' });
  await op
    .getByText(
      'Trả lời theo bài viết: Xây nhà ở riêng lẻ có cần giấy phép xây dựng không? (phiên bản 1)',
    )
    .waitFor();
  const text = await answer.inputValue();
  assert.ok(text.startsWith('Nhà ở riêng lẻ tại đô thị phải có giấy phép xây dựng'), text);
  assert.ok(
    text.endsWith(
      'Nguồn: Xây nhà ở riêng lẻ có cần giấy phép xây dựng không? (mã HD-XD-001) — Cơ sở dữ liệu tri thức của Tổng đài 1022, phiên bản 1.',
    ),
    text,
  );
  assert.equal(await op.evaluate('document.activeElement?.id'), 'af-answer', 'answer to review');
  await shot(op, 'kb-02-answer-filled');

  // Ctrl+Enter sends; the timeline names the article and version.
  await op.keyboard.press('Control+Enter');
  await op.getByText('Đã thực hiện: Trả lời ngay.').waitFor();
  await op
    .locator('.tl-kb')
    .filter({
      hasText:
        'Theo bài viết: Xây nhà ở riêng lẻ có cần giấy phép xây dựng không? — mã HD-XD-001 (phiên bản 1)',
    })
    .waitFor();
  await shot(op, 'kb-03-timeline');
  const ev = await t.db
    .selectFrom('ticket_event')
    .select('data')
    .where('ticket_id', '=', tk.id)
    .where('action', '=', 'answer_directly')
    .executeTakeFirstOrThrow();
  const data = ev.data as Record<string, unknown>;
  assert.equal(data.kbArticleId, current.id);
  assert.equal(data.kbVersion, 1);
  assert.equal(data.answer, text.trim());
  await ctx.close();
});

test('answering from an outdated article warns the operator before sending', async () => {
  const opApi = await t.login(f.operator);
  const created = await opApi.post(
    '/api/v1/tickets',
    ticketBody({ content: 'Cho hỏi lệ phí cấp giấy phép xây dựng nhà ở là bao nhiêu tiền?' }),
  );
  const tk = created.body as { id: string; code: string };
  const ctx = await newContext(browser);
  const op = await ctx.newPage();
  await signIn(op, t.baseUrl, 'op.lan', TEST_PASSWORD, `/tickets/${tk.id}`);
  await op.getByRole('button', { name: 'Trả lời ngay' }).click();
  const item = op.locator(`.kb-panel [data-kb-id="${stale.id}"]`);
  await item.getByRole('button', { name: 'Trả lời theo bài viết này' }).click();
  await op
    .getByText('Bài viết này quá hạn rà soát hoặc đã hết hiệu lực: câu trả lời có thể đã cũ.')
    .waitFor();
  // Unlinking keeps the text but no longer cites the article.
  await op.getByRole('button', { name: 'Bỏ liên kết bài viết' }).click();
  assert.match(
    await op.getByRole('textbox', { name: 'Nội dung trả lời công dân' }).inputValue(),
    /75\.000 đồng/,
  );
  await op.getByRole('button', { name: 'Xác nhận: Trả lời ngay' }).click();
  await op.getByText('Đã thực hiện: Trả lời ngay.').waitFor();
  assert.equal(await op.locator('.tl-kb').count(), 0);
  await ctx.close();
});

test('while recording a call, the suggestions follow the content; answering saves the ticket and opens the answer', async () => {
  const ctx = await newContext(browser);
  const op = await ctx.newPage();
  await signIn(op, t.baseUrl, 'op.lan', TEST_PASSWORD, '/operator/new');
  await op.getByRole('heading', { name: 'Tạo phiếu mới' }).waitFor();
  await op.getByLabel('Số điện thoại').fill('0987654321');
  await op.getByLabel('Họ và tên').fill('Võ Thị Hoa');
  await op
    .getByRole('textbox', { name: 'Nội dung', exact: true })
    .fill('Hoi xay nha o rieng le co can giay phep xay dung khong');
  const item = op.locator(`.kb-panel [data-kb-id="${current.id}"]`);
  await item.waitFor();
  await shot(op, 'kb-04-new-ticket');
  await item.getByRole('button', { name: 'Trả lời theo bài viết này' }).click();
  await op.getByRole('heading', { name: /^Phiếu PA-/ }).waitFor();
  const answer = op.getByRole('textbox', { name: 'Nội dung trả lời công dân' });
  assert.match(await answer.inputValue(), /^Nhà ở riêng lẻ tại đô thị/);
  await op.getByRole('button', { name: 'Xác nhận: Trả lời ngay' }).click();
  await op.getByText('Đã thực hiện: Trả lời ngay.').waitFor();
  await op.locator('.tl-kb').filter({ hasText: 'mã HD-XD-001 (phiên bản 1)' }).waitFor();
  await ctx.close();
});
