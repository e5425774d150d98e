/**
 * The deadline sweeper escalating a backlog: N tickets forwarded to an agency whose 8-hour
 * focal-point deadlines have all passed (seeded with bulk SQL), one `sweepDeadlines()` run.
 * A small pilot first warms up and estimates the rate; if N = 100 000 would take longer than
 * the budget, N = 20 000 is measured instead (10 000 or 5 000 if even that would not fit) and
 * the figure's name says so (`sweeper_escalate_20k`).
 */
import path from 'node:path';
import { sql } from 'kysely';
import { ManualClock, systemClock, type AppContext } from '../src/app/context.ts';
import { buildServices, type Services } from '../src/app/services.ts';
import { migrateToLatest, type DB } from '../src/db/database.ts';
import { sweepDeadlines } from '../src/jobs/sla-sweeper.ts';
import { sealAuditChains, verifyAuditChain } from '../src/modules/audit/audit.repository.ts';
import {
  apiToken,
  benchContext,
  createOrg,
  startServer,
  TICKET_BODY,
  type BenchOrg,
} from './lib/app.ts';
import { assertStatuses, runLoad } from './lib/load.ts';
import { elapsedMs, fig, type Figure } from './lib/figures.ts';
import type { BenchCluster } from './lib/pg.ts';
import { createProfiledDb } from './lib/query-log.ts';

export interface SweeperOptions {
  /** Deadlines to escalate; 0 = 100 000, or fewer if the pilot predicts over `budgetS`. */
  count: number;
  pilot: number;
  budgetS: number;
  log: (line: string) => void;
}

// Forwarded on Monday 2026-03-02 from 08:00 (+07); 8 working hours end on Tuesday morning.
const FORWARDED_AT = '2026-03-02T08:00:00+07:00';
const FIRST_DUE = '2026-03-03T08:00:00+07:00';
// Wednesday 09:00: every focal-point deadline is past, the new 48-hour head ones are not.
const SWEEP_AT = '2026-03-04T09:00:00+07:00';

/**
 * Tickets in 'forwarded' at the agency, each with a pending focal_point deadline, due times
 * spread over an hour; `tag` prefixes the codes so each batch can be counted on its own.
 */
async function seed(db: DB, org: BenchOrg, tag: string, n: number): Promise<void> {
  await sql`
    INSERT INTO ticket (tenant_id, code, channel, status, subject, content, agency_id,
                        citizen_name, citizen_phone, created_by, created_at, updated_at, forwarded_at)
    SELECT ${org.tenantId}, ${tag} || '-2026-' || lpad(g::text, 7, '0'), 'phone', 'forwarded',
           'Đèn đường hỏng', 'Đèn đường trên đường Trần Hưng Đạo bị hỏng nhiều ngày, đề nghị sửa chữa.',
           ${org.agencyId}, 'Nguyễn Văn An', '0912345678', ${org.users.operator.id},
           ${FORWARDED_AT}::timestamptz, ${FORWARDED_AT}::timestamptz, ${FORWARDED_AT}::timestamptz
      FROM generate_series(1, ${n}::int) AS g`.execute(db);
  await sql`
    INSERT INTO deadline (tenant_id, ticket_id, kind, starts_at, warn_at, due_at)
    SELECT t.tenant_id, t.id, 'focal_point', t.forwarded_at, NULL,
           ${FIRST_DUE}::timestamptz + (row_number() OVER (ORDER BY t.code) % 3600) * interval '1 second'
      FROM ticket t
     WHERE t.code LIKE ${`${tag}-%`}`.execute(db);
  await sql`ANALYZE ticket`.execute(db);
  await sql`ANALYZE deadline`.execute(db);
}

interface Outcome {
  escalateEvents: number;
  headDeadlines: number;
  firedFocal: number;
  escalatedTickets: number;
  outbox: number;
}

