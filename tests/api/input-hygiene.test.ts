/**
 * The five causes of server errors a fuzzing run found (issue #12, finding 6), each refused at
 * its root for every route, with a 4xx and a stable code, and nothing written (R-SEC-1):
 * lone UTF-16 surrogates and NUL in JSON, empty patches, ids beyond bigint, unknown ids behind
 * a foreign key, malformed multipart. Also the router's own refusals (bad URL encoding, a path
 * parameter too long), which had no error body. `fuzz.test.ts` walks every operation.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody } from '../helpers/app.ts';
import { z } from 'zod';
import { buildField } from '../factories.ts';
import { bigintId, patchOf } from '../../src/contract/common.ts';
import { apiUser, assertError, counts } from './support.ts';

const t = await createTestApp();
after(t.close);

const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const admin = await apiUser(t, await t.newUser('admin'));
const op = await apiUser(t, await t.newUser('operator'));
const other = await t.newUser('operator');
const field = await buildField(t.db, t.tenantId, { code: 'XD', defaultAgencyId: agency.id });
const UNKNOWN = '6f1c1f2e-0000-4000-8000-000000000000';

/** The body's path of the first detail of a validation error. */
const detailPath = (body: unknown) =>
  ((body as { error: { details?: { path?: string }[] } }).error.details ?? [])[0]?.path;

test('R-SEC-1 a lone UTF-16 surrogate or a NUL anywhere in a JSON body → 400 validation_failed naming where, nothing written', async () => {
  const cases: [string, 'POST' | 'PATCH' | 'PUT', string, unknown, string][] = [
    // The fuzzing run's example: the token's name reaches a jsonb column (audit data).
    ['token name, high surrogate', 'POST', '/api/v1/auth/tokens', { name: 'x\ud800' }, 'name'],
    ['token name, low surrogate', 'POST', '/api/v1/auth/tokens', { name: '\udc00' }, 'name'],
    ['token name, NUL', 'POST', '/api/v1/auth/tokens', { name: 'a\u0000b' }, 'name'],
    // Text columns: Node would have written U+FFFD in place of the surrogate, silently.
    [
      'ticket content',
      'POST',
      '/api/v1/tickets',
      ticketBody({ fieldId: field.id, content: 'Nội dung phản ánh \ud83d đủ dài để qua kiểm tra' }),
      'content',
    ],
    [
      'nested: citizen name',
      'POST',
      '/api/v1/tickets',
      { ...ticketBody({ fieldId: field.id }), citizen: { name: 'An\udfff', phone: '0912345678' } },
      'citizen.name',
    ],
    ['array item', 'PATCH', `/api/v1/agencies/${agency.id}`, { name: ['a', '\ud800'] }, 'name.1'],
    ['a key, not a value', 'POST', '/api/v1/auth/tokens', { name: 'x', '\ud800': 1 }, '\ufffd'],
  ];
  for (const [label, method, url, body, path] of cases) {
    const client = url.includes('agencies') ? admin : op;
    const before = await counts(t);
    const res = await client.req(method, url, body);
    assertError(res, 400, 'validation_failed');
    assert.equal(detailPath(res.body), path, label);
    assert.deepEqual(await counts(t), before, `${label}: nothing written`);
  }
  // Nested 400 000 levels deep, the surrogate at the bottom: found in linear time, and the
  // path in the answer is cut short.
  const deep = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: { authorization: `Bearer ${op.token}`, 'content-type': 'application/json' },
    payload: `{"name":"x","extra":${'['.repeat(400_000)}"\\ud800"${']'.repeat(400_000)}}`,
  });
  assert.equal(deep.statusCode, 400, deep.body.slice(0, 200));
  assert.ok(deep.body.length < 2000, `answer of ${deep.body.length} bytes`);
  // Queries and path parameters: `%00` decodes to a NUL.
  const query = await op.get('/api/v1/tickets?q=a%00b');
  assertError(query, 400, 'validation_failed');
  assert.equal(detailPath(query.body), 'q');
  const param = await op.get('/api/v1/tickets/a%00b');
  assertError(param, 400, 'validation_failed');
  assert.match(JSON.stringify(param.body.error.details), /"in":"params"/);
  // Well-formed text outside the Basic Multilingual Plane (a surrogate pair) is text like any.
  const ok = await op.post('/api/v1/auth/tokens', { name: 'Khoá 😀 𠀀' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.name, 'Khoá 😀 𠀀');
  // The text "\u0000" written out (an escaped backslash) is not a NUL.
  const escaped = await op.post('/api/v1/auth/tokens', { name: 'C:\\u0000\\ud800' });
  assert.equal(escaped.status, 201, JSON.stringify(escaped.body));
});

