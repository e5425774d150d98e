/**
 * Abuse controls (R-AB-1) as the Open311 intake uses them: blocklist, per-phone limits shared
 * by app nodes, the word filter and its editable list, the record of attempts, and the
 * self-hosted proof-of-work challenge of anonymous forms.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestApp } from '../helpers/app.ts';
import { buildServer } from '../../src/http/server.ts';
import { buildServices } from '../../src/app/services.ts';
import { ChallengeService } from '../../src/modules/abuse/challenge.service.ts';
import { leadingZeroBits } from '../../src/core/abuse/challenge.ts';
import { AppError } from '../../src/core/errors/codes.ts';
import { signIn } from './support.ts';
import { call, errorsOf, seedFields, stored } from './open311.support.ts';

const t = await createTestApp();
after(t.close);
await seedFields(t);
const admin = await signIn(t, await t.newUser('admin'));
const supervisor = await signIn(t, await t.newUser('supervisor'));
const operator = await signIn(t, await t.newUser('operator'));
const KEY: string = (await admin.post('/api/v1/open311/keys', { name: 'Ứng dụng kiểm thử' })).body
  .key;

// A second app node on the same database: its own services, caches and process-local state.
const node2 = (await buildServer({ ctx: t.ctx, services: buildServices(t.ctx) })).app;
after(() => node2.close());

let phoneN = 0;
/** A fresh phone number per post unless one is given (the per-phone limit is 5 an hour). */
function form(over: Record<string, string> = {}) {
  phoneN++;
  return {
    api_key: KEY,
    service_code: 'HT-GT',
    lat: '10.4563',
    long: '105.6331',
    phone: `09${String(10_000_000 + phoneN).padStart(8, '0')}`,
    description: 'Ổ gà lớn giữa đường, các xe máy phải tránh.',
    ...over,
  };
}

async function events(outcome?: string) {
  let q = t.db.selectFrom('abuse_event').selectAll().orderBy('id');
  if (outcome) q = q.where('outcome', '=', outcome as 'flagged');
  return q.execute();
}

test('blocklist: supervisors and administrators manage it, normalised, audited; others may not', async () => {
  const phone = await supervisor.post('/api/v1/abuse/blocklist', {
    kind: 'phone',
    value: '+84 987 000 111',
    reason: 'Gọi quấy rối nhiều lần',
  });
  assert.equal(phone.status, 201, JSON.stringify(phone.body));
  assert.equal(phone.body.value, '0987000111');
  assert.equal(phone.body.expiresAt, null);
  const range = await admin.post('/api/v1/abuse/blocklist', {
    kind: 'ip',
    value: '203.0.113.7/24',
    reason: 'Gửi tự động',
  });
  assert.equal(range.status, 201, JSON.stringify(range.body));
  assert.equal(range.body.value, '203.0.113.0/24', 'stored as the network');
  const domain = await supervisor.post('/api/v1/abuse/blocklist', {
    kind: 'email',
    value: '@Spam.Example',
    reason: 'Tên miền thư rác',
  });
  assert.equal(domain.body.value, '@spam.example');
  assert.equal(
    (
      await supervisor.post('/api/v1/abuse/blocklist', {
        kind: 'phone',
        value: '0987.000.111',
        reason: 'trùng',
      })
    ).status,
    409,
  );
  for (const [kind, value] of [
    ['phone', '12345'],
    ['email', 'not-an-email'],
    ['email', '@'],
    ['ip', '999.1.1.1'],
    ['ip', '10.0.0.0/4'],
    ['ip', '10.0.0.1/24/1'],
    ['kind', 'x'],
  ]) {
    const r = await supervisor.post('/api/v1/abuse/blocklist', { kind, value, reason: 'x' });
    assert.equal(r.status, 400, `${kind} ${value}`);
  }
  const list = await supervisor.get('/api/v1/abuse/blocklist');
  assert.deepEqual(list.body.items.map((b: { value: string }) => b.value).sort(), [
    '0987000111',
    '203.0.113.0/24',
    '@spam.example',
  ]);
  const patched = await supervisor.patch(`/api/v1/abuse/blocklist/${phone.body.id}`, {
    reason: 'Quấy rối, đe doạ cán bộ',
  });
  assert.equal(patched.body.reason, 'Quấy rối, đe doạ cán bộ');
  assert.equal(
    (await supervisor.patch(`/api/v1/abuse/blocklist/${phone.body.id}`, {})).status,
    400,
  );

  for (const role of ['operator', 'coordinator', 'leader', 'focal_point'] as const) {
    const agency = role === 'focal_point' ? await t.newAgency() : null;
    const s = await signIn(t, await t.newUser(role, agency));
    assert.equal((await s.get('/api/v1/abuse/blocklist')).status, 403, role);
    assert.equal(
      (await s.post('/api/v1/abuse/blocklist', { kind: 'phone', value: '0911111111', reason: 'x' }))
        .status,
      403,
      role,
    );
    assert.equal((await s.delete(`/api/v1/abuse/blocklist/${phone.body.id}`)).status, 403, role);
    assert.equal((await s.get('/api/v1/abuse/events')).status, 403, role);
    assert.equal((await s.post('/api/v1/abuse/words', { term: 'xyz abc' })).status, 403, role);
  }
  assert.equal((await t.anonymous().get('/api/v1/abuse/blocklist')).status, 401);

  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label'])
    .where('entity_type', '=', 'abuse_block')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['abuse.block.create', 'abuse.block.create', 'abuse.block.create', 'abuse.block.update'],
  );
});

