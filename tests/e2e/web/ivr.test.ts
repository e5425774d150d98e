/**
 * The IVR screen (R-TEL-2) in Debian's Chromium against the real server: an administrator adds
 * a flow, the server's problem is shown at the node it is about, the fixed flow saves (its
 * prompts rendered by espeak-ng on the server), "Nghe thử" plays a prompt, and a stale
 * version is refused with the server's message.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD } from '../../helpers/app.ts';
import { launchChromium, newContext, shot, signIn } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const admin = await t.newUser('admin', null, { username: 'admin.ivr' });
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

test('an administrator builds a flow: problems at the node, saved, listened to', async () => {
  const p = await (await newContext(browser)).newPage();
  await signIn(p, t.baseUrl, admin.username, TEST_PASSWORD, '/admin/ivr');
  await p.getByRole('heading', { name: 'Kịch bản tổng đài tự động (IVR)', level: 1 }).waitFor();
  await p.getByText('Chưa có kịch bản nào: tổng đài đang dùng kịch bản mẫu.').waitFor();

  await p.getByRole('button', { name: 'Thêm kịch bản' }).click();
  const form = p.locator('#ivr-editor');
  await form.getByRole('textbox', { name: 'Tên kịch bản' }).fill('Đường dây nóng');
  await form.getByRole('textbox', { name: 'Số gọi đến (DNIS)' }).fill('1022, 0236 3822 022');
  await form.getByRole('checkbox', { name: 'Kịch bản mặc định' }).check();
  const greeting = form.getByRole('textbox', { name: 'Nội dung nút greeting (JSON)' });
  await greeting.fill(
    JSON.stringify({
      type: 'message',
      prompt: 'Xin chào, đây là đường dây nóng của tỉnh.',
      next: 'nowhere',
    }),
  );
  await form
    .getByRole('textbox', { name: 'Nội dung nút bye (JSON)' })
    .fill(JSON.stringify({ type: 'hangup', prompt: 'Xin cảm ơn.' }));
  await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
  // The server's answer, and its problem shown at the node it is about.
  await form.getByText('Kịch bản IVR có lỗi; xem chi tiết tại từng nút.').waitFor();
  await p
    .locator('[data-node="greeting"]')
    .getByText('next: Nút "greeting" dẫn đến nút "nowhere" không tồn tại.')
    .waitFor();
  assert.equal(await greeting.getAttribute('aria-invalid'), 'true');
  await shot(p, 'ivr-01-problem-at-node');

  await greeting.fill(
    JSON.stringify({
      type: 'message',
      prompt: 'Xin chào, đây là đường dây nóng của tỉnh.',
      next: 'bye',
    }),
  );
  await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await p
    .getByRole('status')
    .filter({ hasText: 'Đã thêm kịch bản Đường dây nóng; lời nhắc đã được tạo giọng đọc.' })
    .waitFor();
  const card = p.locator('.ivr-flow').filter({ hasText: 'Đường dây nóng' });
  await card.getByText('Số gọi đến: 02363822022, 1022').waitFor();
  await card.getByText('Mặc định').waitFor();

  // Listen to the greeting as callers will hear it.
  await form.getByRole('button', { name: 'Nghe thử greeting.prompt' }).click();
  const player = form.getByRole('region', { name: 'Nghe thử một câu' }).locator('audio');
  await player.waitFor();
  assert.match(
    (await player.getAttribute('src')) ?? '',
    /^\/api\/v1\/ivr\/preview\?voice=vi&text=/,
  );
  // What the player holds: a WAV of the spoken greeting (16-bit, 8 kHz: 16 000 bytes a second).
  const [riff, bytes] = (await p.evaluate(`(async () => {
    const b = await (await fetch(document.querySelector('.ivr-listen audio').src)).arrayBuffer();
    return [String.fromCharCode(...new Uint8Array(b.slice(0, 4))), b.byteLength];
  })()`)) as [string, number];
  assert.equal(riff, 'RIFF');
  const seconds = (bytes - 44) / 16000;
  assert.ok(seconds > 1, `the preview is the spoken greeting (${seconds} s)`);
  await shot(p, 'ivr-02-saved');

  // Someone else saves meanwhile: this editor's version is stale.
  const api = await t.login(admin);
  const list = await api.get('/api/v1/ivr/flows');
  const flow = list.body.items[0];
  const detail = await api.get(`/api/v1/ivr/flows/${flow.id}`);
  const other = await api.put(`/api/v1/ivr/flows/${flow.id}`, {
    version: flow.version,
    flow: { ...detail.body.flow, name: 'Đường dây nóng (người khác sửa)' },
    numbers: detail.body.numbers,
    isDefault: true,
  });
  assert.equal(other.status, 200);
  await form.getByRole('textbox', { name: 'Tên kịch bản' }).fill('Đường dây nóng 2');
  await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await form.getByText('Kịch bản IVR vừa được người khác sửa. Vui lòng tải lại.').waitFor();
  await form.getByRole('button', { name: 'Tải lại phiên bản mới nhất' }).click();
  await p
    .getByRole('heading', { name: 'Sửa kịch bản Đường dây nóng (người khác sửa)', level: 2 })
    .waitFor();
  await p.context().close();
});
