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
import type { Urgency } from '../../../src/contract/enums.ts';

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
