/**
 * Account and session security (R-SEC-2, issue #12 findings 3, 5 and 7): API tokens expire,
 * are listed and revoked and die with a password reset or deactivation; failed sign-ins slow
 * strangers down without ever locking the owner out, and the owner hears of them; passwords
 * follow a policy and users change their own; sessions end when idle; cookies are Secure
 * over HTTPS.
 */
import { test, after } from 'node:test';
import type { WebSocket } from 'ws';
import assert from 'node:assert/strict';
import { SESSION_COOKIE } from '../../src/http/types.ts';
import { Client, createTestApp, TEST_PASSWORD } from '../helpers/app.ts';
import { assertError } from './support.ts';
import { cookieSecure } from '../../src/modules/auth/cookie.ts';

// The production idle timeout (30 minutes), not the test helper's day.
const t = await createTestApp({ env: { SESSION_IDLE_MINUTES: undefined } });
after(t.close);

const STRONG = 'Tram-kiem-soat-47-lua';

/** Signs in from an address, optionally with a device cookie; returns the raw answer. */
async function signIn(
  username: string,
  password: string,
  ip: string,
  device?: string,
): Promise<{
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
  body: any;
  client?: Client;
  device?: string;
  secure?: boolean;
  retryAfter?: string;
}> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
    ...(device ? { cookies: { o1022_device: device } } : {}),
  });
  const body = res.json();
  if (res.statusCode !== 200)
    return { status: res.statusCode, body, retryAfter: res.headers['retry-after'] as string };
  const sid = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
  return {
    status: 200,
    body,
    client: new Client(t.app, sid.value, body.csrfToken),
    device: res.cookies.find((c) => c.name === 'o1022_device')?.value,
    secure: Boolean(sid.secure),
  };
}

const bearer = (token: string) => new Client(t.app, null, null, token);

async function newToken(c: Client, body: Record<string, unknown> = { name: 'gateway' }) {
  const r = await c.post('/api/v1/auth/tokens', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; token: string; expiresAt: string };
}

// ---- finding 3: API tokens -----------------------------------------------------------------

