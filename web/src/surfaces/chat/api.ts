import { request } from '../../api/client.ts';
import type {
  ChatConversation,
  ChatDetail,
  ChatMessage,
  MessageBodyInput,
} from '../../../../src/contract/chat.ts';

const path = (id: string, rest = '') => `/chats/${encodeURIComponent(id)}${rest}`;

/** The chat desk's calls to /api/v1/chats. */
export const chatApi = {
  list: (status: string[] = ['waiting', 'active']) =>
    request<ChatConversation[]>('GET', `/chats?status=${status.join(',')}`),
  get: (id: string) => request<ChatDetail>('GET', path(id)),
  claim: (id: string) => request<ChatConversation>('POST', path(id, '/claim'), {}),
  reply: (id: string, clientId: string, body: string) =>
    request<ChatMessage>('POST', path(id, '/messages'), {
      clientId,
      body,
    } satisfies MessageBodyInput),
  close: (id: string) => request<ChatConversation>('POST', path(id, '/close'), {}),
  toTicket: (id: string) => request<ChatConversation>('POST', path(id, '/ticket'), {}),
};
