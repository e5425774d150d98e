/**
 * A fuzz test over the whole API (R-SEC-1): every operation of `docs/openapi.json`, called by
 * a role that holds its permission, with malformed bodies, path parameters and queries — wrong
 * types, huge numbers, lone UTF-16 surrogates, NUL, empty objects, deep nesting, unknown ids,
 * broken multipart. No answer may be a server error (5xx), and every refusal carries a stable
 * error code with its Vietnamese and English text.
 *
 * Deterministic: the cases come from a seeded generator (`FUZZ_SEED`, default 1022) and the
 * operations are walked in the document's order (deletes last). Bounded: about two thousand
 * requests through `app.inject`, well under a minute.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, Client, ticketBody, type ApiResponse } from '../helpers/app.ts';
import { buildCall, buildField } from '../factories.ts';
import { ERRORS } from '../../src/core/errors/codes.ts';
import { PERMISSIONS, type Permission } from '../../src/core/access/permissions.ts';
import { ROLES, type Role } from '../../src/contract/enums.ts';
import { OPENAPI_FILE } from '../../src/http/openapi.ts';
import { apiUser, type ApiUser } from './support.ts';

// ---- the generator ---------------------------------------------------------------------------

const SEED = Number(process.env.FUZZ_SEED ?? 1022);

/** mulberry32: a small seeded PRNG, so that a failing case can be replayed exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const seededUuid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
};

interface Schema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  permission: Permission;
  parameters: Parameter[];
  body?: { type: string; schema: Schema };
}

const doc = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '..', '..', OPENAPI_FILE), 'utf8'),
) as {
  paths: Record<
    string,
    Record<
      string,
      {
        'x-permission': Permission;
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
};

const operations: Operation[] = [];
for (const [p, byMethod] of Object.entries(doc.paths)) {
  for (const [m, op] of Object.entries(byMethod)) {
    const content = op.requestBody?.content ?? {};
    const type = Object.keys(content)[0];
    operations.push({
      method: m.toUpperCase() as Operation['method'],
      path: p,
      permission: op['x-permission'],
      parameters: op.parameters ?? [],
      ...(type ? { body: { type, schema: content[type]!.schema } } : {}),
    });
  }
}
// Deletes last, so that what they remove is there for every other operation.
operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

/** Values by field name that satisfy the API's rules (patterns cannot be inverted in general). */
let uniq = 0;
const NAMED: Record<string, () => unknown> = {
  phone: () => '0912345678',
  citizenPhone: () => '0912345678',
  caller: () => '0912345678',
  target: () => '0912345678',
  fromUser: () => '02351022',
  hotline: () => '1022',
  email: () => `fuzz${++uniq}@example.vn`,
  citizenEmail: () => 'an@example.vn',
  username: () => `fuzz${++uniq}`,
  password: () => 'mat-khau-dai-cho-fuzz-2026',
  ticketPrefix: () => 'PA',
  timezone: () => 'Asia/Ho_Chi_Minh',
  clientId: () => `fuzz-${String(++uniq).padStart(8, '0')}`,
  host: () => 'sip.example.vn',
  dialPrefix: () => '9',
  key: () => 'bye.prompt',
  p256dh: () =>
    'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: () => 'tBHItJI5svbpez7KI4CCXg',
  endpoint: () => `https://push.example.vn/fuzz/${++uniq}`,
  sourceUrl: () => 'https://dichvucong.gov.vn/p/1',
};
const GENERIC = [
  'x1',
  'a',
  '1',
  '08:00',
  '03-05',
  'fuzz-1',
  'A1',
  'abc',
  'hi.prompt',
  '0912345678',
];

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return new RegExp(pattern).test(value);
  }
}

