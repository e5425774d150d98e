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

export type { Me, Session } from '../../../src/contract/auth.ts';

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

export type { Agency, Field, FieldGroup, ScopeRule } from '../../../src/contract/org.ts';

export interface NotificationDto {
  id: string;
  title: string;
  body: string;
  ticketId: string | null;
  createdAt: string;
  readAt: string | null;
}

export type {
  CalendarSummary,
  CalendarException,
  CalendarDetail,
} from '../../../src/contract/calendar.ts';

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
