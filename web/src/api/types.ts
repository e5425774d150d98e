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
import type { AgentState, CallOutcome } from '../../../src/contract/enums.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  agencyId: string | null;
}

export interface Session {
  user: Me;
  csrfToken: string | null;
}

export type {
  Citizen,
  Ticket as TicketDto,
  TimelineEntry,
  TicketDeadline as DeadlineDto,
  Attachment as AttachmentDto,
  TicketDetail,
  TicketList,
} from '../../../src/contract/ticket.ts';

export interface Agency {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind:
    | 'hotline'
    | 'coordinator'
    | 'department'
    | 'committee'
    | 'vertical'
    | 'service_provider'
    | 'subunit';
  parentId: string | null;
  orgUnitId: string | null;
  phone: string | null;
  email: string | null;
  requiresApproval: boolean;
  /** Office hours of its own; null = the tenant default calendar. */
  calendarId: string | null;
  active: boolean;
}

export interface Field {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  groupNumber: number | undefined;
  defaultAgencyId: string | null;
  active: boolean;
}

export interface FieldGroup {
  id: string;
  number: number;
  name: string;
  nameEn: string;
}

export interface ScopeRule {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  action: 'reject' | 'redirect' | 'transfer';
  redirectTo: string | null;
  keywords: string[];
  guidanceVi: string;
  guidanceEn: string;
  active: boolean;
}

export type { Notification as NotificationDto } from '../../../src/contract/notification.ts';

export interface CalendarSummary {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface CalendarException {
  date: string;
  kind: string;
  nameVi: string;
  nameEn: string;
  intervals: unknown;
}

export interface CalendarDetail extends CalendarSummary {
  config: unknown;
  exceptions: CalendarException[];
}

export type {
  CreateTicketBodyInput as CreateTicketBody,
  ActionBodyInput as ActionBody,
  TicketListFilter as ListQuery,
} from '../../../src/contract/ticket.ts';

/** A staff account as the administrator sees it (GET /users). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  role: string;
  agencyId: string | null;
  title: string | null;
  isDeputy: boolean;
  locale: string;
  active: boolean;
  createdAt: string;
}

export interface UserBody {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  role: Role;
  agencyId: string | null;
  title: string | null;
  isDeputy: boolean;
  password: string;
  locale: 'vi' | 'en';
}
export type UserPatch = Partial<Omit<UserBody, 'username'>> & { active?: boolean };

export type AgencyKind = Agency['kind'];
export interface AgencyBody {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  parentId: string | null;
  phone: string | null;
  email: string | null;
  requiresApproval: boolean;
}
export type AgencyPatch = Partial<AgencyBody> & { active?: boolean; calendarId?: string | null };

export interface FieldBody {
  code: string;
  name: string;
  nameEn: string;
  groupNumber: number;
  defaultAgencyId: string | null;
}
export interface FieldPatch {
  name?: string;
  nameEn?: string;
  defaultAgencyId?: string | null;
  active?: boolean;
}

export interface ScopeRuleBody {
  code: string;
  name: string;
  nameEn: string;
  action: ScopeRule['action'];
  redirectTo: string | null;
  keywords: string[];
  guidanceVi: string;
  guidanceEn: string;
}
export type ScopeRulePatch = Partial<Omit<ScopeRuleBody, 'code'>> & { active?: boolean };

/** Deadline durations (R-SLA-1/2) and the ticket code prefix of the deployment. */
export interface Settings {
  tenantName: string;
  ticketPrefix: string | null;
  /** The number citizens call, as `{hotline}` writes it. */
  hotline: string;
  sla: { focalPointHours: number; headHours: number; warnRatio: number };
}

export type {
  TemplateKind,
  MessageTemplate,
  TemplateBodyInput as TemplateBody,
  TemplatePatch,
} from '../../../src/contract/template.ts';

/** What PUT /calendars/:id/exceptions takes: a day off, or a (make-up) working day. */
export interface ExceptionBody {
  date: string;
  kind: 'holiday' | 'working';
  nameVi: string;
  nameEn: string;
  intervals?: [string, string][];
}

/** Knowledge base (R-KB): what GET /kb/search returns (`presentSearch`). */
export type KbKind = 'faq' | 'policy' | 'procedure';
export type KbRange = [number, number];
export interface KbHit {
  id: string;
  kind: KbKind;
  code: string | null;
  title: string;
  titleHighlights: KbRange[];
  snippet: string;
  highlights: KbRange[];
  score: number;
  match: 'code' | 'all' | 'most' | 'similar';
  agencyId: string;
  fieldId: string | null;
  level: KbProcedure['level'] | null;
  version: number;
  reviewDue: string | null;
  expiresAt: string | null;
  needsReview: boolean;
  expired: boolean;
  notYetEffective: boolean;
  updatedAt: string;
}
export interface KbSearchResult {
  query: {
    terms: { text: string; kind: 'word' | 'synonym' | 'corrected'; prefix: boolean }[];
    corrections: { from: string; to: string[] }[];
    ignored: string[];
  };
  tookMs: number;
  items: KbHit[];
}
export interface KbProcedure {
  level: 'central' | 'province' | 'district' | 'commune' | 'other';
  implementingAgency: string;
  steps: string[];
  dossier: string[];
  processingTime: string;
  fees: string;
  legalBasis: string[];
}
/** The part of GET /kb/articles/:id an answer is built from. */
export interface KbArticle {
  id: string;
  kind: KbKind;
  code: string | null;
  title: string;
  summary: string;
  body: string;
  procedure: KbProcedure | null;
  sourceUrl: string | null;
  version: number;
  reviewDue: string | null;
  needsReview: boolean;
  expired: boolean;
}

/** GET /stats/operators: each operator's load today (R-OP-2). */
export interface OperatorLoad {
  since: string;
  at: string;
  operators: {
    id: string;
    displayName: string;
    username: string;
    createdToday: number;
    handledToday: number;
    openHeld: number;
    lastActionAt: string | null;
    signedIn: boolean;
  }[];
}

/** GET /agents: an operator's phone and call state (R-TEL-3, R-TEL-6). */
export interface AgentDto {
  id: string;
  username: string;
  displayName: string;
  role: string;
  sipUsername: string | null;
  state: AgentState;
  since: string | null;
  wrapUpUntil: string | null;
  queues: string[];
  reason: string | null;
  missedCalls: number;
  registered: boolean;
}

/** GET /call-queues/waiting: a caller waiting (no number). */
export interface WaitingCallDto {
  callId: string;
  queue: string;
  enteredAt: string;
}

/** GET /calls: one call of the call log (R-TEL-1, R-TEL-5). */
export interface CallDto {
  id: string;
  direction: 'inbound' | 'outbound';
  /** Null when masked and nothing of it may be shown. */
  caller: string | null;
  callerName: string | null;
  called: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  digits: string;
  ivrPath: string[];
  queue: string | null;
  queueWaitSeconds: number | null;
  agentId: string | null;
  transferTo: string | null;
  outcome: CallOutcome;
  endReason: string | null;
  recording: { seconds: number | null; channels: number } | null;
  codec: string | null;
  media: {
    packetsReceived: number;
    packetsSent: number;
    packetsLost: number;
    jitterMs: number;
    dtmf: string;
  } | null;
  ticketId: string | null;
  masked: boolean;
}
