/**
 * Live chat (R-CH-5): how long a visitor's message takes to reach the operator's screen.
 * A visitor speaks the widget's protocol over a real WebSocket (`/chat/ws`); an operator in
 * Debian's Chromium has claimed the conversation and keeps the chat desk open. Messages are
 * sent one at a time; a MutationObserver in the operator's page stamps the moment each one
 * is in the DOM (both clocks are this machine's: `performance.timeOrigin + now()`).
 *
 * Figures: visitor → operator screen p50/p99 (stored, NOTIFY at commit, gateway, WebSocket,
 * React render); visitor → acknowledgement p50/p99 (stored in PostgreSQL); and, as the
 * baseline in the same run, a bare `pg_notify` → LISTEN round trip on the same cluster.
 *
 * Knob: BENCH_CHAT_MESSAGES (200).
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'kysely';
import { WebSocket } from 'ws';
import { systemClock } from '../src/app/context.ts';
import { buildServices } from '../src/app/services.ts';
import { createDb, migrateToLatest } from '../src/db/database.ts';
import { buildServer } from '../src/http/server.ts';
import { widgetScript } from '../src/modules/chat/chat.widget.ts';
import { DEFAULT_WEB_ROOT } from '../src/http/static.ts';
import { Gateway } from '../src/realtime/gateway.ts';
import { ensureWebBuilt } from '../scripts/build-web.ts';
import { launchChromium, signIn } from '../tests/e2e/web/browser.ts';
import { apiToken, BENCH_PASSWORD, benchContext, createOrg } from './lib/app.ts';
import { fig, percentile, type Figure } from './lib/figures.ts';
import type { BenchCluster } from './lib/pg.ts';

const now = () => performance.timeOrigin + performance.now();

/** What the page's observer records: when each bench message was in the DOM. */
type Seen = { __seen: Record<number, number> };
type Frame = { type: string; clientId?: string; token?: string; conversation?: { id: string } };

