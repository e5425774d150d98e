/**
 * The JSON the API sends, as the web app reads it. Written by hand so that the bundle never
 * pulls server modules; tests/e2e/web/contract.typecheck.ts proves at compile time that every
 * shape here matches what the server's presenters return.
 */
import type { Action, Escalation, TicketStatus } from '../../../src/core/ticket/state-machine.ts';
import type { Role } from '../../../src/core/access/roles.ts';

export type { Action, Escalation, Role, TicketStatus };

import { CHANNELS, type Channel } from '../../../src/core/ticket/channels.ts';

export { CHANNELS, type Channel };

export {
  URGENCIES,
  type Urgency,
  AGENT_STATES,
  type AgentState,
  CALL_OUTCOMES,
  type CallOutcome,
} from '../../../src/contract/enums.ts';

export type { Me, Session } from '../../../src/contract/auth.ts';

export type {
  Citizen,
  Ticket as TicketDto,
  TimelineEntry,
  TicketDeadline as DeadlineDto,
  Attachment as AttachmentDto,
  TicketDetail,
  TicketList,
} from '../../../src/contract/ticket.ts';

export type { Agency, Field, FieldGroup, ScopeRule } from '../../../src/contract/org.ts';

export type { Notification as NotificationDto } from '../../../src/contract/notification.ts';

export type {
  CalendarSummary,
  CalendarException,
  CalendarDetail,
} from '../../../src/contract/calendar.ts';

export type {
  CreateTicketBodyInput as CreateTicketBody,
  ActionBodyInput as ActionBody,
  TicketListFilter as ListQuery,
} from '../../../src/contract/ticket.ts';

export type {
  User,
  UserBodyInput as UserBody,
  UserPatch,
  AgencyKind,
  AgencyBodyInput as AgencyBody,
  AgencyPatch,
  FieldBodyInput as FieldBody,
  FieldPatch,
  ScopeRuleBodyInput as ScopeRuleBody,
  ScopeRulePatch,
  Settings,
} from '../../../src/contract/org.ts';

export type {
  TemplateKind,
  MessageTemplate,
  TemplateBodyInput as TemplateBody,
  TemplatePatch,
} from '../../../src/contract/template.ts';

export type { ExceptionBodyInput as ExceptionBody } from '../../../src/contract/calendar.ts';

/** Knowledge base (R-KB): search results and articles. */
export type {
  KbKind,
  KbRange,
  KbHit,
  KbSearchResult,
  KbProcedure,
  KbArticle,
} from '../../../src/contract/kb.ts';

/** GET /stats/operators: each operator's load today (R-OP-2). */
export type { OperatorLoad } from '../../../src/contract/stats.ts';

/** GET /agents, GET /call-queues/waiting: operators' phones and the callers waiting (R-TEL-3, R-TEL-6). */
export type {
  Agent as AgentDto,
  WaitingCall as WaitingCallDto,
  AgentStateSet,
  AgentStateBodyInput,
} from '../../../src/contract/agents.ts';

/** GET /calls: one call of the call log (R-TEL-1, R-TEL-5). */
export type {
  Call as CallDto,
  CallPage,
  CallListQueryInput,
  CallTicketBodyInput,
} from '../../../src/contract/calls.ts';
export type {
  TransferBodyInput,
  TransferStarted,
  TransferStep,
} from '../../../src/contract/transfers.ts';
