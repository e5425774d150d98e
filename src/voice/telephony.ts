/**
 * Telephony as a role of the server (`TELEPHONY=1`): resolves the tenant, renders the IVR's
 * prompts, starts SIP on SIP_PORT with RTP on RTP_PORT_MIN–MAX, and writes a call record for
 * every call. Loaded only when enabled, so a node without telephony runs none of it.
 */
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../app/context.ts';
import type { Services } from '../app/services.ts';
import { WorkCalendar } from '../core/calendar/working-time.ts';
import { randomBytes } from 'node:crypto';
import { RateCounter } from '../modules/abuse/rate-counter.ts';
import { callsRepository } from './calls/calls.repository.ts';
import { DEMO_FLOW } from './ivr/demo.ts';
import { statusReadout } from './ivr/status.ts';
import { ivrFlowSchema, type IvrFlow } from './ivr/flow.ts';
import type { Prompt } from './media/engine.ts';
import { FlowRegistry } from './ivr/registry.ts';
import { flowsRepository } from './flows/flows.repository.ts';
import { AgentDirectory } from './acd/directory.ts';
import { publishCallOffered } from './acd/offered.ts';
import { publishAgentState, publishQueueChange } from './agents/agents.events.ts';
import { Registrar } from './registrar.ts';
import { TelephonyService } from './service.ts';
import { telephonyRepository } from './telephony.repository.ts';
import { NonceKeeper } from './sip/digest.ts';
import type { SipWebSocketHub } from './ws-endpoint.ts';
import { transferDeps } from './transfer/wiring.ts';
import { secretBoxFrom } from '../config/secret-box.ts';
import { trustedProxyMatcher } from '../config/trusted-proxies.ts';

/** How often the hotline's working-hours calendar is reloaded (holidays edited by admins). */
const CALENDAR_REFRESH_MS = 60_000;