export async function benchChat(
  cluster: BenchCluster,
  opts: { messages?: number; log?: (line: string) => void } = {},
): Promise<Figure[]> {
  const log = opts.log ?? (() => {});
  const n = opts.messages ?? 200;
  if (await ensureWebBuilt()) log('chat: built web/dist');
  const url = await cluster.database('o1022_bench_chat');
  const db = createDb(url, 10);
  const stops: (() => Promise<unknown>)[] = [() => db.destroy()];
  try {
    await migrateToLatest(db);
    const org = await createOrg(db, `C${Date.now().toString(36).slice(-5).toUpperCase()}`);
    const ctx = benchContext(db, `${cluster.dataDir}/chat-files`, systemClock, url);
    const gateway = new Gateway(url, ctx.log);
    await gateway.start();
    stops.unshift(() => gateway.stop());
    const services = buildServices(ctx);
    // One visitor sending hundreds of messages: lift the per-address and per-chat limits.
    const big = { limit: 1e9, windowMs: 60_000 };
    services.chat.rules = {
      startsPerIp: { scope: 'chat:start:ip', ...big },
      messagesPerIp: { scope: 'chat:msg:ip', ...big },
      messagesPerConversation: { scope: 'chat:msg:conv', ...big },
      resumesPerIp: { scope: 'chat:resume:ip', ...big },
    };
    const { app } = await buildServer({ ctx, services, gateway, webRoot: DEFAULT_WEB_ROOT });
    await app.listen({ host: '127.0.0.1', port: 0 });
    stops.unshift(() => app.close());
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // The visitor.
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/chat/ws`);
    stops.unshift(async () => ws.terminate());
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const acks = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    let session: Frame | undefined;
    let sessionReady: () => void = () => {};
    ws.on('message', (raw: Buffer) => {
      const f = JSON.parse(raw.toString()) as Frame;
      if (f.type === 'session') {
        session = f;
        sessionReady();
      }
      if (f.type === 'ack' && f.clientId) {
        acks.set(f.clientId, now());
        waiting.get(f.clientId)?.();
      }
      if (f.type === 'error') log(`chat: error frame ${JSON.stringify(f)}`);
    });
    const started = new Promise<void>((r) => (sessionReady = r));
    ws.send(
      JSON.stringify({
        type: 'start',
        name: 'Khách đo hiệu năng',
        phone: '0912345678',
        language: 'vi',
      }),
    );
    await started;
    const conversationId = session!.conversation!.id;
    // The operator takes it straight from the bot (no hand-off: the bench may run at night,
    // when a hand-off would write a ticket instead).
    const bearer = await apiToken(baseUrl, org.users.operator.username);
    const claim = await fetch(`${baseUrl}/api/v1/chats/${conversationId}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (claim.status !== 200) throw new Error(`claim: ${claim.status} ${await claim.text()}`);

    // The operator's screen.
    const browser = await launchChromium();
    stops.unshift(() => browser.close());
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 800 } })
    ).newPage();
    await signIn(
      page,
      baseUrl,
      org.users.operator.username,
      BENCH_PASSWORD,
      `/operator/chat?c=${conversationId}`,
    );
    await page.getByRole('button', { name: 'Gửi' }).waitFor();
    await page.evaluate(`(() => {
      window.__seen = {};
      new MutationObserver(() => {
        const at = performance.timeOrigin + performance.now();
        for (const p of document.querySelectorAll('.chat-msg p')) {
          const m = /^bench-(\\d+)$/.exec(p.textContent || '');
          if (m && window.__seen[m[1]] === undefined) window.__seen[m[1]] = at;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);

    log(`chat: ${n} messages visitor → operator screen`);
    const screen: number[] = [];
    const ack: number[] = [];
    for (let i = 0; i < n; i++) {
      const clientId = `bench${String(i).padStart(6, '0')}`;
      const acked = new Promise<void>((r) => waiting.set(clientId, r));
      const t0 = now();
      ws.send(JSON.stringify({ type: 'send', clientId, body: `bench-${i}` }));
      // A function, not a string: the console's CSP forbids eval.
      await page.waitForFunction(
        (k: number) => (globalThis as unknown as Seen).__seen[k] !== undefined,
        i,
        { polling: 5 },
      );
      await acked;
      screen.push(Number(await page.evaluate(`window.__seen[${i}]`)) - t0);
      ack.push(acks.get(clientId)! - t0);
    }

    // Baseline: a bare NOTIFY → LISTEN round trip on the same PostgreSQL.
    log('chat: baseline pg_notify round trips');
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    stops.unshift(() => listener.end());
    await listener.query('LISTEN bench_chat_baseline');
    const notify: number[] = [];
    for (let i = 0; i < n; i++) {
      const heard = new Promise<void>((r) => listener.once('notification', () => r()));
      const t0 = now();
      await pg_notify(db, i);
      await heard;
      notify.push(now() - t0);
    }

    const widget = await widgetScript();
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const s = sorted(screen);
    const k = sorted(ack);
    const b = sorted(notify);
    return [
      fig(
        'chat.visitor_to_operator_screen_p50',
        percentile(s, 50),
        'ms',
        `${n} messages, one at a time; WebSocket in, stored, NOTIFY at commit, gateway, WebSocket out, React render (DOM)`,
      ),
      fig('chat.visitor_to_operator_screen_p99', percentile(s, 99), 'ms'),
      fig(
        'chat.visitor_ack_p50',
        percentile(k, 50),
        'ms',
        'send → ack: screened, rate-counted, stored in PostgreSQL',
      ),
      fig('chat.visitor_ack_p99', percentile(k, 99), 'ms'),
      fig(
        'chat.baseline_pg_notify_roundtrip_p50',
        percentile(b, 50),
        'ms',
        'baseline: SELECT pg_notify → LISTEN client on the same cluster',
      ),
      fig('chat.baseline_pg_notify_roundtrip_p99', percentile(b, 99), 'ms'),
      fig(
        'chat.widget_js_gzip',
        widget.gzip.length / 1024,
        'KiB',
        `/chat/widget.js, ${(Buffer.byteLength(widget.js) / 1024).toFixed(1)} KiB minified`,
      ),
    ];
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

async function pg_notify(db: ReturnType<typeof createDb>, i: number) {
  await sql`SELECT pg_notify('bench_chat_baseline', ${String(i)})`.execute(db);
}
