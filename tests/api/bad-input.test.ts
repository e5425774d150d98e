/**
 * Bad input on every write endpoint (R-SEC-1): a 4xx with a stable `error.code` and messages
 * in Vietnamese and English, and nothing written. Also: script-injection strings are stored
 * verbatim and only ever served as JSON, wrong-state actions, unknown agencies, attachment
 * types, optimistic concurrency and idempotent intake.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody, Client } from '../helpers/app.ts';
import type { ApiResponse } from '../helpers/app.ts';
import { apiUser, assertError, counts, uploadRaw, type ApiUser } from './support.ts';

const t = await createTestApp();
after(t.close);

const sxd = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const sub = await t.newAgency({
  code: 'SXD-P1',
  name: 'Phòng 1',
  kind: 'subunit',
  parentId: sxd.id,
});
const closedAgency = await t.newAgency({ code: 'OLD', name: 'Cơ quan đã giải thể' });
await t.db.updateTable('agency').set({ active: false }).where('id', '=', closedAgency.id).execute();
const hotlineAgency = await t.newAgency({ code: 'TD1022', name: 'Tổng đài 1022', kind: 'hotline' });
const op = await apiUser(t, await t.newUser('operator'));
const fp = await apiUser(t, await t.newUser('focal_point', sxd));
const admin = await apiUser(t, await t.newUser('admin'));
const group = await t.db
  .insertInto('field_group')
  .values({ tenant_id: t.tenantId, number: 1, name: 'Thủ tục hành chính', name_en: '' })
  .returning('id')
  .executeTakeFirstOrThrow();
const field = await t.db
  .insertInto('field')
  .values({
    tenant_id: t.tenantId,
    group_id: group.id,
    code: 'XD',
    name: 'Xây dựng',
    name_en: '',
    default_agency_id: null,
  })
  .returning('id')
  .executeTakeFirstOrThrow();

const UNKNOWN = '6f1c1f2e-0000-4000-8000-000000000000';

/**
 * Sends each bad request and checks: the status and code, both messages, JSON, and that no
 * row anywhere changed.
 */