function sampleString(s: Schema, name: string): string {
  switch (s.format) {
    case 'uuid':
      return seededUuid();
    case 'date':
      return '2026-05-04';
    case 'date-time':
      return '2026-05-04T08:00:00+07:00';
    case 'email':
      return `fuzz${++uniq}@example.vn`;
    case 'uri':
      return `https://example.vn/fuzz/${++uniq}`;
  }
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 1_000_000;
  const fits = (v: string) =>
    v.length >= min && v.length <= max && (!s.pattern || matches(s.pattern, v));
  const named = NAMED[name]?.();
  if (typeof named === 'string' && fits(named)) return named;
  if (!s.pattern) {
    let v = `Nội dung thử ${name} ${++uniq}`;
    while (v.length < min) v += ' thêm chữ';
    return v.slice(0, Math.max(min, Math.min(max, v.length)));
  }
  for (const g of GENERIC) if (fits(g)) return g;
  return 'x';
}

/** A value the schema accepts (as far as a schema can say: ids may still be unknown). */
function sample(s: Schema, name = ''): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(s.enum.filter((v) => v !== null));
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0]!, name);
  if (s.allOf) return sample(Object.assign({}, ...s.allOf) as Schema, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return sampleString(s, name);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1);
      const hi = s.maximum ?? lo + 10;
      return Math.max(lo, Math.min(hi, Math.ceil(lo)));
    }
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () =>
        sample(s.items ?? {}, name),
      );
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, k);
      return out;
    }
    default:
      return s.default ?? 'x';
  }
}

type Path = (string | number)[];
/** Every leaf of a sample with the schema that produced it. */
function leaves(v: unknown, s: Schema, at: Path = [], out: [Path, Schema, unknown][] = []) {
  const alt = s.anyOf ?? s.oneOf;
  if (alt) s = alt.find((a) => a.type !== 'null') ?? s;
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, s.items ?? {}, [...at, i], out));
  else if (v && typeof v === 'object') {
    out.push([at, s, v]);
    for (const [k, x] of Object.entries(v)) leaves(x, s.properties?.[k] ?? {}, [...at, k], out);
  } else out.push([at, s, v]);
  return out;
}
function setAt(v: unknown, at: Path, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of at.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[at[at.length - 1]!] = value;
  return copy;
}

const LONE_HIGH = 'Nội dung \ud800 lạ';
const LONE_LOW = '\udc00';
const NUL = 'có \u0000 giữa';
/** A marker a case puts where `n` levels of nested arrays and objects go in its JSON text. */
const DEEP = (n: number) => `\u0000deep:${n}`;
/** JSON text nested `n` levels deep (JSON.stringify of such a value overflows the stack). */
function deepJson(n: number, bottom = '"đáy"'): string {
  const kinds = Array.from({ length: n }, () => random() < 0.5);
  return (
    kinds.map((array) => (array ? '[' : '{"a":')).join('') +
    bottom +
    kinds
      .reverse()
      .map((array) => (array ? ']' : '}'))
      .join('')
  );
}
const toJson = (value: unknown) =>
  JSON.stringify(value).replace(/"\\u0000deep:(\d+)"/g, (_m, n: string) => deepJson(Number(n)));
/** Values no field of this API accepts in place of a string, a number or an id. */
const WRONG_FOR_STRING = [LONE_HIGH, LONE_LOW, NUL, 42, true, [], {}, null, 'x'.repeat(200_000)];
const WRONG_FOR_NUMBER = [1e308, 2 ** 63, -(2 ** 63) - 1, 9007199254740993, -1, 0.5, '1', null];
const WRONG_FOR_ID = [
  '99999999999999999999999',
  '-1',
  'x',
  '00000000-0000-0000-0000-000000000000',
  LONE_HIGH,
];

/** Malformed path segments (already percent-encoded as they go in the URL). */
const BAD_SEGMENTS = [
  'x',
  '-1',
  '0',
  '99999999999999999999999',
  '9223372036854775808',
  '1e400',
  '%ED%A0%80', // a lone surrogate in CESU-8: not UTF-8
  '%00',
  '%FF',
  encodeURIComponent('😀'),
  'a'.repeat(2000),
  '..%2F..%2Fetc%2Fpasswd',
];
const BAD_QUERY = [
  '',
  'x',
  '-1',
  '1e400',
  '99999999999999999999999',
  '%ED%A0%80',
  '%00',
  encodeURIComponent('x\u0000y'),
  'a'.repeat(5000),
];

// ---- the application and what the operations act on ----------------------------------------

const t = await createTestApp();
after(t.close);

