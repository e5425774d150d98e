import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, postForm, seed, submit, tokenOf, validFields, PNG, type Seed } from './support.ts';

let t: TestApp;
let s: Seed;
before(async () => {
  t = await createTestApp();
  s = await seed(t);
});
after(() => t.close());

test('every page answers in Vietnamese, and in English after the switch', async () => {
  for (const path of [
    '/cong-dan/',
    '/cong-dan/gui-phan-anh',
    '/cong-dan/tra-cuu',
    '/cong-dan/tra-loi',
    '/cong-dan/hoi-dap',
    '/cong-dan/co-quan',
  ]) {
    const vi = await get(t, path);
    assert.equal(vi.statusCode, 200, `${path}: ${vi.body.slice(0, 300)}`);
    assert.match(vi.body, /<html lang="vi">/);
    assert.match(String(vi.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(vi.body, /<script>(?!<\/script>)/, 'no inline script');
    const en = await get(t, `${path}?lang=en`);
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<html lang="en">/);
  }
});

test('submit → confirmation with code and acknowledgement → track → page', async () => {
  const res = await submit(t, validFields(s), [
    { filename: 'anh.png', type: 'image/png', data: PNG },
  ]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const token = tokenOf(res);
  const page = await get(t, `/cong-dan/phieu?t=${encodeURIComponent(token)}&moi=1`);
  assert.equal(page.statusCode, 200);
  const code = /id="ticket-code">([^<]+)</.exec(page.body)?.[1];
  assert.ok(code, page.body);
  const ticket = await t.db
    .selectFrom('ticket')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(ticket.channel, 'web');
  assert.equal(ticket.citizen_phone, '0912345678');
  const tracked = await postForm(t, '/cong-dan/tra-cuu', {
    code: code.toLowerCase(),
    contact: '0912.345.678',
  });
  assert.equal(tracked.statusCode, 303, tracked.body.slice(0, 500));
});
