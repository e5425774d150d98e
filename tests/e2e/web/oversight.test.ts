/**
 * Coordination, escalation and access in Debian's Chromium against the real server, with the
 * server's ManualClock driving the deadline sweeper and the browsers' clocks set to the same
 * instants: the coordinator assigns a ticket of unclear jurisdiction (R-WF-7); a focal point
 * lets the 8 working hours pass and the head sees the escalation arrive live (R-SLA-2); the
 * coordinator asks the agency to explain (R-WF-10) and, 48 working hours later, sees the
 * ticket overdue (R-SLA-3); nobody sees another agency's tickets or a screen of another role.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, ticketBody } from '../../helpers/app.ts';
import { sweepDeadlines } from '../../../src/jobs/sla-sweeper.ts';
import { dispatchOutbox } from '../../../src/jobs/outbox-dispatcher.ts';
import { InAppAdapter } from '../../../src/channels/inapp/inapp.adapter.ts';
import { seedWebFixture } from './fixture.ts';
import { signIn as apiSignIn } from '../../api/support.ts';
import {
  fixClock,
  launchChromium,
  newContext,
  PHONE,
  shot,
  signIn,
  type BrowserContext,
  type Page,
} from './browser.ts';

const MONDAY_16 = '2026-03-02T16:00:00+07:00';
const t = await createTestApp({ listen: true, web: true, start: MONDAY_16 });
const f = await seedWebFixture(t);
await t.newUser('agency_head', f.sxd, { username: 'head.sxd' });
await t.newUser('agency_head', f.sgtvt, { username: 'head.sgtvt' });
await t.newUser('coordinator', null, { username: 'dp.vpubnd' });
await t.newUser('supervisor', null, { username: 'gs.ca1' });
const browser = await launchChromium();
const contexts: BrowserContext[] = [];
after(async () => {
  await browser.close();
  await t.close();
});

/** A signed-in page whose clock reads the server's ManualClock time. */
async function as(username: string, path = '/', device?: typeof PHONE): Promise<Page> {
  const ctx = await newContext(browser, device);
  contexts.push(ctx);
  await fixClock(ctx, t.clock.now());
  const p = await ctx.newPage();
  await signIn(p, t.baseUrl, username, TEST_PASSWORD, path);
  return p;
}

/** Moves the server's clock and every open browser's clock to `at`. */
async function timeIs(at: string) {
  t.clock.set(at);
  for (const c of contexts) await fixClock(c, t.clock.now());
}

/** The operator over the API, signed in afresh: the clock jumps days, sessions last 12 h. */
const operator = () => t.login(f.operator);
async function newTicket(subject: string, fieldId?: string) {
  const op = await operator();
  const c = await op.post('/api/v1/tickets', ticketBody({ subject, ...(fieldId && { fieldId }) }));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return c.body as { id: string; code: string };
}
async function liveOpen(p: Page) {
  await p.locator('[data-live="open"]').waitFor({ timeout: 10_000 });
}

test('the coordinator assigns a ticket of unclear jurisdiction; the agency sees it arrive (R-WF-7)', async () => {
  const tk = await newTicket('Cống thoát nước tràn ra đường giáp ranh hai phường');
  const op = await operator();
  assert.equal(
    (await op.post(`/api/v1/tickets/${tk.id}/actions/send_to_coordinator`, {})).status,
    200,
  );
  const fp = await as('fp.sgtvt', '/', PHONE);
  await fp.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  await liveOpen(fp);

  const c = await as('dp.vpubnd');
  // The coordinator lands on the coordination desk.
  await c.getByRole('heading', { name: 'Điều phối xử lý' }).waitFor();
  await liveOpen(c);
  const row = c.locator(`[data-ticket="${tk.code}"]`);
  await row.waitFor();
  await c
    .getByRole('tab', { name: /Chờ xác định thẩm quyền/ })
    .getByText('1')
    .waitFor();
  await shot(c, 'coord-01-unclear');

  await row.getByRole('button', { name: `Giao đơn vị: phiếu ${tk.code}` }).click();
  const form = row.locator('form');
  // The agency list has focus; nothing is preselected for a ticket without a field.
  assert.equal(await c.evaluate('document.activeElement?.id'), 'af-agencyId');
  await form.getByRole('button', { name: 'Xác nhận: Chuyển đơn vị' }).click();
  await form.getByText('Vui lòng chọn một mục.').waitFor();
  await form.getByLabel('Đơn vị tiếp nhận').selectOption(f.sgtvt.id);
  await shot(c, 'coord-02-assign-form');
  await form.getByRole('button', { name: 'Xác nhận: Chuyển đơn vị' }).click();
  await c
    .getByRole('status')
    .filter({ hasText: `Đã giao phiếu ${tk.code} cho đơn vị.` })
    .waitFor();
  await row.waitFor({ state: 'detached' });
  await c.getByText('Không có phiếu nào chờ xác định thẩm quyền.').waitFor();

  // The focal point's queue shows it without a reload.
  await fp.locator(`[data-ticket="${tk.code}"]`).waitFor({ timeout: 5000 });
  const detail = await op.get(`/api/v1/tickets/${tk.id}`);
  assert.equal(detail.body.status, 'forwarded');
  assert.equal(detail.body.agencyId, f.sgtvt.id);
  const fwd = detail.body.timeline.at(-1);
  assert.equal(fwd.action, 'forward');
  assert.equal(fwd.actorRole, 'coordinator');
});

