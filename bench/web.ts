/**
 * Web app speed in Debian's Chromium (playwright-core), against the real server on a bench
 * database: JS transferred for the operator console's first load, time to an interactive
 * sign-in form and to the inbox, and forward → focal point's screen latency (p50/p99).
 * The measuring code is shared with the browser tests: tests/e2e/web/measure.ts.
 *
 * Wiring (bench/run.ts): `{ name: 'web', run: (c) => benchWeb(c, { forwards: 100, log }) }`.
 */
import type { AddressInfo } from 'node:net';
import { systemClock } from '../src/app/context.ts';
import { buildServices } from '../src/app/services.ts';
import { createDb, migrateToLatest } from '../src/db/database.ts';
import { buildServer } from '../src/http/server.ts';
import { DEFAULT_WEB_ROOT } from '../src/http/static.ts';
import { Gateway } from '../src/realtime/gateway.ts';
import { ensureWebBuilt } from '../scripts/build-web.ts';
import { launchChromium } from '../tests/e2e/web/browser.ts';
import { measureForwardLatency, measureInitialLoad, pct } from '../tests/e2e/web/measure.ts';
import { BENCH_PASSWORD, benchContext, createOrg } from './lib/app.ts';
import { fig, type Figure } from './lib/figures.ts';
import type { BenchCluster } from './lib/pg.ts';

export async function benchWeb(
  cluster: BenchCluster,
  opts: { forwards?: number; log?: (line: string) => void } = {},
): Promise<Figure[]> {
  const log = opts.log ?? (() => {});
  if (await ensureWebBuilt()) log('web: built web/dist');
  const url = await cluster.database('o1022_bench_web');
  const db = createDb(url, 10);
  const stops: (() => Promise<unknown>)[] = [() => db.destroy()];
  try {
    await migrateToLatest(db);
    const org = await createOrg(db, `W${Date.now().toString(36).slice(-5).toUpperCase()}`);
    const ctx = benchContext(db, `${cluster.dataDir}/web-files`, systemClock, url);
    const gateway = new Gateway(url, ctx.log);
    await gateway.start();
    stops.unshift(() => gateway.stop());
    const { app } = await buildServer({
      ctx,
      services: buildServices(ctx),
      gateway,
      webRoot: DEFAULT_WEB_ROOT,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    stops.unshift(() => app.close());
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    stops.unshift(() => browser.close());

    const operator = { username: org.users.operator.username, password: BENCH_PASSWORD };
    const focalPoint = { username: org.users.focal_point.username, password: BENCH_PASSWORD };
    log('web: first load of the operator console');
    const load = await measureInitialLoad(browser, baseUrl, operator);
    const n = opts.forwards ?? 100;
    log(`web: ${n} forwards to a focal point watching the queue`);
    const live = await measureForwardLatency(browser, baseUrl, {
      operator,
      focalPoint,
      agencyId: org.agencyId,
      n,
    });
    return [
      fig(
        'web.js_transferred',
        load.jsBytes / 1024,
        'KiB',
        'operator console, compressed on the wire',
      ),
      fig(
        'web.login_interactive',
        load.loginInteractiveMs,
        'ms',
        'navigation start → sign-in form',
      ),
      fig(
        'web.signin_to_inbox',
        load.signInToInboxMs,
        'ms',
        `of which POST /auth/login ${load.loginApiMs.toFixed(0)} ms`,
      ),
      fig('web.reload_to_inbox', load.reloadToInboxMs, 'ms', 'signed in: navigation start → inbox'),
      fig('web.forward_to_screen_p50', pct(live.latencies, 50), 'ms'),
      fig(
        'web.forward_to_screen_p99',
        pct(live.latencies, 99),
        'ms',
        `${n} forwards, MutationObserver in the page`,
      ),
    ];
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}
