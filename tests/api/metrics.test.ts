/**
 * Prometheus `GET /metrics` (issue #14 item 5; R-OP-1 a 24/7 service is watched, R-SEC-1 its
 * internals are not shown to the Internet): valid text format with the named series and sane
 * values after tickets and outbox rows exist; the token on the main port, the separate port,
 * nothing served by default (and never the web app's page); no id or phone number in a label.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody } from '../helpers/app.ts';
import { listenMetrics } from '../../src/http/metrics.ts';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the text exposition format 0.0.4: every line must be understood. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleRe = new RegExp(`^(${name})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = sampleRe.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      labelRe.lastIndex = 0;
      let l: RegExpExecArray | null;
      let read = 0;
      while ((l = labelRe.exec(m[2]))) {
        labels[l[1]!] = l[2]!;
        read = labelRe.lastIndex;
      }
      assert.equal(read, m[2].length, `bad labels: ${line}`);
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === 'NaN' ? NaN : Number(m[3]);
    assert.ok(!Number.isNaN(value) || m[3] === 'NaN', `bad value: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { samples, types };
}

const one = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );

const t = await createTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_CACHE_MS: '0' } });
after(t.close);

async function scrape() {
  const r = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parseExposition(r.body);
}

test('R-SEC-1 token mode: /metrics answers 401 without the token or with a wrong one', async () => {
  const none = await t.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(none.statusCode, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer');
  assert.doesNotMatch(none.body, /open1022_|<html/i);
  const wrong = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}x` },
  });
  assert.equal(wrong.statusCode, 401);
  // A valid API token of a user is not the metrics token either.
  const session = await t.login(await t.newUser('admin'));
  const made = await session.post('/api/v1/auth/tokens', { name: 'probe' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const api = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${made.body.token}` },
  });
  assert.equal(api.statusCode, 401);
});

test('R-OP-1 the exposition is valid Prometheus text with every named series, sane values', async () => {
  const op = await t.login(await t.newUser('operator'));
  for (let i = 0; i < 3; i++) {
    const r = await op.post('/api/v1/tickets', ticketBody());
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const tenant = await t.db
    .selectFrom('tenant')
    .select('code')
    .where('id', '=', t.tenantId)
    .executeTakeFirstOrThrow();
  const created = new Date(t.clock.now().getTime() - 90_000);
  await t.db
    .insertInto('outbox')
    .values(
      [1, 2].map((i) => ({
        tenant_id: t.tenantId,
        channel: 'email' as const,
        recipient: `x${i}@example.vn`,
        template: 'test',
        payload: JSON.stringify({}),
        idempotency_key: `metrics-test-${i}`,
        created_at: created,
        next_attempt_at: created,
      })),
    )
    .execute();
  const pendingInDb = await t.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();

  const { samples, types } = await scrape();
  const open = one(samples, 'open1022_tickets_open', { tenant: tenant.code, status: 'received' });
  assert.equal(open.length, 1);
  assert.equal(open[0]!.value, 3);
  assert.equal(types.get('open1022_tickets_open'), 'gauge');
  assert.equal(one(samples, 'open1022_outbox_pending')[0]?.value, Number(pendingInDb.n));
  const age = one(samples, 'open1022_outbox_oldest_pending_age_seconds')[0]!.value;
  assert.ok(age >= 90, `oldest pending outbox age ${age}`);
  assert.equal(one(samples, 'open1022_sweeper_lag_seconds')[0]?.value, 0);
  assert.equal(one(samples, 'open1022_calls_in_progress')[0]?.value, 0);
  assert.equal(one(samples, 'open1022_callers_waiting')[0]?.value, 0);
  const total = one(samples, 'open1022_db_pool_total')[0]!.value;
  assert.ok(total >= 1 && total <= 10, `pool total ${total}`);
  assert.ok(one(samples, 'open1022_db_pool_idle')[0]!.value <= total);
  assert.equal(one(samples, 'open1022_db_pool_waiting').length, 1);
  // Node's own: event-loop lag, memory, GC.
  for (const n of [
    'nodejs_eventloop_lag_seconds',
    'process_resident_memory_bytes',
    'nodejs_heap_size_used_bytes',
  ])
    assert.ok(one(samples, n).length >= 1, `${n} present`);
  assert.ok(types.has('nodejs_gc_duration_seconds'));
  // The requests above, by route pattern and status class.
  assert.equal(types.get('open1022_http_request_duration_seconds'), 'histogram');
  const posted = one(samples, 'open1022_http_request_duration_seconds_count', {
    method: 'POST',
    route: '/api/v1/tickets',
    status_class: '2xx',
  });
  assert.equal(posted[0]?.value, 3);

  // A deadline 10 minutes past due that the sweeper has not fired: the lag shows it.
  const ticket = await t.db.selectFrom('ticket').select('id').executeTakeFirstOrThrow();
  const now = t.clock.now().getTime();
  await t.db
    .insertInto('deadline')
    .values({
      tenant_id: t.tenantId,
      ticket_id: ticket.id,
      kind: 'focal_point',
      starts_at: new Date(now - 3600_000),
      due_at: new Date(now - 600_000),
    })
    .execute();
  const lagged = await scrape();
  const lag = one(lagged.samples, 'open1022_sweeper_lag_seconds')[0]!.value;
  assert.ok(lag >= 600 && lag < 700, `sweeper lag ${lag}`);
});

test('R-SEC-1 no label carries a ticket id, a ticket code or a phone number', async () => {
  const op = await t.login(await t.newUser('operator'));
  const phone = '0987654321';
  const made = await op.post(
    '/api/v1/tickets',
    ticketBody({ citizen: { name: 'Lê Thị Hoa', phone } }),
  );
  assert.equal(made.status, 201);
  const { id, code } = made.body as { id: string; code: string };
  await op.get(`/api/v1/tickets/${id}`);
  await op.get(`/api/v1/tickets/${id}?phone=${phone}`);
  await op.get(`/api/v1/tickets/00000000-0000-4000-8000-000000000000`);
  await op.get(`/api/v1/no-such-route/${phone}`);
  await op.get(`/api/v1/tickets?q=${phone}`);
  const { samples } = await scrape();
  const labels = samples.flatMap((s) => Object.values(s.labels));
  for (const secret of [id, code, phone, '00000000-0000-4000-8000-000000000000'])
    assert.ok(!labels.some((l) => l.includes(secret)), `${secret} found in a label`);
  const routes = new Set(
    one(samples, 'open1022_http_request_duration_seconds_count').map((s) => s.labels.route),
  );
  assert.ok(routes.has('/api/v1/tickets/:id'), [...routes].join(', '));
  assert.ok(routes.has('unmatched'), [...routes].join(', '));
});

test('R-OP-1 scrapes within METRICS_CACHE_MS reuse one database read', async () => {
  const c = await createTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_CACHE_MS: '60000' } });
  after(c.close);
  const get = () =>
    c.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  const first = await get();
  const before = parseExposition(first.body).samples;
  await c.login(await c.newUser('operator')).then((op) => op.post('/api/v1/tickets', ticketBody()));
  const again = parseExposition((await get()).body).samples;
  // Within METRICS_CACHE_MS the ticket just created is not yet counted: no query was made.
  const count = (s: Sample[]) =>
    one(s, 'open1022_tickets_open', { status: 'received' }).reduce((a, x) => a + x.value, 0);
  assert.equal(count(again), count(before));
});

test('R-SEC-1 port mode: served on its own listener only, never on the main port', async () => {
  const p = await createTestApp({
    web: true,
    env: { METRICS_PORT: '0', METRICS_TOKEN: undefined },
  });
  after(p.close);
  const main = await p.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(main.statusCode, 404);
  assert.doesNotMatch(main.body, /<html|open1022_/i);
  const m = await listenMetrics(p.services.metrics, { host: '127.0.0.1', port: 0 });
  after(m.close);
  const res = await fetch(`http://127.0.0.1:${m.port}/metrics`);
  assert.equal(res.status, 200);
  const { samples } = parseExposition(await res.text());
  assert.ok(one(samples, 'open1022_outbox_pending').length === 1);
  const other = await fetch(`http://127.0.0.1:${m.port}/api/v1/auth/me`);
  assert.equal(other.status, 404);
  // With a token as well, the listener asks for it.
  const guarded = await listenMetrics(p.services.metrics, {
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
  });
  after(guarded.close);
  assert.equal((await fetch(`http://127.0.0.1:${guarded.port}/metrics`)).status, 401);
  const ok = await fetch(`http://127.0.0.1:${guarded.port}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(ok.status, 200);
});

test('R-SEC-1 by default nothing is served, and /metrics is not the web app’s page', async () => {
  const d = await createTestApp({ web: true });
  after(d.close);
  const r = await d.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(r.statusCode, 404);
  assert.doesNotMatch(r.body, /<html|open1022_/i);
  const withToken = await d.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(withToken.statusCode, 404);
});