test('R-SEC-1 an empty PATCH (nothing to change) → 400 validation_failed on every PATCH route, nothing written', async () => {
  const rule = await admin.post('/api/v1/scope-rules', {
    code: 'R1',
    name: 'Quy định',
    action: 'reject',
    guidanceVi: 'Hướng dẫn',
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const template = await admin.post('/api/v1/templates', {
    kind: 'reply',
    code: 'TL1',
    title: 'Mẫu',
    bodyVi: 'Kính gửi',
  });
  assert.equal(template.status, 201, JSON.stringify(template.body));
  const article = await admin.post('/api/v1/kb/articles', {
    kind: 'faq',
    title: 'Đăng ký khai sinh',
    agencyId: agency.id,
    keywords: ['khai sinh', 'hộ tịch'],
  });
  assert.equal(article.status, 201, JSON.stringify(article.body));
  const urls = [
    `/api/v1/agencies/${agency.id}`,
    `/api/v1/fields/${field.id}`,
    `/api/v1/scope-rules/${rule.body.id}`,
    `/api/v1/users/${other.id}`,
    `/api/v1/templates/${template.body.id}`,
    '/api/v1/settings',
    // Before patchOf, `{}` here was a 200 that emptied the article's keywords.
    `/api/v1/kb/articles/${article.body.id}`,
  ];
  for (const url of urls) {
    for (const body of [{}, { khongCo: 1 }]) {
      const before = await counts(t);
      const res = await admin.patch(url, body);
      assertError(res, 400, 'validation_failed');
      assert.match(JSON.stringify(res.body.error.details), /nothing to change/, url);
      assert.deepEqual(await counts(t), before, `${url}: nothing written`);
    }
  }
  // A patch fills in nothing the client left out: editing an article's title keeps its
  // keywords (the patch's keywords had a default, [], and emptied them on every edit).
  const edited = await admin.patch(`/api/v1/kb/articles/${article.body.id}`, {
    title: 'Đăng ký khai sinh cho trẻ',
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.deepEqual(edited.body.keywords, ['khai sinh', 'hộ tịch']);
  // One field is enough.
  const one = await admin.patch(`/api/v1/fields/${field.id}`, { nameEn: 'Construction' });
  assert.equal(one.status, 200, JSON.stringify(one.body));
});

test('R-SEC-1 a notification id that is no bigint → 400 validation_failed, not a database error', async () => {
  for (const id of ['99999999999999999999999', '9223372036854775808', '0', '-1', '1e3', 'x']) {
    const res = await op.post(`/api/v1/notifications/${id}/read`);
    assertError(res, 400, 'validation_failed');
    assert.equal(detailPath(res.body), 'id', id);
  }
  // The largest bigint is an id like any other: not this user's, so not found.
  assertError(await op.post('/api/v1/notifications/9223372036854775807/read'), 404, 'not_found');
});

test('R-SEC-1 an unknown id behind a foreign key → 404 not_found naming the field, nothing written', async () => {
  const cases: [string, 'PUT' | 'POST' | 'PATCH', string, unknown, string][] = [
    // The fuzzing run's example.
    [
      'queue fieldId',
      'PUT',
      '/api/v1/call-queues/hang-cho-1',
      { name: 'Hàng chờ', fieldId: UNKNOWN },
      'fieldId',
    ],
    [
      'agency orgUnitId',
      'POST',
      '/api/v1/agencies',
      { code: 'SYT', name: 'Sở Y tế', kind: 'department', orgUnitId: UNKNOWN },
      'orgUnitId',
    ],
    [
      'agency patch orgUnitId',
      'PATCH',
      `/api/v1/agencies/${agency.id}`,
      { orgUnitId: UNKNOWN },
      'orgUnitId',
    ],
  ];
  for (const [label, method, url, body, path] of cases) {
    const before = await counts(t);
    const res = await admin.req(method, url, body);
    assertError(res, 404, 'not_found');
    assert.equal(detailPath(res.body), path, label);
    assert.deepEqual(await counts(t), before, `${label}: nothing written`);
  }
  const ok = await admin.put('/api/v1/call-queues/hang-cho-1', {
    name: 'Hàng chờ',
    fieldId: field.id,
  });
  assert.ok(ok.status < 300, JSON.stringify(ok.body));
});

test('R-SEC-1 malformed multipart on POST /attachments → 400 malformed_multipart, nothing stored', async () => {
  const head =
    '--b1\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n' +
    'Content-Type: application/pdf\r\n\r\n';
  const cases: [string, string, string][] = [
    ['cut short', `${head}%PDF-1.4 biên bản`, 'multipart/form-data; boundary=b1'],
    ['no closing boundary', `${head}%PDF-1.4\r\n`, 'multipart/form-data; boundary=b1'],
    ['no boundary in the header', `${head}%PDF-1.4\r\n--b1--\r\n`, 'multipart/form-data'],
  ];
  for (const [label, payload, contentType] of cases) {
    const before = await counts(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload,
      headers: { authorization: `Bearer ${op.token}`, 'content-type': contentType },
    });
    const body = res.json() as { error: { code: string; message_vi: string } };
    assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
    assert.equal(body.error.code, 'malformed_multipart', label);
    assert.equal(typeof body.error.message_vi, 'string');
    assert.deepEqual(await counts(t), before, `${label}: nothing stored`);
  }
});

test('R-SEC-1 the router refuses a path that is not UTF-8 or too long with the error body of every refusal', async () => {
  const bad = await op.get('/api/v1/tickets/%ED%A0%80');
  assertError(bad, 400, 'bad_request');
  const long = await op.get(`/api/v1/tickets/${'a'.repeat(2000)}`);
  assertError(long, 414, 'uri_too_long');
});

test("R-SEC-1 the citizens' website answers a NUL in a search with its 400 page, not a server error", async () => {
  for (const url of ['/cong-dan/tra-loi?q=a%00b', '/cong-dan/hoi-dap?q=a%00b']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.ok(res.statusCode === 400 || res.statusCode === 200, `${url}: ${res.statusCode}`);
    assert.match(String(res.headers['content-type']), /text\/html/);
  }
});

test('R-SLA-4 a calendar exception with empty or reversed hours → 400 validation_failed, not a server error', async () => {
  for (const intervals of [[['08:00', '08:00']], [['17:00', '08:00']]]) {
    const res = await admin.put(`/api/v1/calendars/${t.calendarId}/exceptions`, {
      date: '2026-05-04',
      kind: 'working',
      nameVi: 'Làm bù',
      intervals,
    });
    assertError(res, 400, 'validation_failed');
    assert.equal(detailPath(res.body), 'intervals');
  }
});

test('R-SEC-1 patchOf: nothing to change is refused, one field is enough, a default is a contract error', () => {
  const p = patchOf({ name: z.string().optional(), active: z.boolean().optional() });
  assert.equal(p.safeParse({}).success, false);
  assert.equal(p.safeParse({ unknown: 1 }).success, false);
  assert.match(JSON.stringify(p.safeParse({}).error?.issues), /nothing to change/);
  assert.deepEqual(p.parse({ active: false }), { active: false });
  assert.throws(
    () => patchOf({ keywords: z.array(z.string()).default([]).optional() }),
    /"keywords" has a default/,
  );
});

test('R-SEC-1 bigintId: 1 to 2^63 − 1 as decimal text, nothing else', () => {
  for (const ok of ['1', '42', '9223372036854775807'])
    assert.equal(bigintId.safeParse(ok).success, true, ok);
  for (const bad of [
    '0',
    '-1',
    '01',
    '1e3',
    'x',
    '',
    '9223372036854775808',
    '99999999999999999999999',
  ])
    assert.equal(bigintId.safeParse(bad).success, false, bad);
});
