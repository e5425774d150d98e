/**
 * The transaction layer (RFC 3261 §17): matches messages to transactions (§17.1.3, §17.2.3),
 * runs the pure state machines of `transaction-fsm.ts` on real (or fake) timers, and hands
 * requests and responses to the transaction user (the UA core).
 */
import { randomBytes } from 'node:crypto';
import type { TimerHandle, TimerHost } from './timers.ts';
import { formatVia, MAGIC_COOKIE } from './headers.ts';
import { SipRequest, type SipMessage, type SipResponse } from './message.ts';
import { serialize } from './serializer.ts';
import {
  InviteClientFsm,
  InviteServerFsm,
  NonInviteClientFsm,
  NonInviteServerFsm,
  type TimerConfig,
  type TimerName,
  type TxAction,
} from './transaction-fsm.ts';
import { isReliable, responseTarget, samePeer, type Peer } from './transport.ts';

export interface TransportLike {
  send(msg: SipMessage | Buffer, to: Peer, onError?: (err: Error) => void): void;
}

export interface TransactionUser {
  /** A new request. `tx` is null for an ACK that matched no transaction (the ACK of a 2xx). */
  onRequest(req: SipRequest, tx: ServerTransaction | null, source: Peer): void;
  /** A response no client transaction claims: a retransmitted 2xx to INVITE (§13.2.2.4). */
  onStrayResponse?(res: SipResponse, source: Peer): void;
}

export interface ClientHandlers {
  onResponse(res: SipResponse): void;
  onTimeout?(): void;
  onTransportError?(): void;
}