async function refused(cases: [string, () => Promise<ApiResponse>, number, string][]) {
  const failures: string[] = [];
  for (const [label, send, status, code] of cases) {
    const before = await counts(t);
    const res = await send();
    try {
      assertError(res, status, code);
      assert.deepEqual(await counts(t), before, 'nothing changed');
    } catch (err) {
      failures.push(`${label}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  assert.deepEqual(failures, []);
}

async function newTicket(over: Record<string, unknown> = {}) {
  const r = await op.post('/api/v1/tickets', ticketBody(over));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; version: number; code: string };
}

const body = (over: Record<string, unknown>) => ticketBody(over);
const citizen = (over: Record<string, unknown>) => ({
  name: 'Nguyễn Văn An',
  phone: '0912345678',
  ...over,
});
const without = (key: string) => {
  const b: Record<string, unknown> = ticketBody();
  delete b[key];
  return b;
};

test('R-IN-3 POST /tickets refuses invalid bodies with validation_failed and writes nothing', async () => {
  const post = (b: unknown) => () => op.post('/api/v1/tickets', b);
  await refused([
    ['no channel', post(without('channel')), 400, 'validation_failed'],
    ['unknown channel', post(body({ channel: 'fax' })), 400, 'validation_failed'],
    ['open311 is for apps only', post(body({ channel: 'open311' })), 400, 'validation_failed'],
    ['no content', post(without('content')), 400, 'validation_failed'],
    ['content too short', post(body({ content: 'abc' })), 400, 'validation_failed'],
    ['content only spaces', post(body({ content: '          ' })), 400, 'validation_failed'],
    ['content a number', post(body({ content: 12345678 })), 400, 'validation_failed'],
    ['content > 20 000', post(body({ content: 'a'.repeat(20_001) })), 400, 'validation_failed'],
    ['subject > 300', post(body({ subject: 's'.repeat(301) })), 400, 'validation_failed'],
    ['no citizen', post(without('citizen')), 400, 'validation_failed'],
    ['citizen a string', post(body({ citizen: 'Nguyễn Văn An' })), 400, 'validation_failed'],
    [
      'citizen without name',
      post(body({ citizen: { phone: '0912345678' } })),
      400,
      'validation_failed',
    ],
    [
      'citizen empty name',
      post(body({ citizen: citizen({ name: '   ' }) })),
      400,
      'validation_failed',
    ],
    [
      'citizen name > 200',
      post(body({ citizen: citizen({ name: 'A'.repeat(201) }) })),
      400,
      'validation_failed',
    ],
    ['neither phone nor email', post(body({ citizen: { name: 'An' } })), 400, 'validation_failed'],
    [
      'phone too short',
      post(body({ citizen: citizen({ phone: '12345' }) })),
      400,
      'validation_failed',
    ],
    [
      'phone letters',
      post(body({ citizen: citizen({ phone: '09123abcde' }) })),
      400,
      'validation_failed',
    ],
    [
      'phone foreign',
      post(body({ citizen: citizen({ phone: '+1 202 555 0143' }) })),
      400,
      'validation_failed',
    ],
    [
      'phone too long',
      post(body({ citizen: citizen({ phone: '091234567890' }) })),
      400,
      'validation_failed',
    ],
    [
      'phone a number',
      post(body({ citizen: citizen({ phone: 912345678 }) })),
      400,
      'validation_failed',
    ],
    ['bad email', post(body({ citizen: citizen({ email: 'an@' }) })), 400, 'validation_failed'],
    [
      'address > 500',
      post(body({ citizen: citizen({ address: 'x'.repeat(501) }) })),
      400,
      'validation_failed',
    ],
    ['language fr', post(body({ citizen: citizen({ language: 'fr' }) })), 400, 'validation_failed'],
    ['fieldId not a uuid', post(body({ fieldId: 'dat-dai' })), 400, 'validation_failed'],
    ['fieldId unknown', post(body({ fieldId: UNKNOWN })), 422, 'field_not_found'],
    ['urgency high', post(body({ urgency: 'high' })), 400, 'validation_failed'],
    ['confidential "yes"', post(body({ confidential: 'yes' })), 400, 'validation_failed'],
    [
      'latitude 91',
      post(body({ location: { latitude: 91, longitude: 105 } })),
      400,
      'validation_failed',
    ],
    [
      'longitude a string',
      post(body({ location: { latitude: 10, longitude: 'x' } })),
      400,
      'validation_failed',
    ],
    [
      'orgUnitId unknown',
      post(body({ location: { orgUnitId: UNKNOWN } })),
      400,
      'validation_failed',
    ],
    ['attachmentIds not uuids', post(body({ attachmentIds: ['a.pdf'] })), 400, 'validation_failed'],
    ['attachmentIds unknown', post(body({ attachmentIds: [UNKNOWN] })), 400, 'validation_failed'],
    [
      '21 attachments',
      post(body({ attachmentIds: Array(21).fill(UNKNOWN) })),
      400,
      'validation_failed',
    ],
    ['idempotencyKey too short', post(body({ idempotencyKey: 'abc' })), 400, 'validation_failed'],
    [
      'idempotencyKey > 100',
      post(body({ idempotencyKey: 'k'.repeat(101) })),
      400,
      'validation_failed',
    ],
    ['body an array', post([ticketBody()]), 400, 'validation_failed'],
    [
      'body a string',
      () => op.req('POST', '/api/v1/tickets', '"hello"', { 'content-type': 'application/json' }),
      400,
      'validation_failed',
    ],
    [
      'broken JSON',
      () =>
        op.req('POST', '/api/v1/tickets', '{"channel": "phone",', {
          'content-type': 'application/json',
        }),
      400,
      'bad_request',
    ],
    [
      'NUL in content',
      post(body({ content: 'Nội dung có ký tự \u0000 lạ ở giữa' })),
      400,
      'validation_failed',
    ],
    [
      'NUL in citizen name',
      post(body({ citizen: citizen({ name: 'An\u0000' }) })),
      400,
      'validation_failed',
    ],
    [
      'form-encoded',
      () =>
        op.req('POST', '/api/v1/tickets', 'channel=phone', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
      415,
      'unsupported_media_type',
    ],
  ]);
});

test("validation errors say where and what, in the caller's language", async () => {
  const res = await op.req(
    'POST',
    '/api/v1/tickets',
    body({ citizen: citizen({ phone: '12345' }) }),
    {
      'accept-language': 'en-US,en;q=0.9',
    },
  );
  assertError(res, 400, 'validation_failed');
  assert.equal(res.body.error.message, res.body.error.message_en);
  assert.deepEqual(
    res.body.error.details.map((d: { path: string; in: string }) => [d.path.split(/[./]/), d.in]),
    [[['citizen', 'phone'], 'body']],
  );
  const vi = await op.post('/api/v1/tickets', body({ citizen: citizen({ phone: '12345' }) }));
  assert.equal(vi.body.error.message, vi.body.error.message_vi);
  assert.notEqual(vi.body.error.message_vi, vi.body.error.message_en);
});

test('validation error paths use one notation (service errors say "location.orgUnitId")', async () => {
  const res = await op.post('/api/v1/tickets', body({ citizen: citizen({ phone: '12345' }) }));
  assert.deepEqual(
    res.body.error.details.map((d: { path: string }) => d.path),
    ['citizen.phone'],
  );
});

test('R-IN-3 phone numbers are normalised; +84 and spaces are accepted', async () => {
  for (const [input, stored] of [
    ['+84 912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0292-3 123 456', '02923123456'],
    ['1800 1022', '18001022'],
  ]) {
    const r = await op.post('/api/v1/tickets', body({ citizen: citizen({ phone: input }) }));
    assert.equal(r.status, 201, `${input}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.citizen.phone, stored, input);
  }
});

