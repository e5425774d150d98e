/**
 * SIP over UDP and TCP on one port (RFC 3261 §18), and over WebSocket (RFC 7118). Datagrams
 * are parsed one by one; TCP connections are framed by Content-Length; a WebSocket frame is
 * one message. Inbound requests get `received`/`rport` on their top Via (RFC 3581) so
 * responses find their way back; malformed requests are answered with 400/505 when enough of
 * them could be read, and never crash the process.
 *
 * WebSocket connections are accepted elsewhere (the web server's `/sip`, or `SIP_WS_PORT`) and
 * handed over with `adoptWebSocket`. We never open one: a browser is reachable only over the
 * connection it opened, so requests to it go over that connection or fail at once.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import type { WebSocket } from 'ws';
import { SipParseError } from './errors.ts';
import { formatVia } from './headers.ts';
import { createResponse, SipRequest, type SipMessage } from './message.ts';
import { parseMessage, SipStreamFramer } from './parser.ts';
import { serialize } from './serializer.ts';
import { quote } from './syntax.ts';

/** `wss`: a WebSocket whose client side is TLS (terminated here or by a reverse proxy). */
export type Protocol = 'udp' | 'tcp' | 'ws' | 'wss';

export interface Peer {
  protocol: Protocol;
  address: string;
  port: number;
  /**
   * A WebSocket's connection id (random, one per connection): requests to the peer go over that
   * very connection. Address and port alone could name a new connection after a restart.
   */
  flow?: string;
}

/**
 * How a peer is written where it must outlive the connection (a registration's source):
 * "udp:192.0.2.1:5062"; a WebSocket's names its connection: "ws:192.0.2.1:40123;flow=…".
 */
export function sourceOf(p: Peer): string {
  return `${p.protocol}:${p.address}:${p.port}${p.flow ? `;flow=${p.flow}` : ''}`;
}

/**
 * The peer a `sourceOf` string names; null when it names none. For a WebSocket it names the
 * connection, reachable only from the node holding it.
 */
export function peerOf(source: string): Peer | null {
  const m = /^(udp|tcp|ws|wss):(.+):(\d+)(?:;flow=([\w-]+))?$/.exec(source);
  if (!m) return null;
  const peer: Peer = {
    protocol: m[1] as Protocol,
    address: m[2]!.replace(/^\[|\]$/g, ''),
    port: Number(m[3]),
  };
  if (m[4]) peer.flow = m[4];
  return peer;
}

/** The same peer: same transport address, and for a WebSocket the same connection. */
export function samePeer(a: Peer, b: Peer): boolean {
  return (
    a.protocol === b.protocol && a.address === b.address && a.port === b.port && a.flow === b.flow
  );
}

/** Transports where one message is never lost or resent by the transport user (§17.1.1.2). */
export function isReliable(p: Protocol): boolean {
  return p !== 'udp';
}

/** Connection-oriented flows we can only answer on, never open (RFC 7118 §5). */
export function isWebSocket(p: Protocol): p is 'ws' | 'wss' {
  return p === 'ws' || p === 'wss';
}

/** Where a WebSocket came from, as the transport names it (the TCP peer of the upgrade). */
export interface WebSocketOrigin {
  address: string;
  port: number;
  /** The client connected with TLS (wss:), here or at the reverse proxy. */
  secure: boolean;
}

export interface TransportLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SipTransportOptions {
  host: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  port: number;
  onMessage(msg: SipMessage, source: Peer): void;
  log?: TransportLog;
  /** Close TCP connections idle this long (ms). */
  tcpIdleMs?: number;
  /** Inbound TCP connections accepted at once; more are refused (file descriptors are finite). */
  maxTcpConnections?: number;
  /** Called with every message sent or received (tests, tracing). */
  trace?(direction: 'in' | 'out', bytes: Buffer, peer: Peer): void;
  /** A WebSocket flow closed: whatever was bound to it (registrations, dialogs) is unreachable. */
  onFlowClosed?(peer: Peer): void;
  /**
   * WebSocket ping interval (ms, default 30 s): a connection that has not answered the previous
   * ping is closed, so a browser that vanished (network gone, laptop shut) loses its
   * registrations instead of being rung until they expire.
   */
  wsPingMs?: number;
  /** WebSockets accepted at once (default: `maxTcpConnections`); more are closed with 1013. */
  maxWebSockets?: number;
}

