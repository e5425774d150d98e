/**
 * Compile-time contract between the server's presenters and the web app's hand-written types
 * (web/src/api/types.ts): `npm run typecheck` fails when a presenter changes a field the web
 * app reads. Nothing here runs.
 */
import type {
  presentAgency,
  presentField,
  presentGroup,
  presentScopeRule,
  presentSettings,
  presentUser,
} from '../../../src/modules/org/org.presenter.ts';
import type { presentArticle, presentSearch } from '../../../src/modules/kb/kb.presenter.ts';
import type { presentOperatorLoad } from '../../../src/modules/stats/stats.presenter.ts';
import type { presentAgent, presentWaiting } from '../../../src/voice/agents/agents.presenter.ts';
import type { presentCall } from '../../../src/voice/calls/calls.presenter.ts';
import type { CALL_OUTCOMES as SERVER_CALL_OUTCOMES } from '../../../src/voice/calls/calls.schema.ts';
import type { presentMe } from '../../../src/modules/auth/auth.routes.ts';
import type {
  Agency,
  KbArticle,
  KbSearchResult,
  OperatorLoad,
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
} from '../../../web/src/api/types.ts';

/** True when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// What the server sends must be readable as the web type, and the web type must not invent
// fields the server does not send.
export type Contract = [
  Assert<Same<ReturnType<typeof presentAgency>, Agency>>,
  Assert<Same<ReturnType<typeof presentField>, Field>>,
  Assert<Same<ReturnType<typeof presentGroup>, FieldGroup>>,
  Assert<Same<ReturnType<typeof presentScopeRule>, ScopeRule>>,
  Assert<Same<ReturnType<typeof presentMe>, Me>>,
  Assert<Same<ReturnType<typeof presentUser>, User>>,
  Assert<Same<ReturnType<typeof presentSettings>, Settings>>,
  Assert<Same<ReturnType<typeof presentOperatorLoad>, OperatorLoad>>,
  Assert<Same<ReturnType<typeof presentAgent>, AgentDto>>,
  Assert<Same<ReturnType<typeof presentWaiting>, WaitingCallDto>>,
  Assert<Same<ReturnType<typeof presentCall>, CallDto>>,
  Assert<Same<(typeof SERVER_CALL_OUTCOMES)[number], (typeof CALL_OUTCOMES)[number]>>,
  Assert<Same<ReturnType<typeof presentSearch>, KbSearchResult>>,
  Assert<ReturnType<typeof presentArticle> extends KbArticle ? true : false>,
];
