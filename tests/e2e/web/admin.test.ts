/**
 * The administration screens in Debian's Chromium against the real server on real PostgreSQL,
 * with the server's ManualClock and the browsers' clocks set to the same instant (Friday
 * 6 March 2026, 16:00 in Vietnam): an administrator creates a user who then signs in, resets
 * a password and deactivates an account; adds a holiday and the focal point's working-hours
 * countdown follows; every section opens by keyboard and is photographed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD, ticketBody } from '../../helpers/app.ts';
import { seedWebFixture } from './fixture.ts';
import {
  fixClock,
  launchChromium,
  newContext,
  PHONE,
  screenshotDir,
  shot,
  signIn,
  type Page,
} from './browser.ts';
import { buildWorkCalendar } from '../../../web/src/surfaces/agency/calendar.ts';
import { countdown } from '../../../web/src/surfaces/agency/countdown.ts';
import { translate } from '../../../web/src/i18n/catalog.ts';

const FRIDAY_16 = '2026-03-06T16:00:00+07:00';
const t = await createTestApp({ listen: true, web: true, start: FRIDAY_16 });
const f = await seedWebFixture(t);
const admin = await t.newUser('admin', null, { username: 'admin.tinh' });
await t.newUser('agency_head', f.sxd, { username: 'head.sxd' });
await t.newUser('operator', null, { username: 'op.reset' });
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

async function adminPage(path = '/'): Promise<Page> {
  const p = await page();
  await signIn(p, t.baseUrl, admin.username, TEST_PASSWORD, path);
  return p;
}

test('an administrator creates a user, who can then sign in (R-AD-1, R-AG-2)', async () => {
  const p = await adminPage();
  // The administrator lands on the users screen, focus on its heading.
  await p.getByRole('heading', { name: 'Người dùng và phân quyền' }).waitFor();
  assert.equal(await p.evaluate('document.activeElement?.tagName'), 'H1');
  await p.locator('[data-user="fp.sxd"]').waitFor();

  await p.getByRole('button', { name: 'Thêm người dùng' }).click();
  await p.getByRole('heading', { name: 'Thêm người dùng', level: 2 }).waitFor();
  assert.equal(await p.evaluate('document.activeElement?.id'), 'ue-username', 'focus in the form');
  // Saving it empty names every mistake, at its input, in Vietnamese.
  await p.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const summary = p.getByRole('alert').filter({ hasText: 'Có 4 mục cần sửa:' });
  await summary
    .getByRole('link', { name: 'Tên đăng nhập: Vui lòng nhập thông tin này.' })
    .waitFor();
  await summary.getByRole('link', { name: 'Vai trò: Vui lòng chọn một mục.' }).waitFor();
  await shot(p, 'admin-01-user-errors');

  const form = p.locator('#user-editor');
  await form.getByLabel('Tên đăng nhập').fill('tran.van.hai');
  await form.getByLabel('Họ và tên').fill('Trần Văn Hải');
  await form.getByLabel('Vai trò').selectOption({ label: 'Cán bộ đầu mối' });
  await p.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await p
    .getByRole('link', { name: 'Đơn vị: Cán bộ đầu mối và thủ trưởng phải thuộc một đơn vị.' })
    .waitFor();
  await form.getByRole('combobox', { name: 'Đơn vị', exact: true }).selectOption(f.sxd.id);
  await form.getByLabel('Chức danh').fill('Chuyên viên Văn phòng Sở');
  await p.getByRole('button', { name: 'Tạo mật khẩu ngẫu nhiên' }).click();
  const password = await p.locator('#ue-password').inputValue();
  assert.equal(password.length, 14);
  await shot(p, 'admin-02-user-form');
  await p.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await p.getByRole('status').filter({ hasText: 'Đã tạo tài khoản tran.van.hai.' }).waitFor();
  const row = p.locator('[data-user="tran.van.hai"]');
  await row.getByText('Sở Xây dựng').waitFor();
  // Focus went back to the button that opened the form.
  assert.equal(await p.evaluate('document.activeElement?.textContent'), 'Thêm người dùng');

  // The new focal point signs in, on a phone, and sees the agency's queue.
  const fp = await page(PHONE);
  await signIn(fp, t.baseUrl, 'tran.van.hai', password);
  await fp.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  const created = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where('action', '=', 'user.create')
    .execute();
  assert.deepEqual(created, [{ action: 'user.create', actor_id: admin.id }]);

  // Deactivation asks first; then the account is signed out and cannot sign in again.
  await row.getByRole('button', { name: 'Khoá' }).click();
  await row.getByText('Khoá tài khoản Trần Văn Hải? Người này sẽ bị đăng xuất ngay.').waitFor();
  await row.getByRole('button', { name: 'Đồng ý' }).click();
  await p.getByRole('status').filter({ hasText: 'Đã khoá tài khoản Trần Văn Hải.' }).waitFor();
  // Hidden unless deactivated accounts are shown.
  await row.waitFor({ state: 'detached' });
  await p.getByLabel('Hiện cả tài khoản đã khoá').check();
  await row.getByText('Đã khoá').waitFor();
  await fp.reload();
  await fp.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await fp.getByLabel('Tên đăng nhập').fill('tran.van.hai');
  await fp.getByLabel('Mật khẩu').fill(password);
  await fp.getByRole('button', { name: 'Đăng nhập' }).click();
  await fp.getByRole('alert').waitFor();
  await fp.context().close();
  await p.context().close();
});

test('a password reset: the new password is shown once and works, the old one no longer', async () => {
  const p = await adminPage('/admin/users');
  const row = p.locator('[data-user="op.reset"]');
  await row.getByRole('button', { name: /^Đặt lại mật khẩu cho / }).click();
  await p.getByRole('heading', { name: /^Đặt lại mật khẩu cho / }).waitFor();
  await p.getByLabel('Mật khẩu mới').fill('ngan');
  await p.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await p.getByRole('link', { name: 'Mật khẩu mới: Cần ít nhất 12 ký tự.' }).waitFor();
  await p.getByLabel('Mật khẩu mới').fill('mat-khau-moi-cua-lan');
  await p.keyboard.press('Control+Enter');
  await p.getByRole('status').filter({ hasText: 'Mật khẩu mới: mat-khau-moi-cua-lan' }).waitFor();
  await assert.rejects(t.login({ username: 'op.reset' }));
  await t.login({ username: 'op.reset' }, 'mat-khau-moi-cua-lan');
  await p.context().close();
});

/** The countdown text of a ticket row in the focal point's queue. */
async function countdownOf(p: Page, code: string) {
  const row = p.locator(`[data-ticket="${code}"]`);
  await row.locator('.countdown').waitFor();
  return {
    left: (await row.locator('.cd-time').textContent())!.trim(),
    due: (await row.locator('.countdown').getAttribute('title'))!,
  };
}

