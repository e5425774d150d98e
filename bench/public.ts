/**
 * The public website's weight and speed, on the demo province (its tickets, units, fields,
 * knowledge base and published answers): bytes a phone downloads for the home and
 * submit pages (HTML + CSS + JS, gzip as served), and time to first byte of each over
 * keep-alive HTTP. Baselines in the same run: the staff app's first load (index.html and the
 * assets it names, compressed as served) and the TTFB of GET /healthz (one `SELECT 1`).
 *
 * Wiring (bench/run.ts): `{ name: 'public', run: (c) => benchPublic(c, { requests: 300, log }) }`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { systemClock } from '../src/app/context.ts';
import { buildServices } from '../src/app/services.ts';
import { createDb, migrateToLatest } from '../src/db/database.ts';
import { seedIfEmpty } from '../src/demo/seed.ts';
import { buildServer } from '../src/http/server.ts';
import { DEFAULT_WEB_ROOT } from '../src/http/static.ts';
import { ensureWebBuilt } from '../scripts/build-web.ts';
import { benchContext } from './lib/app.ts';
import { fig, percentile, type Figure } from './lib/figures.ts';
import type { BenchCluster } from './lib/pg.ts';

interface Fetched {
  status: number;
  ttfbMs: number;
  bytes: number;
  body: Buffer;
}

/** One GET over a keep-alive agent: time to the response head, bytes as sent on the wire. */
function fetchRaw(agent: http.Agent, url: string, ip: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(
      url,
      // A client address per request: the site's per-address limits are not what is measured.
      { agent, headers: { 'accept-encoding': 'gzip', 'x-forwarded-for': ip } },
      (res) => {
        const ttfbMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, ttfbMs, bytes: body.length, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

let ipSeq = 0;
const nextIp = () => {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

async function ttfb(agent: http.Agent, url: string, n: number) {
  for (let i = 0; i < Math.min(30, n); i++) await fetchRaw(agent, url, nextIp());
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetchRaw(agent, url, nextIp());
    if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status}`);
    times.push(r.ttfbMs);
  }
  return times.sort((a, b) => a - b);
}

/** A public page and the stylesheet and script it links, as a browser downloads them. */
async function weight(agent: http.Agent, base: string, pathname: string) {
  const page = await fetchRaw(agent, base + pathname, nextIp());
  const gz = page.body[0] === 0x1f && page.body[1] === 0x8b;
  const text = (gz ? gunzipSync(page.body) : page.body).toString();
  const links = [...text.matchAll(/(?:href|src)="(\/cong-dan\/static\/[^"]+\.(?:css|js)[^"]*)"/g)];
  let css = 0;
  let js = 0;
  for (const [, href] of links) {
    const a = await fetchRaw(agent, base + href!.replace(/&amp;/g, '&'), nextIp());
    if (href!.includes('.css')) css += a.bytes;
    else js += a.bytes;
  }
  return { html: page.bytes, css, js, total: page.bytes + css + js };
}

/** The staff app's first load: index.html and its entry assets, as the server sends them. */
function staffAppBytes(): { total: number; js: number } {
  const index = readFileSync(path.join(DEFAULT_WEB_ROOT, 'index.html'));
  const text = index.toString();
  let total = gzipSync(index).length;
  let js = 0;
  for (const [, href] of text.matchAll(/(?:href|src)="\/(assets\/[^"]+\.(?:js|css))"/g)) {
    const body = readFileSync(path.join(DEFAULT_WEB_ROOT, href!));
    // The server prefers brotli when the browser offers it (scripts/build-web.ts).
    const n = Math.min(gzipSync(body).length, brotliCompressSync(body).length);
    total += n;
    if (href!.endsWith('.js')) js += n;
  }
  return { total, js };
}

export async function benchPublic(
  cluster: BenchCluster,
  opts: { requests?: number; log?: (line: string) => void } = {},
): Promise<Figure[]> {
  const log = opts.log ?? (() => {});
  const n = opts.requests ?? 300;
  if (await ensureWebBuilt()) log('public: built web/dist (for the staff app baseline)');
  const url = await cluster.database('o1022_bench_public');
  const db = createDb(url, 10);
  const stops: (() => Promise<unknown>)[] = [() => db.destroy()];
  try {
    await migrateToLatest(db);
    // The bench speaks for many clients as a reverse proxy would (X-Forwarded-For), so it is one.
    const ctx = benchContext(db, `${cluster.dataDir}/public-files`, systemClock, url, {
      TRUSTED_PROXIES: 'loopback',
    });
    const services = buildServices(ctx);
    log('public: loading the demo province');
    await seedIfEmpty(ctx, services, pino({ level: 'warn' }));
    const published = await db
      .selectFrom('publication')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    log(`public: ${published.n} answers published by the demo`);
    const { app } = await buildServer({ ctx, services });
    await app.listen({ host: '127.0.0.1', port: 0 });
    stops.unshift(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    stops.unshift(async () => agent.destroy());

    const home = await weight(agent, base, '/cong-dan/');
    const submit = await weight(agent, base, '/cong-dan/gui-phan-anh');
    const staff = staffAppBytes();
    log(`public: ${n} sequential requests per page`);
    const healthz = await ttfb(agent, `${base}/healthz`, n);
    const homeT = await ttfb(agent, `${base}/cong-dan/`, n);
    const submitT = await ttfb(agent, `${base}/cong-dan/gui-phan-anh`, n);
    const kib = (b: number) => b / 1024;
    const parts = (w: { html: number; css: number; js: number }) =>
      `HTML ${(w.html / 1024).toFixed(1)} + CSS ${(w.css / 1024).toFixed(1)} + JS ${(w.js / 1024).toFixed(1)} KiB, gzip`;
    return [
      fig('public.home_bytes', kib(home.total), 'KiB', parts(home)),
      fig('public.submit_bytes', kib(submit.total), 'KiB', parts(submit)),
      fig(
        'public.baseline_staff_app_bytes',
        kib(staff.total),
        'KiB',
        `baseline: the staff app's first load (index.html + entry assets, of which JS ${(staff.js / 1024).toFixed(1)} KiB)`,
      ),
      fig('public.home_ttfb_p50', percentile(homeT, 50), 'ms'),
      fig('public.home_ttfb_p99', percentile(homeT, 99), 'ms', `${n} requests, keep-alive`),
      fig('public.submit_ttfb_p50', percentile(submitT, 50), 'ms'),
      fig(
        'public.submit_ttfb_p99',
        percentile(submitT, 99),
        'ms',
        'each page issues a signed proof-of-work challenge',
      ),
      fig(
        'public.baseline_healthz_ttfb_p50',
        percentile(healthz, 50),
        'ms',
        'baseline: GET /healthz (SELECT 1) on the same server',
      ),
    ];
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}
