/**
 * `npm run bench`: starts a throw-away embedded PostgreSQL, runs each bench module in order
 * and prints `name: value unit` lines (notes as `# …` under them), then all figures again.
 * Exits non-zero if any module failed. Progress goes to stderr.
 *
 * Knobs (environment): BENCH_ONLY=intake,sweeper,calendar,kb,web,public,voice,voice-sipp,chat · BENCH_KB_ARTICLES (50 000) ·
 * BENCH_KB_ROUNDS (3) · BENCH_WEB_FORWARDS (100) · BENCH_CONCURRENCY (32) ·
 * BENCH_WARMUP_MS (2000) · BENCH_DURATION_MS (10000) · BENCH_SWEEPER_COUNT (0 = 100 000, or
 * 20 000 — 10 000, 5 000 on a slow machine — when the pilot predicts more than
 * BENCH_SWEEPER_BUDGET_S seconds, default 180) · BENCH_VOICE_CALLS (100,200,300) · BENCH_VOICE_MS (8000) ·
 * BENCH_VOICE_SIPP_CALLS (100,200,300) · BENCH_VOICE_SIPP_MS (8000) · BENCH_VOICE_SIPP_RATE (50 calls/s) · BENCH_VOICE_SIPP_KEEP (1: keep its captures) ·
 * BENCH_PUBLIC_REQUESTS (300) · BENCH_CHAT_MESSAGES (200) · BENCH_METRICS (1: intake with /metrics on).
 */
import os from 'node:os';
import { benchCalendar } from './calendar.ts';
import { benchIntake } from './intake.ts';
import { elapsedMs, fig, formatFigure, type Figure } from './lib/figures.ts';
import { startBenchCluster, type BenchCluster } from './lib/pg.ts';
import { benchSweeper } from './sweeper.ts';
import { benchKb } from './kb.ts';
import { benchWeb } from './web.ts';
import { benchVoice } from './voice.ts';
import { benchVoiceSipp } from './voice-sipp.ts';
import { benchPublic } from './public.ts';
import { benchChat } from './chat.ts';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};
const only = new Set(
  (process.env.BENCH_ONLY ?? 'intake,sweeper,calendar,kb,web,public,voice,voice-sipp,chat').split(
    ',',
  ),
);
const loadavg = () => os.loadavg()[0]!.toFixed(2);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const modules: { name: string; run: (c: BenchCluster) => Promise<Figure[]> }[] = [
  {
    name: 'intake',
    run: (c) =>
      benchIntake(c, {
        concurrency: num('BENCH_CONCURRENCY', 32),
        warmupMs: num('BENCH_WARMUP_MS', 2000),
        durationMs: num('BENCH_DURATION_MS', 10_000),
        poolSize: 10,
        log,
      }),
  },
  {
    name: 'sweeper',
    run: (c) =>
      benchSweeper(c, {
        count: num('BENCH_SWEEPER_COUNT', 0),
        pilot: 500,
        budgetS: num('BENCH_SWEEPER_BUDGET_S', 180),
        log,
      }),
  },
  { name: 'calendar', run: () => benchCalendar({ durationMs: 1500 }) },
  {
    name: 'kb',
    run: (c) =>
      benchKb(c, {
        articles: num('BENCH_KB_ARTICLES', 50_000),
        rounds: num('BENCH_KB_ROUNDS', 3),
        log,
      }),
  },
  { name: 'web', run: (c) => benchWeb(c, { forwards: num('BENCH_WEB_FORWARDS', 100), log }) },
  {
    name: 'public',
    run: (c) => benchPublic(c, { requests: num('BENCH_PUBLIC_REQUESTS', 300), log }),
  },
  {
    name: 'voice',
    run: () =>
      benchVoice({
        calls: (process.env.BENCH_VOICE_CALLS ?? '100,200,300').split(',').map(Number),
        durationMs: num('BENCH_VOICE_MS', 8000),
        log,
      }),
  },
  {
    name: 'voice-sipp',
    run: () =>
      benchVoiceSipp({
        calls: (process.env.BENCH_VOICE_SIPP_CALLS ?? '100,200,300').split(',').map(Number),
        durationMs: num('BENCH_VOICE_SIPP_MS', 8000),
        rate: num('BENCH_VOICE_SIPP_RATE', 50) || 50,
        keep: process.env.BENCH_VOICE_SIPP_KEEP === '1',
        log,
      }),
  },
  {
    name: 'chat',
    run: (c) => benchChat(c, { messages: num('BENCH_CHAT_MESSAGES', 200), log }),
  },
];

const started = process.hrtime.bigint();
const all: Figure[] = [];
const failures: string[] = [];

log('starting a throw-away PostgreSQL');
const cluster = await startBenchCluster();
let stopping: Promise<void> | undefined;
const stop = () => (stopping ??= cluster.stop());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: removing the bench cluster`);
    void stop().finally(() => process.exit(130));
  });
}

try {
  console.log(
    `# open1022 bench — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ` +
      `PostgreSQL: ${await cluster.settings()}`,
  );
  for (const m of modules) {
    if (!only.has(m.name)) continue;
    log(`${m.name}…`);
    const t0 = process.hrtime.bigint();
    const loadBefore = loadavg();
    try {
      const figures = await m.run(cluster);
      figures.push(fig(`${m.name}_module_time`, elapsedMs(t0) / 1000, 's'));
      console.log(`\n## ${m.name}`);
      console.log(`# machine load average (1 min) before ${loadBefore}, after ${loadavg()}`);
      for (const f of figures) console.log(formatFigure(f));
      all.push(...figures);
    } catch (err) {
      failures.push(m.name);
      console.log(`\n## ${m.name}: FAILED`);
      console.error(err);
    }
  }
} finally {
  try {
    await stop();
  } catch (err) {
    failures.push('cleanup');
    console.error(`could not remove the bench cluster at ${cluster.dataDir}:`, err);
  }
}

all.push(fig('bench_total_time', elapsedMs(started) / 1000, 's'));
console.log('\n## all figures');
for (const f of all) console.log(formatFigure({ ...f, note: undefined }));
if (failures.length) {
  console.log(`\nFAILED: ${failures.join(', ')}`);
  process.exit(1);
}
// pg pools, the load generator's agent: nothing should keep the loop alive, but do not wait.
process.exit(0);