test("an administrator adds a holiday; the focal point's working-hours countdown follows (R-SLA-4)", async () => {
  const op = await t.login(f.operator);
  const forward = async (subject: string) => {
    const c = await op.post('/api/v1/tickets', ticketBody({ subject }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const fw = await op.post(`/api/v1/tickets/${c.body.id}/actions/forward`, {
      agencyId: f.sxd.id,
    });
    assert.equal(fw.status, 200, JSON.stringify(fw.body));
    return fw.body as { id: string; code: string; deadline: { dueAt: string } };
  };
  // Forwarded Friday 16:00: 1 h on Friday + 7 h on Monday → due Monday 9 March 16:00.
  const a = await forward('Cây xanh đổ trên đường Hùng Vương');
  assert.equal(a.deadline.dueAt, new Date('2026-03-09T16:00:00+07:00').toISOString());

  const fp = await page(PHONE);
  await signIn(fp, t.baseUrl, 'fp.sxd', TEST_PASSWORD);
  await fp.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  const before = await countdownOf(fp, a.code);
  assert.equal(before.left, 'Còn 8 giờ 00 phút');
  assert.equal(before.due, 'Hạn: 16:00 09/03/2026');
  await shot(fp, 'admin-10-countdown-before-holiday-phone');
  // The phone stays on this page: what follows must reach it live (`calendar.updated`).
  await fp.evaluate('window.__o1022mark = 1');

  // The administrator sees the preview first: forwarded now → due Monday 16:00.
  const p = await adminPage('/admin/calendars');
  await p.getByRole('heading', { name: 'Lịch làm việc và thời hạn' }).waitFor();
  const focalDue = p.locator('[data-due="focal_point"] strong');
  await focalDue.filter({ hasText: '16:00 09/03/2026' }).waitFor();

  // Monday is closed (a storm): the day is added through the form.
  await p.locator('#ex-date').fill('2026-03-09');
  await p.getByLabel('Tên ngày (tiếng Việt)').fill('Nghỉ do bão số 3');
  await p.getByLabel('Tên ngày (tiếng Anh)').fill('Closed: typhoon no. 3');
  await p.getByRole('button', { name: 'Thêm ngày', exact: true }).click();
  await p.getByRole('status').filter({ hasText: 'Đã thêm ngày nghỉ 09/03/2026.' }).waitFor();
  const added = p.locator('[data-date="2026-03-09"]');
  await added.getByText('Nghỉ do bão số 3').waitFor();
  await added.getByText('Quản trị thêm').waitFor();
  // The live preview now skips Monday.
  await focalDue.filter({ hasText: '16:00 10/03/2026' }).waitFor();
  await shot(p, 'admin-11-calendar-holiday-added');
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where('action', '=', 'calendar.exception.upsert')
    .execute();
  assert.deepEqual(audit, [{ action: 'calendar.exception.upsert', actor_id: admin.id }]);

  // A ticket forwarded now is due Tuesday, with a full 8 working hours.
  const b = await forward('Đèn tín hiệu giao thông hỏng');
  assert.equal(b.deadline.dueAt, new Date('2026-03-10T16:00:00+07:00').toISOString());

  const bShown = await countdownOf(fp, b.code);
  assert.equal(bShown.left, 'Còn 8 giờ 00 phút');
  assert.equal(bShown.due, 'Hạn: 16:00 10/03/2026');
  // The earlier ticket is counted on the new calendar against the deadline the server holds
  // for it (which the sweeper acts on): Monday's hours no longer count.
  const detail = await op.get(`/api/v1/tickets/${a.id}`);
  const cal = await op.get(`/api/v1/calendars/${t.calendarId}`);
  const expected = countdown(buildWorkCalendar(cal.body), t.clock.now(), detail.body.deadline);
  const left = translate('vi', expected.label.key, expected.label.params);
  await fp.locator(`[data-ticket="${a.code}"] .cd-time`).filter({ hasText: left }).waitFor();
  const aShown = await countdownOf(fp, a.code);
  assert.equal(aShown.left, left);
  assert.equal(
    await fp.evaluate('window.__o1022mark'),
    1,
    'no reload: the countdowns followed live',
  );
  assert.notDeepEqual(aShown, before, "the first ticket's countdown changed");
  await shot(fp, 'admin-12-countdown-after-holiday-phone');
  await fp.context().close();
  await p.context().close();
});

test('every admin section opens from the menu, by keyboard, in Vietnamese and in English', async () => {
  const p = await adminPage('/admin/users');
  await p.getByRole('heading', { name: 'Người dùng và phân quyền' }).waitFor();
  const sections: [string, string, string][] = [
    ['Đơn vị', 'Đơn vị và cán bộ đầu mối', 'admin-20-agencies'],
    ['Lĩnh vực', 'Lĩnh vực và đơn vị phụ trách', 'admin-21-fields'],
    ['Ngoài phạm vi', 'Nội dung ngoài phạm vi tiếp nhận', 'admin-22-scope-rules'],
    ['Lịch làm việc', 'Lịch làm việc và thời hạn', 'admin-23-calendars'],
    ['Mẫu tin nhắn', 'Mẫu tin nhắn', 'admin-24-templates'],
    ['Người dùng', 'Người dùng và phân quyền', 'admin-25-users'],
  ];
  const menu = p.getByRole('navigation', { name: 'Mục quản trị' });
  for (const [link, heading, name] of sections) {
    await menu.getByRole('link', { name: link, exact: true }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: heading, level: 1 }).waitFor();
    assert.equal(await p.evaluate('document.activeElement?.tagName'), 'H1', heading);
    assert.equal(
      await menu.getByRole('link', { name: link, exact: true }).getAttribute('aria-current'),
      'page',
    );
    await p.waitForLoadState('networkidle');
    await shot(p, name);
  }
  // The agencies tree shows who answers for each agency, and what is missing.
  await menu.getByRole('link', { name: 'Đơn vị', exact: true }).click();
  const sxd = p.locator('[data-agency="SXD"]');
  await sxd.getByText('Người dùng focal_point').first().waitFor();
  await p
    .locator('[data-agency="SGTVT"]')
    .getByText('Chưa có lãnh đạo: phiếu cán bộ đầu mối để quá hạn sẽ không có người nhận.')
    .waitFor();

  await p.getByRole('button', { name: 'Chuyển giao diện sang tiếng Anh' }).click();
  await p.getByRole('heading', { name: 'Agencies and focal points' }).waitFor();
  await shot(p, 'admin-26-agencies-english');
  await p.context().close();
});

test('an administrator maps a field to an agency and edits an out-of-scope rule', async () => {
  const p = await adminPage('/admin/fields');
  await p.getByRole('heading', { name: 'Lĩnh vực và đơn vị phụ trách' }).waitFor();
  // Group 1 is not named yet: R-SC-1's name is offered.
  const g1 = p.locator('[data-group="1"]');
  await g1.getByRole('button', { name: 'Đặt tên nhóm' }).click();
  assert.equal(
    await g1.getByRole('textbox', { name: 'Tên nhóm' }).inputValue(),
    'Thủ tục hành chính các cấp',
  );
  await g1.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await p.getByRole('status').filter({ hasText: 'Đã lưu tên nhóm 1.' }).waitFor();
  await g1.getByRole('button', { name: 'Thêm lĩnh vực vào nhóm 1' }).click();
  await g1.getByRole('textbox', { name: 'Lĩnh vực', exact: true }).fill('Hộ tịch');
  await g1.getByRole('textbox', { name: 'Mã', exact: true }).fill('HT');
  await g1.getByRole('combobox', { name: 'Đơn vị phụ trách' }).selectOption(f.sgtvt.id);
  await g1.locator('#field-editor-1').getByRole('button', { name: 'Thêm lĩnh vực' }).click();
  await p.getByRole('status').filter({ hasText: 'Đã thêm lĩnh vực Hộ tịch.' }).waitFor();
  await g1.locator('[data-field="HT"]').getByText('Sở Giao thông vận tải').waitFor();
  const field = await t.db
    .selectFrom('field')
    .select(['default_agency_id'])
    .where('code', '=', 'HT')
    .executeTakeFirstOrThrow();
  assert.equal(field.default_agency_id, f.sgtvt.id);

  await p
    .getByRole('navigation', { name: 'Mục quản trị' })
    .getByRole('link', { name: 'Ngoài phạm vi' })
    .click();
  await p.getByRole('heading', { name: 'Nội dung ngoài phạm vi tiếp nhận' }).waitFor();
  // The tester screens text as the operator's form will.
  await p.getByLabel('Nội dung người dân phản ánh').fill('Tôi muốn tố cáo hàng xóm');
  await p.getByText('Khớp quy định: Khiếu nại, tố cáo').waitFor();
  const rule = p.locator('[data-rule="TO_CAO"]');
  await rule.getByRole('button', { name: 'Sửa Khiếu nại, tố cáo' }).click();
  await p.getByRole('textbox', { name: 'Từ khoá nhận biết' }).fill('tố cáo\nkhiếu nại\nđơn thư');
  await p.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await p.getByRole('status').filter({ hasText: 'Đã lưu quy định Khiếu nại, tố cáo.' }).waitFor();
  await rule.getByText('đơn thư').waitFor();
  await p.getByLabel('Nội dung người dân phản ánh').fill('Gửi đơn thư về việc cấp đất');
  await p.getByText('Khớp quy định: Khiếu nại, tố cáo').waitFor();
  await shot(p, 'admin-27-scope-rules-edited');
  const screened = await (
    await t.login(f.operator)
  ).post('/api/v1/scope-rules/screen', { text: 'gửi đơn thư' });
  assert.equal(screened.body.match?.code, 'TO_CAO');
  await p.context().close();
});

test('a reply template written by the administrator is offered to operators, filled in', async () => {
  const p = await adminPage('/admin/templates');
  await p.getByRole('heading', { name: 'Mẫu tin nhắn', level: 1 }).waitFor();
  await p.getByRole('button', { name: 'Thêm mẫu trả lời' }).click();
  const form = p.locator('#template-editor');
  await form.getByRole('textbox', { name: 'Tên mẫu' }).fill('Hướng dẫn thủ tục xây dựng');
  await form.getByRole('textbox', { name: 'Mã', exact: true }).fill('TL_XD');
  // A misspelt placeholder is caught before anything is sent.
  await form.getByRole('textbox', { name: 'Nội dung tiếng Việt' }).fill('Phiếu {ma_phieu}');
  await form.getByRole('button', { name: 'Thêm mẫu' }).click();
  await form
    .getByText('Biến không hợp lệ: {ma_phieu}. Chỉ dùng các biến trong danh sách.')
    .first()
    .waitFor();
  await form
    .getByRole('textbox', { name: 'Nội dung tiếng Việt' })
    .fill('Kính gửi {name}: về phiếu {code}, mời Quý khách liên hệ Bộ phận Một cửa Sở Xây dựng.');
  await form.getByText('Kính gửi Nguyễn Văn An: về phiếu PA-2026-000123').waitFor();
  await form.getByRole('button', { name: 'Thêm mẫu' }).click();
  await p
    .getByRole('status')
    .filter({ hasText: 'Đã thêm mẫu Hướng dẫn thủ tục xây dựng.' })
    .waitFor();
  await p.locator('[data-template="TL_XD"]').waitFor();
  await shot(p, 'admin-28-templates');

  const op = await t.login(f.operator);
  const c = await op.post('/api/v1/tickets', ticketBody({ subject: 'Hỏi thủ tục cấp phép' }));
  const o = await page();
  await signIn(o, t.baseUrl, 'op.lan', TEST_PASSWORD, `/tickets/${c.body.id}`);
  await o.getByRole('button', { name: 'Trả lời ngay' }).click();
  await o.getByLabel('Câu trả lời mẫu').selectOption({ label: 'Hướng dẫn thủ tục xây dựng' });
  const answer = await o.locator('#af-answer').inputValue();
  assert.equal(
    answer,
    `Kính gửi Nguyễn Văn An: về phiếu ${c.body.code}, mời Quý khách liên hệ Bộ phận Một cửa Sở Xây dựng.`,
  );
  await o.context().close();
  await p.context().close();
});

test('the administrator sets the hotline number that {hotline} writes', async () => {
  const p = await adminPage('/admin/templates');
  const field = p.getByRole('textbox', { name: 'Số tổng đài người dân gọi' });
  await field.waitFor();
  assert.equal(await field.inputValue(), '1022');
  await field.fill('10 22!');
  await p
    .getByRole('form', { name: 'Số tổng đài' })
    .getByRole('button', { name: 'Lưu thay đổi' })
    .click();
  await p.getByText('Nhập số điện thoại: chữ số, có thể có dấu cách hoặc dấu chấm.').waitFor();
  await field.fill('0236 1022');
  await p
    .getByRole('form', { name: 'Số tổng đài' })
    .getByRole('button', { name: 'Lưu thay đổi' })
    .click();
  await p.getByRole('status').filter({ hasText: 'Đã lưu số tổng đài.' }).waitFor();
  const api = await t.login(admin);
  assert.equal((await api.get('/api/v1/settings')).body.hotline, '0236 1022');
  assert.equal((await api.patch('/api/v1/settings', { hotline: '1022' })).status, 200);
  await p.context().close();
});

test('an administrator edits the weekly schedule: a mistake at its shift, the preview follows, saved', async () => {
  const p = await adminPage('/admin/calendars');
  await p.getByRole('heading', { name: 'Lịch làm việc và thời hạn' }).waitFor();
  // Forwarded Friday 16:00 with Monday 9 March closed (the holiday added above): Tuesday 16:00.
  const focalDue = p.locator('[data-due="focal_point"]');
  await focalDue.locator('strong').filter({ hasText: '16:00 10/03/2026' }).waitFor();

  const end = p.getByRole('textbox', { name: 'Thứ Ba, ca 2, giờ kết thúc' });
  assert.equal(await end.inputValue(), '17:00');
  await end.fill('11:00');
  await p.getByRole('button', { name: 'Lưu lịch làm việc' }).click();
  await p
    .getByRole('alert')
    .filter({ hasText: 'Thứ Ba, ca 2: Giờ kết thúc phải sau giờ bắt đầu (13:00–11:00).' })
    .waitFor();
  assert.equal(await end.getAttribute('aria-invalid'), 'true');
  await shot(p, 'admin-13-schedule-mistake');

  // Tuesday afternoon ends at 15:00: 1 h on Friday, 6 h on Tuesday, the last hour on Wednesday.
  await end.fill('15:00');
  await focalDue.locator('strong').filter({ hasText: '08:30 11/03/2026' }).waitFor();
  await focalDue.getByText('Theo lịch đã lưu: 16:00 10/03/2026').waitFor();
  assert.equal(await end.getAttribute('aria-invalid'), null, 'the fixed shift is no longer marked');
  // A Saturday shift added, then taken away again.
  await p.getByRole('button', { name: 'Thêm ca cho Thứ Bảy' }).click();
  await p.getByRole('textbox', { name: 'Thứ Bảy, ca 1, giờ bắt đầu' }).waitFor();
  await p.getByRole('button', { name: 'Xoá Thứ Bảy ca 1' }).click();
  await p.getByText('Có thay đổi chưa lưu.').waitFor();
  await p.getByRole('button', { name: 'Lưu lịch làm việc' }).click();

  const api = await t.login(admin);
  const tuesday = async () =>
    ((await api.get(`/api/v1/calendars/${t.calendarId}`)).body.config.seasons?.[0]?.week?.['2'] ??
      null) as string[][] | null;
  for (
    let i = 0;
    i < 50 && JSON.stringify(await tuesday()) !== '[["07:30","11:30"],["13:00","15:00"]]';
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await tuesday(), [
    ['07:30', '11:30'],
    ['13:00', '15:00'],
  ]);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where('action', '=', 'calendar.update')
    .execute();
  assert.deepEqual(audit, [{ action: 'calendar.update', actor_id: admin.id }]);

  // Undo puts the saved schedule back; then the afternoon is restored and saved.
  const end2 = p.getByRole('textbox', { name: 'Thứ Ba, ca 2, giờ kết thúc' });
  await end2.fill('16:00');
  await p.getByRole('button', { name: 'Bỏ thay đổi' }).click();
  assert.equal(await end2.inputValue(), '15:00');
  await end2.fill('17:00');
  await p.getByRole('button', { name: 'Lưu lịch làm việc' }).click();
  await focalDue.locator('strong').filter({ hasText: '16:00 10/03/2026' }).waitFor();
  await p.getByText('Có thay đổi chưa lưu.').waitFor({ state: 'detached' });
  await p.context().close();
});

test('a long list is virtualized: few rows in the page, all reachable by scrolling (1366×768)', async () => {
  for (let i = 0; i < 150; i++)
    await t.newUser('operator', null, { username: `op.many${String(i).padStart(3, '0')}` });
  const api = await t.login(admin);
  const all = (await api.get('/api/v1/users')).body as { username: string; active: boolean }[];
  const active = all.filter((u) => u.active);
  const ctx = await newContext(browser, { viewport: { width: 1366, height: 768 } });
  await fixClock(ctx, t.clock.now());
  const p = await ctx.newPage();
  await signIn(p, t.baseUrl, admin.username, TEST_PASSWORD, '/admin/users');
  const table = p.getByRole('table', { name: 'Người dùng và phân quyền' });
  await table.locator(`[data-user="${active[0]!.username}"]`).waitFor();
  assert.equal(Number(await table.getAttribute('aria-rowcount')), active.length + 1);
  const rendered = await table.locator('tbody tr[data-user]').count();
  assert.ok(rendered < 60, `${rendered} of ${active.length} rows in the page`);
  await shot(p, 'admin-29-users-virtual', false);

  // The last one, by scrolling to the bottom of the page.
  const last = active[active.length - 1]!.username;
  await p.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  const row = table.locator(`[data-user="${last}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('aria-rowindex'), String(active.length + 1));
  await p.screenshot({ path: `${screenshotDir()}/admin-30-users-virtual-end.png` });

  // Filtering brings a short list back to plain rows.
  await p.getByRole('searchbox', { name: 'Tìm người dùng' }).fill('op.many14');
  await p.getByText(`Hiển thị 10/${all.length} người dùng`).waitFor();
  assert.equal(await table.getAttribute('aria-rowcount'), null);
  assert.equal(await table.locator('tbody tr[data-user]').count(), 10);
  await ctx.close();
});
