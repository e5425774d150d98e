import type {
  AgencyKind,
  AgentState,
  Channel,
  Escalation,
  TemplateKind,
  TicketStatus,
} from '../contract/enums.ts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { StoredCalendarConfig } from '../contract/calendar.ts';
import type { ScopeAction } from '../contract/org.ts';
import type { AbuseBlockKind, AbuseOutcome, MatchLevel } from '../contract/abuse.ts';
import type {
  ChatAuthor,
  ChatConversationStatus as ChatStatus,
  ChatSuggestion,
} from '../contract/chat.ts';
import type { KbKind, KbPendingStatus, KbProcedure, KbStatus } from '../contract/kb.ts';

/**
 * Table types for Kysely. Column names are snake_case as in SQL; repositories map rows
 * to domain objects and presenters shape what leaves the server — a row never does.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNullable = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type BigIntCol = ColumnType<string, number | string | bigint, number | string | bigint>;
type BigSerial = ColumnType<string, never, never>;

export type Role =
  'operator' | 'supervisor' | 'focal_point' | 'agency_head' | 'coordinator' | 'leader' | 'admin';

export interface TenantTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'province' | 'district';
  settings: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export interface OrgUnitTable {
  id: Generated<string>;
  tenant_id: string;
  parent_id: string | null;
  code: string;
  name: string;
  level: string;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
  successor_id: string | null;
}

export interface CalendarTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  is_default: Generated<boolean>;
  config: Json<StoredCalendarConfig>;
  updated_at: Generated<Date>;
}

export interface CalendarExceptionTable {
  id: Generated<string>;
  calendar_id: string;
  date: DateOnly;
  kind: 'holiday' | 'working';
  name_vi: string;
  name_en: Generated<string>;
  intervals: Json<[string, string][]> | null;
}

export type { AgencyKind };

export interface AgencyTable {
  id: Generated<string>;
  tenant_id: string;
  parent_id: string | null;
  org_unit_id: string | null;
  calendar_id: string | null;
  code: string;
  name: string;
  name_en: Generated<string>;
  kind: AgencyKind;
  phone: string | null;
  email: string | null;
  requires_approval: Generated<boolean>;
  active: Generated<boolean>;
}

export interface AppUserTable {
  id: Generated<string>;
  tenant_id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  agency_id: string | null;
  title: string | null;
  is_deputy: Generated<boolean>;
  password_hash: string;
  locale: Generated<'vi' | 'en'>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface DelegationTable {
  id: Generated<string>;
  from_user_id: string;
  to_user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  /** The last request made with it (written at most once a minute): the idle timeout. */
  last_seen_at: Generated<Date>;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: TimestampNullable;
  /** Chosen at creation (at most API_TOKEN_MAX_DAYS ahead). */
  expires_at: Generated<Date>;
  revoked_at: TimestampNullable;
  revoked_by: string | null;
  /** Why: `owner`, `admin`, `password_changed`, `password_reset`, `deactivated`, `sign_out_all`. */
  revoke_reason: string | null;
}

export interface LoginFailureTable {
  key: string;
  count: number;
  window_start: Timestamp;
  locked_until: TimestampNullable;
  /** The latest failure of the streak; a quiet day starts a new streak. */
  last_at: TimestampNullable;
}

/** A device (cookie) or address an account signed in from successfully. */
export interface LoginKnownTable {
  user_id: string;
  kind: 'device' | 'address';
  hash: string;
  last_seen_at: Timestamp;
}

export interface FieldGroupTable {
  id: Generated<string>;
  tenant_id: string;
  number: number;
  name: string;
  name_en: Generated<string>;
}

export interface FieldTable {
  id: Generated<string>;
  tenant_id: string;
  group_id: string;
  code: string;
  name: string;
  name_en: Generated<string>;
  default_agency_id: string | null;
  active: Generated<boolean>;
}

export interface ScopeRuleTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  name_en: Generated<string>;
  action: ScopeAction;
  redirect_to: string | null;
  keywords: Generated<string[]>;
  guidance_vi: string;
  guidance_en: Generated<string>;
  active: Generated<boolean>;
}