test('a blocked sender gets 403 in the spec’s format, nothing is stored, the attempt is recorded', async () => {
  const cases: [string, Parameters<typeof call>[3]][] = [
    ['blocked_phone', { form: form({ phone: '0987 000 111' }) }],
    ['blocked_email', { form: form({ email: 'ai.do@spam.example' }) }],
    ['blocked_ip', { form: form(), ip: '203.0.113.200' }],
  ];
  for (const [reason, opts] of cases) {
    for (const f of ['json', 'xml']) {
      const before = await stored(t);
      const r = await call(t, 'POST', `/open311/v2/requests.${f}`, opts);
      assert.equal(r.status, 403, `${reason} ${f}: ${r.text}`);
      assert.deepEqual(errorsOf(r), [
        { code: 403, description: 'người gửi đã bị chặn do vi phạm quy định sử dụng tổng đài' },
      ]);
      assert.deepEqual(await stored(t), before, 'nothing stored');
      const last = (await events('blocked')).at(-1)!;
      assert.deepEqual(last.reasons, [reason]);
      assert.equal(last.channel, 'open311');
      assert.equal(last.ticket_id, null);
    }
  }
  // The same address outside the range, another email at another domain: accepted.
  assert.equal(
    (await call(t, 'POST', '/open311/v2/requests.json', { form: form(), ip: '203.0.114.1' }))
      .status,
    200,
  );
  assert.equal(
    (await call(t, 'POST', '/open311/v2/requests.json', { form: form({ email: 'a@example.vn' }) }))
      .status,
    200,
  );
});

test('blocks can expire; removing one lets the sender in again', async () => {
  const b = await supervisor.post('/api/v1/abuse/blocklist', {
    kind: 'phone',
    value: '0977 222 333',
    reason: 'Tạm khoá một giờ',
    expiresAt: new Date(t.clock.now().getTime() + 3600_000).toISOString(),
  });
  assert.equal(b.status, 201);
  const post = () =>
    call(t, 'POST', '/open311/v2/requests.json', { form: form({ phone: '0977222333' }) });
  assert.equal((await post()).status, 403);
  t.clock.advance(3601_000);
  assert.equal((await post()).status, 200, 'expired');
  const perm = await supervisor.post('/api/v1/abuse/blocklist', {
    kind: 'phone',
    value: '0977222333',
    reason: 'Vĩnh viễn',
  });
  assert.equal(perm.status, 409, 'the expired entry is still the entry: extend it instead');
  await supervisor.patch(`/api/v1/abuse/blocklist/${b.body.id}`, { expiresAt: null });
  assert.equal((await post()).status, 403);
  assert.equal((await supervisor.delete(`/api/v1/abuse/blocklist/${b.body.id}`)).status, 200);
  assert.equal((await supervisor.delete(`/api/v1/abuse/blocklist/${b.body.id}`)).status, 404);
  assert.equal((await post()).status, 200);
});

