import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildServer } from '../../src/http/server.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp();
after(() => t.close());

test('PUBLIC_HOST: "/" on the public host name opens the citizens’ site; the staff app keeps its own', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'o1022-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>staff app</title>');
  const { app } = await buildServer({
    ctx: { ...t.ctx, env: { ...t.ctx.env, PUBLIC_HOST: '1022.tinh.gov.vn' } },
    services: t.services,
    webRoot: root,
  });
  after(() => app.close());
  const pub = await app.inject({ method: 'GET', url: '/', headers: { host: '1022.tinh.gov.vn' } });
  assert.equal(pub.statusCode, 302);
  assert.equal(pub.headers.location, '/cong-dan/');
  const staff = await app.inject({
    method: 'GET',
    url: '/',
    headers: { host: 'noibo.tinh.gov.vn' },
  });
  assert.equal(staff.statusCode, 200);
  assert.match(staff.body, /staff app/);
  // The staff app's deep links still open it; the public prefix never does.
  assert.match((await app.inject({ method: 'GET', url: '/tickets/abc' })).body, /staff app/);
  const missing = await app.inject({ method: 'GET', url: '/cong-dan/khong-co' });
  assert.equal(missing.statusCode, 404);
  assert.doesNotMatch(missing.body, /staff app/);
});

test('every public page is rate-limited per client address, with an HTML answer', async () => {
  const ip = '203.0.113.250';
  let last = 0;
  for (let i = 0; i < 241; i++) {
    last = (await t.app.inject({ method: 'GET', url: '/cong-dan/offline', remoteAddress: ip }))
      .statusCode;
    if (last === 429) break;
  }
  assert.equal(last, 429);
  // Counted per page and address (each node in its own memory).
  const res = await t.app.inject({ method: 'GET', url: '/cong-dan/offline', remoteAddress: ip });
  assert.equal(res.statusCode, 429);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /Bạn đã gửi quá nhiều yêu cầu/);
  // Another address is not affected.
  const other = await t.app.inject({
    method: 'GET',
    url: '/cong-dan/offline',
    remoteAddress: '203.0.113.251',
  });
  assert.equal(other.statusCode, 200);
});