export interface MessageTemplateTable {
  id: Generated<string>;
  tenant_id: string;
  kind: TemplateKind;
  code: string;
  title: string;
  channel: Channel | null;
  body_vi: string;
  body_en: Generated<string>;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface TicketTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  channel: Channel;
  status: TicketStatus;
  escalation: Generated<Escalation>;
  kind: Generated<string>;
  subject: string;
  content: string;
  urgency: Generated<'normal' | 'urgent' | 'emergency'>;
  field_id: string | null;
  agency_id: string | null;
  subunit_id: string | null;
  assignee_id: string | null;
  citizen_name: string;
  citizen_phone: string | null;
  citizen_email: string | null;
  citizen_address: string | null;
  citizen_org: string | null;
  citizen_language: Generated<'vi' | 'en'>;
  confidential: Generated<boolean>;
  latitude: number | null;
  longitude: number | null;
  org_unit_id: string | null;
  supplement_requested: Generated<boolean>;
  resume_status: TicketStatus | null;
  promised_date: DateOnly | null;
  answer: string | null;
  agency_answer: string | null;
  reject_reason: string | null;
  reject_guidance: string | null;
  reopen_count: Generated<number>;
  paused_ms: ColumnType<string, number | string | undefined, number | string>;
  created_by: string | null;
  idempotency_key: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  forwarded_at: TimestampNullable;
  answered_at: TimestampNullable;
  closed_at: TimestampNullable;
}

export interface TicketEventTable {
  id: BigSerial;
  ticket_id: string;
  tenant_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_role: string | null;
  agency_id: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
  at: Generated<Date>;
}

export interface AttachmentTable {
  id: Generated<string>;
  tenant_id: string;
  ticket_id: string | null;
  event_id: BigIntCol | null;
  storage_key: string;
  filename: string;
  content_type: string;
  size: BigIntCol;
  sha256: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type DeadlineKind = 'focal_point' | 'head' | 'promised';

export interface DeadlineTable {
  id: BigSerial;
  tenant_id: string;
  ticket_id: string;
  kind: DeadlineKind;
  starts_at: Timestamp;
  warn_at: TimestampNullable;
  due_at: Timestamp;
  status: Generated<'pending' | 'paused' | 'fired' | 'met' | 'cancelled'>;
  remaining_ms: ColumnType<
    string | null,
    number | string | null | undefined,
    number | string | null
  >;
  warned_at: TimestampNullable;
  fired_at: TimestampNullable;
  closed_at: TimestampNullable;
}

export interface OutboxTable {
  id: BigSerial;
  tenant_id: string;
  channel: 'email' | 'inapp' | 'sms' | 'webpush';
  recipient: string;
  user_id: string | null;
  template: string;
  payload: Json<Record<string, unknown>>;
  idempotency_key: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  sent_at: TimestampNullable;
}

export interface NotificationTable {
  id: BigSerial;
  user_id: string;
  outbox_id: BigIntCol | null;
  title: string;
  body: string;
  ticket_id: string | null;
  created_at: Generated<Date>;
  read_at: TimestampNullable;
}

export interface AuditLogTable {
  seq: BigSerial;
  chain_id: string;
  tenant_id: string | null;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Json<Record<string, unknown>>;
  chain_seq: BigIntCol | null;
  prev_hash: string | null;
  hash: string | null;
  sealed_at: TimestampNullable;
  /** NULL: version 1 (the hash does not cover sealed_at); 2: it does. */
  hash_v: number | null;
}

export interface AuditCheckpointTable {
  id: BigSerial;
  chain_id: string;
  chain_seq: BigIntCol;
  hash: string;
  at: Timestamp;
  public_key: string;
  signature: string;
  tsa_token: string | null;
}

export type { KbKind, KbStatus };
/** Structured fields of an administrative procedure (kb_article.procedure). */
export type KbProcedureJson = KbProcedure;

export interface KbArticleTable {
  id: Generated<string>;
  tenant_id: string;
  kind: KbKind;
  code: string | null;
  code_norm: string | null;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  procedure: Json<KbProcedureJson> | null;
  keywords: Generated<string[]>;
  source_url: string | null;
  field_id: string | null;
  agency_id: string;
  status: Generated<KbStatus>;
  effective_from: DateOnly | null;
  expires_at: DateOnly | null;
  review_due: DateOnly | null;
  version: Generated<number>;
  pending_version: number | null;
  pending_status: KbPendingStatus | null;
  published_at: TimestampNullable;
  published_by: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_by: string | null;
  updated_at: Generated<Date>;
  search_title: Generated<string>;
  search_a: Generated<string>;
  search_b: Generated<string>;
  search_c: Generated<string>;
  search_revision: Generated<number>;
  /** Generated by PostgreSQL from search_a/b; never written. */
  search_head: ColumnType<string, never, never>;
  /** Generated by PostgreSQL from search_a/b/c; never written. */
  search_vector: ColumnType<string, never, never>;
}

export interface KbArticleVersionTable {
  article_id: string;
  version: number;
  tenant_id: string;
  snapshot: Json<Record<string, unknown>>;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  published_at: TimestampNullable;
  published_by: string | null;
}

export interface KbTermTable {
  tenant_id: string;
  term: string;
  df: number;
}

export interface Open311ApiKeyTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  hourly_limit: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: TimestampNullable;
  revoked_at: TimestampNullable;
  revoked_by: string | null;
}

