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
import type { Urgency, AgentState, CallOutcome } from '../../../src/contract/enums.ts';

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

export interface Citizen {
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  organization: string | null;
  language: 'vi' | 'en';
}

export interface TicketDto {
  id: string;
  code: string;
  channel: string;
  status: TicketStatus;
  escalation: Escalation;
  subject: string;
  content: string;
  urgency: Urgency;
  fieldId: string | null;
  agencyId: string | null;
  subunitId: string | null;
  citizen: Citizen;
  masked: boolean;
  confidential: boolean;
  /** Why the content was flagged for review (R-AB-1): `language`…; empty when it was not. */
  flags: string[];
  location: {
    latitude: number | null;
    longitude: number | null;
    orgUnitId: string | null;
  } | null;
  supplementRequested: boolean;
  promisedDate: string | null;
  answer: string | null;
  agencyAnswer: string | null;
  rejectReason: string | null;
  rejectGuidance: string | null;
  reopenCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  forwardedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  deadline: { kind: string | null | undefined; dueAt: string; warnAt: string | null } | undefined;
  actions: Action[];
}

export interface TimelineEntry {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string | null;
  actorRole: string | null;
  agency: string | null;
  note: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface DeadlineDto {
  id: string;
  kind: 'focal_point' | 'head' | 'promised';
  status: 'pending' | 'paused' | 'fired' | 'met' | 'cancelled';
  startsAt: string;
  warnAt: string | null;
  dueAt: string;
  remainingMs: number | null;
  firedAt: string | null;
  closedAt: string | null;
}

export interface AttachmentDto {
  id: string;
  eventId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface TicketDetail extends TicketDto {
  timeline: TimelineEntry[];
  deadlines: DeadlineDto[];
  attachments: AttachmentDto[];
}

export interface TicketList {
  total: number;
  items: TicketDto[];
}

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

export interface NotificationDto {
  id: string;
  title: string;
  body: string;
  ticketId: string | null;
  createdAt: string;
  readAt: string | null;
}

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

/** The body of POST /tickets (see createTicketBody on the server). */
export interface CreateTicketBody {
  channel: Channel;
  subject?: string;
  content: string;
  citizen: {
    name: string;
    phone?: string;
    email?: string;
    address?: string;
    organization?: string;
    language?: 'vi' | 'en';
  };
  fieldId?: string;
  urgency?: Urgency;
  confidential?: boolean;
  idempotencyKey?: string;
  /** The phone call this ticket records (bound to it). */
  callId?: string;
}

/** The body of POST /tickets/:id/actions/:action (see actionBody on the server). */
export interface ActionBody {
  note?: string;
  reason?: string;
  guidance?: string;
  answer?: string;
  agencyId?: string;
  subunitId?: string;
  promisedDate?: string;
  /** The knowledge-base article the answer came from, and the version read (R-WF-1). */
  kbArticleId?: string;
  kbVersion?: number;
  version?: number;
}

export interface ListQuery {
  status?: TicketStatus[];
  escalation?: Escalation[];
  mine?: 'created' | 'assigned';
  q?: string;
  order?: 'created_desc' | 'deadline_asc';
  limit?: number;
}

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
