import type { ChatConversationRow, ChatMessageRow } from '../../db/schema.ts';
import type {
  ChatConversation,
  ChatDetail,
  ChatMessage,
  VisitorConversation,
} from '../../contract/chat.ts';
import type { ChatListRow } from './chat.repository.ts';

/** A message as both the visitor and the chat desk see it (no staff identity, no flags). */
export function presentMessage(m: ChatMessageRow): ChatMessage {
  return {
    conversationId: m.conversation_id,
    seq: m.seq,
    author: m.author,
    body: m.body,
    suggestions: m.suggestions ?? [],
    clientId: m.author === 'visitor' ? m.client_id : null,
    at: new Date(m.created_at).toISOString(),
  };
}

/** What the widget knows of its conversation. */
export function presentVisitorConversation(c: ChatConversationRow): VisitorConversation {
  return {
    id: c.id,
    status: c.status,
    ticketCode: c.ticket_code,
    language: c.language,
    lastSeq: c.last_seq,
  };
}

/** A conversation on the chat desk (operators and supervisors see the visitor's contact). */
export function presentConversation(c: ChatConversationRow | ChatListRow): ChatConversation {
  return {
    id: c.id,
    status: c.status,
    visitor: { name: c.visitor_name, phone: c.visitor_phone, email: c.visitor_email },
    language: c.language,
    operatorId: c.operator_id,
    operatorName: 'operator_name' in c ? c.operator_name : null,
    ticketId: c.ticket_id,
    ticketCode: c.ticket_code,
    flagged: c.flag !== null,
    lastVisitorMessage: 'last_visitor_message' in c ? (c.last_visitor_message ?? null) : null,
    waitingSince: c.waiting_since ? new Date(c.waiting_since).toISOString() : null,
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

export function presentDetail(c: ChatConversationRow, messages: ChatMessageRow[]): ChatDetail {
  return { conversation: presentConversation(c), messages: messages.map(presentMessage) };
}
