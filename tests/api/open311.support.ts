/**
 * Helpers of the Open311 GeoReport v2 tests (not a test file itself): a raw client that sends
 * form-encoded or JSON bodies, parses XML answers with a real XML parser (fast-xml-parser)
 * and keeps every XML document it received for a well-formedness check by libxml2 (xmllint).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sql } from 'kysely';
import type { TestApp } from '../helpers/app.ts';
import { nextIp } from './support.ts';

/** Elements the spec repeats inside a container: always arrays once parsed. */
const REPEATED = new Set([
  'service',
  'request',
  'attribute',
  'value',
  'error',
  'endpoint',
  'format',
]);
export const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

export interface O311Response {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  /** The JSON body (`.json` URLs). */
  json: unknown;
  /** The parsed XML document (`.xml` URLs), root element included. */
  xml: Record<string, unknown> | null;
}

export const xmlSeen: string[] = [];

/**
 * Values keep their exact text (trimValues: false), so the indentation between elements shows
 * up as whitespace-only '#text' members of the containers: dropped here.
 */
function dropIndentation(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropIndentation);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '#text' && typeof x === 'string' && x.trim() === '') continue;
      out[k] = dropIndentation(x);
    }
    return out;
  }
  return v;
}

export interface CallOptions {
  form?: Record<string, string> | string;
  json?: unknown;
  raw?: { body: string | Buffer; contentType: string };
  /** Client address (the TCP peer); a fresh one by default, to stay under the per-IP limit. */
  ip?: string;
  lang?: string;
  headers?: Record<string, string>;
}

export async function call(
  t: TestApp,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'OPTIONS',
  url: string,
  o: CallOptions = {},
): Promise<O311Response> {
  const headers: Record<string, string> = {
    ...(o.lang ? { 'accept-language': o.lang } : {}),
    ...o.headers,
  };
  let payload: string | Buffer | undefined;
  if (o.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    payload = typeof o.form === 'string' ? o.form : new URLSearchParams(o.form).toString();
  } else if (o.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(o.json);
  } else if (o.raw) {
    headers['content-type'] = o.raw.contentType;
    payload = o.raw.body;
  }
  const res = await t.app.inject({
    method,
    url,
    headers,
    remoteAddress: o.ip ?? nextIp(),
    ...(payload !== undefined ? { payload } : {}),
  });
  const type = String(res.headers['content-type'] ?? '');
  let json: unknown = null;
  let xml: Record<string, unknown> | null = null;
  if (type.startsWith('application/json')) json = JSON.parse(res.body);
  if (type.startsWith('text/xml')) {
    assert.equal(XMLValidator.validate(res.body), true, `not well-formed XML:\n${res.body}`);
    xml = dropIndentation(xmlParser.parse(res.body)) as Record<string, unknown>;
    xmlSeen.push(res.body);
  }
  return { status: res.statusCode, headers: res.headers, text: res.body, json, xml };
}

/** Every XML document seen so far, checked by libxml2: well-formed, and UTF-8 as declared. */
export function xmllintAll() {
  assert.ok(xmlSeen.length > 0, 'no XML document was received');
  // The check can fail: a broken document and a lying encoding declaration are refused.
  for (const bad of [
    '<a><b></a>',
    Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>\xff</a>', 'latin1'),
  ]) {
    assert.notEqual(spawnSync('xmllint', ['--noout', '-'], { input: bad }).status, 0);
  }
  for (const doc of xmlSeen) {
    const r = spawnSync('xmllint', ['--noout', '--encode', 'UTF-8', '-'], { input: doc });
    assert.equal(r.error, undefined, 'xmllint is needed (Debian package libxml2-utils)');
    assert.equal(r.status, 0, `xmllint rejected:\n${doc}\n${r.stderr.toString()}`);
  }
  return xmlSeen.length;
}

/** An error document, in either format, as [{code, description}]. */
export function errorsOf(r: O311Response): { code: number; description: string }[] {
  if (r.json) return r.json as { code: number; description: string }[];
  const e = (r.xml?.errors as { error: { code: string; description: string }[] }).error;
  return e.map((x) => ({ code: Number(x.code), description: x.description }));
}

/** Fields (services) of the test tenant: one group, two active fields and an inactive one. */
export async function seedFields(t: TestApp) {
  const group = await t.db
    .insertInto('field_group')
    .values({
      tenant_id: t.tenantId,
      number: 3,
      name: 'Sự cố hạ tầng kỹ thuật',
      name_en: 'Technical infrastructure incidents',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await t.db
    .insertInto('field')
    .values([
      {
        tenant_id: t.tenantId,
        group_id: group.id,
        code: 'HT-CSCC',
        name: 'Chiếu sáng công cộng',
        name_en: 'Street lighting',
        default_agency_id: null,
      },
      {
        tenant_id: t.tenantId,
        group_id: group.id,
        code: 'HT-GT',
        name: 'Hạ tầng giao thông, ổ gà',
        name_en: 'Roads and potholes',
        default_agency_id: null,
      },
      {
        tenant_id: t.tenantId,
        group_id: group.id,
        code: 'HT-CU',
        name: 'Lĩnh vực cũ',
        name_en: 'Old field',
        default_agency_id: null,
        active: false,
      },
    ])
    .returning(['id', 'code'])
    .execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<string, string>;
}

/** Row counts of what a POST may write: "nothing stored" compares two of these. */
const STORED = ['ticket', 'ticket_event', 'open311_request', 'audit_log'] as const;
export async function stored(t: TestApp) {
  const out = {} as Record<(typeof STORED)[number], number>;
  for (const name of STORED) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(t.db);
    out[name] = Number(r.rows[0]!.n);
  }
  return out;
}
