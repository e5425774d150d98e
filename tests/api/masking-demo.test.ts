/**
 * R-PUB-2 over the demo province: its answers greet citizens by full name, its chat tickets
 * carry visitors' names and transcripts, its calls their numbers. As the demo's leader and
 * administrator (everything masked) and as the focal point of each agency holding a
 * confidential ticket, every GET operation of the OpenAPI document the role holds, called with
 * every demo ticket, attachment and call in its path, answers without any demo citizen's name,
 * phone, email or address.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { ManualClock, type AppContext } from '../../src/app/context.ts';
import { buildServices } from '../../src/app/services.ts';
import { loadEnv } from '../../src/config/env.ts';
import { buildServer } from '../../src/http/server.ts';
import { SESSION_COOKIE } from '../../src/http/types.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.ts';
import { usernameFor } from '../../src/demo/organisation.ts';
import { can, type Permission } from '../../src/core/access/permissions.ts';
import type { Role } from '../../src/contract/enums.ts';
import { Client } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';

const database = await testDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-mask-demo-'));
const ctx: AppContext = {
  db: database.db,
  env: loadEnv({ DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' }),
  clock: new ManualClock(new Date('2026-03-11T10:00:00+07:00')),
  log: pino({ level: 'silent' }),
};
const services = buildServices(ctx);
const report = await seedDemo(ctx, services);
assert.ok(report, 'the demo was seeded');
const { app } = await buildServer({ ctx, services });
after(async () => {
  await app.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function login(username: string): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  assert.equal(res.statusCode, 200, `${username}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  return new Client(app, cookie, (res.json() as { csrfToken: string }).csrfToken);
}

const db = ctx.db;
const tickets = await db
  .selectFrom('ticket')
  .leftJoin('agency', 'agency.id', 'ticket.agency_id')
  .select([
    'ticket.id',
    'ticket.confidential',
    'ticket.citizen_name',
    'ticket.citizen_phone',
    'ticket.citizen_email',
    'ticket.citizen_address',
    'agency.code as agency_code',
  ])
  .execute();
const attachments = await db.selectFrom('attachment').select(['id', 'ticket_id']).execute();
const calls = await db.selectFrom('call_record').select(['id', 'caller', 'caller_name']).execute();
const staffNames = (await db.selectFrom('app_user').select('display_name').execute()).map(
  (u) => u.display_name,
);

/** The values of a person that must not be read: full names, numbers, emails, addresses. */
function valuesOf(p: {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}): string[] {
  return [p.name, p.phone, p.email, p.address].filter(
    (v): v is string => !!v && v.length >= 6 && v !== 'Người gọi',
  );
}

/** Each value found, with the first URL whose response holds it. */
function leaks(bodies: [string, string][], values: Set<string>): string[] {
  const found: string[] = [];
  for (const [url, body] of bodies) {
    const text = body.normalize('NFC');
    const digits = text.replace(/(?<=\d)[\s.-]+(?=\d)/g, '');
    for (const v of values) {
      if (!(/^\+?\d+$/.test(v) ? digits : text).includes(v)) continue;
      const at = text.indexOf(v);
      found.push(`${v} @ ${url}: …${text.slice(Math.max(0, at - 80), at + v.length + 40)}…`);
      values.delete(v);
    }
  }
  return found;
}

const spec = (await login('admin').then((c) => c.get('/api/openapi.json'))).body as {
  paths: Record<string, Record<string, { 'x-permission'?: Permission }>>;
};

/** Every GET of the document `role` may call, with each demo row in its path. */
function getUrls(role: Role): string[] {
  const ids: Record<string, string[]> = {
    tickets: tickets.map((t) => t.id),
    attachments: attachments.map((a) => a.id),
    calls: calls.map((c) => c.id),
  };
  const urls: string[] = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    const op = item.get;
    if (!op?.['x-permission'] || !can(role, op['x-permission'])) continue;
    if (!p.includes('{')) {
      urls.push(p.includes('/tickets') ? `${p}?limit=200` : p);
      continue;
    }
    const base = p.split('/')[3]!;
    if (!ids[base] || (p.match(/\{/g) ?? []).length > 1) continue;
    for (const id of ids[base]) urls.push(p.replace('{id}', id));
  }
  return urls;
}

async function walk(c: Client, role: Role): Promise<[string, string][]> {
  const bodies: [string, string][] = [];
  for (const url of getUrls(role)) {
    const r = await c.get(url);
    bodies.push([url, typeof r.body === 'string' ? r.body : JSON.stringify(r.body)]);
  }
  return bodies;
}

test('R-PUB-2: the demo province’s leader and administrator read no demo citizen’s personal data', async () => {
  const everyone = new Set([
    ...tickets.flatMap((t) =>
      valuesOf({
        name: t.citizen_name,
        phone: t.citizen_phone,
        email: t.citizen_email,
        address: t.citizen_address,
      }),
    ),
    ...calls.flatMap((c) => valuesOf({ name: c.caller_name, phone: c.caller })),
  ]);
  // A demo citizen may share a name with a member of staff, whose name is no citizen's data.
  for (const v of everyone) if (staffNames.some((n) => n.includes(v))) everyone.delete(v);
  assert.ok(everyone.size > 100, `only ${everyone.size} values`);
  for (const role of ['leader', 'admin'] as const) {
    const bodies = await walk(await login(role), role);
    assert.ok(bodies.length > tickets.length, `${role} read ${bodies.length} responses`);
    assert.deepEqual(leaks(bodies, new Set(everyone)), [], role);
  }
});

test('R-PUB-2: the demo agencies’ focal points read no personal data of their confidential tickets', async () => {
  const confidential = tickets.filter((t) => t.confidential && t.agency_code);
  assert.ok(confidential.length > 0, 'the demo has confidential tickets at agencies');
  for (const code of new Set(confidential.map((t) => t.agency_code!))) {
    const values = new Set(
      confidential
        .filter((t) => t.agency_code === code)
        .flatMap((t) =>
          valuesOf({
            name: t.citizen_name,
            phone: t.citizen_phone,
            email: t.citizen_email,
            address: t.citizen_address,
          }),
        ),
    );
    // Unless the same person also wrote an ordinary ticket to this agency.
    for (const t of tickets.filter((x) => !x.confidential && x.agency_code === code))
      for (const v of valuesOf({
        name: t.citizen_name,
        phone: t.citizen_phone,
        email: t.citizen_email,
        address: t.citizen_address,
      }))
        values.delete(v);
    for (const v of values) if (staffNames.some((n) => n.includes(v))) values.delete(v);
    const bodies = await walk(await login(usernameFor('fp', code)), 'focal_point');
    assert.deepEqual(leaks(bodies, values), [], code);
  }
});
