/** The chat desk's JSON: the contract's types (src/contract/chat.ts). */
export type {
  ChatConversation,
  ChatConversationStatus as ChatStatus,
  ChatDetail,
  ChatMessage,
  MessageBodyInput,
} from '../../../../src/contract/chat.ts';
