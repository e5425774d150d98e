/**
 * The contract between server and clients (src/contract, src/core/access): every route names
 * its permission and every API route its response schema; the committed OpenAPI document is
 * the one the server serves; the API reference for integrators is served offline.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp } from '../helpers/app.ts';
import { routeGaps } from '../../src/http/route-rules.ts';
import { OPENAPI_FILE, openApiDocument } from '../../src/http/openapi.ts';

const t = await createTestApp();
after(t.close);

test('R-SEC-1 every route names a permission, every API route its responses', () => {
  assert.deepEqual(routeGaps(t.app), [], 'routes that break the rules of src/http/route-rules.ts');
});

test('the committed OpenAPI document is the one the server describes (npm run openapi)', async () => {
  const committed = readFileSync(path.resolve(import.meta.dirname, '../..', OPENAPI_FILE), 'utf8');
  assert.ok(
    committed === (await openApiDocument()),
    `${OPENAPI_FILE} is stale: run npm run openapi`,
  );
});

test('the API reference is served at /api/docs, from the server itself', async () => {
  const page = await t.anonymous().get('/api/docs/');
  assert.equal(page.status, 200);
  assert.match(String(page.body), /swagger-ui/i);
  const spec = await t.anonymous().get('/api/openapi.json');
  assert.equal(spec.status, 200);
  assert.equal(spec.body.openapi.startsWith('3.'), true);
});
