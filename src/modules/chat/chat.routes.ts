import type { WebSocket } from 'ws';
import { findIllFormedText } from '../../http/body.ts';
import type { FastifyRequest } from 'fastify';
import type { App, TypedApp } from '../../http/types.ts';
import type { Gateway } from '../../realtime/gateway.ts';
import { AppError, ERRORS, type ErrorCode } from '../../core/errors/codes.ts';
import { preferredLanguage } from '../../http/errors.ts';
import { DEFAULT_HTML_CSP } from '../../http/security-headers.ts';
import type { ChatService } from './chat.service.ts';
import { idParams } from '../../contract/common.ts';
import {
  chatConversation,
  chatDetail,
  chatListQuery,
  chatMessage,
  messageBody,
  visitorFrame,
  type VisitorServerFrame,
} from '../../contract/chat.ts';
import {
  presentConversation,
  presentDetail,
  presentMessage,
  presentVisitorConversation,
} from './chat.presenter.ts';
import { demoPage, widgetScript, WIDGET_CSS } from './chat.widget.ts';

/** The chat desk under /api/v1/chats (operators and supervisors). */
export function chatRoutes(app: TypedApp, chat: ChatService) {
  const tags = ['chat'];
  const config = { permission: 'chat.desk' } as const;
  app.get(
    '/chats',
    {
      schema: { tags, querystring: chatListQuery, response: { 200: chatConversation.array() } },
      config,
    },
    async (req) => (await chat.list(req.actor, req.query)).map(presentConversation),
  );
  app.get(
    '/chats/:id',
    { schema: { tags, params: idParams, response: { 200: chatDetail } }, config },
    async (req) => {
      const d = await chat.get(req.actor, req.params.id);
      return presentDetail(d.conversation, d.messages);
    },
  );
  app.post(
    '/chats/:id/claim',
    { schema: { tags, params: idParams, response: { 200: chatConversation } }, config },
    async (req) => presentConversation(await chat.claim(req.actor, req.params.id)),
  );
  app.post(
    '/chats/:id/messages',
    {
      schema: { tags, params: idParams, body: messageBody, response: { 201: chatMessage } },
      config,
    },
    async (req, reply) =>
      reply.status(201).send(presentMessage(await chat.reply(req.actor, req.params.id, req.body))),
  );
  app.post(
    '/chats/:id/close',
    { schema: { tags, params: idParams, response: { 200: chatConversation } }, config },
    async (req) => presentConversation(await chat.close(req.actor, req.params.id)),
  );
  app.post(
    '/chats/:id/ticket',
    {
      schema: {
        tags,
        summary: 'Convert the conversation into a ticket',
        params: idParams,
        response: { 200: chatConversation },
      },
      config,
    },
    async (req) => presentConversation(await chat.convert(req.actor, req.params.id)),
  );
}

/** Largest frame a visitor may send (a message is at most 2 000 characters). */
const MAX_FRAME_BYTES = 16 * 1024;

/**
 * The public side: the widget script, a demo page and the visitor's WebSocket (`/chat/ws`).
 * A visitor has no session; the conversation token sent in `start`'s answer (and in `resume`)
 * is what identifies them.
 *
 * Frames in: `start`, `resume`, `send` {clientId, body}, `handoff`, `close`. Frames out:
 * `session` {token?, conversation, messages}, `ack` {clientId, seq}, `error` {code, message,
 * clientId?}, and the live events `chat.message` / `chat.status` of the conversation.
 */
