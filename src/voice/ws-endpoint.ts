/**
 * SIP over WebSocket on the web server (`GET /sip`, RFC 7118): browsers' softphones reach the
 * SIP stack over the HTTP port, so the reverse proxy's HTTPS gives them `wss:`. The route is
 * registered when TELEPHONY=1 (before the server listens); telephony, started later, attaches
 * to the hub. Until then, and on nodes without telephony, the upgrade gets 503.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { chooseProtocol, judgeUpgrade } from './sip/websocket.ts';

export interface WebSocketFrom {
  address: string;
  port: number;
  secure: boolean;
}

export type SipWebSocketAcceptor = (ws: WebSocket, from: WebSocketFrom) => void;

/** Where `/sip` hands its WebSockets: the telephony service once started. */
export class SipWebSocketHub {
  private acceptor: SipWebSocketAcceptor | null = null;

  constructor(
    /** Browser origins allowed besides the web app's own (`SIP_WS_ORIGINS`; `*`: any). */
    readonly allowedOrigins: readonly string[] = [],
  ) {}

  get ready(): boolean {
    return this.acceptor !== null;
  }

  /** Returns the detach function (telephony stopping). */
  attach(acceptor: SipWebSocketAcceptor): () => void {
    this.acceptor = acceptor;
    return () => {
      if (this.acceptor === acceptor) this.acceptor = null;
    };
  }

  accept(ws: WebSocket, from: WebSocketFrom): void {
    if (!this.acceptor) {
      ws.close(1013, 'telephony not running');
      return;
    }
    this.acceptor(ws, from);
  }
}

/** `handleProtocols` for the web server's ws: `sip` on `/sip`, else the first offered (ws's default). */
export function webSocketProtocols(offered: Set<string>, url: string | undefined): string | false {
  if (url === SIP_WS_PATH || url?.startsWith(`${SIP_WS_PATH}?`)) return chooseProtocol(offered);
  const first = offered.values().next();
  return first.done ? false : first.value;
}

export const SIP_WS_PATH = '/sip';

export function registerSipWebSocket(app: FastifyInstance, hub: SipWebSocketHub): void {
  app.get(
    SIP_WS_PATH,
    {
      websocket: true,
      schema: { hide: true },
      // SIP authenticates the phone itself (digest, RFC 3261 §22).
      config: { permission: 'public' },
      // Refused before the upgrade, with an HTTP status the client can show.
      preValidation: async (req, reply) => {
        const v = judgeUpgrade(
          {
            protocols: req.headers['sec-websocket-protocol'],
            origin: req.headers.origin,
            host: req.headers.host,
          },
          hub.allowedOrigins,
        );
        if (!v.ok) return reply.status(v.status).send({ error: v.reason });
        if (!hub.ready) return reply.status(503).send({ error: 'telephony not running' });
      },
    },
    (socket, req) =>
      hub.accept(socket, {
        address: req.socket.remoteAddress ?? '',
        port: req.socket.remotePort ?? 0,
        // trustProxy: the reverse proxy's X-Forwarded-Proto says whether the browser used TLS.
        secure: req.protocol === 'https',
      }),
  );
}
