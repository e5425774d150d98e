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
