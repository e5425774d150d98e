/**
 * SIP over WebSocket on a port of its own (`SIP_WS_PORT`), for deployments where the web
 * server's `/sip` is not wanted (a SIP proxy or a TLS terminator in front of telephony only).
 * Plain `ws:`; TLS (`wss:`) is the reverse proxy's, which says so with X-Forwarded-Proto.
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
  wss.on('connection', (ws, req) => {
    opts.transport.adoptWebSocket(ws, {
      address: req.socket.remoteAddress ?? '',
      port: req.socket.remotePort ?? 0,
      secure: req.headers['x-forwarded-proto'] === 'https',
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
