/** Pure rules of the chat desk: merging live messages, ordering the queue. Unit-tested. */
import { can } from '../../../../src/contract/access.ts';
import type { ChatConversation, ChatMessage } from '../../../../src/contract/chat.ts';

/** Adds messages to a transcript: each seq once, in order (live events may repeat or cross). */
export function mergeMessages(current: readonly ChatMessage[], more: readonly ChatMessage[]) {
  const bySeq = new Map<number, ChatMessage>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of more) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Waiting conversations first, longest waiting on top; then the active ones. */
export function orderQueue(items: readonly ChatConversation[]): ChatConversation[] {
  const rank = (c: ChatConversation) =>
    c.status === 'waiting' ? 0 : c.status === 'active' ? 1 : 2;
  const since = (c: ChatConversation) => c.waitingSince ?? c.createdAt;
  return [...items].sort((a, b) => rank(a) - rank(b) || since(a).localeCompare(since(b)));
}

/** What the operator may do with a conversation now. */
export function deskActions(c: ChatConversation, userId: string, role: string) {
  // A supervisor may step into any conversation (the permission table's `chat.supervise`).
  const mine = c.operatorId === userId || can(role, 'chat.supervise');
  const open = c.status === 'bot' || c.status === 'waiting' || c.status === 'active';
  return {
    claim: c.status === 'waiting' || c.status === 'bot',
    reply: c.status === 'active' && mine,
    close: open && (c.status !== 'active' || mine),
    toTicket: open && (c.status !== 'active' || mine),
  };
}

/** A client id for an operator's message (a retried request is stored once). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