test('R-SEC-2 #12.3 an administrator’s password reset and a deactivation revoke the user’s API tokens', async () => {
  const admin = await t.login(await t.newUser('admin'));
  for (const change of [{ password: 'Mat-khau-moi-cua-ban-2026' }, { active: false }]) {
    const u = await t.newUser('operator');
    const c = (await signIn(u.username, TEST_PASSWORD, '10.3.0.1')).client!;
    const tok = await newToken(c);
    assert.equal((await bearer(tok.token).get('/api/v1/auth/me')).status, 200);
    const p = await admin.patch(`/api/v1/users/${u.id}`, change);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assertError(await bearer(tok.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
    if (change.active === false) {
      // Reactivated, the account's old token stays revoked.
      await admin.patch(`/api/v1/users/${u.id}`, { active: true });
      assertError(await bearer(tok.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
    }
    const list = await admin.get(`/api/v1/users/${u.id}/tokens`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body[0].state, 'revoked');
    assert.equal(
      list.body[0].revokeReason,
      change.active === false ? 'deactivated' : 'password_reset',
    );
  }
});

test('R-SEC-2 #12.3 tokens are listed and revoked by their owner (at once, even when cached) and by administrators', async () => {
  const u = await t.newUser('operator');
  const other = await t.newUser('operator');
  const admin = await t.login(await t.newUser('admin'));
  const c = (await signIn(u.username, TEST_PASSWORD, '10.3.0.2')).client!;
  const o = (await signIn(other.username, TEST_PASSWORD, '10.3.0.2')).client!;
  const a = await newToken(c, { name: 'cổng Zalo' });
  const b = await newToken(c, { name: 'báo cáo' });

  // Used (so cached for 2 s), then revoked: refused on the very next request.
  assert.equal((await bearer(a.token).get('/api/v1/auth/me')).status, 200);
  const mine = await c.get('/api/v1/auth/tokens');
  assert.equal(mine.status, 200);
  assert.deepEqual(
    mine.body.map((x: { name: string; state: string }) => [x.name, x.state]).sort(),
    [
      ['báo cáo', 'active'],
      ['cổng Zalo', 'active'],
    ],
  );
  assert.ok(!JSON.stringify(mine.body).includes(a.token), 'secrets are never listed');
  assert.equal(
    mine.body.find((x: { id: string }) => x.id === a.id).lastUsedAt,
    t.clock.now().toISOString(),
  );

  // Someone else's token is not found; the owner revokes it; an administrator may too.
  assertError(await o.delete(`/api/v1/auth/tokens/${a.id}`), 404, 'not_found');
  assertError(await o.get(`/api/v1/users/${u.id}/tokens`), 403, 'forbidden');
  const r = await c.delete(`/api/v1/auth/tokens/${a.id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.state, r.body.revokeReason], ['revoked', 'owner']);
  assertError(await bearer(a.token).get('/api/v1/auth/me'), 401, 'unauthenticated');

  const byAdmin = await admin.delete(`/api/v1/auth/tokens/${b.id}`);
  assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
  assert.equal(byAdmin.body.revokeReason, 'admin');
  assertError(await bearer(b.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id'])
    .where('action', '=', 'auth.token.revoke')
    .execute();
  assert.deepEqual(audit.map((x) => x.entity_id).sort(), [a.id, b.id].sort());
});

test('R-SEC-2 #12.3 tokens expire: a chosen date within the maximum, 90 days by default', async () => {
  const c = (await signIn((await t.newUser('operator')).username, TEST_PASSWORD, '10.3.0.3'))
    .client!;
  const now = t.clock.now().getTime();
  const day = 24 * 3600_000;
  const dflt = await newToken(c);
  assert.equal(dflt.expiresAt, new Date(now + 90 * day).toISOString());
  assertError(
    await c.post('/api/v1/auth/tokens', {
      name: 'x',
      expiresAt: new Date(now + 366 * day).toISOString(),
    }),
    400,
    'token_expiry_invalid',
  );
  assertError(
    await c.post('/api/v1/auth/tokens', {
      name: 'x',
      expiresAt: new Date(now - 1000).toISOString(),
    }),
    400,
    'token_expiry_invalid',
  );
  const short = await newToken(c, {
    name: 'một ngày',
    expiresAt: new Date(now + day).toISOString(),
  });
  assert.equal((await bearer(short.token).get('/api/v1/auth/me')).status, 200);
  t.clock.advance(day + 1000);
  try {
    assertError(await bearer(short.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
    assert.equal((await bearer(dflt.token).get('/api/v1/auth/me')).status, 200);
    const list = await bearer(dflt.token).get('/api/v1/auth/tokens');
    assert.equal(list.body.find((x: { id: string }) => x.id === short.id).state, 'expired');
  } finally {
    t.clock.advance(-(day + 1000));
  }
});

test('R-SEC-2 #12.3 last use is written at most once a minute per token', async () => {
  const c = (await signIn((await t.newUser('operator')).username, TEST_PASSWORD, '10.3.0.4'))
    .client!;
  const tok = await newToken(c);
  const lastUsed = async () =>
    (
      await t.db
        .selectFrom('api_token')
        .select('last_used_at')
        .where('id', '=', tok.id)
        .executeTakeFirstOrThrow()
    ).last_used_at?.toISOString();
  const start = t.clock.now().toISOString();
  for (let i = 0; i < 5; i++) {
    assert.equal((await bearer(tok.token).get('/api/v1/auth/me')).status, 200);
    t.clock.advance(5_000);
  }
  assert.equal(await lastUsed(), start, 'one write for five requests within a minute');
  t.clock.advance(40_000);
  await bearer(tok.token).get('/api/v1/auth/me');
  assert.equal(await lastUsed(), t.clock.now().toISOString());
});

// ---- finding 5: sign-in throttling ------------------------------------------------------------

test('R-SEC-2 #12.5 a stranger’s failures cannot lock the owner out; the stranger backs off exponentially', async () => {
  const u = await t.newUser('admin', null, { email: 'quantri@tinh.gov.vn' });
  // The owner signed in before from the office address, and from their browser.
  const first = await signIn(u.username, TEST_PASSWORD, '10.5.0.1');
  assert.equal(first.status, 200);
  assert.ok(first.device, 'a device cookie is set');

  // An attacker elsewhere tries 12 wrong passwords (before: 5 locked the account for all).
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    statuses.push((await signIn(u.username, `sai-${i}`, '198.51.100.7')).status);
    t.clock.advance(1_000);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.equal(statuses[5], 429, 'the attacker waits after five');
  // Even the right password from the attacker's address waits.
  assert.equal((await signIn(u.username, TEST_PASSWORD, '198.51.100.7')).status, 429);

  // The owner from the known address, and from the known device on a new address: in.
  assert.equal((await signIn(u.username, TEST_PASSWORD, '10.5.0.1')).status, 200);
  assert.equal((await signIn(u.username, TEST_PASSWORD, '203.0.113.9', first.device)).status, 200);

  // The attacker's wait grows: 30 s after the 5th failure, then 60 s after the 6th.
  t.clock.advance(31_000);
  assert.equal((await signIn(u.username, 'sai-6', '198.51.100.7')).status, 401);
  const r = await signIn(u.username, 'sai-7', '198.51.100.7');
  assert.equal(r.status, 429);
  assert.ok(r.body.error.details.retryAfterSeconds >= 59, JSON.stringify(r.body));
  assert.equal(r.retryAfter, String(r.body.error.details.retryAfterSeconds));

  // The owner heard of it once (in the app and by e-mail), and the audit trail records it.
  const outbox = await t.db
    .selectFrom('outbox')
    .select(['channel', 'payload'])
    .where('template', '=', 'account_signin_throttled')
    .where('user_id', '=', u.id)
    .execute();
  assert.deepEqual(outbox.map((m) => m.channel).sort(), ['email', 'inapp']);
  assert.equal((outbox[0]!.payload as { ip: string }).ip, '198.51.100.7');
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['data'])
    .where('action', '=', 'auth.login.throttled')
    .where('entity_id', '=', u.id)
    .execute();
  assert.equal(audit.length, 1);
});

test('R-SEC-2 #12.5 a colleague behind the same address is not held back by another account’s failures', async () => {
  const victim = await t.newUser('operator');
  const colleague = await t.newUser('operator');
  for (let i = 0; i < 8; i++) await signIn(victim.username, `sai-${i}`, '10.6.0.1');
  assert.equal((await signIn(colleague.username, TEST_PASSWORD, '10.6.0.1')).status, 200);
});

// ---- finding 7: passwords and sessions --------------------------------------------------------

test('R-SEC-2 #12.7 the password policy refuses short, common and username-based passwords', async () => {
  const admin = await t.login(await t.newUser('admin'));
  const body = (username: string, password: string) => ({
    username,
    displayName: 'Nguyễn Văn Thử',
    role: 'operator',
    password,
  });
  const cases: [string, string, string][] = [
    ['dtv.a', 'Xq7!mWp2#Lr', 'too_short'],
    ['dtv.b', 'Password123!', 'common'],
    ['dtv.c', 'matkhau123456', 'common'],
    ['dtv.d', 'qwertyuiop12', 'common'],
    ['nguyenvana', 'nguyenvana@2026', 'contains_username'],
  ];
  for (const [username, password, problem] of cases) {
    const r = await admin.post('/api/v1/users', body(username, password));
    assertError(r, 400, 'password_weak');
    assert.ok(
      r.body.error.details.some((d: { message: string }) => d.message === problem),
      `${password}: ${JSON.stringify(r.body.error.details)}`,
    );
  }
  const ok = await admin.post('/api/v1/users', body('dtv.e', STRONG));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  // An administrator's reset follows the same policy.
  assertError(
    await admin.patch(`/api/v1/users/${ok.body.id}`, { password: 'Password1234' }),
    400,
    'password_weak',
  );
});

test('R-SEC-2 #12.7 users change their own password; other sessions and all tokens end', async () => {
  const u = await t.newUser('operator');
  const here = (await signIn(u.username, TEST_PASSWORD, '10.7.0.1')).client!;
  const there = (await signIn(u.username, TEST_PASSWORD, '10.7.0.2')).client!;
  const tok = await newToken(here);

  assertError(
    await here.post('/api/v1/auth/password', { currentPassword: 'sai', newPassword: STRONG }),
    400,
    'current_password_wrong',
  );
  assertError(
    await here.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: `${u.username}-2026-abc`,
    }),
    400,
    'password_weak',
  );
  const r = await here.post('/api/v1/auth/password', {
    currentPassword: TEST_PASSWORD,
    newPassword: STRONG,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { ok: true, sessionsEnded: 1, tokensRevoked: 1 });
  assert.equal((await here.get('/api/v1/auth/me')).status, 200, 'this session stays');
  assertError(await there.get('/api/v1/auth/me'), 401, 'unauthenticated');
  assertError(await bearer(tok.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
  assert.equal((await signIn(u.username, TEST_PASSWORD, '10.7.0.3')).status, 401);
  assert.equal((await signIn(u.username, STRONG, '10.7.0.3')).status, 200);
});

test('R-SEC-2 #12.7 "sign out everywhere" ends the other sessions and revokes every token', async () => {
  const u = await t.newUser('operator');
  const here = (await signIn(u.username, TEST_PASSWORD, '10.7.1.1')).client!;
  const there = (await signIn(u.username, TEST_PASSWORD, '10.7.1.2')).client!;
  const tok = await newToken(there);
  const r = await here.post('/api/v1/auth/sign-out-everywhere');
  assert.deepEqual(r.body, { ok: true, sessionsEnded: 1, tokensRevoked: 1 });
  assertError(await there.get('/api/v1/auth/me'), 401, 'unauthenticated');
  assertError(await bearer(tok.token).get('/api/v1/auth/me'), 401, 'unauthenticated');
  assert.equal((await here.get('/api/v1/auth/me')).status, 200);
});

test('R-SEC-2 #12.7 a session ends after 30 idle minutes, and 12 hours after sign-in in any case', async () => {
  const u = await t.newUser('operator');
  const c = (await signIn(u.username, TEST_PASSWORD, '10.7.2.1')).client!;
  const start = t.clock.now().getTime();
  try {
    // Used every 25 minutes: alive for the whole shift…
    for (let i = 0; i < 28; i++) {
      t.clock.advance(25 * 60_000);
      assert.equal((await c.get('/api/v1/auth/me')).status, 200, `after ${(i + 1) * 25} min`);
    }
    // …until 12 h after sign-in.
    t.clock.advance(12 * 3600_000 - (t.clock.now().getTime() - start) + 1000);
    assertError(await c.get('/api/v1/auth/me'), 401, 'unauthenticated');

    const idle = (await signIn(u.username, TEST_PASSWORD, '10.7.2.1')).client!;
    t.clock.advance(29 * 60_000);
    assert.equal((await idle.get('/api/v1/auth/me')).status, 200);
    t.clock.advance(31 * 60_000);
    assertError(await idle.get('/api/v1/auth/me'), 401, 'unauthenticated');
  } finally {
    t.clock.set(new Date(start));
  }
});

test('R-SEC-2 #12.3 an open live connection closes once its session ends or its token is revoked', async () => {
  const u = await t.newUser('operator');
  const here = (await signIn(u.username, TEST_PASSWORD, '10.7.4.1')).client!;
  const there = (await signIn(u.username, TEST_PASSWORD, '10.7.4.2')).client!;
  const tok = await newToken(here);
  const open = async (headers: Record<string, string>) => {
    const ws = (await t.app.injectWS('/api/v1/ws', { headers })) as unknown as WebSocket;
    const closed = new Promise<number>((resolve) =>
      ws.on('close', (code: number) => resolve(code)),
    );
    return { ws, closed };
  };
  const stays = await open({ cookie: here.cookieHeader });
  const ends = await open({ cookie: there.cookieHeader });
  const byToken = await open({ authorization: `Bearer ${tok.token}` });
  assert.equal(await t.gateway.recheck(), 0, 'all still valid');
  // "Sign out everywhere" from here ends the other session and the token: the minute's check
  // closes their sockets (events carry callers' numbers and chat messages).
  await here.post('/api/v1/auth/sign-out-everywhere');
  assert.equal(await t.gateway.recheck(), 2);
  assert.equal(await ends.closed, 4401);
  assert.equal(await byToken.closed, 4401);
  assert.equal(stays.ws.readyState, stays.ws.OPEN);
  stays.ws.close();
});

test('R-SEC-2 #12.7 the session cookie is Secure whenever the request came over HTTPS', async () => {
  const plain = await signIn((await t.newUser('operator')).username, TEST_PASSWORD, '10.7.3.1');
  assert.equal(plain.secure, false, 'plain HTTP on a development machine');
  // req.protocol is "https" over TLS, or behind a trusted proxy saying X-Forwarded-Proto: https.
  assert.equal(cookieSecure({ cookieSecure: false }, { protocol: 'https' }), true);
  assert.equal(cookieSecure({ cookieSecure: false }, { protocol: 'http' }), false);
  assert.equal(cookieSecure({ cookieSecure: true }, { protocol: 'http' }), true);
});

// Through a trusted proxy end to end: needs TRUSTED_PROXIES (finding 2, another branch); the
// test runs once that setting exists.
const proxied = await createTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
after(proxied.close);
test(
  'R-SEC-2 #12.7 behind a trusted proxy, X-Forwarded-Proto: https makes the session cookie Secure',
  { skip: 'TRUSTED_PROXIES' in proxied.ctx.env ? false : 'TRUSTED_PROXIES not merged yet' },
  async () => {
    const u = await proxied.newUser('operator');
    const login = (proto: string) =>
      proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u.username, password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': proto, 'x-forwarded-for': '203.0.113.20' },
      });
    const secure = async (proto: string) =>
      (await login(proto)).cookies.find((c) => c.name === SESSION_COOKIE)?.secure ?? false;
    assert.equal(await secure('https'), true);
    assert.equal(await secure('http'), false);
  },
);