/** A SIP message in one frame is a few KiB; anything this large is not SIP (RFC 7118 §5.1). */
export const MAX_WS_FRAME = 64 * 1024;

const silent: TransportLog = { debug() {}, warn() {} };

export class SipTransport {
  private udp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private readonly connections = new Map<string, TcpConnection>();
  private readonly webSockets = new Map<string, WebSocket>();
  /** Connections that answered the last ping (or sent anything since). */
  private readonly alive = new WeakSet<WebSocket>();
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly log: TransportLog;
  private boundPort = 0;

  constructor(private readonly opts: SipTransportOptions) {
    this.log = opts.log ?? silent;
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.opts.host;
  }

  async listen(): Promise<void> {
    // With port 0, the UDP port is chosen first and TCP must get the same number; another
    // process may hold it on TCP, so try a few times.
    for (let attempt = 0; ; attempt++) {
      const udp = dgram.createSocket({ type: net.isIPv6(this.opts.host) ? 'udp6' : 'udp4' });
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(this.opts.port, this.opts.host, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      const port = udp.address().port;
      const tcp = net.createServer((s) => this.adopt(s));
      tcp.maxConnections = this.opts.maxTcpConnections ?? 2000;
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject);
          tcp.listen(port, this.opts.host, () => {
            tcp.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        udp.close();
        if (this.opts.port !== 0 || attempt >= 10) throw err;
        continue;
      }
      udp.on('message', (data, rinfo) =>
        this.receive(
          data,
          { protocol: 'udp', address: rinfo.address, port: rinfo.port },
          'datagram',
        ),
      );
      udp.on('error', (err) => this.log.warn({ err }, 'SIP UDP socket error'));
      tcp.on('error', (err) => this.log.warn({ err }, 'SIP TCP server error'));
      this.udp = udp;
      this.tcp = tcp;
      this.boundPort = port;
      return;
    }
  }

  async close(): Promise<void> {
    for (const c of this.connections.values()) c.socket.destroy();
    this.connections.clear();
    // 1001 "going away": clients reconnect (to another node) and register again.
    for (const ws of this.webSockets.values()) ws.close(1001, 'SIP server stopping');
    this.webSockets.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await Promise.all([
      this.udp && new Promise<void>((r) => this.udp!.close(() => r())),
      this.tcp && new Promise<void>((r) => this.tcp!.close(() => r())),
    ]);
    this.udp = null;
    this.tcp = null;
  }

  /**
   * Sends a message. Over TCP an existing connection to the peer is reused, else one is
   * opened. `onError` reports what the transaction layer must treat as a transport error.
   */
  send(msg: SipMessage | Buffer, to: Peer, onError?: (err: Error) => void): void {
    const bytes = Buffer.isBuffer(msg) ? msg : serialize(msg);
    this.opts.trace?.('out', bytes, to);
    if (isWebSocket(to.protocol)) return this.sendWebSocket(bytes, to, onError);
    if (to.protocol === 'udp') {
      if (!this.udp) return onError?.(new Error('transport closed'));
      this.udp.send(bytes, to.port, to.address, (err) => {
        if (err) onError?.(err);
      });
      return;
    }
    const key = `${to.address}:${to.port}`;
    let conn = this.connections.get(key);
    if (!conn) {
      if (!this.tcp) return onError?.(new Error('transport closed'));
      const socket = net.connect({ host: to.address, port: to.port });
      conn = this.adopt(socket, key);
    }
    conn.write(bytes, onError);
  }

  /**
   * True while the WebSocket flow `peer` names is open on this node. UDP and TCP peers are
   * reachable by address (a TCP connection is opened again when needed): always true.
   */
  hasFlow(peer: Peer): boolean {
    if (!isWebSocket(peer.protocol)) return true;
    return this.webSockets.get(peer.flow ?? '')?.readyState === 1; // OPEN
  }

  /** Open WebSocket flows (tests, metrics). */
  get webSocketCount(): number {
    return this.webSockets.size;
  }

  /**
   * Takes over an accepted WebSocket (subprotocol `sip` already agreed): each text or binary
   * frame is one SIP message (RFC 7118 §5.1); responses and requests to this peer go back on it.
   */
  adoptWebSocket(ws: WebSocket, from: WebSocketOrigin): Peer {
    const peer: Peer = {
      protocol: from.secure ? 'wss' : 'ws',
      address: normalizeAddress(from.address),
      port: from.port,
      flow: randomBytes(9).toString('base64url'),
    };
    const key = peer.flow!;
    const max = this.opts.maxWebSockets ?? this.opts.maxTcpConnections ?? 2000;
    if (this.webSockets.size >= max) {
      this.log.warn({ peer: `${peer.address}:${peer.port}`, max }, 'too many SIP WebSockets');
      ws.close(1013, 'try again later');
      return peer;
    }
    this.webSockets.set(key, ws);
    this.alive.add(ws);
    this.startHeartbeat();
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      this.alive.add(ws);
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      if (bytes.length > MAX_WS_FRAME) {
        this.log.warn({ peer: key, bytes: bytes.length }, 'SIP WebSocket frame too large, closing');
        ws.close(1009, 'message too big');
        return;
      }
      const keepAlive = keepAliveKind(bytes);
      // RFC 5626 §4.4.1 double-CRLF ping (SIP.js sends it over WebSocket too): one CRLF back.
      if (keepAlive === 'ping') ws.send('\r\n');
      if (keepAlive) return;
      this.receive(bytes, peer, 'frame');
    });
    ws.on('error', (err) => this.log.debug({ err: String(err), peer: key }, 'SIP WebSocket error'));
    ws.on('close', () => {
      if (this.webSockets.get(key) !== ws) return;
      this.webSockets.delete(key);
      this.log.debug({ peer: key }, 'SIP WebSocket closed');
      try {
        this.opts.onFlowClosed?.(peer);
      } catch (err) {
        this.log.warn({ err, peer: key }, 'SIP WebSocket close handling failed');
      }
    });
    return peer;
  }

  /** One timer pings every WebSocket; one that missed the previous ping is cut. */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const ws of this.webSockets.values()) {
        if (!this.alive.has(ws)) {
          ws.terminate(); // its 'close' removes it and reports the flow closed
          continue;
        }
        this.alive.delete(ws);
        ws.ping();
      }
    }, this.opts.wsPingMs ?? 30_000);
    this.heartbeat.unref();
  }

  private sendWebSocket(bytes: Buffer, to: Peer, onError?: (err: Error) => void): void {
    const ws = this.webSockets.get(to.flow ?? '');
    if (!ws || ws.readyState !== 1) {
      // Reported after the caller's own bookkeeping, as a socket error would be.
      if (onError) queueMicrotask(() => onError(new Error('no open WebSocket to this peer')));
      return;
    }
    // Text frames when the message is UTF-8 (always, for SIP with SDP): JsSIP decodes binary
    // frames byte by byte, which would break Vietnamese display names.
    ws.send(isUtf8(bytes) ? bytes.toString('utf8') : bytes, (err) => {
      if (err) onError?.(err);
    });
  }

  private adopt(socket: net.Socket, key?: string): TcpConnection {
    const peerKey = key ?? `${normalizeAddress(socket.remoteAddress ?? '')}:${socket.remotePort}`;
    const conn = new TcpConnection(socket, this.opts.tcpIdleMs ?? 300_000);
    this.connections.set(peerKey, conn);
    const peer = (): Peer => ({
      protocol: 'tcp',
      address: normalizeAddress(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
    });
    socket.on('data', (chunk: Buffer) => {
      let items;
      try {
        items = conn.framer.push(chunk);
      } catch (err) {
        // No way to find the next message boundary: the connection is unusable.
        this.log.warn({ err: String(err), peer: peerKey }, 'SIP TCP framing error, closing');
        socket.destroy();
        return;
      }
      for (const item of items) {
        if (item.kind === 'ping')
          socket.write('\r\n'); // RFC 5626 §4.4.1 pong
        else this.receive(item.bytes, peer(), 'stream');
      }
    });
    socket.on('close', () => {
      if (this.connections.get(peerKey) === conn) this.connections.delete(peerKey);
      conn.failPending(new Error('connection closed'));
    });
    socket.on('error', (err) => {
      this.log.debug({ err: String(err), peer: peerKey }, 'SIP TCP connection error');
      conn.failPending(err);
    });
    return conn;
  }

  private receive(bytes: Buffer, source: Peer, framing: 'datagram' | 'stream' | 'frame'): void {
    this.opts.trace?.('in', bytes, source);
    let msg: SipMessage;
    try {
      // A WebSocket frame is a whole message, like a datagram: Content-Length is optional.
      msg = parseMessage(bytes, { stream: framing === 'stream' });
      if (msg.kind === 'request') stampVia(msg, source);
    } catch (err) {
      if (!(err instanceof SipParseError)) {
        this.log.warn({ err, source }, 'SIP message handling failed');
        return;
      }
      this.log.debug({ err: err.message, source }, 'malformed SIP message');
      this.answerMalformed(err, source);
      return;
    }
    try {
      this.opts.onMessage(msg, source);
    } catch (err) {
      this.log.warn({ err, source }, 'SIP message handling failed');
    }
  }

  /** RFC 3261 §8.2 / RFC 4475: answer 400 (505 for a version) when a response can be built. */
  private answerMalformed(err: SipParseError, source: Peer): void {
    const req = err.partial;
    if (!(req instanceof SipRequest) || req.method === 'ACK') return;
    for (const h of ['via', 'from', 'to', 'call-id', 'cseq']) if (!req.has(h)) return;
    const reason = err.status === 505 ? 'Version Not Supported' : 'Bad Request';
    const res = createResponse(req, err.status, reason);
    res.append(
      'Warning',
      `399 ${this.opts.host} ${quote(err.message.replace(/[^\x20-\x7e]/g, '?'))}`,
    );
    this.send(res, source);
  }
}

