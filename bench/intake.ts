/**
 * Ticket intake through the real HTTP API (token auth, POST /api/v1/tickets) against a bare
 * Fastify + pg baseline doing one INSERT and one SELECT per request, same load, same body;
 * then a profile of where an intake request spends its time; then a plain authenticated read
 * (the operator's ticket list, 50 rows) against bare Fastify running the same two statements.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { sql } from 'kysely';
import { systemClock } from '../src/app/context.ts';
import { migrateToLatest, type DB } from '../src/db/database.ts';
import { sealAuditChains, verifyAuditChain } from '../src/modules/audit/audit.repository.ts';
import { apiToken, benchContext, createOrg, startServer, TICKET_BODY } from './lib/app.ts';
import { CpuMeter, cpuHooks, type CpuDelta } from './lib/cpu.ts';
import { fig, type Figure } from './lib/figures.ts';
import { assertStatuses, runLoad, type LoadResult } from './lib/load.ts';
import { pgScale, type BenchCluster } from './lib/pg.ts';
import { createProfiledDb, type ProfiledDb } from './lib/query-log.ts';

export interface IntakeOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Pool size for both servers (the app's default is 10). */
  poolSize: number;
  log: (line: string) => void;
}

function loadFigures(name: string, r: LoadResult, cpu: CpuDelta | undefined): Figure[] {
  const out = [
    fig(
      name,
      r.rps,
      'req/s',
      `${r.requests} requests in the window, statuses ${JSON.stringify(r.statuses)}`,
    ),
    fig(`${name}_p50`, r.p50, 'ms'),
    fig(`${name}_p99`, r.p99, 'ms'),
  ];
  if (cpu) {
    out.push(
      fig(
        `${name}_server_thread_cpu`,
        cpu.mainThreadCores,
        'cores',
        `${((cpu.mainThreadCores * 1000) / r.rps).toFixed(2)} ms CPU per request; event loop busy ${(cpu.eventLoopUtilization * 100).toFixed(0)}% of wall time`,
      ),
      fig(
        `${name}_postgres_cpu`,
        cpu.pgCores,
        'cores',
        `${((cpu.pgCores * 1000) / r.rps).toFixed(2)} ms CPU per request`,
      ),
      fig(
        `${name}_node_process_cpu`,
        cpu.nodeCores,
        'cores',
        'server + load-generator thread + GC',
      ),
    );
  }
  return out;
}

/**
 * Bare Fastify for the list read: the same two statements the API's ticket list runs (count,
 * then the page of 50 with the running deadline and flags), rows sent as they come.
 */
