/**
 * A SIP stack assembled: UDP+TCP (+ WebSocket) transport → transaction layer → UA core.
 * `createSipStack` is what the telephony service and the integration tests start.
 */
import { realTimers, type TimerHost } from './timers.ts';
import { DEFAULT_TIMERS, type TimerConfig } from './transaction-fsm.ts';
import { TransactionLayer } from './transactions.ts';
import { SipTransport, type Peer, type TransportLog } from './transport.ts';
import { UserAgent, type IncomingCall, type UaLog, type UserAgentOptions } from './ua.ts';
import { listenSipWebSocket, type SipWebSocketServer } from './ws-server.ts';

export interface SipStackOptions {
  /** Address to bind (and to advertise unless `publicHost` is set). */
  host: string;
  port: number;
  /** Address written in Via and Contact when the bind address is not reachable as such. */
  publicHost?: string;
  onInvite(call: IncomingCall): void;
  onRegister?: UserAgentOptions['onRegister'];
  log?: UaLog & TransportLog;
  timers?: TimerHost;
  timerConfig?: TimerConfig;
  userAgent?: string;
  trace?(direction: 'in' | 'out', bytes: Buffer, peer: Peer): void;
  /** SIP over WebSocket on a port of its own (0: a free one); none when undefined. */
  wsPort?: number;
  /** Browser origins allowed on `wsPort` besides same-origin pages (`*`: any). */
  wsOrigins?: readonly string[];
  /** Whether a peer on `wsPort` is a trusted reverse proxy (TRUSTED_PROXIES); default none. */
  wsTrustsProxy?: (address?: string) => boolean;
  /** A WebSocket flow closed (after its transactions failed and its dialogs ended). */
  onFlowClosed?(peer: Peer): void;
  /** WebSocket ping interval (ms); see `SipTransportOptions.wsPingMs`. */
  wsPingMs?: number;
  /** WebSockets at once (default 2000); more are closed with 1013. */
  maxWebSockets?: number;
}

export interface SipStack {
  transport: SipTransport;
  layer: TransactionLayer;
  ua: UserAgent;
  port: number;
  /** The `wsPort` server's port (0 without one). */
  wsPort: number;
  close(): Promise<void>;
}

export async function createSipStack(opts: SipStackOptions): Promise<SipStack> {
  let layer: TransactionLayer | null = null;
  let ua: UserAgent | null = null;
  const transport = new SipTransport({
    host: opts.host,
    port: opts.port,
    log: opts.log,
    trace: opts.trace,
    wsPingMs: opts.wsPingMs,
    maxWebSockets: opts.maxWebSockets,
    onMessage: (msg, source) => layer?.receive(msg, source),
    onFlowClosed: (peer) => {
      ua?.flowClosed(peer);
      opts.onFlowClosed?.(peer);
    },
  });
  await transport.listen();
  const timers = opts.timers ?? realTimers;
  const config = opts.timerConfig ?? DEFAULT_TIMERS;
  const advertised = opts.publicHost ?? opts.host;
  layer = new TransactionLayer({
    transport,
    timers,
    config,
    via: { host: advertised, port: transport.port },
  });
  ua = new UserAgent({
    layer,
    timers,
    config,
    contact: { host: advertised, port: transport.port },
    userAgent: opts.userAgent ?? 'open1022',
    onInvite: opts.onInvite,
    onRegister: opts.onRegister,
    log: opts.log,
  });
  let ws: SipWebSocketServer | null = null;
  if (opts.wsPort !== undefined) {
    try {
      ws = await listenSipWebSocket({
        host: opts.host,
        port: opts.wsPort,
        allowedOrigins: opts.wsOrigins ?? [],
        trustsProxy: opts.wsTrustsProxy,
        transport,
        log: opts.log ?? { debug() {}, warn() {} },
      });
    } catch (err) {
      await transport.close();
      throw err;
    }
  }
  return {
    transport,
    layer,
    ua,
    port: transport.port,
    wsPort: ws?.port ?? 0,
    close: async () => {
      await ws?.close();
      await transport.close();
    },
  };
}