class TcpConnection {
  readonly framer = new SipStreamFramer();
  private pending: ((err: Error) => void)[] = [];
  constructor(
    readonly socket: net.Socket,
    idleMs: number,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(idleMs, () => socket.destroy());
  }

  write(bytes: Buffer, onError?: (err: Error) => void): void {
    if (onError) this.pending.push(onError);
    this.socket.write(bytes, (err) => {
      if (onError) this.pending = this.pending.filter((f) => f !== onError);
      if (err && onError) onError(err);
    });
  }

  failPending(err: Error): void {
    const pending = this.pending;
    this.pending = [];
    for (const f of pending) f(err);
  }
}

/** `received` and `rport` on the top Via of an inbound request (RFC 3261 §18.2.1, RFC 3581). */
function stampVia(msg: SipMessage, source: Peer): void {
  const via = msg.topVia;
  const rport = via.params.has('rport');
  if (!rport && via.host === source.address) return;
  via.params.set('received', source.address);
  if (rport) via.params.set('rport', String(source.port));
  msg.replaceFirst('via', formatVia(via));
}

/**
 * A WebSocket frame that carries no message: a double-CRLF ping (answered with one CRLF), a
 * CRLF pong or an empty frame (ignored); null for anything else.
 */
export function keepAliveKind(bytes: Buffer): 'ping' | 'ignore' | null {
  if (bytes.length > 4) return null;
  const s = bytes.toString('latin1');
  if (s === '\r\n\r\n') return 'ping';
  if (s === '' || s === '\r\n') return 'ignore';
  return null;
}

function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/**
 * Where a response to a request that came from `source` goes (RFC 3261 §18.2.2, RFC 3581):
 * over TCP and WebSocket the same connection (the peer's address and port; a WebSocket's Via
 * names an `.invalid` host, RFC 7118 §5); over UDP the received address and rport, else the
 * sent-by.
 */
export function responseTarget(msg: SipMessage, source: Peer): Peer {
  if (source.protocol !== 'udp') return source;
  const via = msg.topVia;
  const received = via.params.get('received');
  const rport = via.params.get('rport');
  const address = received ?? via.host;
  const port = rport ? Number(rport) : (via.port ?? 5060);
  return { protocol: 'udp', address, port };
}
