/**
 * Live chat (R-CH-5): the chat desk under `/api/v1/chats` (operators, supervisors), and the
 * frames the visitor's widget exchanges over `/chat/ws` (no session: the conversation's token
 * identifies the visitor).
 */
import { z } from 'zod';
import { CHAT_STATUSES, LANGUAGES } from './enums.ts';
import { instant } from './common.ts';
import { phoneNumber } from './phone.ts';

/**
 * Where a conversation is. The desk filters by `CHAT_STATUSES`; `converting` is the short
 * moment while a conversation is being written as a ticket.
 */
export const CHAT_CONVERSATION_STATUSES = [...CHAT_STATUSES, 'converting'] as const;
export type ChatConversationStatus = (typeof CHAT_CONVERSATION_STATUSES)[number];
export const CHAT_AUTHORS = ['visitor', 'bot', 'operator', 'system'] as const;
export type ChatAuthor = (typeof CHAT_AUTHORS)[number];
export type { ChatStatus, Language } from './enums.ts';

/** The longest message a visitor or operator may send, in characters (code points). */
export const MESSAGE_MAX_CHARS = 2000;

// ---------------------------------------------------------------------------- requests

const clientId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'client id: 8–64 of A–Z a–z 0–9 _ -' });

const noNul = (s: string) => !s.includes('\u0000');

/** Opening a conversation: who the visitor is, so that it can become a ticket (R-IN-1). */
export const startBody = z
  .object({
    /** The tenant's code; may be left out while the server holds one tenant. */
    tenant: z.string().trim().max(64).optional(),
    name: z.string().trim().min(1).max(200).refine(noNul),
    phone: phoneNumber.optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    language: z.enum(LANGUAGES).default('vi'),
    /**
     * The conversation's secret, chosen by the widget (≥ 32 random base64url characters) so
     * that a start sent again after a dropped connection finds the conversation it already
     * made instead of making a second. Left out: the server chooses one.
     */
    token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/)
      .optional(),
  })
  .refine((c) => c.phone || c.email, {
    message: 'Cần số điện thoại hoặc email / a phone number or an email is required',
    path: ['phone'],
  });

/**
 * A message body is checked by the service, not here, so that too long and empty get their
 * own codes and words (the visitor sees them in the widget).
 */
export const messageBody = z.object({
  clientId,
  body: z.string().max(MESSAGE_MAX_CHARS * 4),
});

/** What the widget sends over its WebSocket. */
export const visitorFrame = z.discriminatedUnion('type', [
  startBody.safeExtend({ type: z.literal('start') }),
  z.object({
    type: z.literal('resume'),
    token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
    after: z.number().int().min(0).default(0),
  }),
  messageBody.extend({ type: z.literal('send') }),
  z.object({ type: z.literal('handoff') }),
  z.object({ type: z.literal('close') }),
]);

/** The chat desk's list: by default what needs a person (`waiting`, `active`). */
export const chatListQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(CHAT_STATUSES)))
    .default(['waiting', 'active']),
});

// ---------------------------------------------------------------------------- responses

/** A published knowledge-base article the bot suggests. */
export const chatSuggestion = z.object({ id: z.string(), title: z.string(), summary: z.string() });

/** A message as both the visitor and the chat desk see it (no staff identity, no flags). */
export const chatMessage = z.object({
  conversationId: z.string(),
  seq: z.number().int(),
  author: z.enum(CHAT_AUTHORS),
  body: z.string(),
  suggestions: chatSuggestion.array(),
  /** The sender's id of a visitor's message (the widget matches its acknowledgement). */
  clientId: z.string().nullable(),
  at: instant,
});

/** A conversation on the chat desk (operators and supervisors see the visitor's contact). */
export const chatConversation = z.object({
  id: z.string(),
  status: z.enum(CHAT_CONVERSATION_STATUSES),
  visitor: z.object({
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  language: z.enum(LANGUAGES),
  operatorId: z.string().nullable(),
  operatorName: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketCode: z.string().nullable(),
  flagged: z.boolean(),
  lastVisitorMessage: z.string().nullable(),
  waitingSince: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

export const chatDetail = z.object({
  conversation: chatConversation,
  messages: chatMessage.array(),
});

/** What the widget knows of its conversation. */
export const visitorConversation = z.object({
  id: z.string(),
  status: z.enum(CHAT_CONVERSATION_STATUSES),
  ticketCode: z.string().nullable(),
  language: z.enum(LANGUAGES),
  lastSeq: z.number().int(),
});

export type StartBody = z.infer<typeof startBody>;
export type MessageBody = z.infer<typeof messageBody>;
export type VisitorFrame = z.infer<typeof visitorFrame>;
/** What the widget sends (defaults not yet applied). */
export type VisitorFrameInput = z.input<typeof visitorFrame>;
export type ChatListQuery = z.infer<typeof chatListQuery>;
export type ChatSuggestion = z.infer<typeof chatSuggestion>;
export type ChatMessage = z.infer<typeof chatMessage>;
export type ChatConversation = z.infer<typeof chatConversation>;
export type ChatDetail = z.infer<typeof chatDetail>;
export type VisitorConversation = z.infer<typeof visitorConversation>;
/** What the desk sends with a reply. */
export type MessageBodyInput = z.input<typeof messageBody>;

/**
 * What the server sends the widget: the conversation (`session`, with the token once, on
 * `start`), the acknowledgement of a stored message, a refusal in the visitor's language, and
 * the live events of the conversation (`chat.message`, `chat.status`, as `events.ts` names
 * them).
 */
export type VisitorServerFrame =
  | {
      type: 'session';
      token?: string;
      conversation: VisitorConversation;
      messages: ChatMessage[];
    }
  | { type: 'ack'; clientId: string; seq: number }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'chat.message'; data: ChatMessage }
  | {
      type: 'chat.status';
      data: { conversationId: string; status: ChatConversationStatus; ticketCode: string | null };
    };