test('a focal point misses the deadline: the head sees the escalation live; the coordinator asks for an explanation; 48 h later it is overdue (R-SLA-2, R-SLA-3, R-WF-10)', async () => {
  await timeIs(MONDAY_16);
  const tk = await newTicket('Đèn chiếu sáng công viên tắt cả tuần', f.lighting.id);
  const op = await operator();
  const fw = await op.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: f.sxd.id });
  assert.equal(fw.status, 200);
  // Monday 16:00 + 8 working hours = Tuesday 16:00.
  assert.equal(fw.body.deadline.dueAt, new Date('2026-03-03T16:00:00+07:00').toISOString());

  // Tuesday morning: the head opens the agency's queue on a phone.
  await timeIs('2026-03-03T07:30:00+07:00');
  const head = await as('head.sxd', '/', PHONE);
  await head.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  await liveOpen(head);
  const row = head.locator(`[data-ticket="${tk.code}"]`);
  await row.locator('.cd-time').filter({ hasText: 'Còn 7 giờ 00 phút' }).waitFor();
  assert.equal(await row.getByText('Đã chuyển thủ trưởng').count(), 0);

  // 16:01: the sweeper escalates; the head's screen changes in place.
  await head.evaluate('window.__o1022mark = 1');
  await timeIs('2026-03-03T16:01:00+07:00');
  const swept = await sweepDeadlines(t.ctx, t.services);
  assert.ok(swept.fired >= 1, JSON.stringify(swept));
  await row.getByText('Đã chuyển thủ trưởng').waitFor({ timeout: 5000 });
  assert.equal(await head.evaluate('window.__o1022mark === 1'), true, 'no reload');
  // The countdown now runs on the head's 48 working hours.
  await row
    .locator('.cd-time')
    .filter({ hasText: /^Còn 4[78] giờ/ })
    .waitFor();
  await dispatchOutbox(t.ctx, [new InAppAdapter(t.db)]);
  await head.locator('.notif-button .count').filter({ hasText: '1' }).waitFor();
  await head.locator('.notif-button').click();
  await head.getByText(`Phiếu ${tk.code} quá hạn cán bộ đầu mối — chuyển Thủ trưởng`).waitFor();
  await shot(head, 'esc-01-head-escalated-phone');
  await head.keyboard.press('Escape');

  // The coordinator sees it among late tickets and asks the agency to explain.
  const c = await as('dp.vpubnd', '/coordinator?tab=late');
  await c.getByRole('heading', { name: 'Điều phối xử lý' }).waitFor();
  const late = c.locator(`[data-ticket="${tk.code}"]`);
  await late.getByText('Đã chuyển thủ trưởng').waitFor();
  await late.getByRole('button', { name: `Yêu cầu giải trình: phiếu ${tk.code}` }).click();
  const reason = late.getByLabel('Nội dung nhắc nhở');
  assert.match(
    await reason.inputValue(),
    new RegExp(`giải trình lý do chậm xử lý phiếu ${tk.code}`),
  );
  assert.match(await reason.inputValue(), /Sở Xây dựng/);
  await shot(c, 'coord-03-explain-form');
  await late.getByRole('button', { name: 'Xác nhận: Nhắc nhở đơn vị' }).click();
  await c
    .getByRole('status')
    .filter({ hasText: `Đã gửi nhắc nhở về phiếu ${tk.code} đến Sở Xây dựng.` })
    .waitFor();
  const after = await (await operator()).get(`/api/v1/tickets/${tk.id}`);
  const remind = after.body.timeline.at(-1);
  assert.equal(remind.action, 'remind');
  assert.equal(remind.actorRole, 'coordinator');
  assert.match(remind.data.reason ?? remind.note ?? '', /giải trình/);
  // The head is told, live.
  await dispatchOutbox(t.ctx, [new InAppAdapter(t.db)]);
  await head.locator('.notif-button .count').filter({ hasText: '2' }).waitFor();

  // 48 working hours later the head has not answered either: overdue, reported.
  await timeIs('2026-03-11T16:02:00+07:00');
  await sweepDeadlines(t.ctx, t.services);
  const c2 = await as('dp.vpubnd', '/coordinator?tab=late');
  const overdue = c2.locator(`[data-ticket="${tk.code}"]`);
  await overdue.getByText('Trễ hạn — đang chờ xử lý').waitFor();
  await shot(c2, 'coord-04-overdue');
});

