/**
 * The live-event map (R-TEL-3, R-SLA-4, R-CH-5): every event the server pushes over
 * `/api/v1/ws`, by type, and the rooms it goes to. The server publishes with
 * `realtime/events.ts`; the web app switches on `type` with these same types, so adding an
 * event means adding it here and both sides agree at compile time.
 */
import type { Action, Escalation, TicketStatus } from './enums.ts';
import type { ChatConversationStatus, ChatMessage } from './chat.ts';

export interface ServerEvents {
  'ticket.updated': {
    ticketId: string;
    code: string;
    status: TicketStatus;
    escalation: Escalation;
    agencyId: string | null;
    subunitId: string | null;
    /** The state-machine action, or what else moved the ticket (`create`, `deadline_rescheduled`…). */
    action: Action | 'create' | 'deadline_rescheduled' | (string & {});
  };
  notification: { id: string; title: string; ticketId: string | null };
  /** A call rings this operator's phone: who calls, and their earlier tickets (R-TEL-3). */
  'call.offered': {
    callId: string;
    caller: string;
    callerName: string | null;
    queue: string;
    earlierTickets: {
      id: string;
      code: string;
      subject: string;
      status: string;
      createdAt: string;
    }[];
  };
  /**
   * An operator's call state changed (R-TEL-3): by a call (ringing, on the phone, wrap-up, a
   * break after a missed call) or by the operator. `missedCalls` null: unchanged.
   */
  'agent.state': {
    userId: string;
    state: string;
    reason: string | null;
    missedCalls: number | null;
  };
  /** A caller joined a queue (`enteredAt`) or left it (null): the wallboard's waiting list. */
  'call.queue': { callId: string; queue: string; enteredAt: string | null };
  /**
   * An administrator saved, deleted or re-recorded an IVR flow (R-TEL-2): telephony nodes
   * reload their flows (src/voice/ivr/registry.ts), open admin screens refresh.
   */
  'ivr.updated': {
    tenantId: string;
    flowId: string;
    version: number | null;
    action: 'created' | 'updated' | 'deleted' | 'prompt';
  };
  /**
   * A transfer of a live call to an agency's phone (R-WF-8) moved on: dialing, consulting
   * (attended: the operator talks with the agency), completed, failed or cancelled. To the
   * operator on the call and to whoever asked.
   */
  'call.transfer': {
    callId: string;
    target: string;
    mode: 'blind' | 'attended';
    via: 'api' | 'refer' | 'ivr';
    state: 'dialing' | 'consulting' | 'completed' | 'failed' | 'cancelled';
    sipStatus: number | null;
    byUserId: string | null;
  };
  /** A working-hours calendar changed: open countdowns recompute on it (R-SLA-4). */
  'calendar.updated': { calendarId: string; isDefault: boolean };
  /**
   * Live chat (R-CH-5). `chat.message` goes to the conversation's room (the visitor) and to the
   * tenant's chat desk (operators, supervisors); it carries only what the visitor may see.
   */
  'chat.message': ChatMessageEvent;
  /** A conversation's state changed (to the visitor and the chat desk). */
  'chat.status': {
    conversationId: string;
    status: ChatConversationStatus;
    ticketCode: string | null;
  };
  /** For the chat desk only: a conversation appeared, waits, was claimed, closed or converted. */
  'chat.updated': {
    conversationId: string;
    status: ChatConversationStatus;
    operatorId: string | null;
    visitorName: string;
    waitingSince: string | null;
  };
}

/** A chat message as live events carry it: the same shape the chat API answers. */
export type ChatMessageEvent = ChatMessage;
export type ServerEventType = keyof ServerEvents;

/**
 * Who receives an event: everyone in a tenant's hotline, an agency, one user, every
 * signed-in person of a tenant (`all:`, for reference data anyone may read, like calendars), a
 * tenant's chat desk (operators and supervisors), or the visitor of one chat conversation.
 */
export type Room =
  | `tenant:${string}`
  | `agency:${string}`
  | `user:${string}`
  | `all:${string}`
  | `chatdesk:${string}`
  | `chat:${string}`;

export interface Envelope<T extends ServerEventType = ServerEventType> {
  type: T;
  rooms: Room[];
  data: ServerEvents[T];
}
