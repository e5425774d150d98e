/**
 * A SIP stack assembled: UDP+TCP transport → transaction layer → UA core. `createSipStack`
 * is what the telephony service and the integration tests start.
 */
import { realTimers, type TimerHost } from '../core/timers.ts';
import { DEFAULT_TIMERS, type TimerConfig } from './transaction-fsm.ts';
import { TransactionLayer } from './transactions.ts';
import { SipTransport, type Peer, type TransportLog } from './transport.ts';
import { UserAgent, type IncomingCall, type UaLog, type UserAgentOptions } from './ua.ts';

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
}

export interface SipStack {
  transport: SipTransport;
  layer: TransactionLayer;
  ua: UserAgent;
  port: number;
  close(): Promise<void>;
}

export async function createSipStack(opts: SipStackOptions): Promise<SipStack> {
  let layer: TransactionLayer | null = null;
  const transport = new SipTransport({
    host: opts.host,
    port: opts.port,
    log: opts.log,
    trace: opts.trace,
    onMessage: (msg, source) => layer?.receive(msg, source),
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
  const ua = new UserAgent({
    layer,
    timers,
    config,
    contact: { host: advertised, port: transport.port },
    userAgent: opts.userAgent ?? 'open1022',
    onInvite: opts.onInvite,
    onRegister: opts.onRegister,
    log: opts.log,
  });
  return { transport, layer, ua, port: transport.port, close: () => transport.close() };
}