async function startReadBaseline(url: string, poolSize: number, tenantId: string) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => process.stderr.write(`[bench] idle pg connection: ${err.message}\n`));
  const app = Fastify({ logger: false });
  app.get('/api/v1/tickets', async () => {
    const total = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM ticket WHERE tenant_id = $1',
      [tenantId],
    );
    const rows = await pool.query(
      `SELECT ticket.*, ticket_flag.reasons AS flag_reasons, deadline.due_at AS current_due_at,
         deadline.kind AS current_deadline_kind, deadline.warn_at AS current_warn_at
       FROM ticket
       LEFT JOIN deadline ON deadline.ticket_id = ticket.id AND deadline.status = 'pending'
       LEFT JOIN ticket_flag ON ticket_flag.ticket_id = ticket.id
       WHERE ticket.tenant_id = $1 ORDER BY ticket.created_at DESC LIMIT 50 OFFSET 0`,
      [tenantId],
    );
    return { total: Number(total.rows[0]!.n), items: rows.rows };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/tickets`,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

/** Bare Fastify: parse the same JSON, INSERT one row, SELECT it back, reply 201 with it. */
async function startBaseline(url: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => process.stderr.write(`[bench] idle pg connection: ${err.message}\n`));
  await pool.query(`
    CREATE TABLE IF NOT EXISTS bench_baseline (
      id         bigserial PRIMARY KEY,
      channel    text NOT NULL,
      content    text NOT NULL,
      citizen    jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  const app = Fastify({ logger: false });
  app.post('/api/v1/tickets', async (req, reply) => {
    const b = req.body as typeof TICKET_BODY;
    const ins = await pool.query<{ id: string }>(
      'INSERT INTO bench_baseline (channel, content, citizen) VALUES ($1, $2, $3) RETURNING id',
      [b.channel, b.content, JSON.stringify(b.citizen)],
    );
    const row = await pool.query('SELECT * FROM bench_baseline WHERE id = $1', [ins.rows[0]!.id]);
    return reply.status(201).send(row.rows[0]);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/tickets`,
    async count() {
      const r = await pool.query<{ n: string }>('SELECT count(*) AS n FROM bench_baseline');
      return Number(r.rows[0]!.n);
    },
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

export async function benchIntake(cluster: BenchCluster, o: IntakeOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  const url = await cluster.database('bench_intake');
  const p = createProfiledDb(url, o.poolSize);
  const db = p.db;
  const meter = new CpuMeter(cluster.dataDir);
  try {
    await migrateToLatest(db);
    const scale = await pgScale(url);
    figures.push(
      fig('pg_select1_round_trip', scale.select1, 'ms', 'plain pg client, for scale'),
      fig('pg_insert_commit', scale.commit, 'ms', 'one-row INSERT, durable commit (WAL fsync)'),
      fig(
        'pg_insert_commit_no_fsync_wait',
        scale.commitAsync,
        'ms',
        'same, synchronous_commit=off',
      ),
    );
    const org = await createOrg(db, 'BENCH');
    // BENCH_METRICS=1: /metrics served (token mode), so every request is timed into the
    // HTTP histogram — run with 0 and 1 in one session to see what the metrics cost.
    const metricsEnv: Record<string, string> =
      process.env.BENCH_METRICS === '1'
        ? { METRICS_TOKEN: 'bench-metrics-token-0123456789abcdef' }
        : {};
    const ctx = benchContext(db, path.join(cluster.dataDir, 'app'), systemClock, url, metricsEnv);
    const server = await startServer(ctx);
    try {
      const token = await apiToken(server.baseUrl, org.users.operator.username);
      const headers = { authorization: `Bearer ${token}` };
      const ticketsUrl = `${server.baseUrl}/api/v1/tickets`;

      const probe = await fetch(ticketsUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(TICKET_BODY),
      });
      if (probe.status !== 201)
        throw new Error(`POST /tickets: ${probe.status} ${await probe.text()}`);

      // 1. The real API.
      const load = { url: ticketsUrl, headers, body: TICKET_BODY, concurrency: o.concurrency };
      const before = await ticketCount(db);
      const cpuA = cpuHooks(meter);
      const live0 = { ...server.services.live.stats };
      // Statement and lock timings are recorded in the measured window itself (the cost is a
      // clock read per statement), so that they explain this very throughput.
      const hooks = {
        onMeasureStart: () => {
          cpuA.onMeasureStart();
          p.reset();
          p.recording = true;
        },
        onMeasureEnd: () => {
          p.recording = false;
          cpuA.onMeasureEnd();
        },
      };
      o.log(`intake: ${o.concurrency} clients, ${o.warmupMs} ms warm-up + ${o.durationMs} ms`);
      const intake = await runLoad(
        { ...load, warmupMs: o.warmupMs, durationMs: o.durationMs },
        hooks,
      );
      assertStatuses('ticket_intake_http', intake, [201]);
      const created = (await ticketCount(db)) - before;
      if (created < intake.requests) {
        throw new Error(`${intake.requests} tickets reported created but ${created} rows found`);
      }
      figures.push(...loadFigures('ticket_intake_http', intake, cpuA.result()));
      const live = server.services.live.stats;
      const liveEvents = live.events - live0.events;
      const liveStatements = live.statements - live0.statements;
      const underLoad = [
        ...windowFigures(p, o.poolSize),
        fig(
          'intake_live_events_per_notify',
          liveEvents / Math.max(liveStatements, 1),
          'events',
          `${liveEvents} live events in ${liveStatements} pg_notify statements (sent after commit, batched)`,
        ),
      ];

      // 2. Bare Fastify + pg on the same cluster, same load.
      const base = await startBaseline(url, o.poolSize);
      let baseline: LoadResult;
      const cpuB = cpuHooks(meter);
      try {
        o.log('baseline: bare Fastify, INSERT + SELECT');
        const n0 = await base.count();
        baseline = await runLoad(
          { ...load, url: base.url, warmupMs: o.warmupMs, durationMs: o.durationMs },
          cpuB,
        );
        assertStatuses('baseline_fastify_insert_select', baseline, [201]);
        if ((await base.count()) - n0 < baseline.requests) throw new Error('baseline lost rows');
      } finally {
        await base.close();
      }
      figures.push(...loadFigures('baseline_fastify_insert_select', baseline, cpuB.result()));
      figures.push(
        fig('intake_vs_baseline_ratio', intake.rps / baseline.rps, '', 'goal ≥ 0.5'),
        ...underLoad,
      );

      // 3. Where an intake request's time goes.
      figures.push(...(await profile(p, load, o)));

      // 4. A plain authenticated read: the operator's first page of tickets.
      figures.push(...(await benchRead(server.baseUrl, headers, url, org.tenantId, o, meter)));

      // 5. The same read by a leader, who sees every text masked (R-PUB-2): what masking costs.
      const leader = await apiToken(server.baseUrl, org.users.leader.username);
      figures.push(...(await benchMaskedRead(server.baseUrl, headers, leader, o, meter, figures)));

      // Every concurrent append is chained intact once sealed (the workers' job; timed too).
      const sealStart = performance.now();
      const sealed = await sealAuditChains(db, new Date());
      const sealMs = performance.now() - sealStart;
      figures.push(
        fig(
          'audit_seal',
          (sealed * 1000) / sealMs,
          'records/s',
          `${sealed} records sealed in ${sealMs.toFixed(0)} ms`,
        ),
      );
      const chain = await verifyAuditChain(db);
      if (!chain.ok) throw new Error(`audit chain broken after intake: ${JSON.stringify(chain)}`);
      const tickets = await ticketCount(db);
      if (chain.count < tickets)
        throw new Error(`${tickets} tickets but ${chain.count} audit records`);
      o.log(
        `intake: ${tickets} tickets created in total; audit chain of ${chain.count} records verified`,
      );
    } finally {
      await server.close();
    }
  } finally {
    await db.destroy();
  }
  return figures;
}

async function benchRead(
  baseUrl: string,
  headers: Record<string, string>,
  url: string,
  tenantId: string,
  o: IntakeOptions,
  meter: CpuMeter,
): Promise<Figure[]> {
  const read = {
    url: `${baseUrl}/api/v1/tickets?limit=50`,
    method: 'GET' as const,
    headers,
    concurrency: o.concurrency,
    warmupMs: o.warmupMs,
    durationMs: o.durationMs,
  };
  o.log('read: GET /api/v1/tickets?limit=50');
  const cpuA = cpuHooks(meter);
  const api = await runLoad(read, cpuA);
  assertStatuses('ticket_list_http', api, [200]);
  const base = await startReadBaseline(url, o.poolSize, tenantId);
  const cpuB = cpuHooks(meter);
  let baseline: LoadResult;
  try {
    o.log('read baseline: bare Fastify, the same two statements');
    baseline = await runLoad({ ...read, url: base.url }, cpuB);
    assertStatuses('baseline_fastify_list', baseline, [200]);
  } finally {
    await base.close();
  }
  return [
    ...loadFigures('ticket_list_http', api, cpuA.result()),
    ...loadFigures('baseline_fastify_list', baseline, cpuB.result()),
    fig('read_vs_baseline_ratio', api.rps / baseline.rps, '', 'goal ≥ 0.7'),
  ];
}

/**
 * The leader's first page of tickets: every subject, content and citizen block goes through the
 * masker (core/privacy/mask.ts). Compared with the operator's read measured just before, on the
 * same rows, so the ratio is masking's cost.
 */
async function benchMaskedRead(
  baseUrl: string,
  operatorHeaders: Record<string, string>,
  leaderToken: string,
  o: IntakeOptions,
  meter: CpuMeter,
  earlier: Figure[],
): Promise<Figure[]> {
  const headers = { authorization: `Bearer ${leaderToken}` };
  const url = `${baseUrl}/api/v1/tickets?limit=50`;
  // Both see the same page: the leader's view is the operator's, masked.
  const [a, b] = await Promise.all(
    [operatorHeaders, headers].map(async (h) => {
      const res = await fetch(url, { headers: h });
      return ((await res.json()) as { items: { id: string }[] }).items.map((t) => t.id).join();
    }),
  );
  if (a !== b) throw new Error('the leader and the operator read different pages');
  o.log('read as a leader (masked): GET /api/v1/tickets?limit=50');
  const cpu = cpuHooks(meter);
  const masked = await runLoad(
    {
      url,
      method: 'GET',
      headers,
      concurrency: o.concurrency,
      warmupMs: o.warmupMs,
      durationMs: o.durationMs,
    },
    cpu,
  );
  assertStatuses('ticket_list_masked_http', masked, [200]);
  const plain = earlier.find((f) => f.name === 'ticket_list_http');
  return [
    ...loadFigures('ticket_list_masked_http', masked, cpu.result()),
    fig(
      'masked_read_vs_plain_read_ratio',
      plain ? masked.rps / plain.value : Number.NaN,
      '',
      'the leader’s masked list against the operator’s, same rows, same run',
    ),
  ];
}

async function ticketCount(db: DB): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ticket`.execute(db);
  return Number(r.rows[0]!.n);
}

const mean = (s: { totalMs: number; count: number } | undefined) =>
  s && s.count ? s.totalMs / s.count : Number.NaN;

/** The statement that writes a new ticket (one CTE statement: ticket, event, audit). */
const isIntakeWrite = (s: { statement: string }) => s.statement.startsWith('insert ticket');

/**
 * What was recorded during the measured intake window: the wait for a pooled connection.
 * (Intake takes no lock shared with other intakes: numbers come from a sequence, the audit
 * chain is sealed in the background and live events are sent after commit, batched.)
 */
function windowFigures(p: ProfiledDb, poolSize: number): Figure[] {
  const tickets = p
    .statements()
    .filter(isIntakeWrite)
    .reduce((n, x) => n + x.count, 0);
  const wait = p.poolWait();
  return [
    fig(
      'intake_pool_wait_per_request',
      tickets ? wait.totalMs / tickets : Number.NaN,
      'ms',
      `${(wait.count / Math.max(tickets, 1)).toFixed(1)} pool checkouts per request, mean wait ${(wait.totalMs / Math.max(wait.count, 1)).toFixed(2)} ms, pool max ${poolSize}`,
    ),
  ];
}

/** One client at a time: statements per ticket and their round trips. */
async function profile(
  p: ProfiledDb,
  load: { url: string; headers: Record<string, string>; body: unknown; concurrency: number },
  o: IntakeOptions,
): Promise<Figure[]> {
  const out: Figure[] = [];
  const record = {
    onMeasureStart: () => {
      p.reset();
      p.recording = true;
    },
    onMeasureEnd: () => {
      p.recording = false;
    },
  };

  o.log('profile: 1 client, statements per ticket');
  const seq = await runLoad({ ...load, concurrency: 1, warmupMs: 500, durationMs: 2500 }, record);
  assertStatuses('profile sequential', seq, [201]);
  p.holdLabels = [];
  const perTicket = p.statements();
  const tickets = perTicket.filter(isIntakeWrite).reduce((n, x) => n + x.count, 0);
  if (tickets === 0) throw new Error('profile: no ticket inserted while recording');
  const queries = perTicket.reduce((n, s) => n + s.count, 0);
  const dbMs = perTicket.reduce((n, s) => n + s.totalMs, 0);
  out.push(
    fig('profile_1client_intake', seq.rps, 'req/s', `p50 ${seq.p50.toFixed(2)} ms`),
    fig(
      'profile_statements_per_ticket',
      queries / tickets,
      'statements',
      perTicket
        .map((s) => `${s.statement} ×${(s.count / tickets).toFixed(2)} ${mean(s).toFixed(2)} ms`)
        .join('; '),
    ),
    fig(
      'profile_1client_db_time_per_ticket',
      dbMs / tickets,
      'ms',
      'sum of statement round trips (send → reply)',
    ),
  );

  return out;
}
