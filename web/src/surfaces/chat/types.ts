/** The chat desk's JSON, as src/modules/chat/chat.presenter.ts writes it. */
import type { ChatMessageEvent } from '../../../../src/contract/events.ts';

export type ChatMessage = ChatMessageEvent;
export type ChatStatus = 'bot' | 'waiting' | 'active' | 'closed' | 'converting' | 'ticket';

export interface ChatConversation {
  id: string;
  status: ChatStatus;
  visitor: { name: string; phone: string | null; email: string | null };
  language: 'vi' | 'en';
  operatorId: string | null;
  operatorName: string | null;
  ticketId: string | null;
  ticketCode: string | null;
  flagged: boolean;
  lastVisitorMessage: string | null;
  waitingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ChatDetail {
  conversation: ChatConversation;
  messages: ChatMessage[];
}