test('bad language is accepted but flagged: the ticket, its timeline, the record and the audit say so', async () => {
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: form({
      description: 'Cán bộ phường làm ăn VCL, thằng chó đó không tiếp dân. Đ.M thật.',
      first_name: 'Khốn nạn',
    }),
  });
  assert.equal(r.status, 200, r.text);
  const code = (r.json as { service_request_id: string }[])[0]!.service_request_id;
  const tk = await t.db
    .selectFrom('ticket')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.ok(tk.content.includes('VCL'), 'the content is kept as written');
  const flag = await t.db
    .selectFrom('ticket_flag')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(flag.reasons, ['language']);
  assert.deepEqual(flag.terms, ['đm', 'vcl', 'thằng chó', 'khốn nạn']);
  const detail = await operator.get(`/api/v1/tickets/${tk.id}`);
  const line = detail.body.timeline.find((e: { action: string }) => e.action === 'abuse_flag');
  assert.ok(line, JSON.stringify(detail.body.timeline));
  assert.equal(
    line.note,
    'Nội dung có từ ngữ vi phạm / Flagged language: đm, vcl, thằng chó, khốn nạn',
  );
  assert.equal(detail.body.status, 'received');
  // Staff see the flag on the ticket and in lists.
  assert.deepEqual(detail.body.flags, ['language']);
  const listed = await operator.get(`/api/v1/tickets?q=${encodeURIComponent(code)}`);
  assert.deepEqual(
    listed.body.items.map((x: { flags: string[] }) => x.flags),
    [['language']],
  );
  const ev = (await events('flagged')).at(-1)!;
  assert.equal(ev.ticket_id, tk.id);
  assert.equal(String(flag.abuse_event_id), ev.id);
  // Public output does not republish the flagged words.
  const pub = await call(t, 'GET', `/open311/v2/requests/${code}.json`);
  assert.equal((pub.json as { description: string | null }[])[0]!.description, null);
  assert.ok(!pub.text.toLowerCase().includes('vcl'));
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label'])
    .where('entity_id', '=', tk.id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(audit, [
    { action: 'ticket.create', actor_label: 'open311:Ứng dụng kiểm thử' },
    { action: 'ticket.abuse_flag', actor_label: 'abuse-filter' },
  ]);

  // Innocent text with the same letters unaccented is not flagged.
  const ok = await call(t, 'POST', '/open311/v2/requests.json', {
    form: form({
      description: 'Các ổ gà lớn; buổi sáng đi làm rất nguy hiểm. Cac o ga lon qua, dit nhau?',
    }),
  });
  const okCode = (ok.json as { service_request_id: string }[])[0]!.service_request_id;
  const okTicket = await t.db
    .selectFrom('ticket')
    .select('id')
    .where('code', '=', okCode)
    .executeTakeFirstOrThrow();
  const okFlag = await t.db
    .selectFrom('ticket_flag')
    .selectAll()
    .where('ticket_id', '=', okTicket.id)
    .executeTakeFirst();
  assert.deepEqual(okFlag?.terms, ['địt'], 'only the plain-level term, not các/lớn/buổi/đi');
});