// A command for a call no node holds waits for its node (R-TEL): here not 5 s per request.
(t.services.transfers as unknown as { waitMs: number }).waitMs = 50;

const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const sub = await t.newAgency({
  code: 'SXD-P1',
  name: 'Phòng 1',
  kind: 'subunit',
  parentId: agency.id,
});
const users = {} as Record<Role, ApiUser>;
for (const role of ROLES) {
  const needsAgency = role === 'focal_point' || role === 'agency_head';
  users[role] = await apiUser(t, await t.newUser(role, needsAgency ? agency : null));
}
const anonymous = t.anonymous();
const admin = users.admin;
const op = users.operator;

const spareUser = await t.newUser('operator');
const field = await buildField(t.db, t.tenantId, { code: 'XD', defaultAgencyId: agency.id });
const rule = await admin.post('/api/v1/scope-rules', {
  code: 'R1',
  name: 'Quy định',
  action: 'reject',
  guidanceVi: 'Hướng dẫn',
});
assert.equal(rule.status, 201, JSON.stringify(rule.body));
const upload = await t.app.inject({
  method: 'POST',
  url: '/api/v1/attachments',
  headers: {
    authorization: `Bearer ${op.token}`,
    'content-type': 'multipart/form-data; boundary=b0',
  },
  payload:
    '--b0\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n' +
    'Content-Type: application/pdf\r\n\r\n%PDF-1.4 biên bản\r\n--b0--\r\n',
});
assert.equal(upload.statusCode, 201, upload.body);
const attachmentId = (upload.json() as { id: string }).id;
const ticket = await op.post('/api/v1/tickets', ticketBody({ fieldId: field.id }));
assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
const template = await admin.post('/api/v1/templates', {
  kind: 'reply',
  code: 'TL1',
  title: 'Mẫu',
  bodyVi: 'Kính gửi',
});
assert.equal(template.status, 201, JSON.stringify(template.body));
const key = await admin.post('/api/v1/open311/keys', { name: 'Ứng dụng' });
assert.equal(key.status, 201, JSON.stringify(key.body));
const block = await admin.post('/api/v1/abuse/blocklist', {
  kind: 'phone',
  value: '0988000001',
  reason: 'Quấy rối',
});
assert.equal(block.status, 201, JSON.stringify(block.body));
const article = await admin.post('/api/v1/kb/articles', {
  kind: 'faq',
  title: 'Câu hỏi thử',
  agencyId: agency.id,
});
assert.equal(article.status, 201, JSON.stringify(article.body));
const flow = await admin.post('/api/v1/ivr/flows', {
  name: 'Kịch bản',
  flow: {
    name: 'Kịch bản',
    voice: 'vi',
    start: 'hi',
    nodes: {
      hi: { type: 'message', prompt: 'Xin chào.', next: 'bye' },
      bye: { type: 'hangup', prompt: 'Tạm biệt.' },
    },
  },
});
assert.ok(flow.status < 300, JSON.stringify(flow.body));
const chat = await t.services.chat.start(
  { name: 'Khách chat', phone: '0914000001', language: 'vi' },
  { ip: '10.77.0.1' },
);
await t.services.chat.handoff(chat.token);
const callId = await buildCall(t.db, t.tenantId);
const notifications = {} as Record<Role, string>;
for (const role of ROLES) {
  const n = await t.db
    .insertInto('notification')
    .values({ user_id: users[role].me.id, title: 'Thông báo', body: 'Nội dung', ticket_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  notifications[role] = String(n.id);
}

/** Real ids for path parameters, by the segment before them and their name. */
const PATH_IDS = (role: Role | 'anonymous'): Record<string, string> => ({
  'tickets/{id}': ticket.body.id,
  'attachments/{id}': attachmentId,
  'agencies/{id}': sub.id,
  'fields/{id}': field.id,
  'field-groups/{number}': '1',
  'scope-rules/{id}': rule.body.id,
  'users/{id}': spareUser.id,
  'calendars/{id}': t.calendarId,
  'exceptions/{date}': '2026-05-04',
  'notifications/{id}': role === 'anonymous' ? '1' : notifications[role],
  'templates/{id}': template.body.id,
  'keys/{id}': key.body.id,
  'blocklist/{id}': block.body.id,
  'calls/{id}': callId,
  'agents/{id}': spareUser.id,
  'call-queues/{code}': 'hang-cho-fuzz',
  'flows/{id}': flow.body.id,
  'prompts/{key}': 'bye.prompt',
  'trunks/{name}': 'trunk-fuzz',
  'publications/{ticketId}': ticket.body.id,
  'chats/{id}': chat.conversation.id,
  'articles/{id}': article.body.id,
});
/** Real ids for body fields, by name. */
const BODY_IDS: Record<string, () => unknown> = {
  agencyId: () => agency.id,
  parentId: () => agency.id,
  defaultAgencyId: () => agency.id,
  orgUnitId: () => null,
  subunitId: () => sub.id,
  fieldId: () => field.id,
  calendarId: () => t.calendarId,
  toUserId: () => users.agency_head.me.id,
  callId: () => callId,
};

function withKnownIds(v: unknown, s: Schema): unknown {
  let out = v;
  for (const [at] of leaves(v, s)) {
    const name = at[at.length - 1];
    if (typeof name === 'string' && BODY_IDS[name]) out = setAt(out, at, BODY_IDS[name]());
    if (name === 'attachmentIds') out = setAt(out, at, [attachmentId]);
  }
  return out;
}

// ---- the cases -------------------------------------------------------------------------------

interface Case {
  label: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
  /** A rule of the whole API this case checks beyond "no server error" (status and code). */
  expect?: [number, string];
}

function clientFor(permission: Permission): {
  who: Role | 'anonymous';
  client: Client & Partial<ApiUser>;
} {
  const roles = PERMISSIONS[permission].roles;
  if (permission === 'public') return { who: 'anonymous', client: anonymous };
  const role = roles.find((r): r is Role => r !== 'anonymous' && r !== 'system')!;
  return { who: role, client: users[role] };
}

function urlOf(o: Operation, params: Record<string, string>, query = ''): string {
  const p = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!);
  return query ? `${p}?${query}` : p;
}

function casesFor(o: Operation, who: Role | 'anonymous'): Case[] {
  const known = PATH_IDS(who);
  const pathParams = o.parameters.filter((p) => p.in === 'path');
  const queryParams = o.parameters.filter((p) => p.in === 'query');
  const good: Record<string, string> = {};
  for (const p of pathParams) {
    const before = o.path.split('/').at(o.path.split('/').indexOf(`{${p.name}}`) - 1);
    good[p.name] =
      known[`${before}/{${p.name}}`] ??
      (p.schema.enum ? String(pick(p.schema.enum)) : String(sample(p.schema, p.name)));
  }
  const out: Case[] = [];
  const json = (label: string, value: unknown, params = good, query = '') =>
    out.push({
      label,
      url: urlOf(o, params, query),
      payload: toJson(value),
      contentType: 'application/json',
    });
  const plain = (label: string, params = good, query = '') =>
    out.push({ label, url: urlOf(o, params, query) });

  // Path parameters: malformed, unknown, and every value of an enumerated one.
  for (const p of pathParams) {
    for (const bad of BAD_SEGMENTS)
      plain(`path ${p.name}=${bad.slice(0, 30)}`, { ...good, [p.name]: bad });
    if (p.schema.format === 'uuid')
      plain(`path ${p.name} unknown`, { ...good, [p.name]: seededUuid() });
    for (const v of p.schema.enum ?? []) {
      const params = { ...good, [p.name]: String(v) };
      if (o.body?.type === 'application/json') json(`path ${p.name}=${v} body {}`, {}, params);
      else plain(`path ${p.name}=${v}`, params);
    }
  }
  // Query parameters: each one malformed, repeated, and all of them at once.
  for (const q of queryParams) {
    for (const bad of BAD_QUERY)
      plain(`query ${q.name}=${bad.slice(0, 30)}`, good, `${q.name}=${bad}`);
    plain(`query ${q.name} twice`, good, `${q.name}=1&${q.name}=2`);
  }
  if (queryParams.length) {
    plain(
      'query all lone surrogates',
      good,
      queryParams.map((q) => `${q.name}=%ED%A0%80`).join('&'),
    );
  }
  plain('query unknown parameter', good, `khong_co=${encodeURIComponent('\u0000')}`);

  // Bodies of other types than the one declared, also where none is declared (a recording's
  // upload reads any type; an action takes none): refused or ignored, never a server error.
  if (o.method !== 'GET' && o.method !== 'DELETE') {
    const other = (label: string, payload: string | Buffer, contentType: string) =>
      out.push({ label, url: urlOf(o, good), payload, contentType });
    other('other type: CSV garbage', 'a;b\n"unclosed\n\u0000;x', 'text/csv');
    other(
      'other type: form',
      `a=%ED%A0%80&b=${'x'.repeat(3000)}`,
      'application/x-www-form-urlencoded',
    );
    other(
      'other type: bytes',
      Buffer.from([0xff, 0xfe, 0, 0x80, 0xed, 0xa0]),
      'application/octet-stream',
    );
    other(
      'other type: WAV header only',
      Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt '),
      'audio/wav',
    );
    if (!o.body) other('JSON where none is declared', '{"a":"\\ud800"', 'application/json');
  }

  const body = o.body;
  if (!body) return out;
  if (body.type === 'multipart/form-data') {
    const mp = (label: string, payload: string, boundary = 'fz') =>
      out.push({
        label,
        url: urlOf(o, good),
        payload,
        contentType: `multipart/form-data; boundary=${boundary}`,
      });
    const head = '--fz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n';
    mp('multipart cut short', `${head}Content-Type: application/pdf\r\n\r\n%PDF-1.4`);
    mp('multipart no closing boundary', `${head}\r\nabc\r\n`);
    mp('multipart header without end', `${head}Content-Type: applic`);
    mp('multipart empty body', '');
    mp('multipart other boundary', `${head}\r\nabc\r\n--fz--\r\n`, 'other');
    mp('multipart garbage', '\u0000\u0001\u0002 not multipart at all');
    mp('multipart no parts', '--fz--\r\n');
    mp(
      'multipart field not file',
      '--fz\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--fz--\r\n',
    );
    mp(
      'multipart lone surrogate filename',
      '--fz\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'%ED%A0%80.pdf\r\n' +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--fz--\r\n',
    );
    out.push({
      label: 'multipart without boundary',
      url: urlOf(o, good),
      payload: `${head}\r\nabc\r\n--fz--\r\n`,
      contentType: 'multipart/form-data',
    });
    out.push({
      label: 'JSON instead of multipart',
      url: urlOf(o, good),
      payload: '{}',
      contentType: 'application/json',
    });
    return out;
  }
  if (body.type !== 'application/json') {
    // A raw body (audio, iCalendar): garbage of the declared type, and JSON instead.
    const raw = (label: string, payload: string | Buffer, contentType = body.type) =>
      out.push({ label, url: urlOf(o, good), payload, contentType });
    raw('raw garbage', Buffer.from([0, 1, 2, 0xff, 0xfe, 0xed, 0xa0, 0x80]));
    raw('raw empty', '');
    raw('raw NUL text', 'BEGIN:VCALENDAR\r\nSUMMARY:x\u0000y\r\nEND:VCALENDAR\r\n');
    raw('raw JSON', '{"a":1}', 'application/json');
    return out;
  }

  const schema = body.schema;
  const base = withKnownIds(sample(schema), schema);
  json('valid-looking body', base);
  json('valid-looking body, unknown ids', sample(schema));
  json('empty object', {});
  // One rule for every PATCH (contract/common.ts, patchOf): nothing to change is refused.
  if (o.method === 'PATCH') {
    for (const empty of [{}, { khong_co: 1 }]) {
      out.push({
        label: `PATCH with nothing to change ${JSON.stringify(empty)}`,
        url: urlOf(o, good),
        payload: JSON.stringify(empty),
        contentType: 'application/json',
        expect: [400, 'validation_failed'],
      });
    }
  }
  for (const v of [[], 'text', 0, null, [base]]) json(`body ${JSON.stringify(v).slice(0, 20)}`, v);
  json('deep nesting', DEEP(20_000));
  // The text check walks what it parsed: a lone surrogate at the bottom of 100 000 levels.
  out.push({
    label: 'deep nesting, lone surrogate at the bottom',
    url: urlOf(o, good),
    payload: deepJson(100_000, '"\\ud800"'),
    contentType: 'application/json',
  });
  json('unknown field with a lone surrogate key', { ...(base as object), '\ud800': LONE_HIGH });
  out.push({
    label: 'JSON cut short',
    url: urlOf(o, good),
    payload: JSON.stringify(base).slice(0, -3),
    contentType: 'application/json',
  });
  for (const [at, s, v] of leaves(base, schema)) {
    const where = at.join('.') || '(body)';
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (typeof v === 'string') {
      const bad = s.format === 'uuid' ? [...WRONG_FOR_ID, seededUuid()] : WRONG_FOR_STRING;
      for (const w of bad) json(`${where} = ${JSON.stringify(w).slice(0, 24)}`, setAt(base, at, w));
    } else if (typeof v === 'number') {
      for (const w of WRONG_FOR_NUMBER) json(`${where} = ${JSON.stringify(w)}`, setAt(base, at, w));
    } else if (typeof v === 'boolean') {
      json(`${where} = "true"`, setAt(base, at, 'true'));
    } else if (v && typeof v === 'object' && at.length) {
      json(`${where} = {}`, setAt(base, at, {}));
      json(`${where} deep`, setAt(base, at, DEEP(5_000)));
    } else if (type === undefined && at.length) {
      json(`${where} deep`, setAt(base, at, DEEP(5_000)));
    }
  }
  return out;
}

// ---- the run ---------------------------------------------------------------------------------

interface Failure {
  operation: string;
  label: string;
  status: number;
  body: string;
}

async function send(
  client: Client & Partial<ApiUser>,
  o: Operation,
  c: Case,
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (client.token) headers.authorization = `Bearer ${client.token}`;
  if (c.contentType) headers['content-type'] = c.contentType;
  const res = await t.app.inject({ method: o.method, url: c.url, payload: c.payload, headers });
  let body: unknown = res.body;
  if (String(res.headers['content-type'] ?? '').includes('json')) {
    try {
      body = res.json();
    } catch {
      body = res.body;
    }
  }
  return { status: res.statusCode, body, headers: res.headers };
}

test(`R-SEC-1 every operation of the OpenAPI document refuses malformed input without a server error (seed ${SEED})`, async () => {
  const started = Date.now();
  const failures: Failure[] = [];
  let sent = 0;
  const byStatus: Record<number, number> = {};
  for (const o of operations) {
    const { who, client } = clientFor(o.permission);
    for (const c of casesFor(o, who)) {
      sent++;
      const res = await send(client, o, c);
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
      const bad =
        res.status >= 500 ||
        (c.expect && (res.status !== c.expect[0] || code !== c.expect[1])) ||
        (res.status >= 400 &&
          (!code ||
            !(code in ERRORS) ||
            typeof (res.body as { error: { message_vi?: unknown } }).error.message_vi !==
              'string'));
      if (bad) {
        failures.push({
          operation: `${o.method} ${o.path}`,
          label: c.label,
          status: res.status,
          body: (typeof res.body === 'string' ? res.body : JSON.stringify(res.body)).slice(0, 160),
        });
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `fuzz: ${operations.length} operations, ${sent} requests, ${seconds.toFixed(1)} s,`,
    `answers by status ${JSON.stringify(byStatus)}`,
  );
  // Authorised callers: a refusal for want of a session or a permission means a broken setup.
  assert.equal((byStatus[401] ?? 0) + (byStatus[403] ?? 0) > sent / 10, false, 'mostly 401/403');
  // FUZZ_OUT=file: every failure as JSON, to read them all (the assertion shows the first ones).
  if (process.env.FUZZ_OUT) writeFileSync(process.env.FUZZ_OUT, JSON.stringify(failures, null, 1));
  assert.deepEqual(
    failures.map((f) => `${f.operation} [${f.label}] → ${f.status} ${f.body}`),
    [],
  );
  assert.ok(seconds < 60, `the fuzz run took ${seconds} s`);
});