export async function startTelephony(
  ctx: AppContext,
  services: Services,
  /** For LISTEN: flows saved and call commands (transfers) sent on any node reach this one. */
  dbUrl: string,
  /** The web server's `/sip` (SIP over WebSocket), when this node serves the web role too. */
  sipWebSocket?: SipWebSocketHub,
): Promise<() => Promise<void>> {
  const { env, log } = ctx;
  const tenant = await telephonyRepository.tenant(ctx.db, env.TELEPHONY_TENANT);
  if (!tenant)
    throw new Error(
      env.TELEPHONY_TENANT
        ? `TELEPHONY_TENANT: no tenant with code "${env.TELEPHONY_TENANT}"`
        : 'telephony needs a tenant (load the demo or create one first)',
    );

  let calendar = new WorkCalendar();
  const loadCalendar = async () => {
    try {
      calendar = (await services.calendars.forAgency(tenant.id, null)).cal;
    } catch (err) {
      log.warn({ err }, 'telephony: working-hours calendar not loaded, keeping the previous one');
    }
  };
  await loadCalendar();
  const refresh = setInterval(() => void loadCalendar(), CALENDAR_REFRESH_MS);
  refresh.unref();

  const demo = ivrFlowSchema.parse(DEMO_FLOW);
  const tlog = log.child({ module: 'telephony' });
  const registrar = new Registrar({
    db: ctx.db,
    tenantId: tenant.id,
    realm: env.SIP_REALM,
    // One node can use a random key; several must share SIP_NONCE_SECRET.
    nonces: new NonceKeeper(env.SIP_NONCE_SECRET ?? randomBytes(32)),
    now: () => ctx.clock.now(),
    log: tlog,
    algorithms: env.SIP_DIGEST_ALGORITHMS,
    failures: { counter: new RateCounter(ctx.db) },
  });
  const recordings = path.join(env.dataDir, 'voice', 'recordings');
  let nodeId: string | null = null;
  const node = () => nodeId ?? env.TELEPHONY_NODE ?? os.hostname();
  const acd = new AgentDirectory(
    ctx.db,
    tenant.id,
    () => ctx.clock.now(),
    (o) => {
      publishCallOffered(ctx.db, tenant.id, o).catch((err: unknown) =>
        tlog.warn({ err }, 'call.offered not published'),
      );
    },
    (c) => {
      publishAgentState(ctx.db, tenant.id, c).catch((err: unknown) =>
        tlog.warn({ err }, 'agent.state not published'),
      );
    },
    (e) => {
      publishQueueChange(ctx.db, tenant.id, e).catch((err: unknown) =>
        tlog.warn({ err }, 'call.queue not published'),
      );
    },
  );
  const transfers = transferDeps({
    db: ctx.db,
    dbUrl,
    tenantId: tenant.id,
    log: tlog,
    now: () => ctx.clock.now(),
    box: secretBoxFrom(env.SECRETS_KEY),
  });
  const service = new TelephonyService(
    {
      sipHost: env.SIP_HOST,
      sipPort: env.SIP_PORT,
      publicHost: env.SIP_PUBLIC_HOST ?? advertisedAddress(env.SIP_HOST),
      rtpPortMin: env.RTP_PORT_MIN,
      rtpPortMax: env.RTP_PORT_MAX,
      dataDir: env.dataDir,
      maxCalls: env.TELEPHONY_MAX_CALLS,
      sipWsPort: env.SIP_WS_PORT,
      sipWsOrigins: [new URL(env.PUBLIC_URL).origin, ...env.SIP_WS_ORIGINS],
      sipWsTrustsProxy: trustedProxyMatcher(env.TRUSTED_PROXIES),
    },
    {
      log: tlog,
      registrar,
      trunks: transfers.trunks,
      onTransfer: transfers.onTransfer,
      acd,
      // The dialled number's flow, else the tenant's default, else the demo flow (R-TEL-2).
      flowFor: (called): IvrFlow => flows.flowFor(called),
      promptsFor: (flow): Promise<Map<string, Prompt>> => flows.promptsFor(flow),
      isOpen: () => calendar.isWorkingTime(ctx.clock.now()),
      lookupStatus: async (caller, digits) => {
        const found = await services.tickets.statusForCaller(tenant.id, digits, caller);
        return found ? statusReadout(found.code, found.status) : null;
      },
      onCallStarted: (live) => callsRepository.start(ctx.db, tenant.id, live, node()),
      onCallEnded: async (record) => {
        const file = record.recordingPath ? path.relative(recordings, record.recordingPath) : null;
        try {
          await callsRepository.insert(ctx.db, tenant.id, record, file, node());
        } catch (err) {
          log.error({ err, callId: record.sipCallId }, 'call record not stored');
        }
      },
    },
  );
  const flows: FlowRegistry = new FlowRegistry({
    source: {
      list: (tenantId) => flowsRepository.list(ctx.db, tenantId),
      promptFiles: (flowIds) => flowsRepository.promptFiles(ctx.db, flowIds),
    },
    tenantId: tenant.id,
    library: service.prompts,
    read: (key) => services.storage.get(key),
    demo,
    log: tlog,
  });
  const started = Date.now();
  // Prompts this node has not rendered yet (saved on another node, new data folder) are
  // rendered here, before the first call.
  await Promise.all([flows.reload(), service.prompts.renderFlow(demo)]);
  await flows.listen(dbUrl);
  log.info({ ms: Date.now() - started, flows: flows.size }, 'telephony: IVR prompts ready');
  await service.start();
  // Known once SIP is bound (SIP_PORT=0 picks a port): calls left unfinished by this node's
  // previous run (killed, crashed) end as interrupted.
  nodeId = env.TELEPHONY_NODE ?? `${os.hostname()}:${service.port}`;
  const closed = await callsRepository.interruptNode(ctx.db, nodeId, ctx.clock.now());
  if (closed) log.warn({ calls: closed, node: nodeId }, 'telephony: unfinished calls closed');
  const stopSharing = await acd.share(nodeId);
  const detachWs = sipWebSocket?.attach((ws, from) => service.acceptWebSocket(ws, from));
  const stopCommands = await transfers.listen(service);
  log.info(
    {
      sip: `${env.SIP_HOST}:${service.port}`,
      rtp: `${env.RTP_PORT_MIN}-${env.RTP_PORT_MAX}`,
      tenant: tenant.code,
    },
    'telephony listening (SIP over UDP and TCP)',
  );
  if (sipWebSocket || service.wsPort)
    log.info(
      { path: sipWebSocket ? '/sip' : null, port: service.wsPort || null },
      'telephony: SIP over WebSocket',
    );
  return async () => {
    detachWs?.();
    clearInterval(refresh);
    stopSharing();
    await flows.stop();
    await stopCommands();
    await service.stop();
  };
}

/** The address peers should use when bound to every interface: the first LAN IPv4 address. */
function advertisedAddress(bind: string): string {
  if (bind !== '0.0.0.0' && bind !== '::') return bind;
  for (const addrs of Object.values(os.networkInterfaces()))
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}