test('the word list is editable: add a term, switch a built-in one off, restore it', async () => {
  const flagged = async (description: string) => {
    const r = await call(t, 'POST', '/open311/v2/requests.json', { form: form({ description }) });
    assert.equal(r.status, 200, r.text);
    const code = (r.json as { service_request_id: string }[])[0]!.service_request_id;
    const row = await t.db
      .selectFrom('ticket')
      .leftJoin('ticket_flag', 'ticket_flag.ticket_id', 'ticket.id')
      .select('ticket_flag.terms')
      .where('ticket.code', '=', code)
      .executeTakeFirstOrThrow();
    return row.terms ?? [];
  };
  const list = await supervisor.get('/api/v1/abuse/words');
  assert.ok(list.body.items.length >= 20);
  assert.deepEqual(
    list.body.items.find((w: { term: string }) => w.term === 'vcl'),
    { term: 'vcl', level: 'plain', source: 'default', enabled: true },
  );

  assert.deepEqual(await flagged('Bọn sâu dân mọt nước'), []);
  const added = await supervisor.post('/api/v1/abuse/words', { term: '  Sâu Dân   Mọt Nước ' });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  assert.deepEqual(added.body, {
    term: 'sâu dân mọt nước',
    level: 'shape',
    enabled: true,
    source: 'custom',
  });
  assert.deepEqual(await flagged('Bọn SÂU DÂN MỌT NƯỚC'), ['sâu dân mọt nước']);
  assert.deepEqual(
    await flagged('bon sau dan mot nuoc'),
    [],
    'shape level: unaccented text is ambiguous',
  );

  const off = await supervisor.post('/api/v1/abuse/words', { term: 'vcl', enabled: false });
  assert.deepEqual(off.body, { term: 'vcl', level: 'plain', enabled: false, source: 'default' });
  assert.deepEqual(await flagged('làm ăn vcl'), []);
  assert.equal((await supervisor.req('DELETE', '/api/v1/abuse/words?term=vcl')).status, 204);
  assert.deepEqual(await flagged('làm ăn vcl'), ['vcl'], 'restored to the default');
  assert.equal((await supervisor.req('DELETE', '/api/v1/abuse/words?term=vcl')).status, 404);
  assert.equal((await supervisor.post('/api/v1/abuse/words', { term: 'x<y>' })).status, 400);
  assert.equal(
    (await supervisor.post('/api/v1/abuse/words', { term: 'ab', level: 'loose' })).status,
    400,
  );
  const audit = await t.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', 'abuse_word')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['abuse.word.set', 'abuse.word.set', 'abuse.word.delete'],
  );
});

test('per-phone limit (5 an hour) is counted in PostgreSQL: two app nodes share it', async () => {
  const phone = '0966 555 444';
  const post = (app: 'a' | 'b') =>
    app === 'a'
      ? call(t, 'POST', '/open311/v2/requests.json', { form: form({ phone }) })
      : node2
          .inject({
            method: 'POST',
            url: '/open311/v2/requests.json',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            remoteAddress: '192.0.2.55',
            payload: new URLSearchParams(form({ phone })).toString(),
          })
          .then((r) => ({ status: r.statusCode, headers: r.headers, json: r.json() as unknown }));
  for (const node of ['a', 'b', 'a', 'b', 'a'] as const) {
    assert.equal((await post(node)).status, 200, node);
  }
  const before = await stored(t);
  const limited = await post('b');
  assert.equal(limited.status, 429, 'the sixth, on the other node');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.match(
    (limited.json as { description: string }[])[0]!.description,
    /^phone: gửi quá nhiều phản ánh/,
  );
  assert.equal((await post('a')).status, 429);
  assert.deepEqual(await stored(t), before);
  const rl = await events('rate_limited');
  assert.equal(rl.length, 2);
  assert.deepEqual(rl[0]!.reasons, ['phone_rate']);
  assert.equal(rl[0]!.phone, '0966555444');
  // Another phone is not affected; an hour later this one may post again.
  assert.equal((await call(t, 'POST', '/open311/v2/requests.json', { form: form() })).status, 200);
  t.clock.advance(2 * 3600_000);
  assert.equal((await post('b')).status, 200);
  // The counter keeps digests, never the number.
  const keys = await t.db.selectFrom('rate_counter').select('key_hash').execute();
  assert.ok(keys.every((k) => /^[0-9a-f]{64}$/.test(k.key_hash)));
});

