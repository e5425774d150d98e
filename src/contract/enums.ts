/**
 * Every closed list of values the API speaks: one definition each, imported by the database
 * types, the request and response schemas, the web app and the tests. Lists that belong to a
 * pure domain rule live in `src/core` and are re-exported here.
 */
export { ROLES, type Role } from '../core/access/roles.ts';
export {
  STATUSES,
  ESCALATIONS,
  ACTIONS,
  type TicketStatus,
  type Escalation,
  type Action,
} from '../core/ticket/state-machine.ts';
export { CHANNELS, type Channel } from '../core/ticket/channels.ts';
export { PROCEDURE_LEVELS } from '../core/kb/document.ts';

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Kinds of organisation the hotline forwards to (R-AD-1). */
export const AGENCY_KINDS = [
  'hotline',
  'coordinator',
  'department',
  'committee',
  'vertical',
  'service_provider',
  'subunit',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** How a call ended, or where it is (R-TEL-5). */
export const CALL_OUTCOMES = [
  'in-progress',
  'ivr-hangup',
  'queued',
  'transferred',
  'answered',
  'abandoned',
  'cancelled',
  'rejected',
  'failed',
  'interrupted',
  'voicemail',
  'callback',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** An operator's phone state (R-TEL-3). */
export const AGENT_STATES = [
  'available',
  'ringing',
  'on-call',
  'wrap-up',
  'break',
  'offline',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** espeak-ng voices the IVR speaks in (R-TEL-2). */
export const IVR_VOICES = ['vi', 'vi-vn-x-central', 'vi-vn-x-south'] as const;
export type IvrVoice = (typeof IVR_VOICES)[number];

export const KB_KINDS = ['faq', 'policy', 'procedure'] as const;
export type KbKind = (typeof KB_KINDS)[number];
export { KB_STATUSES, type KbStatus } from '../core/kb/review.ts';

export const TEMPLATE_KINDS = ['reply', 'acknowledgement'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const CHAT_STATUSES = ['bot', 'waiting', 'active', 'closed', 'ticket'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