export interface Open311RequestTable {
  id: Generated<string>;
  tenant_id: string;
  token: string;
  api_key_id: string;
  ticket_id: string | null;
  service_code: string;
  description: string | null;
  address_string: string | null;
  address_id: string | null;
  latitude: number | null;
  longitude: number | null;
  media_url: string | null;
  device_id: string | null;
  account_id: string | null;
  attributes: Json<Record<string, string[]>>;
  client_ip: string | null;
  pending_body: Json<Record<string, unknown>> | null;
  created_at: Generated<Date>;
}

export interface RateCounterTable {
  scope: string;
  key_hash: string;
  window_start: Timestamp;
  count: number;
}

export type { AbuseBlockKind, AbuseOutcome };
export type AbuseLevel = MatchLevel;

export interface AbuseBlockTable {
  id: Generated<string>;
  tenant_id: string;
  kind: AbuseBlockKind;
  value: string;
  ip_net: string | null;
  reason: string;
  expires_at: TimestampNullable;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AbuseWordTable {
  id: Generated<string>;
  tenant_id: string;
  term: string;
  level: AbuseLevel;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface AbuseEventTable {
  id: BigSerial;
  tenant_id: string;
  at: Timestamp;
  channel: string;
  outcome: AbuseOutcome;
  reasons: string[];
  terms: Generated<string[]>;
  phone: string | null;
  email: string | null;
  ip: string | null;
  excerpt: string | null;
  ticket_id: string | null;
}

export interface TicketFlagTable {
  ticket_id: string;
  tenant_id: string;
  reasons: string[];
  terms: Generated<string[]>;
  abuse_event_id: BigIntCol | null;
  created_at: Timestamp;
}

export interface ChallengeSpentTable {
  id: string;
  expires_at: Timestamp;
}

/** How a call ended, or `in-progress` until it does (`contract/enums.ts`). */
export type CallOutcome = import('../contract/enums.ts').CallOutcome;

export interface CallMediaJson {
  packetsReceived: number;
  packetsSent: number;
  packetsLost: number;
  jitterMs: number;
  dtmf: string;
}

export interface CallRecordTable {
  id: string;
  tenant_id: string;
  sip_call_id: string;
  direction: Generated<'inbound' | 'outbound'>;
  caller: string;
  caller_name: string | null;
  called: string;
  started_at: Timestamp;
  answered_at: TimestampNullable;
  /** Null while the call is in progress. */
  ended_at: TimestampNullable;
  wait_ms: number;
  talk_ms: number;
  digits: Generated<string>;
  ivr_path: Generated<string[]>;
  queue: string | null;
  agent_id: string | null;
  outcome: CallOutcome;
  end_reason: string | null;
  recording_file: string | null;
  recording_ms: number | null;
  codec: string | null;
  media: Json<CallMediaJson> | null;
  ticket_id: string | null;
  created_at: Generated<Date>;
  queue_wait_ms: number | null;
  transfer_to: string | null;
  recording_channels: number | null;
  /** The telephony node holding (or that held) the call. */
  node: string | null;
}

export interface SipAccountTable {
  user_id: string;
  tenant_id: string;
  username: string;
  realm: string;
  ha1_md5: string;
  ha1_sha256: string;
  updated_at: Generated<Date>;
}

export interface SipBindingTable {
  user_id: string;
  tenant_id: string;
  contact: string;
  call_id: string;
  cseq: number;
  expires_at: Timestamp;
  source: string;
  user_agent: string | null;
  updated_at: Generated<Date>;
}

/** The carrier's SIP trunk (R-TEL-4): where calls to agency phones leave. */
export interface SipTrunkTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  host: string;
  port: Generated<number>;
  transport: Generated<'udp' | 'tcp'>;
  username: string | null;
  /** For the carrier's digest challenge; never presented, never audited. */
  password: string | null;
  from_user: string | null;
  dial_prefix: Generated<string>;
  allow_from: Generated<string[]>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type CallCommandKind = 'transfer' | 'complete' | 'cancel';
export type CallCommandState = 'pending' | 'taken' | 'done' | 'failed';

/** A command for a live call, carried through PostgreSQL to the node holding the call. */
export interface CallCommandTable {
  id: Generated<string>;
  tenant_id: string;
  call_id: string;
  kind: CallCommandKind;
  args: Json<Record<string, unknown>>;
  actor_id: string;
  actor_role: string;
  state: Generated<CallCommandState>;
  result: Json<Record<string, unknown>> | null;
  created_at: Generated<Date>;
  done_at: TimestampNullable;
}

/** One transfer attempt of a call (R-WF-8). */
export interface CallTransferTable {
  id: Generated<string>;
  tenant_id: string;
  call_id: string;
  target: string;
  mode: 'blind' | 'attended';
  via: 'api' | 'refer' | 'ivr';
  by_user_id: string | null;
  result: 'completed' | 'failed' | 'cancelled';
  sip_status: number | null;
  started_at: Timestamp;
  ended_at: Timestamp;
}

export interface CallQueueTable {
  tenant_id: string;
  code: string;
  name: string;
  field_id: string | null;
  max_wait_seconds: Generated<number>;
  announce_seconds: Generated<number>;
  ring_seconds: Generated<number>;
  wrap_up_seconds: Generated<number>;
  overflow: Generated<'voicemail' | 'callback'>;
  updated_at: Generated<Date>;
}

export type AgentStateName = AgentState;

export interface AgentStateTable {
  user_id: string;
  tenant_id: string;
  state: Generated<AgentStateName>;
  since: Generated<Date>;
  idle_since: Generated<Date>;
  wrap_up_until: TimestampNullable;
  call_id: string | null;
  queues: Generated<string[]>;
  /** Why the operator is in this state when the system set it ('no-answer'). */
  reason: string | null;
  /** Offers in a row that rang out unanswered (reset when the operator answers a call). */
  missed_calls: Generated<number>;
}

/** A caller waiting in a queue on some telephony node (the queue's order across nodes). */
export interface CallQueueEntryTable {
  call_id: string;
  tenant_id: string;
  queue: string;
  node: string;
  entered_at: Timestamp;
  alive_until: Timestamp;
}

/** An IVR flow configured by an administrator (R-TEL-2); `flow` is validated before saving. */
export interface IvrFlowTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  flow: Json<unknown>;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A called number (DNIS) answered by one flow of the tenant. */
export interface IvrFlowNumberTable {
  tenant_id: string;
  number: string;
  flow_id: string;
}

/** A recording uploaded to replace one prompt's synthesised speech. */
export interface IvrPromptFileTable {
  flow_id: string;
  key: string;
  storage_key: string;
  sha256: string;
  format: string | null;
  bytes: number;
  duration_ms: number;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

/** A ticket submitted through the public website (src/modules/public). */
export interface PublicRequestTable {
  ticket_id: string;
  tenant_id: string;
  publish_consent: boolean;
  created_at: Generated<Date>;
}

/** A citizen's satisfaction rating of one answering round. */
export interface SatisfactionTable {
  id: BigSerial;
  tenant_id: string;
  ticket_id: string;
  agency_id: string | null;
  round: number;
  rating: number;
  comment: string | null;
  at: Generated<Date>;
}

/** An answered ticket as published on the public website (R-PUB-1), texts redacted. */
export interface PublicationTable {
  ticket_id: string;
  tenant_id: string;
  title: string;
  question: string;
  answer: string;
  field_id: string | null;
  agency_id: string | null;
  published_by: string | null;
  published_at: Timestamp;
  unpublished_by: string | null;
  unpublished_at: TimestampNullable;
  received_at: Timestamp;
  answered_at: TimestampNullable;
}

export interface Database {
  tenant: TenantTable;
  org_unit: OrgUnitTable;
  calendar: CalendarTable;
  calendar_exception: CalendarExceptionTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  delegation: DelegationTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  login_failure: LoginFailureTable;
  login_known: LoginKnownTable;
  field_group: FieldGroupTable;
  field: FieldTable;
  scope_rule: ScopeRuleTable;
  message_template: MessageTemplateTable;
  ticket: TicketTable;
  ticket_event: TicketEventTable;
  attachment: AttachmentTable;
  deadline: DeadlineTable;
  outbox: OutboxTable;
  notification: NotificationTable;
  audit_log: AuditLogTable;
  audit_checkpoint: AuditCheckpointTable;
  kb_article: KbArticleTable;
  kb_article_version: KbArticleVersionTable;
  kb_term: KbTermTable;
  open311_api_key: Open311ApiKeyTable;
  open311_request: Open311RequestTable;
  rate_counter: RateCounterTable;
  abuse_block: AbuseBlockTable;
  abuse_word: AbuseWordTable;
  abuse_event: AbuseEventTable;
  ticket_flag: TicketFlagTable;
  challenge_spent: ChallengeSpentTable;
  call_record: CallRecordTable;
  sip_trunk: SipTrunkTable;
  call_command: CallCommandTable;
  call_transfer: CallTransferTable;
  public_request: PublicRequestTable;
  satisfaction: SatisfactionTable;
  publication: PublicationTable;
  chat_conversation: ChatConversationTable;
  chat_message: ChatMessageTable;
  sip_account: SipAccountTable;
  sip_binding: SipBindingTable;
  call_queue: CallQueueTable;
  agent_state: AgentStateTable;
  call_queue_entry: CallQueueEntryTable;
  ivr_flow: IvrFlowTable;
  ivr_flow_number: IvrFlowNumberTable;
  ivr_prompt_file: IvrPromptFileTable;
  push_subscription: PushSubscriptionTable;
  push_vapid: PushVapidTable;
}

export type { ChatAuthor, ChatStatus, ChatSuggestion };

export interface ChatConversationTable {
  id: Generated<string>;
  tenant_id: string;
  token_hash: string;
  status: ColumnType<ChatStatus, ChatStatus | undefined, ChatStatus>;
  visitor_name: string;
  visitor_phone: string | null;
  visitor_email: string | null;
  language: ColumnType<'vi' | 'en', 'vi' | 'en' | undefined, 'vi' | 'en'>;
  client_ip: string | null;
  operator_id: string | null;
  ticket_id: string | null;
  ticket_code: string | null;
  flag: Json<Record<string, unknown>> | null;
  last_seq: ColumnType<number, number | undefined, number>;
  waiting_since: TimestampNullable;
  claimed_at: TimestampNullable;
  closed_at: TimestampNullable;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChatMessageTable {
  id: Generated<string>;
  conversation_id: string;
  seq: number;
  author: ChatAuthor;
  operator_id: string | null;
  client_id: string | null;
  body: string;
  suggestions: Json<ChatSuggestion[]> | null;
  flagged: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export type ChatConversationRow = Selectable<ChatConversationTable>;
export type ChatMessageRow = Selectable<ChatMessageTable>;

export type TicketRow = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type UserRow = Selectable<AppUserTable>;
export type AgencyRow = Selectable<AgencyTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type KbArticleRow = Selectable<KbArticleTable>;
export type KbArticleVersionRow = Selectable<KbArticleVersionTable>;
export type CallRecordRow = Selectable<CallRecordTable>;
export type SipBindingRow = Selectable<SipBindingTable>;
export type CallQueueRow = Selectable<CallQueueTable>;
export type SipTrunkRow = Selectable<SipTrunkTable>;
export type CallTransferRow = Selectable<CallTransferTable>;
export type AgentStateRow = Selectable<AgentStateTable>;

/** A browser's Web Push subscription (R-CH-8 agency app), per signed-in user. */
export interface PushSubscriptionTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Timestamp;
  last_used_at: TimestampNullable;
}

/** The VAPID key pair generated once when the environment gives none. */
export interface PushVapidTable {
  id: Generated<boolean>;
  public_key: string;
  private_key: string;
  created_at: Generated<Date>;
}