test('the record of attempts: supervisors read it in full, administrators masked', async () => {
  const s = await supervisor.get('/api/v1/abuse/events?limit=200');
  assert.equal(s.status, 200);
  assert.equal(s.body.total, (await events()).length);
  const blockedPhone = s.body.items.find(
    (e: { reasons: string[]; phone: string }) =>
      e.reasons[0] === 'blocked_phone' && e.phone === '0987000111',
  );
  assert.ok(blockedPhone, 'supervisors see the number');
  assert.ok(blockedPhone.excerpt);
  const flagged = await supervisor.get('/api/v1/abuse/events?outcome=flagged');
  assert.ok(flagged.body.items.length >= 1);
  assert.ok(
    flagged.body.items.every(
      (e: { outcome: string; ticketCode: string }) =>
        e.outcome === 'flagged' && /^PA-/.test(e.ticketCode),
    ),
  );
  const a = await admin.get('/api/v1/abuse/events?outcome=blocked&channel=open311');
  const masked = a.body.items.find((e: { id: string }) => e.id === blockedPhone.id);
  assert.equal(masked.phone, '098*****11');
  assert.equal(masked.excerpt, null);
  assert.equal((await supervisor.get('/api/v1/abuse/events?outcome=other')).status, 400);
});

/** Solves with OpenSSL's SHA-256 (fast); the server checks with src/core/abuse/sha256.ts. */
function solve(token: string, bits: number): string {
  for (let i = 0; ; i++) {
    const s = i.toString(36);
    if (leadingZeroBits(createHash('sha256').update(`${token}:${s}`).digest(), bits)) return s;
  }
}
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

test('challenge: issued publicly, verified once, replay refused on every node, expiry and tampering refused', async () => {
  const secret = 'un-secret-chung-cua-cac-node-web-1022';
  const env = { ...t.ctx.env, CHALLENGE_SECRET: secret };
  const nodeA = new ChallengeService({ ...t.ctx, env });
  const nodeB = new ChallengeService({ ...t.ctx, env });

  const issued = await t.anonymous().get('/api/v1/public/challenge');
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  assert.equal(issued.body.bits, 16);
  assert.equal(issued.body.algorithm, 'sha256');
  assert.equal(issued.headers['cache-control'], 'no-store');
  // The HTTP node's own key (no CHALLENGE_SECRET in the test environment): verifiable there.
  const viaApp = issued.body.token as string;
  assert.equal(await codeOf(t.services.challenges.verify(viaApp, solve(viaApp, 16))), 'ok');
  assert.equal(
    await codeOf(t.services.challenges.verify(viaApp, solve(viaApp, 16))),
    'challenge_used',
  );
  assert.equal(
    await codeOf(nodeA.verify(viaApp, solve(viaApp, 16))),
    'challenge_invalid',
    'another key does not verify it',
  );

  const { token } = await nodeA.issue('192.0.2.10');
  const solution = solve(token, 16);
  assert.equal(await codeOf(nodeA.verify(token, 'sai')), 'challenge_invalid', 'wrong solution');
  assert.equal(await codeOf(nodeB.verify(token, solution)), 'ok', 'issued on A, spent on B');
  assert.equal(await codeOf(nodeA.verify(token, solution)), 'challenge_used', 'replay on A');
  assert.equal(await codeOf(nodeB.verify(token, solution)), 'challenge_used', 'replay on B');

  // Lowering the difficulty in the token breaks the signature.
  const second = (await nodeA.issue('192.0.2.10')).token;
  const easier = second.replace('.16.', '.1.');
  assert.equal(await codeOf(nodeA.verify(easier, solve(easier, 1))), 'challenge_invalid');
  assert.equal(await codeOf(nodeA.verify('v1.garbage', 'x')), 'challenge_invalid');
  // Ten minutes later it has expired, solved or not.
  const late = (await nodeA.issue('192.0.2.10')).token;
  const lateSolution = solve(late, 16);
  t.clock.advance(10 * 60_000 + 1);
  assert.equal(await codeOf(nodeA.verify(late, lateSolution)), 'challenge_expired');
  const spent = await t.db.selectFrom('challenge_spent').select('id').execute();
  assert.equal(spent.length, 2, 'only spent challenges are written');
});