export function newBranch(): string {
  return MAGIC_COOKIE + randomBytes(9).toString('base64url');
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

abstract class Transaction {
  private readonly handles = new Map<TimerName, TimerHandle>();
  protected terminated = false;

  constructor(
    protected readonly layer: TransactionLayer,
    readonly key: string,
  ) {}

  /** Performs the machine's actions; `perform` handles the kind-specific ones. */
  protected run(actions: TxAction[]): void {
    for (const a of actions) {
      switch (a.do) {
        case 'start': {
          this.clear(a.timer);
          const timer = a.timer;
          this.handles.set(
            timer,
            this.layer.timers.set(a.ms, () => {
              this.handles.delete(timer);
              this.onTimer(timer);
            }),
          );
          break;
        }
        case 'stop':
          this.clear(a.timer);
          break;
        case 'terminated':
          this.terminated = true;
          for (const t of [...this.handles.keys()]) this.clear(t);
          this.layer.forget(this);
          break;
        default:
          this.perform(a);
      }
    }
  }

  private clear(timer: TimerName): void {
    const h = this.handles.get(timer);
    if (h) this.layer.timers.clear(h);
    this.handles.delete(timer);
  }

  protected abstract onTimer(timer: TimerName): void;
  protected abstract perform(action: TxAction): void;
}

export class ClientTransaction extends Transaction {
  private readonly fsm: InviteClientFsm | NonInviteClientFsm;
  private readonly bytes: Buffer;
  private response: SipResponse | null = null;
  /** The last response received (a final one once the transaction has completed). */
  lastResponse: SipResponse | null = null;

  constructor(
    layer: TransactionLayer,
    key: string,
    readonly request: SipRequest,
    readonly target: Peer,
    private readonly handlers: ClientHandlers,
  ) {
    super(layer, key);
    const reliable = isReliable(target.protocol);
    this.fsm =
      request.method === 'INVITE'
        ? new InviteClientFsm(layer.config, reliable)
        : new NonInviteClientFsm(layer.config, reliable);
    this.bytes = serialize(request);
  }

  get state(): string {
    return this.fsm.state;
  }

  start(): void {
    this.run(this.fsm.handle({ on: 'start' }));
  }

  /** The flow the request went over is gone (a WebSocket closed). */
  transportFailed(): void {
    if (!this.terminated) this.run(this.fsm.handle({ on: 'transportError' }));
  }

  receive(res: SipResponse): void {
    this.response = res;
    this.run(this.fsm.handle({ on: 'response', status: res.status }));
  }

  protected onTimer(timer: TimerName): void {
    this.run(this.fsm.handle({ on: 'timer', timer }));
  }

  protected perform(a: TxAction): void {
    switch (a.do) {
      case 'send':
        this.layer.transport.send(this.bytes, this.target, () =>
          this.run(this.fsm.handle({ on: 'transportError' })),
        );
        return;
      case 'ack':
        this.layer.transport.send(this.ackFor(this.response!), this.target);
        return;
      case 'deliver':
        this.lastResponse = this.response;
        this.handlers.onResponse(this.response!);
        return;
      case 'timeout':
        this.handlers.onTimeout?.();
        return;
      case 'transportError':
        this.handlers.onTransportError?.();
        return;
    }
  }

  /** The ACK of a non-2xx final response: same Via and Route as the INVITE (§17.1.1.3). */
  private ackFor(res: SipResponse): SipRequest {
    const req = this.request;
    const ack = new SipRequest('ACK', req.uri);
    ack.append('via', req.get('via')!);
    for (const r of req.getAll('route')) ack.append('route', r);
    ack.append('from', req.get('from')!);
    ack.append('to', res.get('to')!);
    ack.append('call-id', req.callId);
    ack.append('cseq', `${req.cseq.seq} ACK`);
    ack.append('max-forwards', '70');
    return ack;
  }
}

export class ServerTransaction extends Transaction {
  private readonly fsm: InviteServerFsm | NonInviteServerFsm;
  private last: Buffer | null = null;
  /** Status of the last response sent (0: none yet). */
  status = 0;
  /** The ACK of a non-2xx never came (timer H), or a transport error happened. */
  onFailure?: (reason: 'timeout' | 'transportError') => void;

  constructor(
    layer: TransactionLayer,
    key: string,
    readonly request: SipRequest,
    readonly source: Peer,
  ) {
    super(layer, key);
    const reliable = isReliable(source.protocol);
    this.fsm =
      request.method === 'INVITE'
        ? new InviteServerFsm(layer.config, reliable)
        : new NonInviteServerFsm(layer.config, reliable);
  }

  get state(): string {
    return this.fsm.state;
  }

  /** True until a final response has been sent. */
  get pending(): boolean {
    return this.status < 200 && !this.terminated;
  }

  respond(res: SipResponse): void {
    if (this.terminated) return;
    this.last = serialize(res);
    if (this.status < 200) this.status = res.status;
    this.run(this.fsm.handle({ on: 'respond', status: res.status }));
  }

  /** The flow the request came over is gone (a WebSocket closed). */
  transportFailed(): void {
    if (!this.terminated) this.run(this.fsm.handle({ on: 'transportError' }));
  }

  /** A retransmission of the request, or the ACK of a non-2xx final response. */
  receive(req: SipRequest): void {
    this.run(this.fsm.handle({ on: req.method === 'ACK' ? 'ack' : 'request' }));
  }

  protected onTimer(timer: TimerName): void {
    this.run(this.fsm.handle({ on: 'timer', timer }));
  }

  protected perform(a: TxAction): void {
    switch (a.do) {
      case 'send':
        if (this.last)
          this.layer.transport.send(this.last, responseTarget(this.request, this.source), () =>
            this.run(this.fsm.handle({ on: 'transportError' })),
          );
        return;
      case 'timeout':
        this.onFailure?.('timeout');
        return;
      case 'transportError':
        this.onFailure?.('transportError');
        return;
    }
  }
}

export interface TransactionLayerOptions {
  transport: TransportLike;
  timers: TimerHost;
  config: TimerConfig;
  /** The address written in our Via headers. */
  via: { host: string; port: number };
}

export class TransactionLayer {
  readonly transport: TransportLike;
  readonly timers: TimerHost;
  readonly config: TimerConfig;
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  tu: TransactionUser | null = null;

  constructor(private readonly opts: TransactionLayerOptions) {
    this.transport = opts.transport;
    this.timers = opts.timers;
    this.config = opts.config;
  }

  get counts(): { servers: number; clients: number } {
    return { servers: this.servers.size, clients: this.clients.size };
  }

  /** Entry point for every message the transport parsed. */
  receive(msg: SipMessage, source: Peer): void {
    if (msg.kind === 'response') {
      const tx = this.clients.get(
        clientKey(msg.topVia.params.get('branch') ?? '', msg.cseq.method),
      );
      if (tx) tx.receive(msg);
      else this.tu?.onStrayResponse?.(msg, source);
      return;
    }
    const key = serverKey(msg);
    const tx = this.servers.get(key);
    // An ACK matching an INVITE answered with 2xx (Accepted, RFC 6026) belongs to the TU.
    if (tx && !(msg.method === 'ACK' && tx.state === 'accepted')) {
      tx.receive(msg);
      return;
    }
    if (msg.method === 'ACK') {
      this.tu?.onRequest(msg, null, source);
      return;
    }
    const created = new ServerTransaction(this, key, msg, source);
    this.servers.set(key, created);
    this.tu?.onRequest(msg, created, source);
  }

  /**
   * A WebSocket flow closed: transactions over it fail now rather than at their timeouts (a
   * ringing operator's browser tab was closed: the ACD moves on at once).
   */
  flowClosed(peer: Peer): void {
    for (const tx of [...this.clients.values()])
      if (samePeer(tx.target, peer)) tx.transportFailed();
    for (const tx of [...this.servers.values()])
      if (samePeer(tx.source, peer)) tx.transportFailed();
  }

  /** The INVITE server transaction a CANCEL refers to (§9.2: same branch, same sent-by). */
  inviteFor(cancel: SipRequest): ServerTransaction | undefined {
    const tx = this.servers.get(serverKey(cancel, 'INVITE'));
    return tx?.request.method === 'INVITE' ? tx : undefined;
  }

  /** Sends a request in a new client transaction; the top Via (with a fresh branch) is added. */
  request(
    req: SipRequest,
    target: Peer,
    handlers: ClientHandlers,
    branch = newBranch(),
  ): ClientTransaction {
    this.addVia(req, target, branch);
    const tx = new ClientTransaction(this, clientKey(branch, req.method), req, target, handlers);
    this.clients.set(tx.key, tx);
    tx.start();
    return tx;
  }

  /** Sends a request outside any transaction: the ACK of a 2xx (§13.2.2.4). */
  sendStateless(req: SipRequest, target: Peer): void {
    this.addVia(req, target, newBranch());
    this.transport.send(req, target);
  }

  private addVia(req: SipRequest, target: Peer, branch: string): void {
    const { host, port } = this.opts.via;
    req.prepend(
      'via',
      formatVia({
        protocol: 'SIP',
        version: '2.0',
        transport: target.protocol.toUpperCase(),
        host,
        port,
        params: new Map<string, string | null>([
          ['branch', branch],
          ['rport', null],
        ]),
      }),
    );
  }

  /** Called by a transaction when it terminates. */
  forget(tx: Transaction): void {
    if (tx instanceof ServerTransaction) {
      if (this.servers.get(tx.key) === tx) this.servers.delete(tx.key);
    } else if (this.clients.get(tx.key) === tx) this.clients.delete(tx.key);
  }
}

function clientKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}

/**
 * §17.2.3: branch + sent-by + method, the ACK matching its INVITE. Branches without the magic
 * cookie come from RFC 2543 elements: Call-ID, CSeq number, From tag and top Via instead.
 */
function serverKey(req: SipRequest, method = req.method === 'ACK' ? 'INVITE' : req.method): string {
  const via = req.topVia;
  const branch = via.params.get('branch');
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? 5060}`;
  if (branch && branch.startsWith(MAGIC_COOKIE)) return `${branch}|${sentBy}|${method}`;
  return `2543|${req.callId}|${req.cseq.seq}|${req.fromTag ?? ''}|${sentBy}|${method}`;
}