test('R-SEC-1 script and SQL injection strings are stored verbatim and served only as JSON', async () => {
  const nasty = {
    subject: '<script>alert("xss")</script>',
    content: `<img src=x onerror="alert(1)"> '; DROP TABLE ticket; -- "quotes" & ampersands \u202e`,
    citizen: {
      name: '"><svg/onload=alert(document.cookie)>',
      phone: '0912345678',
      address: "Robert'); DELETE FROM app_user;--",
    },
  };
  const r = await op.post('/api/v1/tickets', body(nasty));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const got = await op.get(`/api/v1/tickets/${r.body.id}`);
  assert.match(String(got.headers['content-type']), /^application\/json/);
  assert.equal(got.body.subject, nasty.subject);
  assert.equal(got.body.content, nasty.content);
  assert.equal(got.body.citizen.name, nasty.citizen.name);
  assert.equal(got.body.citizen.address, nasty.citizen.address);
  // The tables are intact and searching with SQL metacharacters is just text.
  assert.ok((await t.db.selectFrom('app_user').select('id').execute()).length >= 3);
  const search = await op.get(
    `/api/v1/tickets?q=${encodeURIComponent("'; DROP TABLE ticket; --")}`,
  );
  assert.equal(search.status, 200);
  assert.deepEqual(
    search.body.items.map((x: { id: string }) => x.id),
    [r.body.id],
  );
  // LIKE wildcards are escaped: '%' matches only a literal percent sign.
  const pct = await op.get(`/api/v1/tickets?q=${encodeURIComponent('%')}`);
  assert.equal(pct.body.total, 0);
  const under = await op.get(`/api/v1/tickets?q=${encodeURIComponent('_')}`);
  assert.equal(under.body.total, 0);
  // In notes and answers too.
  const a = await op.post(`/api/v1/tickets/${r.body.id}/actions/answer_directly`, {
    answer: '<script>fetch("//evil")</script>',
  });
  assert.equal(a.status, 200);
  assert.equal(a.body.answer, '<script>fetch("//evil")</script>');
  assert.match(String(a.headers['content-type']), /^application\/json/);
  // Errors are JSON even when the URL carries markup.
  const nf = await op.get('/api/v1/tickets/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assertError(nf, 400, 'validation_failed');
  const unknownRoute = await op.get('/api/v1/%3Cscript%3E');
  assertError(unknownRoute, 404, 'not_found');
});

test('R-WF POST /tickets/:id/actions/:action refuses bad ids, actions, bodies and states', async () => {
  const tk = await newTicket();
  const url = (action: string, id = tk.id) => `/api/v1/tickets/${id}/actions/${action}`;
  const as = (who: ApiUser, action: string, b: unknown, id?: string) => () =>
    who.post(url(action, id), b);
  await refused([
    [
      'id not a uuid',
      as(op, 'forward', { agencyId: sxd.id }, 'PA-2026-000001'),
      400,
      'validation_failed',
    ],
    ['unknown ticket', as(op, 'forward', { agencyId: sxd.id }, UNKNOWN), 404, 'ticket_not_found'],
    ['unknown action', as(op, 'delete', {}), 400, 'validation_failed'],
    ['action in another case', as(op, 'FORWARD', { agencyId: sxd.id }), 400, 'validation_failed'],
    ['agencyId not a uuid', as(op, 'forward', { agencyId: 'SXD' }), 400, 'validation_failed'],
    ['agencyId missing', as(op, 'forward', {}), 400, 'validation_failed'],
    ['agency unknown', as(op, 'forward', { agencyId: UNKNOWN }), 422, 'agency_not_found'],
    ['agency inactive', as(op, 'forward', { agencyId: closedAgency.id }), 422, 'agency_not_found'],
    ['to a sub-unit', as(op, 'forward', { agencyId: sub.id }), 422, 'agency_not_found'],
    [
      'to the hotline itself',
      as(op, 'forward', { agencyId: hotlineAgency.id }),
      422,
      'agency_not_found',
    ],
    [
      'reason > 5000',
      as(op, 'reject', { reason: 'r'.repeat(5001), guidance: 'g' }),
      400,
      'validation_failed',
    ],
    ['reason a number', as(op, 'reject', { reason: 42, guidance: 'g' }), 400, 'validation_failed'],
    [
      'guidance blank',
      as(op, 'reject', { reason: 'r', guidance: '   ' }),
      400,
      'validation_failed',
    ],
    [
      'answer > 50 000',
      as(op, 'answer_directly', { answer: 'a'.repeat(50_001) }),
      400,
      'validation_failed',
    ],
    ['answer blank', as(op, 'answer_directly', { answer: '' }), 400, 'validation_failed'],
    [
      'note > 20 000',
      as(op, 'comment', { reason: 'x', note: 'n'.repeat(20_001) }),
      400,
      'validation_failed',
    ],
    [
      'kbArticleId > 100',
      as(op, 'answer_directly', { answer: 'a', kbArticleId: 'k'.repeat(101) }),
      400,
      'validation_failed',
    ],
    [
      'promisedDate not a date',
      as(op, 'forward', { agencyId: sxd.id, promisedDate: 'thứ Sáu' }),
      400,
      'validation_failed',
    ],
    ['version 0', as(op, 'forward', { agencyId: sxd.id, version: 0 }), 400, 'validation_failed'],
    [
      'version a string',
      as(op, 'forward', { agencyId: sxd.id, version: '1' }),
      400,
      'validation_failed',
    ],
    [
      'attachmentIds unknown',
      as(op, 'forward', { agencyId: sxd.id, attachmentIds: [UNKNOWN] }),
      400,
      'validation_failed',
    ],
    ['accept while received', as(fp, 'accept', {}), 404, 'ticket_not_found'],
    [
      'answer_citizen while received',
      as(op, 'answer_citizen', { answer: 'x' }),
      409,
      'invalid_transition',
    ],
    ['close while received', as(op, 'close', {}), 409, 'invalid_transition'],
    ['reopen while received', as(op, 'reopen', { reason: 'x' }), 409, 'invalid_transition'],
    ['supplement while received', as(op, 'supplement', {}), 409, 'invalid_transition'],
    ['mark_overdue by hand', as(op, 'mark_overdue', {}), 403, 'forbidden'],
    ['NUL in a reason', as(op, 'comment', { reason: 'ghi chú\u0000' }), 400, 'validation_failed'],
  ]);

  // At the agency: wrong-state actions.
  const fwd = await op.post(url('forward'), { agencyId: sxd.id });
  assert.equal(fwd.status, 200);
  await refused([
    ['forward again', as(op, 'forward', { agencyId: sxd.id }), 409, 'invalid_transition'],
    [
      'answer before accepting',
      as(fp, 'answer_agency', { answer: 'x' }),
      409,
      'invalid_transition',
    ],
    [
      'route before accepting',
      as(fp, 'route_internal', { subunitId: sub.id }),
      409,
      'invalid_transition',
    ],
    ['approve with nothing to approve', as(fp, 'approve_answer', {}), 403, 'forbidden'],
    [
      'answer_directly at an agency',
      as(op, 'answer_directly', { answer: 'x' }),
      409,
      'invalid_transition',
    ],
    ['transfer to unknown', as(fp, 'transfer', { agencyId: UNKNOWN }), 422, 'agency_not_found'],
    [
      'transfer to inactive',
      as(fp, 'transfer', { agencyId: closedAgency.id }),
      422,
      'agency_not_found',
    ],
    [
      'subunitId not a uuid',
      as(fp, 'route_internal', { subunitId: 'P1' }),
      400,
      'validation_failed',
    ],
  ]);
  assert.equal((await fp.post(url('accept'), {})).status, 200);
  await refused([
    ['route to unknown', as(fp, 'route_internal', { subunitId: UNKNOWN }), 422, 'agency_not_found'],
    [
      'promised yesterday',
      as(fp, 'request_verification', { promisedDate: '2026-03-01' }),
      422,
      'promised_date_invalid',
    ],
    [
      'promised 30 Feb',
      as(fp, 'request_verification', { promisedDate: '2026-02-30' }),
      400,
      'validation_failed',
    ],
    [
      'promised as datetime',
      as(fp, 'request_verification', { promisedDate: '2026-03-10T10:00:00Z' }),
      400,
      'validation_failed',
    ],
  ]);
});

test('R-REC-1 optimistic concurrency: a stale version is refused with 409 version_conflict', async () => {
  const tk = await newTicket();
  assert.equal(tk.version, 1);
  const first = await op.post(`/api/v1/tickets/${tk.id}/actions/comment`, {
    reason: 'Lần 1',
    version: 1,
  });
  assert.equal(first.status, 200);
  assert.equal(first.body.version, 2);
  await refused([
    [
      'stale version',
      () => op.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: sxd.id, version: 1 }),
      409,
      'version_conflict',
    ],
    [
      'future version',
      () => op.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: sxd.id, version: 9 }),
      409,
      'version_conflict',
    ],
  ]);
  const ok = await op.post(`/api/v1/tickets/${tk.id}/actions/forward`, {
    agencyId: sxd.id,
    version: 2,
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.version, 3);
  // Two clients with the same version: exactly one wins.
  const [a, b] = await Promise.all([
    fp.post(`/api/v1/tickets/${tk.id}/actions/accept`, { version: 3 }),
    fp.post(`/api/v1/tickets/${tk.id}/actions/comment`, { reason: 'song song', version: 3 }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  assert.equal([a, b].find((r) => r.status === 409)!.body.error.code, 'version_conflict');
});

test('R-WF-2 two operators forwarding the same ticket at once: one wins, the other gets 409', async () => {
  const tk = await newTicket();
  const op2 = await apiUser(t, await t.newUser('supervisor'));
  const other = await t.newAgency({ code: 'SYT2', name: 'Sở Y tế' });
  const [a, b] = await Promise.all([
    op.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: sxd.id }),
    op2.post(`/api/v1/tickets/${tk.id}/actions/forward`, { agencyId: other.id }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  assertError(
    [a, b].find((r) => r.status === 409)!,
    409,
    'invalid_transition',
  );
  const d = (await op.get(`/api/v1/tickets/${tk.id}`)).body;
  assert.equal(d.timeline.filter((e: { action: string }) => e.action === 'forward').length, 1);
  assert.equal(d.deadlines.length, 1);
  assert.equal(d.agencyId, [a, b].find((r) => r.status === 200)!.body.agencyId);
});

test('R-CH-12 idempotencyKey: the same submission twice → 201 then 200 with the same ticket', async () => {
  const key = 'zalo-msg-7f3a9c1e';
  const before = await counts(t);
  const first = await op.post('/api/v1/tickets', body({ idempotencyKey: key }));
  assert.equal(first.status, 201);
  const again = await op.post('/api/v1/tickets', body({ idempotencyKey: key }));
  assert.equal(again.status, 200);
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.body.code, first.body.code);
  const afterwards = await counts(t);
  assert.equal(afterwards.ticket, before.ticket + 1);
  assert.equal(afterwards.ticket_event, before.ticket_event + 1);
  assert.equal(afterwards.audit_log, before.audit_log + 1);
  // Retries racing each other also end with one ticket.
  const raced = await Promise.all(
    Array.from({ length: 5 }, () =>
      op.post('/api/v1/tickets', body({ idempotencyKey: 'sms-retry-000123' })),
    ),
  );
  assert.deepEqual(raced.map((r) => r.status).sort(), [200, 200, 200, 200, 201]);
  assert.equal(new Set(raced.map((r) => r.body.id)).size, 1);
  const rows = await t.db
    .selectFrom('ticket')
    .select('id')
    .where('idempotency_key', '=', 'sms-retry-000123')
    .execute();
  assert.equal(rows.length, 1);
  // Codes stay unique and increasing (numbers come from a sequence, so lost races may leave gaps).
  const next = await op.post('/api/v1/tickets', body({}));
  const n = (code: string) => Number(code.slice(-6));
  assert.ok(n(next.body.code) > n(raced.find((r) => r.status === 201)!.body.code));
});

test('R-SEC-1 POST /attachments: disallowed types → 415, no file → 400, too large → 413; nothing stored', async () => {
  const headers = { authorization: `Bearer ${op.token}` };
  const up = (content: string | Buffer, name: string, type: string) => () =>
    uploadRaw(t, content, name, type, headers);
  await refused([
    [
      'text/html',
      up('<script>alert(1)</script>', 'a.html', 'text/html'),
      415,
      'unsupported_media_type',
    ],
    [
      'svg',
      up('<svg onload="alert(1)"/>', 'a.svg', 'image/svg+xml'),
      415,
      'unsupported_media_type',
    ],
    ['javascript', up('alert(1)', 'a.js', 'application/javascript'), 415, 'unsupported_media_type'],
    ['executable', up('MZ', 'a.exe', 'application/x-msdownload'), 415, 'unsupported_media_type'],
    ['octet-stream', up('x', 'a.bin', 'application/octet-stream'), 415, 'unsupported_media_type'],
    [
      'JSON instead of multipart',
      () => op.post('/api/v1/attachments', { file: 'x' }),
      415,
      'unsupported_media_type',
    ],
  ]);
  const empty = async () => {
    const boundary = '----o1022empty';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nxin chào\r\n--${boundary}--\r\n`,
      ),
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x61);
  await refused([
    ['no file part', empty, 400, 'validation_failed'],
    ['over 20 MB', up(big, 'big.pdf', 'application/pdf'), 413, 'payload_too_large'],
  ]);
  // A normal file is accepted, hashed, and served back with its type and nosniff.
  const ok = await uploadRaw(t, 'biên bản hiện trường', 'biên bản.txt', 'text/plain', headers);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.size, Buffer.byteLength('biên bản hiện trường'));
  assert.match(ok.body.sha256, /^[0-9a-f]{64}$/);
  const dl = await op.get(`/api/v1/attachments/${ok.body.id}`);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.match(String(dl.headers['content-disposition']), /^attachment;/);
  assert.equal(dl.body, 'biên bản hiện trường');
  // A path in the file name cannot escape.
  const sneaky = await uploadRaw(t, 'x', '../../etc/passwd.txt', 'text/plain', headers);
  assert.equal(sneaky.status, 201);
  assert.ok(!sneaky.body.filename.includes('/'), sneaky.body.filename);
  // Linked once, it cannot be linked to a second ticket.
  const tk = await newTicket({ attachmentIds: [ok.body.id] });
  assert.equal((await op.get(`/api/v1/tickets/${tk.id}`)).body.attachments.length, 1);
  await refused([
    [
      'attachment reused',
      () => op.post('/api/v1/tickets', body({ attachmentIds: [ok.body.id] })),
      400,
      'validation_failed',
    ],
  ]);
});

test('R-AD-1 organisation writes refuse bad bodies and write nothing', async () => {
  const agencyBody = { code: 'SYT', name: 'Sở Y tế', kind: 'department' };
  const created = await admin.post('/api/v1/agencies', agencyBody);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await refused([
    [
      'agency code with spaces',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'S Y T' }),
      400,
      'validation_failed',
    ],
    [
      'agency code > 50',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'C'.repeat(51) }),
      400,
      'validation_failed',
    ],
    [
      'agency name missing',
      () => admin.post('/api/v1/agencies', { code: 'X1', kind: 'department' }),
      400,
      'validation_failed',
    ],
    [
      'agency kind unknown',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'X2', kind: 'ministry' }),
      400,
      'validation_failed',
    ],
    [
      'agency email invalid',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'X3', email: 'syt@' }),
      400,
      'validation_failed',
    ],
    [
      'agency parent unknown',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'X4', parentId: UNKNOWN }),
      422,
      'agency_not_found',
    ],
    ['agency duplicate code', () => admin.post('/api/v1/agencies', agencyBody), 409, 'conflict'],
    [
      'agency requiresApproval "yes"',
      () => admin.post('/api/v1/agencies', { ...agencyBody, code: 'X5', requiresApproval: 'yes' }),
      400,
      'validation_failed',
    ],
    [
      'patch agency bad id',
      () => admin.patch('/api/v1/agencies/abc', { name: 'x' }),
      400,
      'validation_failed',
    ],
    [
      'patch agency unknown',
      () => admin.patch(`/api/v1/agencies/${UNKNOWN}`, { name: 'x' }),
      404,
      'not_found',
    ],
    [
      'patch agency own parent',
      () => admin.patch(`/api/v1/agencies/${sxd.id}`, { parentId: sxd.id }),
      400,
      'validation_failed',
    ],
    [
      'patch agency to a taken code',
      () => admin.patch(`/api/v1/agencies/${sxd.id}`, { code: 'SYT' }),
      409,
      'conflict',
    ],
    [
      'field unknown group',
      () => admin.post('/api/v1/fields', { code: 'F1', name: 'x', groupNumber: 5 }),
      400,
      'validation_failed',
    ],
    [
      'field group 0',
      () => admin.post('/api/v1/fields', { code: 'F1', name: 'x', groupNumber: 0 }),
      400,
      'validation_failed',
    ],
    [
      'field default agency unknown',
      () =>
        admin.post('/api/v1/fields', {
          code: 'F1',
          name: 'x',
          groupNumber: 1,
          defaultAgencyId: UNKNOWN,
        }),
      422,
      'agency_not_found',
    ],
    [
      'field duplicate code',
      () => admin.post('/api/v1/fields', { code: 'XD', name: 'x', groupNumber: 1 }),
      409,
      'conflict',
    ],
    [
      'patch field unknown',
      () => admin.patch(`/api/v1/fields/${UNKNOWN}`, { name: 'x' }),
      404,
      'not_found',
    ],
    [
      'patch field empty name',
      () => admin.patch(`/api/v1/fields/${field.id}`, { name: '' }),
      400,
      'validation_failed',
    ],
    [
      'scope rule action unknown',
      () =>
        admin.post('/api/v1/scope-rules', {
          code: 'R1',
          name: 'x',
          action: 'ban',
          guidanceVi: 'g',
        }),
      400,
      'validation_failed',
    ],
    [
      'scope rule no guidance',
      () => admin.post('/api/v1/scope-rules', { code: 'R1', name: 'x', action: 'reject' }),
      400,
      'validation_failed',
    ],
    [
      'scope rule 201 keywords',
      () =>
        admin.post('/api/v1/scope-rules', {
          code: 'R1',
          name: 'x',
          action: 'reject',
          guidanceVi: 'g',
          keywords: Array(201).fill('k'),
        }),
      400,
      'validation_failed',
    ],
    [
      'screen text > 20 000',
      () => admin.post('/api/v1/scope-rules/screen', { text: 'x'.repeat(20_001) }),
      400,
      'validation_failed',
    ],
    [
      'screen text missing',
      () => admin.post('/api/v1/scope-rules/screen', {}),
      400,
      'validation_failed',
    ],
    [
      'user name uppercase',
      () =>
        admin.post('/api/v1/users', {
          username: 'NguyenVanA',
          displayName: 'A',
          role: 'operator',
          password: 'mat-khau-dai-1234',
        }),
      400,
      'validation_failed',
    ],
    [
      'user password short',
      () =>
        admin.post('/api/v1/users', {
          username: 'nva',
          displayName: 'A',
          role: 'operator',
          password: 'ngan',
        }),
      400,
      'validation_failed',
    ],
    [
      'user role unknown',
      () =>
        admin.post('/api/v1/users', {
          username: 'nva',
          displayName: 'A',
          role: 'root',
          password: 'mat-khau-dai-1234',
        }),
      400,
      'validation_failed',
    ],
    [
      'focal point without agency',
      () =>
        admin.post('/api/v1/users', {
          username: 'nva',
          displayName: 'A',
          role: 'focal_point',
          password: 'mat-khau-dai-1234',
        }),
      400,
      'validation_failed',
    ],
    [
      'user agency unknown',
      () =>
        admin.post('/api/v1/users', {
          username: 'nva',
          displayName: 'A',
          role: 'focal_point',
          agencyId: UNKNOWN,
          password: 'mat-khau-dai-1234',
        }),
      422,
      'agency_not_found',
    ],
    [
      'user duplicate',
      () =>
        admin.post('/api/v1/users', {
          username: op.me.username,
          displayName: 'A',
          role: 'operator',
          password: 'mat-khau-dai-1234',
        }),
      409,
      'conflict',
    ],
    [
      'patch user unknown',
      () => admin.patch(`/api/v1/users/${UNKNOWN}`, { displayName: 'x' }),
      404,
      'not_found',
    ],
    [
      'patch head to no agency',
      () => admin.patch(`/api/v1/users/${fp.me.id}`, { agencyId: null }),
      400,
      'validation_failed',
    ],
    [
      'delegation ends before it starts',
      () =>
        fp.post('/api/v1/delegations', {
          toUserId: fp.me.id,
          startsAt: '2026-03-05T08:00:00+07:00',
          endsAt: '2026-03-04T08:00:00+07:00',
        }),
      400,
      'validation_failed',
    ],
    [
      'delegation without offset',
      () =>
        fp.post('/api/v1/delegations', {
          toUserId: fp.me.id,
          startsAt: '2026-03-05T08:00:00',
          endsAt: '2026-03-06T08:00:00',
        }),
      400,
      'validation_failed',
    ],
    [
      'delegation to unknown user',
      () =>
        fp.post('/api/v1/delegations', {
          toUserId: UNKNOWN,
          startsAt: '2026-03-05T08:00:00+07:00',
          endsAt: '2026-03-06T08:00:00+07:00',
        }),
      404,
      'not_found',
    ],
    [
      'delegation outside the agency',
      () =>
        fp.post('/api/v1/delegations', {
          toUserId: op.me.id,
          startsAt: '2026-03-05T08:00:00+07:00',
          endsAt: '2026-03-06T08:00:00+07:00',
        }),
      403,
      'forbidden',
    ],
  ]);
});

test('R-SLA-4 calendar writes refuse bad bodies and write nothing', async () => {
  const cal = `/api/v1/calendars/${t.calendarId}`;
  await refused([
    [
      'exception date 30 Feb',
      () => admin.put(`${cal}/exceptions`, { date: '2026-02-30', kind: 'holiday', nameVi: 'x' }),
      400,
      'validation_failed',
    ],
    [
      'exception kind unknown',
      () => admin.put(`${cal}/exceptions`, { date: '2026-05-04', kind: 'half', nameVi: 'x' }),
      400,
      'validation_failed',
    ],
    [
      'exception no name',
      () => admin.put(`${cal}/exceptions`, { date: '2026-05-04', kind: 'holiday' }),
      400,
      'validation_failed',
    ],
    [
      'holiday with hours',
      () =>
        admin.put(`${cal}/exceptions`, {
          date: '2026-05-04',
          kind: 'holiday',
          nameVi: 'x',
          intervals: [['08:00', '12:00']],
        }),
      400,
      'validation_failed',
    ],
    [
      'hours 25:00',
      () =>
        admin.put(`${cal}/exceptions`, {
          date: '2026-05-09',
          kind: 'working',
          nameVi: 'x',
          intervals: [['08:00', '25:00']],
        }),
      400,
      'validation_failed',
    ],
    [
      'unknown calendar',
      () =>
        admin.put(`/api/v1/calendars/${UNKNOWN}/exceptions`, {
          date: '2026-05-04',
          kind: 'holiday',
          nameVi: 'x',
        }),
      404,
      'not_found',
    ],
    [
      'config bad timezone',
      () => admin.put(`${cal}/config`, { timezone: 'Mars/Olympus_Mons' }),
      400,
      'validation_failed',
    ],
    [
      'config season month 13',
      () =>
        admin.put(`${cal}/config`, {
          seasons: [{ name: 'x', from: '13-01', to: '12-31', week: {} }],
        }),
      400,
      'validation_failed',
    ],
    [
      'config statutoryHolidays "no"',
      () => admin.put(`${cal}/config`, { statutoryHolidays: 'no' }),
      400,
      'validation_failed',
    ],
    [
      'delete bad date',
      () => admin.delete(`${cal}/exceptions/04-05-2026`),
      400,
      'validation_failed',
    ],
    [
      'delete missing exception',
      () => admin.delete(`${cal}/exceptions/2026-05-04`),
      404,
      'not_found',
    ],
    [
      'ical not a calendar',
      () =>
        admin.req('POST', `${cal}/ical`, 'BEGIN:VCARD\r\nEND:VCARD\r\n', {
          'content-type': 'text/calendar',
        }),
      400,
      'validation_failed',
    ],
    ['ical as JSON', () => admin.post(`${cal}/ical`, { ics: 'x' }), 415, 'unsupported_media_type'],
  ]);
  // The stored configuration did not change.
  const shown = await admin.get(cal);
  assert.deepEqual(shown.body.config, { timezone: 'Asia/Ho_Chi_Minh' });
  assert.deepEqual(shown.body.exceptions, []);
});

test('auth and notification writes refuse bad bodies and write nothing', async () => {
  const anon = t.anonymous();
  await refused([
    [
      'login no password',
      () => anon.post('/api/v1/auth/login', { username: 'x' }),
      400,
      'validation_failed',
    ],
    [
      'login username > 100',
      () => anon.post('/api/v1/auth/login', { username: 'u'.repeat(101), password: 'x' }),
      400,
      'validation_failed',
    ],
    [
      'login password a number',
      () => anon.post('/api/v1/auth/login', { username: 'x', password: 12345 }),
      400,
      'validation_failed',
    ],
    ['token no name', () => op.post('/api/v1/auth/tokens', {}), 400, 'validation_failed'],
    [
      'token name blank',
      () => op.post('/api/v1/auth/tokens', { name: '   ' }),
      400,
      'validation_failed',
    ],
    [
      'token name > 100',
      () => op.post('/api/v1/auth/tokens', { name: 'n'.repeat(101) }),
      400,
      'validation_failed',
    ],
    [
      'read a non-numeric id',
      () => op.post('/api/v1/notifications/abc/read'),
      400,
      'validation_failed',
    ],
    [
      'read an unknown notification',
      () => op.post('/api/v1/notifications/999999/read'),
      404,
      'not_found',
    ],
  ]);
  // Bodies over the 2 MB limit are refused before parsing.
  const huge = await op.post(
    '/api/v1/tickets',
    body({ content: 'x'.repeat(2 * 1024 * 1024 + 10) }),
  );
  assertError(huge, 413, 'payload_too_large');
  // Query strings are validated too.
  assertError(await op.get('/api/v1/tickets?limit=0'), 400, 'validation_failed');
  assertError(await op.get('/api/v1/tickets?status=open'), 400, 'validation_failed');
  assertError(await op.get('/api/v1/tickets?agencyId=SXD'), 400, 'validation_failed');
  assertError(await op.get('/api/v1/tickets?q=%00'), 400, 'validation_failed');
  assertError(await op.get('/api/v1/tickets/lookup'), 400, 'validation_failed');
  assertError(await op.get('/api/v1/tickets/lookup?phone=12'), 400, 'validation_failed');
  assertError(
    await op.get(`/api/v1/calendars/${t.calendarId}/holidays?year=abc`),
    400,
    'validation_failed',
  );
  assertError(
    await op.get(`/api/v1/calendars/${t.calendarId}/preview?hours=-1`),
    400,
    'validation_failed',
  );
  // Unknown routes and methods answer with the same error shape.
  assertError(await op.get('/api/v1/khong-co'), 404, 'not_found');
  assertError(
    await new Client(t.app, null, null).req('DELETE', '/api/v1/tickets'),
    404,
    'not_found',
  );
});
