import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../helpers/app.ts';
import {
  PDF,
  PNG,
  formBody,
  get,
  nextIp,
  postForm,
  seed,
  solvedChallenge,
  submit,
  tokenOf,
  validFields,
  type Seed,
} from './support.ts';

let t: TestApp;
let s: Seed;
let op: Client;
before(async () => {
  t = await createTestApp();
  s = await seed(t);
  op = await t.login(await t.newUser('operator'));
});
after(() => t.close());

const PAGES = [
  '/cong-dan/',
  '/cong-dan/gui-phan-anh',
  '/cong-dan/tra-cuu',
  '/cong-dan/tra-loi',
  '/cong-dan/hoi-dap',
  '/cong-dan/co-quan',
  '/cong-dan/offline',
];

/** Rows a submission writes: "nothing stored" compares two of these. */
async function stored() {
  const n = async (table: string) =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db))
        .rows[0]!.n,
    );
  return {
    ticket: await n('ticket'),
    attachment: await n('attachment'),
    public_request: await n('public_request'),
    challenge_spent: await n('challenge_spent'),
  };
}

async function ticketOf(token: string) {
  const id = token.split('.')[0]!;
  return t.db.selectFrom('ticket').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const page = (token: string, extra = '') =>
  get(t, `/cong-dan/phieu?t=${encodeURIComponent(token)}${extra}`);

test('R-CH-4 every page answers in Vietnamese, and in English after the switch, with a strict CSP and landmarks', async () => {
  for (const path of PAGES) {
    const vi = await get(t, path);
    assert.equal(vi.statusCode, 200, `${path}: ${vi.body.slice(0, 300)}`);
    assert.match(vi.body, /<html lang="vi">/);
    assert.match(vi.body, /<main id="main"/);
    assert.match(vi.body, /<nav aria-label="Điều hướng chính">/);
    const csp = String(vi.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(vi.body, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: no inline script`);
    assert.doesNotMatch(vi.body, /\sstyle=|\son[a-z]+=/, `${path}: no inline style or handler`);
    const en = await get(t, `${path}?lang=en`);
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<html lang="en">/);
    assert.match(String(en.headers['set-cookie']), /o1022_lang=en/);
    // The language is remembered by the cookie.
    const again = await get(t, path, nextIp(), { cookie: 'o1022_lang=en' });
    assert.match(again.body, /<html lang="en">/);
  }
  // Unknown paths under the prefix are this site's 404 page, not the staff app.
  const missing = await get(t, '/cong-dan/khong-co');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /Không tìm thấy trang/);
});

test('R-CH-8 installable: manifest, service worker scoped to the site, versioned assets compressed and cached', async () => {
  const m = await get(t, '/cong-dan/manifest.webmanifest');
  assert.equal(m.statusCode, 200);
  const manifest = JSON.parse(m.body);
  assert.equal(manifest.start_url, '/cong-dan/');
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.icons.length >= 1);
  const sw = await get(t, '/cong-dan/sw.js');
  assert.equal(sw.statusCode, 200);
  assert.equal(sw.headers['service-worker-allowed'], '/cong-dan/');
  const home = await get(t, '/cong-dan/');
  const css = /href="(\/cong-dan\/static\/public\.css\?v=[0-9a-f]+)"/.exec(home.body)![1]!;
  const res = await get(t, css, nextIp(), { 'accept-encoding': 'gzip, br' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.match(String(res.headers['cache-control']), /immutable/);
  assert.match(gunzipSync(res.rawPayload).toString(), /--blue/);
  assert.equal((await get(t, '/cong-dan/static/../../package.json')).statusCode, 404);
  assert.equal((await get(t, '/cong-dan/static/nope.js')).statusCode, 404);
  // The photo input opens the camera on phones.
  const form = await get(t, '/cong-dan/gui-phan-anh');
  assert.match(form.body, /type="file" accept="image\/\*" capture="environment"/);
});

test('R-IN-1 R-CH-11 a valid submission becomes a web ticket with its files, consent and acknowledgement', async () => {
  const before = await stored();
  const res = await submit(
    t,
    validFields(s, { confidential: '', consent: '1', email: 'An@Example.vn' }),
    [
      { filename: 'den-hong.png', type: 'image/png', data: PNG },
      { filename: 'bien-ban.pdf', type: 'application/pdf', data: PDF },
    ],
  );
  assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
  const token = tokenOf(res);
  const tk = await ticketOf(token);
  assert.equal(tk.channel, 'web');
  assert.equal(tk.status, 'received');
  assert.equal(tk.citizen_name, 'Nguyễn Văn An');
  assert.equal(tk.citizen_phone, '0912345678');
  assert.equal(tk.citizen_email, 'an@example.vn');
  assert.equal(tk.field_id, s.fieldId);
  assert.equal(tk.org_unit_id, s.currentUnitId);
  assert.match(tk.content, /Địa điểm \/ Location: Trước nhà văn hóa khu phố 3, Phường An Phú/);
  const files = await t.db
    .selectFrom('attachment')
    .select(['filename', 'content_type'])
    .where('ticket_id', '=', tk.id)
    .orderBy('filename')
    .execute();
  assert.deepEqual(files, [
    { filename: 'bien-ban.pdf', content_type: 'application/pdf' },
    { filename: 'den-hong.png', content_type: 'image/png' },
  ]);
  const pr = await t.db
    .selectFrom('public_request')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .executeTakeFirstOrThrow();
  assert.equal(pr.publish_consent, true);
  const after_ = await stored();
  assert.equal(after_.ticket, before.ticket + 1);
  assert.equal(after_.challenge_spent, before.challenge_spent + 1);

  const done = await page(token, '&moi=1');
  assert.equal(done.statusCode, 200);
  assert.equal(done.headers['cache-control'], 'no-store');
  assert.match(done.body, new RegExp(`id="ticket-code">${tk.code}<`));
  assert.match(
    done.body,
    new RegExp(`đã nhận được thông tin góp ý, phản ánh của Quý khách \\(mã phiếu ${tk.code}\\)`),
  );
  assert.match(done.body, /id="ticket-status">Đã tiếp nhận</);

  // The former 3-tier units are accepted too, and a commune of another district is not.
  const old = await submit(
    t,
    validFields(s, {
      scheme: 'old',
      district: s.oldDistrictId,
      unit_old: s.oldCommuneId,
      phone: '0912000111',
    }),
  );
  assert.equal(old.statusCode, 303, old.body.slice(0, 1500));
  const oldTk = await ticketOf(tokenOf(old));
  assert.equal(oldTk.org_unit_id, s.oldCommuneId);
  assert.match(oldTk.content, /Thị trấn Long Hưng, Huyện Long Hưng/);
  const mixed = await submit(
    t,
    validFields(s, { scheme: 'old', district: s.otherDistrictId, unit_old: s.oldCommuneId }),
  );
  assert.equal(mixed.statusCode, 400);
  assert.match(mixed.body, /Đơn vị hành chính không hợp lệ/);
});

test('bad input: every rule is listed in the visitor’s language, values come back escaped, nothing is stored', async () => {
  const before = await stored();
  const res = await submit(t, {
    name: '',
    phone: '12345',
    email: 'not-an-email',
    address: '',
    field: 'x',
    content: 'ngắn',
    scheme: 'new',
    unit_new: crypto.randomUUID(),
  });
  assert.equal(res.statusCode, 400);
  for (const msg of [
    'Vui lòng nhập họ và tên',
    'Số điện thoại không hợp lệ',
    'Email không hợp lệ',
    'Vui lòng nhập địa chỉ liên hệ',
    'Vui lòng chọn lĩnh vực',
    'Nội dung cần từ 20 đến 5000 ký tự',
    'Đơn vị hành chính không hợp lệ',
  ]) {
    assert.ok(res.body.includes(msg), msg);
  }
  assert.match(res.body, /id="f-phone"[^>]*aria-invalid="true"/);
  assert.match(res.body, /<a href="#f-name">/);
  const en = await submit(
    t,
    { name: 'A', phone: '', email: '', address: 'x', field: s.fieldId, content: 'short' },
    [],
    { lang: 'en' },
  );
  assert.equal(en.statusCode, 400);
  assert.match(en.body, /Please enter a phone number or an email/);
  assert.match(en.body, /The text must have 20 to 5000 characters/);

  // Script injection in every field: rejected form and stored ticket alike show it as text.
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
  const rejected = await submit(t, {
    name: evil,
    phone: '0912345670',
    address: evil,
    field: '',
    subject: evil,
    content: `${evil} ngắn`,
    place: evil,
  });
  assert.equal(rejected.statusCode, 400);
  assert.doesNotMatch(rejected.body, /<script>alert|<img src=x/);
  assert.match(rejected.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.deepEqual(await stored(), { ...before });

  const accepted = await submit(
    t,
    validFields(s, {
      name: evil,
      address: evil,
      subject: evil,
      content: `${evil} nội dung đủ dài để được nhận`,
      place: evil,
      phone: '0912345671',
    }),
  );
  assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 800));
  const shown = await page(tokenOf(accepted), '&moi=1');
  assert.doesNotMatch(shown.body, /<script>alert|<img src=x/);
  assert.match(shown.body, /&lt;img src=x onerror=alert\(2\)&gt;&quot;&#39;/);
  const tk = await ticketOf(tokenOf(accepted));
  assert.equal(tk.citizen_name, evil, 'stored as written, escaped only when shown');
});

test('bad input: attachments too large, of a wrong kind or too many are refused before anything is stored', async () => {
  const before = await stored();
  const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024, 1)]);
  const tooLarge = await submit(t, validFields(s, { phone: '0912345672' }), [
    { filename: 'to.png', type: 'image/png', data: big },
  ]);
  assert.equal(tooLarge.statusCode, 413);
  assert.match(tooLarge.body, /Tệp “to.png” lớn hơn 5 MB/);
  // A text file named and labelled as a photo is recognised by its bytes.
  const fake = await submit(t, validFields(s, { phone: '0912345672' }), [
    { filename: 'anh.jpg', type: 'image/jpeg', data: Buffer.from('<?php echo 1; ?>') },
  ]);
  assert.equal(fake.statusCode, 400);
  assert.match(fake.body, /Tệp “anh.jpg” không đúng loại cho phép/);
  const exe = await submit(t, validFields(s, { phone: '0912345672' }), [
    { filename: 'x.exe', type: 'application/octet-stream', data: Buffer.from('MZ\x90\x00') },
  ]);
  assert.equal(exe.statusCode, 400);
  const many = await submit(
    t,
    validFields(s, { phone: '0912345672' }),
    Array.from({ length: 4 }, (_, i) => ({ filename: `a${i}.png`, type: 'image/png', data: PNG })),
  );
  assert.equal(many.statusCode, 400);
  assert.match(many.body, /Chỉ được đính kèm tối đa 3 tệp/);
  const flood = await submit(
    t,
    validFields(s, { phone: '0912345672' }),
    Array.from({ length: 8 }, (_, i) => ({ filename: `a${i}.png`, type: 'image/png', data: PNG })),
  );
  assert.equal(flood.statusCode, 400);
  assert.match(flood.body, /Chỉ được đính kèm tối đa 3 tệp/);
  assert.deepEqual(await stored(), before);
});

test('bad input: malformed requests and missing, unsolved or replayed challenges are 4xx pages', async () => {
  const before = await stored();
  const ip = nextIp();
  const urlencoded = await postForm(t, '/cong-dan/gui-phan-anh', validFields(s), ip);
  assert.equal(urlencoded.statusCode, 400);
  assert.match(urlencoded.body, /Yêu cầu không đúng định dạng/);
  const json = await t.app.inject({
    method: 'POST',
    url: '/cong-dan/tra-cuu',
    payload: { code: 'PA-1' },
    remoteAddress: nextIp(),
  });
  assert.ok([400, 404, 415].includes(json.statusCode), String(json.statusCode));
  assert.match(json.headers['content-type'] as string, /text\/html/);
  const garbage = await t.app.inject({
    method: 'POST',
    url: '/cong-dan/gui-phan-anh',
    payload: '--x\r\nnot really multipart',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    remoteAddress: nextIp(),
  });
  assert.equal(garbage.statusCode, 400);
  const unsolved = await submit(t, validFields(s), [], { solve: false });
  assert.equal(unsolved.statusCode, 400);
  assert.match(unsolved.body, /Bước kiểm tra chống gửi tự động chưa hoàn tất/);
  // A solved challenge is spent once: the same form posted again is refused.
  const pow = await solvedChallenge(t, ip);
  const body = formBody({ ...pow, ...validFields(s, { phone: '0912345673' }) });
  const post = () =>
    t.app.inject({
      method: 'POST',
      url: '/cong-dan/gui-phan-anh',
      payload: body.body,
      headers: { 'content-type': body.contentType },
      remoteAddress: ip,
    });
  assert.equal((await post()).statusCode, 303);
  const replay = await post();
  assert.equal(replay.statusCode, 400);
  assert.match(replay.body, /Bước kiểm tra chống gửi tự động/);
  const after_ = await stored();
  assert.equal(after_.ticket, before.ticket + 1);
});

test('R-AB-1 blocked senders and a phone’s flood are refused and recorded', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const b = await admin.post('/api/v1/abuse/blocklist', {
    kind: 'phone',
    value: '0909000111',
    reason: 'Quấy rối',
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const before = await stored();
  const blocked = await submit(t, validFields(s, { phone: '0909 000 111' }));
  assert.equal(blocked.statusCode, 403);
  assert.match(blocked.body, /Người gửi đã bị chặn/);
  assert.equal((await stored()).ticket, before.ticket);
  // Five an hour per phone number (the abuse module's counters), whatever the address.
  for (let i = 0; i < 5; i++) {
    const ok = await submit(
      t,
      validFields(s, {
        phone: '0909000222',
        content: `Phản ánh số ${i} về đèn đường hỏng kéo dài.`,
      }),
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
  }
  const sixth = await submit(t, validFields(s, { phone: '0909000222' }));
  assert.equal(sixth.statusCode, 429);
  assert.ok(Number(sixth.headers['retry-after']) > 0);
  assert.match(sixth.body, /Bạn đã gửi quá nhiều yêu cầu/);
  const events = await t.db
    .selectFrom('abuse_event')
    .select(['outcome', 'channel'])
    .where('channel', '=', 'web')
    .execute();
  assert.deepEqual(events.map((e) => e.outcome).sort(), ['blocked', 'rate_limited']);
});

test('R-PUB-3 tracking: code + phone or email, one answer for every miss, limited per code', async () => {
  const res = await submit(t, validFields(s, { phone: '0912345674', email: 'hoa@example.vn' }));
  const tk = await ticketOf(tokenOf(res));
  const ok = await postForm(t, '/cong-dan/tra-cuu', {
    code: ` ${tk.code.toLowerCase()} `,
    contact: '+84 912 345 674',
  });
  assert.equal(ok.statusCode, 303);
  assert.equal((await page(tokenOf(ok))).statusCode, 200);
  const byEmail = await postForm(t, '/cong-dan/tra-cuu', {
    code: tk.code,
    contact: 'HOA@example.vn',
  });
  assert.equal(byEmail.statusCode, 303);

  const wrong = await postForm(t, '/cong-dan/tra-cuu', { code: tk.code, contact: '0912345600' });
  const unknown = await postForm(t, '/cong-dan/tra-cuu', {
    code: 'PA-2026-999999',
    contact: '0912345600',
  });
  assert.equal(wrong.statusCode, 404);
  assert.equal(unknown.statusCode, 404);
  const msg = (b: string) => /<div class="errors"[^>]*><p>([^<]+)</.exec(b)?.[1];
  assert.equal(msg(wrong.body), msg(unknown.body));
  assert.match(msg(wrong.body)!, /Không tìm thấy phiếu khớp/);
  assert.equal((await postForm(t, '/cong-dan/tra-cuu', { code: '', contact: '' })).statusCode, 400);
  // Ten tries an hour at one code, from any addresses.
  for (let i = 0; i < 7; i++) {
    await postForm(t, '/cong-dan/tra-cuu', { code: tk.code, contact: `09123456${10 + i}` });
  }
  const limited = await postForm(t, '/cong-dan/tra-cuu', { code: tk.code, contact: '0912345674' });
  assert.equal(limited.statusCode, 429);
  // A tampered or expired tracking link shows nothing.
  const token = tokenOf(ok);
  const forged = `${token.split('.')[0]}.${Date.now() + 1e9}.${token.split('.')[2]}`;
  assert.equal((await page(forged)).statusCode, 403);
  assert.equal((await page('x')).statusCode, 403);
  t.clock.advance(3 * 3600_000);
  const expired = await page(token);
  assert.equal(expired.statusCode, 403);
  assert.match(expired.body, /Phiên tra cứu đã hết hạn/);
});

test('R-PUB-3 rate an answer 1–5, then reopen through the state machine as the system on the citizen’s behalf', async () => {
  const res = await submit(t, validFields(s, { phone: '0912345675' }));
  const token = tokenOf(res);
  const tk = await ticketOf(token);
  // Not answered yet: no forms, and posting is refused.
  assert.doesNotMatch((await page(token)).body, /name="rating"/);
  assert.equal(
    (await postForm(t, '/cong-dan/phieu/danh-gia', { t: token, rating: '4' })).statusCode,
    409,
  );
  const forward = await op.post(`/api/v1/tickets/${tk.id}/actions/forward`, {
    agencyId: s.agencyId,
  });
  assert.equal(forward.status, 200, JSON.stringify(forward.body));
  await t.db
    .updateTable('ticket')
    .set({ status: 'agency_answered', agency_answer: 'Đã sửa.' })
    .where('id', '=', tk.id)
    .execute();
  const ans = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_citizen`, {
    answer: 'Đèn đã được thay <b>mới</b>.',
  });
  assert.equal(ans.status, 200, JSON.stringify(ans.body));
  const shown = await page(token);
  assert.match(shown.body, /id="ticket-status">Đã trả lời</);
  assert.match(shown.body, /Đèn đã được thay &lt;b&gt;mới&lt;\/b&gt;/);
  assert.match(shown.body, /name="rating"/);

  const bad = await postForm(t, '/cong-dan/phieu/danh-gia', { t: token, rating: '9' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vui lòng chọn mức độ hài lòng/);
  const rated = await postForm(t, '/cong-dan/phieu/danh-gia', {
    t: token,
    rating: '2',
    comment: 'Chưa <i>ổn</i>',
  });
  assert.equal(rated.statusCode, 303);
  const twice = await postForm(t, '/cong-dan/phieu/danh-gia', { t: token, rating: '5' });
  assert.equal(twice.statusCode, 409);
  const sat = await t.db
    .selectFrom('satisfaction')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .execute();
  assert.deepEqual(
    sat.map((r) => [r.rating, r.comment, r.agency_id, r.round]),
    [[2, 'Chưa <i>ổn</i>', s.agencyId, 0]],
  );
  assert.match((await page(token)).body, /Bạn đã đánh giá 2\/5/);

  // Figures: the agency's answer was on time, rated 2 — once the minute's cache has passed.
  const cells = async () => {
    const body = (await get(t, '/cong-dan/co-quan')).body.replace(/\s+/g, ' ');
    return /Sở Xây dựng<\/th>(.*?)<\/tr>/.exec(body)![1]!.replace(/> </g, '><').trim();
  };
  const cached = await cells();
  assert.equal(await cells(), cached);
  t.clock.advance(61_000);
  assert.equal(
    await cells(),
    '<td>1</td><td>100%</td><td>0</td><td> 2 <small>(1 đánh giá)</small></td>',
  );

  assert.equal(
    (await postForm(t, '/cong-dan/phieu/mo-lai', { t: token, reason: 'ngắn' })).statusCode,
    400,
  );
  const reopened = await postForm(t, '/cong-dan/phieu/mo-lai', {
    t: token,
    reason: 'Đèn lại hỏng sau hai ngày, đề nghị kiểm tra lại.',
  });
  assert.equal(reopened.statusCode, 303);
  const after_ = await ticketOf(token);
  assert.equal(after_.status, 'received');
  assert.equal(after_.reopen_count, 1);
  const events = await t.db
    .selectFrom('ticket_event')
    .select(['action', 'actor_role', 'actor_id', 'data'])
    .where('ticket_id', '=', tk.id)
    .orderBy('id')
    .execute();
  const actions = events.map((e) => e.action);
  assert.deepEqual(actions.slice(-2), ['citizen_rating', 'reopen']);
  const reopen = events.at(-1)!;
  assert.equal(reopen.actor_role, 'system');
  assert.equal(reopen.actor_id, null);
  assert.match(String(reopen.data.reason), /Đèn lại hỏng sau hai ngày/);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label'])
    .where('entity_id', '=', tk.id)
    .where('action', 'in', ['ticket.reopen', 'ticket.citizen_rating'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(audit, [
    { action: 'ticket.citizen_rating', actor_label: 'citizen:web' },
    { action: 'ticket.reopen', actor_label: 'citizen:web' },
  ]);
  const now = await page(token, '&ok=reopen');
  assert.match(now.body, /Phiếu đã được mở lại/);
  assert.doesNotMatch(now.body, /name="rating"/);
  // Reopening again is not possible from "received".
  assert.equal(
    (
      await postForm(t, '/cong-dan/phieu/mo-lai', {
        t: token,
        reason: 'Đề nghị mở lại một lần nữa.',
      })
    ).statusCode,
    409,
  );
});

test('R-KB the knowledge base is browsed and searched without accents; drafts stay hidden', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const csv = [
    'kind;code;title;summary;agency_code;level;steps;processing_time;fees;effective_from',
    'procedure;1.001612;Đăng ký thành lập hộ kinh doanh;Thủ tục đăng ký hộ kinh doanh tại cấp xã;SXD;cấp xã;"Bước 1: nộp hồ sơ',
    'Bước 2: nhận kết quả";03 ngày làm việc;100.000 đồng;01/07/2025',
    'faq;;Hỏi <script>alert(1)</script>;Trả lời an toàn;SXD;;;;;',
  ].join('\r\n');
  const imp = await admin.req('POST', '/api/v1/kb/import?publish=true', csv, {
    'content-type': 'text/csv',
  });
  assert.equal(imp.status, 201, JSON.stringify(imp.body));
  const draft = await admin.req(
    'POST',
    '/api/v1/kb/import',
    'kind;title;summary;agency_code\nfaq;Bản nháp bí mật;x;SXD\n',
    { 'content-type': 'text/csv' },
  );
  assert.equal(draft.status, 201);

  const list = await get(t, '/cong-dan/hoi-dap');
  assert.match(list.body, /Đăng ký thành lập hộ kinh doanh/);
  assert.doesNotMatch(list.body, /Bản nháp bí mật|<script>alert/);
  const found = await get(t, '/cong-dan/hoi-dap?q=dang%20ky%20ho%20kinh%20doanh');
  assert.match(found.body, /Đăng ký thành lập hộ kinh doanh/);
  const id = imp.body.articles[0].id as string;
  const article = await get(t, `/cong-dan/hoi-dap/${id}`);
  assert.equal(article.statusCode, 200);
  assert.match(article.body, /Bước 2: nhận kết quả/);
  assert.match(article.body, /03 ngày làm việc/);
  assert.equal((await get(t, `/cong-dan/hoi-dap/${draft.body.articles[0].id}`)).statusCode, 404);
  assert.equal((await get(t, '/cong-dan/hoi-dap/not-an-id')).statusCode, 404);
});