async function outcome(db: DB, tag: string): Promise<Outcome> {
  const like = `${tag}-%`;
  const r = await sql<{ [K in keyof Outcome]: string }>`
    SELECT
      (SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
        WHERE t.code LIKE ${like} AND e.action = 'escalate') AS "escalateEvents",
      (SELECT count(*) FROM deadline d JOIN ticket t ON t.id = d.ticket_id
        WHERE t.code LIKE ${like} AND d.kind = 'head' AND d.status = 'pending') AS "headDeadlines",
      (SELECT count(*) FROM deadline d JOIN ticket t ON t.id = d.ticket_id
        WHERE t.code LIKE ${like} AND d.kind = 'focal_point' AND d.status = 'fired') AS "firedFocal",
      (SELECT count(*) FROM ticket t WHERE t.code LIKE ${like} AND t.escalation = 'head') AS "escalatedTickets",
      (SELECT count(*) FROM outbox o WHERE o.payload->>'ticketCode' LIKE ${like}) AS "outbox"
  `.execute(db);
  const row = r.rows[0]!;
  return {
    escalateEvents: Number(row.escalateEvents),
    headDeadlines: Number(row.headDeadlines),
    firedFocal: Number(row.firedFocal),
    escalatedTickets: Number(row.escalatedTickets),
    outbox: Number(row.outbox),
  };
}

function check(tag: string, n: number, o: Outcome): void {
  const bad = (Object.keys(o) as (keyof Outcome)[]).filter((k) => k !== 'outbox' && o[k] !== n);
  if (bad.length)
    throw new Error(`sweeper ${tag}: expected ${n} of each, got ${JSON.stringify(o)}`);
}

const label = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

export async function benchSweeper(cluster: BenchCluster, o: SweeperOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const url = await cluster.database('bench_sweeper');
  const p = createProfiledDb(url, 10);
  const db = p.db;
  try {
    await migrateToLatest(db);
    const org = await createOrg(db, 'SWEEP');
    const clock = new ManualClock(new Date(SWEEP_AT));
    const ctx = benchContext(db, path.join(cluster.dataDir, 'sweeper'), clock, url);
    const services = buildServices(ctx);

    // Pilot: warms up, counts statements per escalation, estimates the rate.
    await seed(db, org, 'PILOT', o.pilot);
    p.reset();
    p.recording = true;
    let t0 = process.hrtime.bigint();
    const pilot = await sweepDeadlines(ctx, services);
    const pilotS = elapsedMs(t0) / 1000;
    p.recording = false;
    if (pilot.fired !== o.pilot) throw new Error(`pilot fired ${pilot.fired} of ${o.pilot}`);
    check('PILOT', o.pilot, await outcome(db, 'PILOT'));
    const statements = p.statements();
    const perDeadline = statements.reduce((n, s) => n + s.count, 0) / o.pilot;
    const pilotRate = o.pilot / pilotS;
    figures.push(
      fig(`sweeper_pilot_${label(o.pilot)}`, pilotRate, 'deadlines/s', `${pilotS.toFixed(2)} s`),
      fig(
        'sweeper_statements_per_escalation',
        perDeadline,
        'statements',
        statements
          .map(
            (s) =>
              `${s.statement} ×${(s.count / o.pilot).toFixed(2)} ${(s.totalMs / s.count).toFixed(2)} ms`,
          )
          .join('; '),
      ),
    );

    // 100 000 if it fits the budget; else 20 000 (and, on a slow or busy machine, less).
    let n = o.count;
    if (n === 0) {
      n = [100_000, 20_000, 10_000].find((c) => c / pilotRate <= o.budgetS) ?? 5_000;
      if (n !== 100_000) {
        o.log(
          `sweeper: 100k would take ~${(100_000 / pilotRate).toFixed(0)} s (> ${o.budgetS} s): measuring ${label(n)}`,
        );
      }
    }

    o.log(`sweeper: seeding ${n} forwarded tickets with due focal-point deadlines`);
    t0 = process.hrtime.bigint();
    await seed(db, org, 'SWEEP', n);
    const seedS = elapsedMs(t0) / 1000;
    const auditBefore = await auditCount(db);

    o.log(`sweeper: escalating ${n}`);
    t0 = process.hrtime.bigint();
    const run = await sweepDeadlines(ctx, services);
    const seconds = elapsedMs(t0) / 1000;
    if (run.fired !== n) throw new Error(`sweeper fired ${run.fired}, expected ${n}`);
    const result = await outcome(db, 'SWEEP');
    check('SWEEP', n, result);
    const audits = (await auditCount(db)) - auditBefore;
    if (audits !== n) throw new Error(`sweeper wrote ${audits} audit records, expected ${n}`);

    const name = `sweeper_escalate_${label(n)}`;
    figures.push(
      fig(
        name,
        seconds,
        's',
        `verified: ${result.escalateEvents} escalate events, ${result.headDeadlines} pending head deadlines, ` +
          `${result.firedFocal} focal_point fired, ${audits} audit records, ${result.outbox} outbox messages`,
      ),
      fig(`${name}_rate`, n / seconds, 'deadlines/s'),
      fig(
        `sweeper_seed_${label(n)}`,
        seedS,
        's',
        'bulk INSERT … SELECT generate_series, + ANALYZE',
      ),
    );

    figures.push(...(await contention(cluster, url, db, org, ctx, services, n / seconds, o)));

    t0 = process.hrtime.bigint();
    const sealed = await sealAuditChains(db, new Date());
    figures.push(
      fig('audit_seal', sealed / (elapsedMs(t0) / 1000), 'records/s', `${sealed} records`),
    );
    t0 = process.hrtime.bigint();
    const chain = await verifyAuditChain(db);
    if (!chain.ok) throw new Error(`audit chain broken after the sweep: ${JSON.stringify(chain)}`);
    figures.push(
      fig(
        'audit_verify_chain',
        chain.count / (elapsedMs(t0) / 1000),
        'records/s',
        `${chain.count} records`,
      ),
    );
  } finally {
    await db.destroy();
  }
  return figures;
}

