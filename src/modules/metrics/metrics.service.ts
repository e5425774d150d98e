import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../../app/context.ts';
import { poolStats } from '../../db/database.ts';
import { metricsRepository as repo, type OpenTicketsRow } from './metrics.repository.ts';

/** What the database says, read at most once per METRICS_CACHE_MS whoever scrapes. */
interface Snapshot {
  openTickets: OpenTicketsRow[];
  outboxPending: number;
  outboxOldest: Date | null;
  oldestOverdue: Date | null;
  callsInProgress: number;
  callersWaiting: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
type HttpLabels = 'method' | 'route' | 'status_class';

/**
 * The Prometheus registry of this process (#14 item 5): HTTP latency by route pattern, open
 * tickets, outbox backlog, sweeper lag, calls, PostgreSQL pool use and Node's own metrics.
 *
 * Labels never carry a raw URL: the route is Fastify's pattern (`/api/v1/tickets/:id`), so no
 * ticket id, phone number or other personal data reaches a label. Database-derived gauges are
 * read on scrape, one cheap query each, and the result is shared for `METRICS_CACHE_MS` by all
 * scrapers (several Prometheus servers do not multiply the load); requests never touch them.
 */
export class MetricsService {
  readonly registry = new Registry();
  private readonly http: Histogram<HttpLabels>;
  /** Children by "method route class": the request path does one Map lookup, no label hashing. */
  private readonly children = new Map<string, { observe(v: number): void }>();
  private snapshot: { at: number; value: Promise<Snapshot> } | null = null;
  private readonly scrapeErrors: Counter;

  constructor(private readonly ctx: AppContext) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'open1022_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status class (2xx, 4xx, 5xx…)',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.scrapeErrors = new Counter({
      name: 'open1022_metrics_scrape_errors_total',
      help: 'Scrapes whose database gauges could not be read (the previous values were kept)',
      registers,
    });
    const read = async (use: (s: Snapshot, now: Date) => void) => {
      const s = await this.read();
      if (s) use(s, this.ctx.clock.now());
    };
    const ageSeconds = (since: Date | null, now: Date) =>
      since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0;

    // Sampled before the database gauges start their reads, so a scrape does not see itself.
    const pool = (name: string, help: string, key: 'total' | 'idle' | 'waiting') =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const p = poolStats(ctx.db);
          if (p) this.set(p[key]);
        },
      });
    pool('open1022_db_pool_total', 'PostgreSQL connections open in this process’s pool', 'total');
    pool('open1022_db_pool_idle', 'PostgreSQL connections idle in the pool', 'idle');
    pool('open1022_db_pool_waiting', 'Queries waiting for a pooled connection', 'waiting');
    new Gauge({
      name: 'open1022_tickets_open',
      help: 'Tickets not yet closed or rejected, by tenant code and status',
      labelNames: ['tenant', 'status'],
      registers,
      async collect() {
        await read((s) => {
          this.reset();
          for (const r of s.openTickets) this.set({ tenant: r.tenant, status: r.status }, r.n);
        });
      },
    });
    new Gauge({
      name: 'open1022_outbox_pending',
      help: 'Outbox messages (e-mail, SMS, push, in-app) waiting to be sent',
      registers,
      async collect() {
        await read((s) => this.set(s.outboxPending));
      },
    });
    new Gauge({
      name: 'open1022_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox message still pending (0 when none)',
      registers,
      async collect() {
        await read((s, now) => this.set(ageSeconds(s.outboxOldest, now)));
      },
    });
    new Gauge({
      name: 'open1022_sweeper_lag_seconds',
      help: 'How long the oldest due deadline has waited to be fired by the sweeper (0 when none)',
      registers,
      async collect() {
        await read((s, now) => this.set(ageSeconds(s.oldestOverdue, now)));
      },
    });
    new Gauge({
      name: 'open1022_calls_in_progress',
      help: 'Calls in progress on every telephony node',
      registers,
      async collect() {
        await read((s) => this.set(s.callsInProgress));
      },
    });
    new Gauge({
      name: 'open1022_callers_waiting',
      help: 'Callers waiting in a call queue',
      registers,
      async collect() {
        await read((s) => this.set(s.callersWaiting));
      },
    });
  }

  /** Records one HTTP request (the server's onResponse hook). `route` is the pattern. */
  observeHttp(method: string, route: string | undefined, status: number, ms: number): void {
    const key = `${method} ${route} ${status}`;
    let child = this.children.get(key);
    if (!child) {
      child = this.http.labels(
        METHODS.has(method) ? method : 'OTHER',
        route ?? 'unmatched',
        `${Math.floor(status / 100)}xx`,
      );
      this.children.set(key, child);
    }
    child.observe(ms / 1000);
  }

  /** The exposition (Prometheus text format) and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** The database snapshot, shared by concurrent scrapes and reused for METRICS_CACHE_MS. */
  private async read(): Promise<Snapshot | null> {
    const now = performance.now();
    if (!this.snapshot || now - this.snapshot.at >= this.ctx.env.METRICS_CACHE_MS) {
      this.snapshot = { at: now, value: this.load() };
    }
    const current = this.snapshot;
    try {
      return await current.value;
    } catch (err) {
      // One failed read is counted once (not once per gauge) and retried at the next scrape.
      if (this.snapshot === current) {
        this.snapshot = null;
        this.scrapeErrors.inc();
        this.ctx.log.warn({ err }, 'metrics: database gauges could not be read');
      }
      return null;
    }
  }

  private async load(): Promise<Snapshot> {
    const db = this.ctx.db;
    const now = this.ctx.clock.now();
    // One after another: a scrape holds at most one pooled connection, even when requests
    // are queueing for them.
    const openTickets = await repo.openTickets(db);
    const outbox = await repo.outboxBacklog(db);
    const oldestOverdue = await repo.oldestOverdue(db, now);
    const calls = await repo.calls(db, now);
    return {
      openTickets,
      outboxPending: outbox.pending,
      outboxOldest: outbox.oldest,
      oldestOverdue,
      callsInProgress: calls.inProgress,
      callersWaiting: calls.waiting,
    };
  }
}