test('challenge issuance is rate-limited per client address', async () => {
  const ip = '198.18.0.9';
  for (let i = 0; i < 30; i++) {
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/challenge',
      remoteAddress: ip,
    });
    assert.equal(r.statusCode, 200);
  }
  const r = await t.app.inject({
    method: 'GET',
    url: '/api/v1/public/challenge',
    remoteAddress: ip,
  });
  assert.equal(r.statusCode, 429);
  assert.equal(r.json().error.code, 'rate_limited');
});

test('rate counter: a sliding window over two fixed ones, so a burst at a boundary is not doubled', async () => {
  const { RateCounter } = await import('../../src/modules/abuse/rate-counter.ts');
  const rc = new RateCounter(t.db);
  const rule = { scope: 'test:window', limit: 10, windowMs: 60_000 };
  const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + s * 1000);
  // Ten hits late in one minute…
  for (let i = 0; i < 10; i++) assert.equal((await rc.hit(rule, 'k', at(50))).allowed, true);
  assert.equal((await rc.hit(rule, 'k', at(55))).allowed, false, 'the eleventh');
  // …right after the boundary the previous minute still weighs almost fully.
  const early = await rc.hit(rule, 'k', at(61));
  assert.equal(early.allowed, false);
  assert.ok(early.retryAfterS > 0 && early.retryAfterS <= 60);
  // Late in the next minute most of that weight is gone.
  assert.equal((await rc.hit(rule, 'k', at(115))).allowed, true);
  // Keys are independent; two minutes later everything is forgotten.
  assert.equal((await rc.hit(rule, 'other', at(55))).allowed, true);
  assert.equal((await rc.hit(rule, 'k', at(200))).count, 1);
  // Old windows are swept.
  assert.ok((await rc.sweep(new Date(at(0).getTime() + 3 * 86_400_000))) >= 3);
});

test('blocklist values are normalised as intakes compare them', async () => {
  const { normalizeBlockValue } = await import('../../src/modules/abuse/abuse.service.ts');
  assert.equal(normalizeBlockValue('phone', '+84 912.345.678'), '0912345678');
  assert.equal(normalizeBlockValue('email', ' Ai@Example.VN '), 'ai@example.vn');
  assert.equal(normalizeBlockValue('email', '@Example.vn'), '@example.vn');
  assert.equal(normalizeBlockValue('ip', '2001:db8::1'), '2001:db8::1');
  assert.equal(normalizeBlockValue('ip', '2001:db8::/32'), '2001:db8::/32');
  for (const [kind, v] of [
    ['ip', '2001:db8::/8'],
    ['ip', 'localhost'],
    ['email', '@-bad.vn'],
    ['phone', '+1 555 0100'],
  ] as const) {
    assert.throws(() => normalizeBlockValue(kind, v), AppError, `${kind} ${v}`);
  }
  // An IPv6 range blocks its addresses at intake.
  const b = await supervisor.post('/api/v1/abuse/blocklist', {
    kind: 'ip',
    value: '2001:db8::/32',
    reason: 'v6',
  });
  assert.equal(b.status, 201);
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: form(),
    ip: '2001:db8::abcd',
  });
  assert.equal(r.status, 403);
});
