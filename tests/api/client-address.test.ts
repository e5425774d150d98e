/**
 * Whose address a request comes from (R-SEC-1, R-AB-1): the per-address limits (sign-in,
 * challenges, the citizens' form, Open311, chat) count the TCP peer, unless that peer is a
 * reverse proxy named in TRUSTED_PROXIES, whose X-Forwarded-For then says who the client is.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadEnv } from '../../src/config/env.ts';

/** Challenges one address may fetch a minute (challenge.service.ts). */
const CHALLENGES_PER_MINUTE = 30;
/** Sign-in attempts one address may make a minute (auth.routes.ts). */
const LOGINS_PER_MINUTE = 30;

const direct = await createTestApp();
after(direct.close);
const proxied = await createTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8, ::1' } });
after(proxied.close);

const challenge = (t: TestApp, peer: string, xff?: string) =>
  t.app
    .inject({
      method: 'GET',
      url: '/api/v1/public/challenge',
      remoteAddress: peer,
      headers: xff ? { 'x-forwarded-for': xff } : {},
    })
    .then((r) => r.statusCode);

let n = 0;
/** A client address not used before. */
const fresh = () => {
  n++;
  return `198.51.${(n >> 8) & 255}.${n & 255}`;
};

test('R-SEC-1 without TRUSTED_PROXIES a forged X-Forwarded-For changes nothing: challenge issuance stays limited', async () => {
  const peer = '203.0.113.10';
  for (let i = 0; i < CHALLENGES_PER_MINUTE; i++) {
    assert.equal(await challenge(direct, peer, fresh()), 200, `request ${i + 1}`);
  }
  assert.equal(await challenge(direct, peer, fresh()), 429);
  // Another peer is another client.
  assert.equal(await challenge(direct, '203.0.113.11', fresh()), 200);
});

test('R-SEC-1 without TRUSTED_PROXIES the sign-in limit holds against a new X-Forwarded-For per attempt', async () => {
  const peer = '203.0.113.20';
  const attempt = () =>
    direct.app
      .inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: peer,
        headers: { 'x-forwarded-for': fresh() },
        payload: {},
      })
      .then((r) => r.statusCode);
  for (let i = 0; i < LOGINS_PER_MINUTE; i++) assert.notEqual(await attempt(), 429);
  assert.equal(await attempt(), 429);
});

test('R-SEC-1 from a trusted proxy the forwarded client address is used, and limited', async () => {
  const proxy = '10.1.2.3';
  // One proxy speaks for many clients: each has its own allowance.
  for (let i = 0; i < CHALLENGES_PER_MINUTE + 5; i++) {
    assert.equal(await challenge(proxied, proxy, fresh()), 200, `client ${i + 1}`);
  }
  // One client behind it is limited like a direct one.
  const client = fresh();
  for (let i = 0; i < CHALLENGES_PER_MINUTE; i++) {
    assert.equal(await challenge(proxied, proxy, client), 200);
  }
  assert.equal(await challenge(proxied, proxy, client), 429);
  // Values the client wrote itself stand left of what the proxy appended: they are not read.
  assert.equal(await challenge(proxied, proxy, `${fresh()}, ${client}`), 429);
  // Through two trusted hops (nginx → an internal balancer), the client is the first untrusted.
  assert.equal(await challenge(proxied, proxy, `${client}, 10.9.9.9`), 429);
  assert.equal(await challenge(proxied, '::1', client), 429);
});

test('R-SEC-1 with TRUSTED_PROXIES set, a peer not on the list is its own client', async () => {
  const peer = '203.0.113.30';
  for (let i = 0; i < CHALLENGES_PER_MINUTE; i++) {
    assert.equal(await challenge(proxied, peer, fresh()), 200);
  }
  assert.equal(await challenge(proxied, peer, fresh()), 429);
  // An IPv4-mapped address of a listed proxy is that proxy.
  assert.equal(await challenge(proxied, '::ffff:10.1.2.4', fresh()), 200);
});

test('R-SEC-1 TRUSTED_PROXIES accepts addresses, ranges and the loopback/linklocal/uniquelocal names only', () => {
  const parse = (v: string) => loadEnv({ TRUSTED_PROXIES: v }).TRUSTED_PROXIES;
  assert.deepEqual(parse(''), []);
  assert.deepEqual(loadEnv({}).TRUSTED_PROXIES, []);
  assert.deepEqual(parse(' 127.0.0.1 , 10.0.0.0/8,fd00::/8, loopback ,'), [
    '127.0.0.1',
    '10.0.0.0/8',
    'fd00::/8',
    'loopback',
  ]);
  for (const bad of [
    '*',
    'true',
    'proxy.local',
    '10.0.0.0/33',
    '::1/129',
    '10.0.0.1/8/1',
    '1.2.3',
  ]) {
    assert.throws(() => parse(bad), /TRUSTED_PROXIES/, bad);
  }
});
