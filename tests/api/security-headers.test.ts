/**
 * Transport and page headers (R-SEC-1): Strict-Transport-Security on every response that came
 * over HTTPS (here: through a trusted proxy's X-Forwarded-Proto), never over plain HTTP nor on
 * a forged header; every HTML page — the chat demo page included — has a CSP that forbids
 * framing and X-Frame-Options: DENY.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { createTestApp } from '../helpers/app.ts';
import { registeredRoutes } from '../../src/http/route-rules.ts';
import { registerWebApp } from '../../src/http/static.ts';

const direct = await createTestApp();
after(direct.close);
const proxied = await createTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8' } });
after(proxied.close);

function assertFramingRefused(headers: Record<string, unknown>, what: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP ${csp || '(none)'}`);
  assert.match(csp, /script-src 'self'/, `${what}: CSP ${csp}`);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
}

test('R-SEC-1 the chat demo page has the same CSP and framing protection as every other page', async () => {
  const r = await direct.app.inject({ method: 'GET', url: '/chat/demo' });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/html/);
  assertFramingRefused(r.headers, '/chat/demo');
  // The widget the page loads needs no inline script or style.
  assert.doesNotMatch(r.body, /<style|style=|<script>/);
});

test('R-SEC-1 every HTML route answers with a CSP forbidding framing and X-Frame-Options', async () => {
  const seen: string[] = [];
  for (const r of registeredRoutes(direct.app)) {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    if (!methods.includes('GET') || (r as { websocket?: boolean }).websocket) continue;
    // Parameters and wildcards get a value that matches nothing: error pages are pages too.
    const url = r.url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
    for (const lang of ['vi', 'en']) {
      const res = await direct.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', 'accept-language': lang },
      });
      if (!/^text\/html/.test(String(res.headers['content-type'] ?? ''))) continue;
      assertFramingRefused(res.headers, `GET ${url} (${res.statusCode})`);
      seen.push(url);
    }
  }
  // The walk reached the pages it is about.
  for (const page of ['/chat/demo', '/cong-dan/', '/api/docs/'])
    assert.ok(seen.includes(page), `${page} in ${seen.join(' ')}`);
});

test('R-SEC-1 the staff app page refuses framing', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'o1022-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  const app = Fastify();
  await registerWebApp(app, root);
  const r = await app.inject({ method: 'GET', url: '/tickets/x' });
  assert.equal(r.statusCode, 200);
  assertFramingRefused(r.headers, 'web app index');
  await app.close();
});

test('R-SEC-1 Strict-Transport-Security only on what arrived over HTTPS through a trusted proxy', async () => {
  const get = (t: typeof direct, peer: string, proto?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: peer,
      headers: proto ? { 'x-forwarded-proto': proto } : {},
    });
  // Plain HTTP: nothing to pin.
  assert.equal((await get(direct, '203.0.113.1')).headers['strict-transport-security'], undefined);
  // A client writing X-Forwarded-Proto itself is not a proxy.
  const forged = await get(direct, '203.0.113.1', 'https');
  assert.equal(forged.headers['strict-transport-security'], undefined);
  const notListed = await get(proxied, '203.0.113.1', 'https');
  assert.equal(notListed.headers['strict-transport-security'], undefined);
  // The proxy terminated TLS: every kind of answer carries HSTS (JSON, HTML, errors).
  for (const url of ['/healthz', '/chat/demo', '/cong-dan/', '/api/v1/auth/me', '/no-such-page']) {
    const r = await proxied.app.inject({
      method: 'GET',
      url,
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(
      String(r.headers['strict-transport-security']),
      /^max-age=\d{8,}; includeSubDomains$/,
      `${url} (${r.statusCode})`,
    );
  }
  // The nearest proxy's word counts (the last value), not a client's earlier one.
  const viaHttp = await proxied.app.inject({
    method: 'GET',
    url: '/healthz',
    remoteAddress: '10.0.0.5',
    headers: { 'x-forwarded-proto': 'https, http' },
  });
  assert.equal(viaHttp.headers['strict-transport-security'], undefined);
});
