/**
 * Malformed POST Service Request calls: each gets the spec's error document (in the format
 * the URL asked for) with the right HTTP status, and nothing is stored.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/app.ts';
import { signIn } from './support.ts';
import { call, errorsOf, seedFields, stored, type CallOptions } from './open311.support.ts';

const t = await createTestApp();
after(t.close);
await seedFields(t);
const admin = await signIn(t, await t.newUser('admin'));
const API_KEY: string = (await admin.post('/api/v1/open311/keys', { name: 'Kiểm thử' })).body.key;

const valid = {
  api_key: API_KEY,
  service_code: 'HT-GT',
  lat: '10.4563',
  long: '105.6331',
  description: 'Ổ gà lớn giữa đường.',
};
const without = (k: keyof typeof valid) =>
  Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k));

type Case = [name: string, body: CallOptions, status: number, descriptions: string[]];
const LOCATION = 'location: cần vị trí: lat và long, hoặc address_string, hoặc address_id';
const cases: Case[] = [
  [
    'missing api_key',
    { form: without('api_key') },
    403,
    ['api_key: chưa được gửi — cần khóa API để gửi phản ánh'],
  ],
  [
    'unknown api_key',
    { form: { ...valid, api_key: 'o311_khong_dung' } },
    403,
    ['api_key: không hợp lệ hoặc đã bị thu hồi'],
  ],
  [
    'api_key far too long',
    { form: { ...valid, api_key: 'x'.repeat(5000) } },
    403,
    ['api_key: không hợp lệ hoặc đã bị thu hồi'],
  ],
  [
    'unknown jurisdiction_id',
    { form: { ...valid, jurisdiction_id: 'khong-co.gov.vn' } },
    404,
    ['jurisdiction_id: không tìm thấy'],
  ],
  ['missing service_code', { form: without('service_code') }, 400, ['service_code: chưa được gửi']],
  [
    'unknown service_code',
    { form: { ...valid, service_code: 'KHONG-CO' } },
    404,
    ['service_code: không tìm thấy'],
  ],
  [
    'inactive service_code',
    { form: { ...valid, service_code: 'HT-CU' } },
    404,
    ['service_code: không tìm thấy'],
  ],
  [
    'service_code twice',
    { form: `${new URLSearchParams(valid)}&service_code=HT-CSCC` },
    400,
    ['service_code: tham số được gửi nhiều lần'],
  ],
  [
    'lat without long',
    { form: without('long') },
    400,
    ['long: lat và long phải được gửi cùng nhau'],
  ],
  [
    'lat out of range',
    { form: { ...valid, lat: '91' } },
    400,
    ['lat: phải là số thập phân từ -90 đến 90 (WGS84)'],
  ],
  [
    'long not a number',
    { form: { ...valid, long: 'abc' } },
    400,
    ['long: phải là số thập phân từ -180 đến 180 (WGS84)'],
  ],
  [
    'lat in exponent notation',
    { form: { ...valid, lat: '1e1' } },
    400,
    ['lat: phải là số thập phân từ -90 đến 90 (WGS84)'],
  ],
  ['no location at all', { form: { ...without('lat'), long: '' } }, 400, [LOCATION]],
  [
    'description over 4,000 characters',
    { form: { ...valid, description: 'ổ'.repeat(4001) } },
    400,
    ['description: dài quá 4000 ký tự'],
  ],
  [
    'description with NUL',
    { form: { ...valid, description: 'abc\u0000def' } },
    400,
    ['description: chứa ký tự điều khiển không được phép'],
  ],
  [
    'address_string over 500 characters',
    { form: { ...valid, address_string: 'a'.repeat(501) } },
    400,
    ['address_string: dài quá 500 ký tự'],
  ],
  [
    'first_name with a line break',
    { form: { ...valid, first_name: 'An\nBình' } },
    400,
    ['first_name: chứa ký tự điều khiển không được phép'],
  ],
  [
    'invalid email',
    { form: { ...valid, email: 'khong-phai-email' } },
    400,
    ['email: không phải địa chỉ email hợp lệ'],
  ],
  [
    'invalid phone',
    { form: { ...valid, phone: '12345' } },
    400,
    ['phone: không phải số điện thoại Việt Nam hợp lệ'],
  ],
  [
    'media_url that is a script',
    { form: { ...valid, media_url: 'javascript:alert(1)' } },
    400,
    ['media_url: phải là một địa chỉ http(s)'],
  ],
  [
    'unknown attribute',
    { form: { ...valid, 'attribute[WHISPAWN]': '123456' } },
    400,
    ['attribute[WHISPAWN]: không có trong định nghĩa dịch vụ'],
  ],
  [
    'attribute value not in the list',
    { form: { ...valid, 'attribute[URGENCY]': 'rat-gap' } },
    400,
    ['attribute[URGENCY]: phải là một trong: normal, urgent, emergency'],
  ],
  [
    'two values for a single-value attribute',
    {
      form: `${new URLSearchParams(valid)}&attribute[URGENCY][]=normal&attribute[URGENCY][]=urgent`,
    },
    400,
    ['attribute[URGENCY]: chỉ được chọn một giá trị'],
  ],
  [
    'ORGANIZATION over 300 characters',
    { form: { ...valid, 'attribute[ORGANIZATION]': 'C'.repeat(301) } },
    400,
    ['attribute[ORGANIZATION]: dài quá 300 ký tự'],
  ],
  [
    'several problems at once',
    { form: { ...valid, lat: '999', email: '@', media_url: 'ftp://x' } },
    400,
    [
      'lat: phải là số thập phân từ -90 đến 90 (WGS84)',
      'email: không phải địa chỉ email hợp lệ',
      'media_url: phải là một địa chỉ http(s)',
    ],
  ],
  [
    'JSON that does not parse',
    { raw: { body: '{"api_key": ', contentType: 'application/json' } },
    400,
    ['yêu cầu không hợp lệ (nội dung không đọc được)'],
  ],
  ['JSON array', { json: [valid] }, 403, ['api_key: chưa được gửi — cần khóa API để gửi phản ánh']],
  [
    'JSON with a nested value',
    { json: { ...valid, description: { text: 'x' } } },
    400,
    ['description: phải là một giá trị đơn'],
  ],
  [
    'multipart body',
    {
      raw: {
        body: '--b\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nx\r\n--b--\r\n',
        contentType: 'multipart/form-data; boundary=b',
      },
    },
    400,
    ['chỉ nhận application/x-www-form-urlencoded hoặc application/json'],
  ],
  [
    'body over 64 kB',
    { form: { ...valid, description: 'a'.repeat(70_000) } },
    400,
    ['nội dung gửi lên quá 64 kB'],
  ],
];

for (const [name, body, status, descriptions] of cases) {
  test(`POST ${name} → ${status}, spec errors in JSON and XML, nothing stored`, async () => {
    for (const format of ['json', 'xml']) {
      const before = await stored(t);
      const r = await call(t, 'POST', `/open311/v2/requests.${format}`, body);
      assert.equal(r.status, status, `${format}: ${r.text.slice(0, 500)}`);
      assert.equal(
        r.headers['content-type'],
        format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
      );
      assert.deepEqual(
        errorsOf(r),
        descriptions.map((description) => ({ code: status, description })),
      );
      assert.deepEqual(await stored(t), before, `${format}: nothing stored`);
    }
  });
}

test('error descriptions follow Accept-Language', async () => {
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: { ...valid, lat: '-90.5', email: 'x' },
    lang: 'en',
  });
  assert.deepEqual(errorsOf(r), [
    { code: 400, description: 'lat: must be a decimal number from -90 to 90 (WGS84)' },
    { code: 400, description: 'email: is not a valid email' },
  ]);
  const k = await call(t, 'POST', '/open311/v2/requests.xml', { form: {}, lang: 'en' });
  assert.equal(k.status, 403);
  assert.deepEqual(errorsOf(k), [{ code: 403, description: 'api_key: was not provided' }]);
});

test('the limits themselves are accepted: 4,000 characters of Vietnamese, a location by address_id', async () => {
  const max = 'ổ gà '.repeat(800).slice(0, 4000);
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: { ...valid, description: max, lat: '-90', long: '180' },
  });
  assert.equal(r.status, 200, r.text);
  const byId = await call(t, 'POST', '/open311/v2/requests.json', {
    form: { ...without('lat'), long: '', address_id: 'DC-000123' },
  });
  assert.equal(byId.status, 200, byId.text);
  // Empty arguments are the same as absent ones (the spec's "Optional" rule).
  const empty = await call(t, 'POST', '/open311/v2/requests.json', {
    form: { ...valid, email: '', phone: '', media_url: '' },
  });
  assert.equal(empty.status, 200, empty.text);
});
