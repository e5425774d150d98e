/**
 * Compile-time contract between the chat presenters and the chat desk's types
 * (web/src/surfaces/chat/types.ts), like contract.typecheck.ts. Nothing here runs.
 */
import type {
  presentConversation,
  presentDetail,
  presentMessage,
} from '../../../src/modules/chat/chat.presenter.ts';
import type {
  ChatConversation,
  ChatDetail,
  ChatMessage,
} from '../../../web/src/surfaces/chat/types.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type ChatContract = [
  Assert<Same<ReturnType<typeof presentConversation>, ChatConversation>>,
  Assert<Same<ReturnType<typeof presentMessage>, ChatMessage>>,
  Assert<Same<ReturnType<typeof presentDetail>, ChatDetail>>,
];