test('nobody sees another agency’s tickets or another role’s screens', async () => {
  await timeIs('2026-03-12T09:00:00+07:00');
  const tk = await newTicket('Vỉa hè bị lấn chiếm', f.lighting.id);
  await (await operator()).post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: f.sxd.id });

  // Another agency's head: not in the queue, not by URL, no admin screens.
  const other = await as('head.sgtvt', '/', PHONE);
  await other.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  await other.locator('.rows, .empty').first().waitFor();
  assert.equal(await other.locator(`[data-ticket="${tk.code}"]`).count(), 0);
  await other.goto(`${t.baseUrl}/tickets/${tk.id}`);
  await other.getByRole('heading', { name: 'Không tìm thấy phiếu' }).waitFor();
  assert.equal(await other.getByText(tk.code).count(), 0);
  await other.goto(`${t.baseUrl}/admin/users`);
  await other.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
  assert.equal(await other.getByRole('link', { name: 'Quản trị' }).count(), 0);
  await shot(other, 'access-01-admin-denied-phone');

  // The coordinator has no admin area; an operator has no coordination desk.
  const c = await as('dp.vpubnd', '/admin/calendars');
  await c.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();

  // The operator's console never downloads the admin, coordination or supervision chunks.
  const ctx = await newContext(browser);
  contexts.push(ctx);
  const scripts: string[] = [];
  ctx.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  const o = await ctx.newPage();
  await signIn(o, t.baseUrl, 'op.lan', TEST_PASSWORD);
  await o.getByRole('heading', { name: 'Hộp phiếu' }).waitFor();
  await o.goto(`${t.baseUrl}/coordinator`);
  await o.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
  await o.goto(`${t.baseUrl}/admin`);
  await o.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
  assert.ok(scripts.length > 0);
  assert.deepEqual(
    scripts.filter((s) => /AdminArea|Coordinator|Supervisor/.test(s)),
    [],
    scripts.join(' '),
  );
  // An administrator's first visit to the admin area loads it as a chunk of its own.
  const admin = await t.newUser('admin', null, { username: 'qt.tinh' });
  const actx = await newContext(browser);
  contexts.push(actx);
  const adminScripts: string[] = [];
  actx.on('request', (r) => {
    if (r.resourceType() === 'script') adminScripts.push(new URL(r.url()).pathname);
  });
  const a = await actx.newPage();
  await signIn(a, t.baseUrl, admin.username, TEST_PASSWORD);
  await a.getByRole('heading', { name: 'Người dùng và phân quyền' }).waitFor();
  assert.equal(adminScripts.filter((s) => /AdminArea/.test(s)).length, 1);
});

