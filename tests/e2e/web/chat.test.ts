/**
 * Live chat (R-CH-5) in Debian's Chromium against the real server: a visitor on a phone-sized
 * page that embeds the widget with one script tag gets knowledge-base suggestions, asks for a
 * person; an operator in another browser context sees the chat arrive live, claims it and
 * replies; the visitor sees the reply. Outside staffed hours the hand-off becomes a ticket
 * whose code the visitor sees.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD } from '../../helpers/app.ts';
import { launchChromium, newContext, PHONE, shot, signIn, type Page } from './browser.ts';

const MONDAY_9 = '2026-03-02T09:00:00+07:00';
const SUNDAY_10 = '2026-03-08T10:00:00+07:00';
const t = await createTestApp({ listen: true, web: true, start: MONDAY_9 });
await t.newAgency({ code: 'STP', name: 'Sở Tư pháp' });
await t.newUser('operator', null, { username: 'op.chat' });
const admin = await t.login(await t.newUser('admin'));
const kb = await admin.req(
  'POST',
  '/api/v1/kb/import?publish=true',
  [
    'kind,title,summary,agency_code',
    'faq,Thủ tục đăng ký khai sinh cho trẻ em,Nộp tờ khai và giấy chứng sinh tại UBND cấp xã,STP',
    'faq,Đăng ký khai sinh có yếu tố nước ngoài,Nộp tại UBND cấp tỉnh,STP',
    'faq,Cấp giấy phép xây dựng nhà ở riêng lẻ,Nộp hồ sơ tại UBND cấp huyện,STP',
  ].join('\n'),
  { 'content-type': 'text/csv' },
);
assert.equal(kb.status, 201, JSON.stringify(kb.body));

const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

/** A visitor on a phone opens the demo page and starts a chat through the widget. */
async function visitor(name: string, phone: string): Promise<Page> {
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await page.goto(`${t.baseUrl}/chat/demo`);
  const launcher = page.getByRole('button', { name: 'Trò chuyện với Tổng đài 1022' });
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Hỏi đáp trực tuyến 1022' });
  await dialog.waitFor();
  // Focus is inside the panel and Tab keeps it there.
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate("!!document.activeElement?.closest('[role=dialog]')"),
    true,
    'focus trapped in the chat panel',
  );
  await dialog.getByLabel('Họ và tên').fill(name);
  await dialog.getByLabel('Số điện thoại').fill(phone);
  await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
  await dialog.getByRole('log').getByText('Xin chào').waitFor();
  return page;
}

async function say(page: Page, text: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nội dung tin nhắn').fill(text);
  await dialog.getByRole('button', { name: 'Gửi' }).click();
}

test('a visitor gets KB suggestions, asks for a person; an operator claims and replies live', async () => {
  const op = await (await newContext(browser)).newPage();
  await signIn(op, t.baseUrl, 'op.chat', TEST_PASSWORD, '/operator/chat');
  await op.getByRole('heading', { name: 'Trò chuyện trực tuyến', level: 1 }).waitFor();

  const v = await visitor('Nguyễn Thị Hoa', '0912 345 678');
  const log = v.getByRole('dialog').getByRole('log');
  await say(v, 'dang ky khai sinh');
  await log.getByText('Thủ tục đăng ký khai sinh cho trẻ em').waitFor();
  await log.getByText('Đăng ký khai sinh có yếu tố nước ngoài').waitFor();
  assert.equal(await log.getByText('Cấp giấy phép xây dựng').count(), 0);
  await shot(v, 'chat-visitor-suggestions', false);

  await v.getByRole('button', { name: 'Gặp tổng đài viên' }).click();
  await log.getByText('Đang kết nối với tổng đài viên').waitFor();

  // The operator's desk, open before the hand-off, shows the chat without a reload.
  const item = op.getByRole('link', { name: /Nguyễn Thị Hoa/ });
  await item.waitFor();
  await item.click();
  const conv = op.getByRole('log', { name: 'Nội dung trò chuyện' });
  await conv.getByText('Bài viết đã gợi ý cho công dân:').waitFor();
  await conv.getByText('Thủ tục đăng ký khai sinh cho trẻ em').waitFor();
  await op.getByRole('button', { name: 'Nhận trả lời' }).click();
  await log.getByText('Tổng đài viên đã tham gia cuộc trò chuyện.').waitFor();
  await op.getByLabel('Trả lời công dân').fill('Chào chị, chị cần hỏi thêm gì về khai sinh ạ?');
  await op.getByRole('button', { name: 'Gửi' }).click();

  await log.getByText('Chào chị, chị cần hỏi thêm gì về khai sinh ạ?').waitFor();
  await say(v, 'Cho tôi hỏi lệ phí');
  await conv.getByText('Cho tôi hỏi lệ phí').waitFor();
  await shot(v, 'chat-visitor-reply', false);
  await shot(op, 'chat-desk');

  // The connection drops (every socket of the server cut): the widget says so, keeps what the
  // visitor writes meanwhile, reconnects, resumes and resends it; the operator gets it once.
  // Offline first, so that the widget cannot reconnect before the visitor has written.
  await v.context().setOffline(true);
  for (const ws of t.app.websocketServer.clients) ws.terminate();
  await v.getByText('Mất kết nối, đang kết nối lại…').waitFor();
  await say(v, 'Tin nhắn gửi lúc mất mạng');
  await log.getByText('đang gửi…').waitFor();
  await v.context().setOffline(false);
  await conv.getByText('Tin nhắn gửi lúc mất mạng').waitFor();
  await log.getByText('đang gửi…').waitFor({ state: 'detached' });
  assert.equal(await log.getByText('Tin nhắn gửi lúc mất mạng').count(), 1);
  const stored = await t.db
    .selectFrom('chat_message')
    .select('id')
    .where('body', '=', 'Tin nhắn gửi lúc mất mạng')
    .execute();
  assert.equal(stored.length, 1);

  // Escape closes the panel and gives focus back to the launcher.
  await v.keyboard.press('Escape');
  assert.equal(
    await v.evaluate('document.activeElement?.textContent'),
    'Trò chuyện với Tổng đài 1022',
  );
});

test('outside staffed hours the chat becomes a ticket whose code the visitor sees', async () => {
  t.clock.set(SUNDAY_10);
  const v = await visitor('Trần Văn Nam', '0987 654 321');
  await say(v, 'Cống thoát nước trước nhà bị tắc, nước tràn ra đường');
  await v.getByRole('dialog').getByText('Cống thoát nước trước nhà bị tắc').waitFor();
  await v.getByRole('button', { name: 'Gặp tổng đài viên' }).click();
  const code = v.getByText(/Mã phiếu của Quý khách: PA-2026-\d+/);
  await code.waitFor();
  const shown = (await code.textContent())!.match(/PA-2026-\d+/)![0];
  const ticket = await t.db
    .selectFrom('ticket')
    .select(['channel', 'citizen_name', 'content'])
    .where('code', '=', shown)
    .executeTakeFirstOrThrow();
  assert.equal(ticket.channel, 'chat');
  assert.equal(ticket.citizen_name, 'Trần Văn Nam');
  assert.match(ticket.content, /Cống thoát nước trước nhà bị tắc/);
  await shot(v, 'chat-visitor-ticket', false);
  t.clock.set(MONDAY_9);
});