async function auditCount(db: DB): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db);
  return Number(r.rows[0]!.n);
}

/**
 * Ticket intake over HTTP (1 client) while the sweeper escalates a batch, against the same
 * without a sweep: each sweeper batch transaction appends its audit records under the
 * transaction-scoped audit advisory lock, so it holds that lock from its first escalation to
 * its commit, and every intake waits for it.
 */
async function contention(
  cluster: BenchCluster,
  url: string,
  db: DB,
  org: BenchOrg,
  ctx: AppContext,
  services: Services,
  rate: number,
  o: SweeperOptions,
): Promise<Figure[]> {
  const webDb = createProfiledDb(url, 10).db;
  const server = await startServer(
    benchContext(webDb, path.join(cluster.dataDir, 'sweeper-web'), systemClock, url),
  );
  try {
    const token = await apiToken(server.baseUrl, org.users.operator.username);
    const load = {
      url: `${server.baseUrl}/api/v1/tickets`,
      headers: { authorization: `Bearer ${token}` },
      body: TICKET_BODY,
      concurrency: 1,
    };
    o.log('sweeper: intake latency, idle');
    const idle = await runLoad({ ...load, warmupMs: 500, durationMs: 3000 });
    assertStatuses('intake idle', idle, [201]);

    const n = 1000;
    await seed(db, org, 'CONTEND', n);
    const sweepS = n / rate;
    o.log(`sweeper: intake latency during a ${n}-deadline sweep (~${sweepS.toFixed(0)} s)`);
    const sweep = sweepDeadlines(ctx, services);
    const during = await runLoad({
      ...load,
      warmupMs: 300,
      durationMs: Math.max(1000, Math.min(10_000, sweepS * 1000 * 0.7)),
    });
    const fired = (await sweep).fired;
    if (fired !== n) throw new Error(`contention sweep fired ${fired}, expected ${n}`);
    assertStatuses('intake during sweep', during, [201]);
    return [
      fig('intake_1client_idle_p50', idle.p50, 'ms', `p99 ${idle.p99.toFixed(1)} ms`),
      fig(
        'intake_1client_during_sweep_p50',
        during.p50,
        'ms',
        `p99 ${during.p99.toFixed(1)} ms, max ${during.max.toFixed(0)} ms; ${during.rps.toFixed(1)} req/s vs ${idle.rps.toFixed(1)} idle`,
      ),
    ];
  } finally {
    await server.close();
    await webDb.destroy();
  }
}
