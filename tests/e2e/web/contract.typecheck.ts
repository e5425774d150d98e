/**
 * Compile-time contract between the server's presenters and the web app's hand-written types
 * (web/src/api/types.ts): `npm run typecheck` fails when a presenter changes a field the web
 * app reads. Nothing here runs.
 */
import type { presentTicket } from '../../../src/modules/ticket/ticket.presenter.ts';
import type { presentTicketDetail } from '../../../src/modules/ticket/ticket.detail.presenter.ts';
import type {
  presentAgency,
  presentField,
  presentGroup,
  presentScopeRule,
  presentSettings,
  presentUser,
} from '../../../src/modules/org/org.presenter.ts';
import type { presentAgent, presentWaiting } from '../../../src/voice/agents/agents.presenter.ts';
import type { presentCall } from '../../../src/voice/calls/calls.presenter.ts';
import type { CALL_OUTCOMES as SERVER_CALL_OUTCOMES } from '../../../src/voice/calls/calls.schema.ts';
import type { presentMe } from '../../../src/modules/auth/auth.routes.ts';
import type { CHANNELS as SERVER_CHANNELS } from '../../../src/modules/ticket/ticket.schema.ts';
import type {
  Agency,
  CHANNELS,
  AgentDto,
  WaitingCallDto,
  CallDto,
  CALL_OUTCOMES,
  Field,
  FieldGroup,
  Me,
  ScopeRule,
  Settings,
  User,
  TicketDetail,
  TicketDto,
} from '../../../web/src/api/types.ts';

/** True when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// What the server sends must be readable as the web type, and the web type must not invent
// fields the server does not send.
export type Contract = [
  Assert<Same<ReturnType<typeof presentTicket>, TicketDto>>,
  Assert<ReturnType<typeof presentTicketDetail> extends TicketDetail ? true : false>,
  Assert<Same<keyof ReturnType<typeof presentTicketDetail>, keyof TicketDetail>>,
  Assert<Same<ReturnType<typeof presentAgency>, Agency>>,
  Assert<Same<ReturnType<typeof presentField>, Field>>,
  Assert<Same<ReturnType<typeof presentGroup>, FieldGroup>>,
  Assert<Same<ReturnType<typeof presentScopeRule>, ScopeRule>>,
  Assert<Same<ReturnType<typeof presentMe>, Me>>,
  Assert<Same<ReturnType<typeof presentUser>, User>>,
  Assert<Same<ReturnType<typeof presentSettings>, Settings>>,
  Assert<Same<ReturnType<typeof presentAgent>, AgentDto>>,
  Assert<Same<ReturnType<typeof presentWaiting>, WaitingCallDto>>,
  Assert<Same<ReturnType<typeof presentCall>, CallDto>>,
  Assert<Same<(typeof SERVER_CALL_OUTCOMES)[number], (typeof CALL_OUTCOMES)[number]>>,
  Assert<Same<(typeof CHANNELS)[number], (typeof SERVER_CHANNELS)[number]>>,
];