test('the supervisor sees the shift: queues, tickets recorded this shift, operators (R-OP-2)', async () => {
  await timeIs('2026-03-12T09:30:00+07:00');
  await newTicket('Xin hướng dẫn thủ tục cấp phép xây dựng nhà ở');
  const s = await as('gs.ca1');
  await s.getByRole('link', { name: 'Ca trực' }).click();
  await s.getByRole('heading', { name: 'Ca trực' }).waitFor();
  await s.getByText('Ca 1: từ 06:00 12/03/2026 đến 14:00 12/03/2026.').waitFor();
  await s.getByText('Xin hướng dẫn thủ tục cấp phép xây dựng nhà ở').waitFor();
  await s.getByRole('heading', { name: /^Tổng đài viên \(1\)$/ }).waitFor();
  // The operator's load today, and it follows the work live.
  const row = s.locator('[data-operator="op.lan"]');
  await row.getByText('Đang làm việc').waitFor();
  const count = async (col: string) =>
    Number(await row.locator(`[data-col="${col}"]`).textContent());
  const cell = (col: string, n: number) =>
    row.locator(`[data-col="${col}"]`).filter({ hasText: new RegExp(`^${n}$`) });
  const [created, handled, held] = [
    await count('created'),
    await count('handled'),
    await count('held'),
  ];
  assert.ok(created >= 1, `recorded today: ${created}`);
  await s.evaluate('window.__o1022mark = 1');
  const second = await newTicket('Hỏi lịch tiêm chủng mở rộng');
  await cell('created', created + 1).waitFor();
  await cell('held', held + 1).waitFor();
  const op = await operator();
  const answered = await op.post(`/api/v1/tickets/${second.id}/actions/answer_directly`, {
    answer: 'Tiêm chủng vào ngày 25 hằng tháng tại trạm y tế.',
  });
  assert.equal(answered.status, 200);
  await cell('handled', handled + 1).waitFor();
  await cell('held', held).waitFor();
  assert.equal(await s.evaluate('window.__o1022mark'), 1, 'updated in place');
  await s.waitForLoadState('networkidle');
  await shot(s, 'sup-01-shift');
});

test('R-PUB-2: a leader reads a ticket masked and gets no link to a file that cannot be masked; so does a focal point on a confidential ticket, on a phone', async () => {
  await timeIs('2026-03-13T09:00:00+07:00');
  await t.newUser('leader', null, { username: 'ld.mask' });
  const op = await apiSignIn(t, f.operator);
  const photo = await op.upload('cccd-le-thi-hoa.jpg', 'image/jpeg', '\xff\xd8\xff\xe0 ảnh');
  const note = await op.upload('ghi-chu.txt', 'text/plain', 'Bà Lê Thị Hoa gọi lại 0935111222.');
  const c = await op.post(
    '/api/v1/tickets',
    ticketBody({
      subject: 'Lê Thị Hoa báo đèn đường hỏng',
      content: 'Tôi là Lê Thị Hoa, CCCD 079123456789, số điện thoại 0935111222. Đèn hỏng.',
      citizen: { name: 'Lê Thị Hoa', phone: '0935111222' },
      confidential: true,
      fieldId: f.lighting.id,
      attachmentIds: [photo.body.id, note.body.id],
    }),
  );
  assert.equal(c.status, 201, JSON.stringify(c.body));
  await op.post(`/api/v1/tickets/${c.body.id}/actions/forward`, { agencyId: f.sxd.id });

  for (const [who, device, name] of [
    ['ld.mask', undefined, 'mask-01-leader-ticket'],
    ['fp.sxd', PHONE, 'mask-02-agency-confidential-phone'],
  ] as const) {
    const p = await as(who, `/tickets/${c.body.id}`, device);
    await p.getByText('Thông tin cá nhân đã được che theo quy định bảo mật.').waitFor();
    await p.getByText('Không tải được: tệp không thể che thông tin cá nhân.').waitFor();
    const text = (await p.locator('body').textContent()) ?? '';
    for (const v of ['Lê Thị Hoa', '0935111222', '079123456789', 'cccd-le-thi-hoa'])
      assert.ok(!text.includes(v), `${who} reads ${v}`);
    // The text file is offered (masked when downloaded), the photo is not.
    assert.equal(await p.locator('a[href*="/attachments/"]').count(), 1);
    await shot(p, name);
  }
});
