/**
 * SIP over WebSocket on a port of its own (`SIP_WS_PORT`), for deployments where the web
 * server's `/sip` is not wanted (a SIP proxy or a TLS terminator in front of telephony only).
 * Plain `ws:`; TLS (`wss:`) is the reverse proxy's, which says so with X-Forwarded-Proto — read
 * only when the TCP peer is a proxy the operator trusts (`TRUSTED_PROXIES`), never from anyone.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import type { SipTransport, TransportLog } from './transport.ts';
import { chooseProtocol, judgeUpgrade } from './websocket.ts';

export interface SipWebSocketServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Browser origins allowed besides same-origin pages (`*`: any). */
  allowedOrigins: readonly string[];
  transport: SipTransport;
  log: TransportLog;
  /** Whether a TCP peer is a trusted reverse proxy (its X-Forwarded-Proto is read); default none. */
  trustsProxy?: (address?: string) => boolean;
}

/** The last X-Forwarded-Proto value (the one the nearest proxy wrote), lower-cased. */
export function forwardedProto(header: string | string[] | undefined): string | undefined {
  const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').pop();
  return last?.trim().toLowerCase() || undefined;
}

export interface SipWebSocketServer {
  port: number;
  close(): Promise<void>;
}

export async function listenSipWebSocket(
  opts: SipWebSocketServerOptions,
): Promise<SipWebSocketServer> {
  const wss = new WebSocketServer({
    host: opts.host,
    port: opts.port,
    maxPayload: 64 * 1024,
    handleProtocols: (offered) => chooseProtocol(offered),
    verifyClient: (info: { req: IncomingMessage }, done) => {
      const v = judgeUpgrade(
        {
          protocols: info.req.headers['sec-websocket-protocol'],
          origin: info.req.headers.origin,
          host: info.req.headers.host,
        },
        opts.allowedOrigins,
      );
      if (v.ok) done(true);
      else done(false, v.status, v.reason);
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('error', (err) => opts.log.warn({ err }, 'SIP WebSocket server error'));
  const trusts = opts.trustsProxy ?? (() => false);
  wss.on('connection', (ws, req) => {
    const address = req.socket.remoteAddress ?? '';
    opts.transport.adoptWebSocket(ws, {
      address,
      port: req.socket.remotePort ?? 0,
      secure: trusts(address) && forwardedProto(req.headers['x-forwarded-proto']) === 'https',
    });
  });
  const address = wss.address();
  return {
    port: address && typeof address !== 'string' ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