export async function chatPublicRoutes(app: App, chat: ChatService, gateway?: Gateway) {
  const open = { schema: { hide: true }, config: { permission: 'public' } } as const;
  app.get('/chat/widget.js', open, async (req, reply) => {
    const w = await widgetScript();
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', w.etag)
      .header('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === w.etag) return reply.status(304).send();
    if (gzip) return reply.header('content-encoding', 'gzip').send(w.gzip);
    return reply.send(w.js);
  });
  app.get('/chat/widget.css', open, async (_req, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(WIDGET_CSS),
  );
  app.get('/chat/demo', open, async (_req, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', DEFAULT_HTML_CSP)
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(demoPage()),
  );
  if (!gateway) return;
  app.get('/chat/ws', { ...open, websocket: true }, (socket, req) =>
    visitorSocket(chat, gateway, socket, req),
  );
}

function visitorSocket(
  chat: ChatService,
  gateway: Gateway,
  socket: WebSocket,
  req: FastifyRequest,
) {
  let lang = preferredLanguage(req);
  let token: string | undefined;
  let joined = false;
  const ip = req.ip;
  const send = (frame: VisitorServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const fail = (err: unknown, clientId?: string) => {
    const code: ErrorCode = err instanceof AppError ? err.code : 'internal';
    if (!(err instanceof AppError)) req.log.error({ err }, 'chat: visitor frame failed');
    const e = ERRORS[code];
    send({
      type: 'error',
      code,
      message: lang === 'en' ? e.en : e.vi,
      ...(clientId ? { clientId } : {}),
    });
  };
  const join = (conversationId: string) => {
    if (joined) return;
    joined = true;
    gateway.join(socket, [`chat:${conversationId}`]);
  };
  // Frames of one socket are handled in order: an ack never overtakes an earlier message.
  let queue: Promise<void> = Promise.resolve();
  socket.on('message', (raw: Buffer, isBinary: boolean) => {
    // A failure must not break the chain: later frames are still handled.
    queue = queue
      .then(() => handle(raw, isBinary))
      .catch((err: unknown) => req.log.error({ err }, 'chat: visitor frame failed'));
  });
  async function handle(raw: Buffer, isBinary: boolean) {
    if (isBinary || raw.length > MAX_FRAME_BYTES) {
      return fail(
        new AppError(raw.length > MAX_FRAME_BYTES ? 'chat_message_too_long' : 'bad_request'),
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(new AppError('bad_request'));
    }
    // The same text rule as every JSON body of the API (http/body.ts): no lone surrogate, no NUL.
    const parsed =
      findIllFormedText(json) === null
        ? visitorFrame.safeParse(json)
        : ({ success: false } as const);
    if (!parsed.success) {
      const clientId =
        json && typeof json === 'object' ? (json as { clientId?: unknown }).clientId : undefined;
      return fail(
        new AppError('validation_failed'),
        typeof clientId === 'string' ? clientId.slice(0, 64) : undefined,
      );
    }
    const f = parsed.data;
    try {
      switch (f.type) {
        case 'start': {
          if (token) throw new AppError('chat_invalid_state');
          lang = f.language;
          const r = await chat.start(f, { ip });
          token = r.token;
          join(r.conversation.id);
          send({
            type: 'session',
            token: r.token,
            conversation: presentVisitorConversation(r.conversation),
            messages: r.messages.map(presentMessage),
          });
          return;
        }
        case 'resume': {
          const r = await chat.resume(f.token, f.after, { ip });
          token = f.token;
          lang = r.conversation.language;
          join(r.conversation.id);
          send({
            type: 'session',
            conversation: presentVisitorConversation(r.conversation),
            messages: r.messages.map(presentMessage),
          });
          return;
        }
        case 'send': {
          if (!token) throw new AppError('chat_not_found');
          try {
            const r = await chat.visitorSend(token, { clientId: f.clientId, body: f.body }, { ip });
            send({ type: 'ack', clientId: f.clientId, seq: r.message.seq });
          } catch (err) {
            fail(err, f.clientId);
          }
          return;
        }
        case 'handoff': {
          if (!token) throw new AppError('chat_not_found');
          await chat.handoff(token);
          return;
        }
        case 'close': {
          if (!token) throw new AppError('chat_not_found');
          await chat.visitorClose(token);
          return;
        }
      }
    } catch (err) {
      fail(err);
    }
  }
}
