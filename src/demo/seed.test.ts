import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { ManualClock, type AppContext } from '../app/context.ts';
import { buildServices } from '../app/services.ts';
import { loadEnv } from '../config/env.ts';
import { ESCALATIONS, STATUSES } from '../core/ticket/state-machine.ts';
import { ROLES } from '../core/access/roles.ts';
import { verifyPassword } from '../modules/auth/password.ts';
import { sealAuditChains, verifyAuditChain } from '../modules/audit/audit.repository.ts';
import { matchScopeRule } from '../core/routing/routing.ts';
import { testDatabase } from '../../tests/helpers/db.ts';
import {
  DEMO_PASSWORD,
  DEMO_WINDOW_DAYS,
  seedDemo,
  seedIfEmpty,
  seedKnowledgeBase,
  type SeedReport,
} from './seed.ts';
import { AGENCIES, FIELDS, type OrgIds } from './organisation.ts';
import { buildStories } from './stories.ts';
import { checkFlow } from '../voice/ivr/validate.ts';

// Wednesday 11 March 2026, 10:00 in Vietnam: the six weeks before it span Tết 2026.
const NOW = '2026-03-11T10:00:00+07:00';

async function seededApp(now: string) {
  const database = await testDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-demo-'));
  const env = loadEnv({ DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
  const ctx: AppContext = {
    db: database.db,
    env,
    clock: new ManualClock(new Date(now)),
    log: pino({ level: 'silent' }),
  };
  const services = buildServices(ctx);
  return {
    ctx,
    services,
    db: database.db,
    async close() {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const app = await seededApp(NOW);
after(app.close);
const { db } = app;

let report: SeedReport | null = null;

test('two processes starting at once seed the province exactly once', async () => {
  const [a, b] = await Promise.all([
    seedDemo(app.ctx, app.services),
    seedDemo(app.ctx, app.services),
  ]);
  assert.ok((a === null) !== (b === null), 'exactly one of them seeds');
  report = a ?? b;
  assert.ok(report);
  assert.deepEqual(report.failures, [], 'every story step went through the real services');
  console.log(
    `demo seed: ${report.tickets} tickets, ${report.events} events, ${report.sweeps} sweeps in ${report.ms} ms`,
  );
  console.log('by status', report.byStatus, 'by escalation', report.byEscalation);
  const tenants = await db.selectFrom('tenant').selectAll().execute();
  assert.equal(tenants.length, 1);
  assert.equal(tenants[0]!.code, 'DEMO');
  assert.equal(tenants[0]!.kind, 'province');
});

test('a second start adds nothing', async () => {
  const before = await counts();
  await seedIfEmpty(app.ctx, app.services, pino({ level: 'silent' }));
  assert.deepEqual(await counts(), before);
});

test('every role has a user, and the demo password signs in', async () => {
  const users = await db
    .selectFrom('app_user')
    .select(['username', 'role', 'agency_id', 'is_deputy', 'password_hash'])
    .execute();
  for (const role of ROLES)
    assert.ok(
      users.some((u) => u.role === role),
      `a ${role}`,
    );
  assert.ok(users.some((u) => u.is_deputy));
  assert.ok(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD));
  const login = await app.services.auth.login('operator1', DEMO_PASSWORD, '127.0.0.1');
  assert.ok(login);
  // Every department (and every agency that receives tickets) has a focal point and a head.
  const agencies = await db.selectFrom('agency').selectAll().execute();
  for (const a of agencies.filter((x) => x.kind !== 'hotline' && x.kind !== 'subunit')) {
    assert.ok(
      users.some((u) => u.role === 'focal_point' && u.agency_id === a.id),
      `focal point of ${a.code}`,
    );
    assert.ok(
      users.some((u) => u.role === 'agency_head' && u.agency_id === a.id),
      `head of ${a.code}`,
    );
  }
  const kinds = new Set(agencies.map((a) => a.kind));
  for (const k of [
    'hotline',
    'coordinator',
    'department',
    'committee',
    'vertical',
    'service_provider',
    'subunit',
  ])
    assert.ok(kinds.has(k as never), k);
  assert.ok(agencies.some((a) => a.requires_approval));
});

test('organisation: two tiers plus old units mapped to their successors, 5 groups, fields with agencies', async () => {
  const units = await db.selectFrom('org_unit').selectAll().execute();
  const province = units.find((u) => u.level === 'province')!;
  const current = units.filter((u) => u.parent_id === province.id && u.valid_to === null);
  assert.ok(current.length >= 10);
  assert.ok(current.every((u) => u.valid_from === '2025-07-01'));
  const old = units.filter((u) => u.valid_to === '2025-06-30' && u.successor_id);
  assert.ok(old.length >= 4);
  assert.ok(old.every((u) => current.some((c) => c.id === u.successor_id)));
  const groups = await db.selectFrom('field_group').selectAll().orderBy('number').execute();
  assert.deepEqual(
    groups.map((g) => g.number),
    [1, 2, 3, 4, 5],
  );
  assert.ok(groups.every((g) => g.name && g.name_en));
  const fields = await db.selectFrom('field').selectAll().execute();
  assert.ok(fields.length >= 20 && fields.length <= 30);
  assert.ok(
    fields.every((f) => f.default_agency_id !== null),
    'every field has a default agency',
  );
  const rules = await db.selectFrom('scope_rule').selectAll().execute();
  assert.deepEqual(rules.map((r) => r.redirect_to).sort(), ['113', '114', '115', null].sort());
  const cal = await db.selectFrom('calendar').selectAll().execute();
  assert.equal(cal.length, 1);
  assert.equal(cal[0]!.is_default, true);
});

test('≥ 250 tickets in every status and escalation level, each with a timeline', async () => {
  const tickets = await db.selectFrom('ticket').selectAll().execute();
  assert.ok(tickets.length >= 250, `${tickets.length} tickets`);
  for (const s of STATUSES)
    assert.ok(
      tickets.some((t) => t.status === s),
      `status ${s}`,
    );
  for (const e of ESCALATIONS)
    assert.ok(
      tickets.some((t) => t.escalation === e),
      `escalation ${e}`,
    );
  for (const c of ['phone', 'zalo', 'web', 'email'])
    assert.ok(
      tickets.some((t) => t.channel === c),
      `channel ${c}`,
    );
  for (const u of ['normal', 'urgent', 'emergency'])
    assert.ok(
      tickets.some((t) => t.urgency === u),
      `urgency ${u}`,
    );
  assert.ok(tickets.some((t) => t.citizen_language === 'en'));
  assert.ok(tickets.some((t) => t.reopen_count > 0));
  const fieldsUsed = new Set(tickets.map((t) => t.field_id).filter(Boolean));
  assert.ok(fieldsUsed.size >= 20, `${fieldsUsed.size} fields used`);
  const withoutEvents = await sql<{ n: string }>`
    SELECT count(*) AS n FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id)`.execute(
    db,
  );
  assert.equal(Number(withoutEvents.rows[0]!.n), 0);
  // Spread over the last ~6 weeks, none in the future.
  const now = new Date(NOW).getTime();
  assert.ok(tickets.every((t) => t.created_at.getTime() <= now));
  assert.ok(tickets.some((t) => t.created_at.getTime() < now - 35 * 86_400_000));
  const actions = await db.selectFrom('ticket_event').select('action').distinct().execute();
  for (const a of [
    'escalate',
    'mark_overdue',
    'deadline_warning',
    'transfer',
    'return_misrouted',
    'route_internal',
    'subunit_reply',
    'approve_answer',
    'reject_answer',
    'remind',
    'reopen',
    'supplement',
  ]) {
    assert.ok(
      actions.some((x) => x.action === a),
      `some ${a}`,
    );
  }
});

test('the audit chain verifies and covers every event', async () => {
  // The workers seal committed records into the chain; do what they would.
  await sealAuditChains(db, new Date(NOW));
  const v = await verifyAuditChain(db);
  assert.equal(v.ok && v.unsealed, 0);
  assert.equal(v.ok, true, JSON.stringify(v));
  const events = await db
    .selectFrom('ticket_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '!=', 'deadline_warning')
    .executeTakeFirstOrThrow();
  assert.ok(v.count > Number(events.n));
});

test('nothing fires when the real server starts: no due deadline, no pending message', async () => {
  const now = new Date(NOW);
  const due = await db
    .selectFrom('deadline')
    .select('id')
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .execute();
  assert.equal(due.length, 0);
  const warn = await db
    .selectFrom('deadline')
    .select('id')
    .where('status', '=', 'pending')
    .where('warned_at', 'is', null)
    .where('warn_at', '<=', now)
    .execute();
  assert.equal(warn.length, 0);
  const pending = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .execute();
  assert.equal(pending.length, 0);
  const n = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.ok(Number(n.n) > 0);
  // Open tickets at an agency have a running (or paused) clock.
  const open = await sql<{ n: string }>`
    SELECT count(*) AS n FROM ticket t
    WHERE t.status IN ('forwarded', 'in_progress', 'pending_approval', 'verifying') AND t.escalation <> 'overdue'
      AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.ticket_id = t.id AND d.status IN ('pending', 'paused'))`.execute(
    db,
  );
  assert.equal(Number(open.rows[0]!.n), 0);
});

test('out-of-scope texts match their rule; in-scope texts match none (R-SC-3)', async () => {
  const rules = (await db.selectFrom('scope_rule').selectAll().orderBy('code').execute()).map(
    (r) => ({
      code: r.code,
      action: r.action,
      redirectTo: r.redirect_to,
      keywords: r.keywords,
      guidanceVi: r.guidance_vi,
      guidanceEn: r.guidance_en,
    }),
  );
  const tickets = await db
    .selectFrom('ticket')
    .select(['code', 'status', 'content', 'reject_reason', 'citizen_language', 'field_id'])
    .execute();
  for (const t of tickets) {
    const hit = matchScopeRule(t.content, rules);
    if (
      t.status === 'rejected' &&
      t.citizen_language === 'vi' &&
      t.reject_reason?.startsWith('Không thuộc phạm vi')
    ) {
      assert.ok(hit, `${t.code} should match a rule: ${t.content}`);
    } else if (t.field_id) {
      assert.equal(hit, null, `${t.code} matches ${hit?.code}: ${t.content}`);
    }
  }
});

test('deterministic: the same clock plans the same stories, and the database holds them', async () => {
  assert.ok(report);
  const end = new Date(NOW);
  const org: OrgIds = {
    tenantId: report.tenantId,
    calendarId: '',
    units: new Map(
      (await db.selectFrom('org_unit').select(['code', 'id']).execute()).map((u) => [u.code, u.id]),
    ),
    agencies: new Map(
      (await db.selectFrom('agency').select(['code', 'id']).execute()).map((a) => [
        a.code,
        { id: a.id, spec: AGENCIES.find((x) => x.code === a.code)! },
      ]),
    ),
    fields: new Map(
      (await db.selectFrom('field').select(['code', 'id']).execute()).map((f) => [
        f.code,
        { id: f.id, spec: FIELDS.find((x) => x.code === f.code)! },
      ]),
    ),
    users: new Map(),
  };
  const cal = (await app.services.calendars.forAgency(report.tenantId, null)).cal;
  const world = { start: new Date(end.getTime() - DEMO_WINDOW_DAYS * 86_400_000), end, cal, org };
  const plan = buildStories(world, 1022);
  assert.deepEqual(buildStories(world, 1022), plan);
  assert.notDeepEqual(buildStories(world, 7), plan);
  const creates = plan
    .map((st) => ({ index: st.index, step: st.steps[0]! }))
    .sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.index - b.index)
    .map(({ step }) =>
      step.kind === 'create' ? `${step.at.toISOString()}|${step.body.subject}` : 'not a create',
    );
  const tickets = await db
    .selectFrom('ticket')
    .select(['subject', 'created_at'])
    .orderBy('code')
    .execute();
  assert.deepEqual(
    tickets.map((t) => `${t.created_at.toISOString()}|${t.subject}`),
    creates,
  );
});

test('R-TEL-2 the demo menu is the default IVR flow on 1022, valid with the queues it names', async () => {
  const flows = await db.selectFrom('ivr_flow').selectAll().execute();
  assert.equal(flows.length, 1);
  assert.equal(flows[0]!.is_default, true);
  const numbers = await db.selectFrom('ivr_flow_number').select('number').execute();
  assert.deepEqual(
    numbers.map((n) => n.number),
    ['1022'],
  );
  const queues = await db.selectFrom('call_queue').select('code').execute();
  const check = checkFlow(flows[0]!.flow, { queues: new Set(queues.map((q) => q.code)) });
  assert.deepEqual(check.errors, []);
  assert.deepEqual(check.warnings, []);
});

async function counts() {
  const tables = [
    'tenant',
    'org_unit',
    'agency',
    'app_user',
    'field',
    'ticket',
    'ticket_event',
    'deadline',
    'outbox',
    'audit_log',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

test('R-KB-1 the demo knowledge base loads: every sample article imported and published', async () => {
  const n = await seedKnowledgeBase(app.ctx, app.services);
  assert.ok(n >= 100, `imported ${n}`);
  const published = await db
    .selectFrom('kb_article')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  assert.equal(Number(published.n), n);
});
