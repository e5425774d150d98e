import pg from 'pg';
import type { AppContext } from './context.ts';
import type { Services } from './services.ts';
import { sweepDeadlines } from '../jobs/sla-sweeper.ts';
import { dispatchOutbox } from '../jobs/outbox-dispatcher.ts';
import { housekeeping } from '../jobs/housekeeping.ts';
import { sealAuditChains } from '../modules/audit/audit.repository.ts';
import { checkpointConfig, makeCheckpoints } from '../modules/audit/checkpoint.ts';
import { ticketOverflowCalls } from '../voice/calls/overflow.ts';
import type { DeliveryAdapter } from '../channels/types.ts';
import { InAppAdapter } from '../channels/inapp/inapp.adapter.ts';
import { SmtpAdapter } from '../channels/email-smtp/smtp.adapter.ts';
import { WebPushAdapter } from '../channels/webpush/webpush.adapter.ts';

export function deliveryAdapters(ctx: AppContext, services: Services): DeliveryAdapter[] {
  const adapters: DeliveryAdapter[] = [
    new InAppAdapter(ctx.db),
    new WebPushAdapter(ctx, services.push),
  ];
  if (ctx.env.SMTP_URL) adapters.push(new SmtpAdapter(ctx.env.SMTP_URL, ctx.env.MAIL_FROM));
  return adapters;
}

/**
 * The worker role: deadline sweeper, outbox dispatcher, audit sealer, chat and call-overflow
 * sweepers, housekeeping. Every node may run it; row locks
 * (SKIP LOCKED) make that safe. The dispatcher wakes on NOTIFY from the outbox as well as on
 * its interval, so notifications leave within milliseconds of the commit.
 */
export async function startWorkers(
  ctx: AppContext,
  services: Services,
  dbUrl: string,
): Promise<() => Promise<void>> {
  const adapters = deliveryAdapters(ctx, services);
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const guard = (name: string, fn: () => Promise<unknown>) => {
    let busy = false;
    return () => {
      if (busy || stopped) return;
      busy = true;
      const p = fn()
        .catch((err: unknown) => ctx.log.error({ err }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
  };
  const sweep = guard('sla-sweeper', async () => {
    const r = await sweepDeadlines(ctx, services);
    if (r.fired || r.warned) ctx.log.info(r, 'deadlines swept');
  });
  const dispatch = guard('outbox', () => dispatchOutbox(ctx, adapters));
  // Records are chained within about a second of their commit (R-REC-1).
  // A record dated well before the chain's previous sealing is sealed and reported (finding 4).
  const sealOpts = {
    onBackdated: (r: object) => ctx.log.error(r, 'audit record dated before the chain head'),
  };
  const seal = guard('audit-sealer', () => sealAuditChains(ctx.db, ctx.clock.now(), sealOpts));
  // Signed checkpoints of every chain's head, exported outside the database (finding 4).
  const cpConfig = checkpointConfig(ctx.env);
  if (!cpConfig.key)
    ctx.log.warn(
      'AUDIT_SIGNING_KEY is not set: no signed audit checkpoints; the audit trail detects edits but not rewrites, backdated inserts or a deleted tail',
    );
  const checkpoint = guard('audit-checkpoint', async () => {
    await sealAuditChains(ctx.db, ctx.clock.now(), sealOpts);
    const made = await makeCheckpoints(ctx, cpConfig);
    if (cpConfig.tsa && made.some((c) => !c.tsaToken))
      ctx.log.warn(
        'the time-stamp authority (AUDIT_TSA_URL) did not answer: checkpoints without a token',
      );
    if (made.length)
      ctx.log.info({ checkpoints: made.length, dir: cpConfig.dir }, 'audit checkpoints signed');
  });
  const t7 = cpConfig.key
    ? setInterval(checkpoint, ctx.env.AUDIT_CHECKPOINT_INTERVAL_MS)
    : undefined;
  const t1 = setInterval(sweep, ctx.env.SWEEP_INTERVAL_MS);
  const t2 = setInterval(dispatch, ctx.env.OUTBOX_INTERVAL_MS);
  const t3 = setInterval(seal, 1000);
  // Chats nobody claimed within the tenant's wait become tickets (R-CH-5).
  const chats = guard('chat-sweeper', () => services.chat.sweep());
  const t4 = setInterval(chats, Math.min(ctx.env.SWEEP_INTERVAL_MS, 15_000));
  // Voicemails and call-back requests become tickets (written by telephony nodes).
  const overflow = guard('call-overflow', async () => {
    const n = await ticketOverflowCalls(ctx, services.tickets);
    if (n) ctx.log.info({ tickets: n }, 'voicemails and call-back requests became tickets');
  });
  const t5 = setInterval(overflow, ctx.env.SWEEP_INTERVAL_MS);
  // Expired sessions and spent live-call commands, hourly (and once at start).
  const tidy = guard('housekeeping', async () => {
    const r = await housekeeping(ctx);
    if (r.sessions || r.commands) ctx.log.info(r, 'housekeeping');
  });
  const t6 = setInterval(tidy, 3600_000);
  const listener = new pg.Client({ connectionString: dbUrl });
  listener.on('error', (err) => ctx.log.warn({ err }, 'outbox listener error'));
  await listener.connect();
  listener.on('notification', () => dispatch());
  await listener.query('LISTEN open1022_outbox');
  sweep();
  dispatch();
  tidy();
  if (cpConfig.key) checkpoint();
  return async () => {
    stopped = true;
    clearInterval(t1);
    clearInterval(t2);
    clearInterval(t3);
    clearInterval(t4);
    clearInterval(t5);
    clearInterval(t6);
    clearInterval(t7);
    await Promise.all(running);
    // Seal what this node's last requests wrote, so a clean stop leaves nothing unchained.
    await sealAuditChains(ctx.db, ctx.clock.now(), sealOpts).catch(() => undefined);
    await listener.end().catch(() => undefined);
    for (const a of adapters) (a as { close?: () => void }).close?.();
  };
}
