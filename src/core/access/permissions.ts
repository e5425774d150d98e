/**
 * Who may do what: the one permission table (R-SEC-1, R-SEC-2, R-PUB-2).
 *
 * Each permission names the roles that hold it and, for rows that belong to an agency, how far
 * an agency role reaches (`scope`). Services check it on their first line with
 * `requirePermission(actor, 'kb.publish', row?)` (`check.ts`); every HTTP route names the
 * permission it needs (`config.permission`, published as `x-permission` in the OpenAPI
 * document); the web app hides what a user may not do by asking `can(role, …)` of this same
 * table. Adding a capability means adding a line here, never a role list elsewhere.
 *
 * Scope applies to agency roles (focal points, heads, sub-unit staff) only; hotline roles,
 * coordinators, leaders and administrators reach the whole tenant:
 * - `tenant`: every row of the tenant (the default);
 * - `agency`: rows of the actor's own agency;
 * - `subunit`: rows routed to the actor's sub-unit;
 * - `involved`: rows of the actor's agency or routed to their sub-unit.
 */
import { ROLES, AGENCY_ROLES, HOTLINE_ROLES, type ActorRole, type Role } from './roles.ts';

/** A caller with no session: sign-in, the citizens' site, Open311 reads, the chat widget. */
export type Caller = ActorRole | 'anonymous';

export type Scope = 'tenant' | 'agency' | 'subunit' | 'involved';

export interface PermissionRule {
  roles: readonly Caller[];
  scope?: Scope;
  /** One line for the API documentation and the administrators' role screen. */
  doc: string;
}

const ALL = ROLES;
const ANYONE = ['anonymous', ...ROLES] as const;
const AGENCY = AGENCY_ROLES;
const HOTLINE = HOTLINE_ROLES;
/** Who records contacts: the switchboard and the provincial coordinator (R-IN-3). */
const INTAKE = [...HOTLINE, 'coordinator'] as const;
const ADMIN = ['admin'] as const;

export const PERMISSIONS = {
  // ---- public ------------------------------------------------------------------------------
  public: { roles: ANYONE, doc: 'Open to everyone (sign-in, citizens’ site, health)' },

  // ---- auth --------------------------------------------------------------------------------
  'auth.me': { roles: ALL, doc: 'Read one’s own account' },
  'auth.token.create': { roles: ALL, doc: 'Issue an API token for oneself' },
  'auth.token.manage': {
    roles: ALL,
    doc: 'List and revoke one’s own API tokens; sign out everywhere',
  },
  'auth.password.change': {
    roles: ALL,
    doc: 'Change one’s own password; sign out everywhere',
  },
  'live.events': { roles: ALL, doc: 'Receive live events over the WebSocket' },

  // ---- tickets (R-IN, R-WF) ----------------------------------------------------------------
  'ticket.create': { roles: INTAKE, doc: 'Record a new ticket' },
  'ticket.read': { roles: ALL, scope: 'involved', doc: 'Read tickets (agency staff: their own)' },
  'ticket.lookup': { roles: INTAKE, doc: 'Find a caller’s earlier tickets' },
  'ticket.act': {
    roles: ['operator', 'supervisor', 'focal_point', 'agency_head', 'coordinator', 'leader'],
    doc: 'Perform a workflow action (each action has its own rule below)',
  },
  'attachment.upload': { roles: ALL, doc: 'Upload a file to attach' },
  'attachment.read': { roles: ALL, scope: 'involved', doc: 'Download an attachment' },
  // One per state-machine action (core/ticket/state-machine.ts adds states and inputs).
  'ticket.answer_directly': { roles: HOTLINE, doc: 'Answer at once from the switchboard' },
  'ticket.reject': { roles: INTAKE, doc: 'Refuse a ticket with guidance' },
  'ticket.request_supplement': {
    roles: [...HOTLINE, ...AGENCY],
    scope: 'agency',
    doc: 'Ask the citizen to supplement',
  },
  'ticket.supplement': { roles: [...HOTLINE, 'system'], doc: 'Record the supplement' },
  'ticket.send_to_coordinator': { roles: HOTLINE, doc: 'Hand to the coordinator' },
  'ticket.forward': { roles: INTAKE, doc: 'Forward to an agency' },
  'ticket.accept': { roles: AGENCY, scope: 'agency', doc: 'Accept at the agency' },
  'ticket.return_misrouted': { roles: AGENCY, scope: 'agency', doc: 'Return a misrouted ticket' },
  'ticket.transfer': { roles: AGENCY, scope: 'agency', doc: 'Transfer to another agency' },
  'ticket.route_internal': { roles: AGENCY, scope: 'agency', doc: 'Route to a sub-unit' },
  'ticket.subunit_reply': { roles: AGENCY, scope: 'subunit', doc: 'Reply as the sub-unit' },
  'ticket.request_verification': {
    roles: AGENCY,
    scope: 'agency',
    doc: 'Promise a date after verification',
  },
  'ticket.answer_agency': { roles: AGENCY, scope: 'agency', doc: 'Answer as the agency' },
  'ticket.approve_answer': {
    roles: ['agency_head', 'leader'],
    scope: 'agency',
    doc: 'Approve an agency answer',
  },
  'ticket.reject_answer': {
    roles: ['agency_head', 'leader'],
    scope: 'agency',
    doc: 'Send an agency answer back',
  },
  'ticket.escalate': {
    roles: ['system', 'focal_point'],
    scope: 'agency',
    doc: 'Escalate to the agency head',
  },
  'ticket.mark_overdue': { roles: ['system'], doc: 'Mark overdue (the sweeper)' },
  'ticket.remind': { roles: ['coordinator', 'leader'], doc: 'Remind an agency' },
  'ticket.answer_citizen': { roles: INTAKE, doc: 'Answer the citizen' },
  'ticket.close': { roles: [...INTAKE, 'system'], doc: 'Close an answered ticket' },
  'ticket.reopen': { roles: [...HOTLINE, 'system'], doc: 'Reopen an answered or closed ticket' },
  'ticket.comment': {
    roles: [...HOTLINE, ...AGENCY, 'coordinator', 'leader'],
    scope: 'involved',
    doc: 'Add an internal note',
  },

  // ---- organisation (R-AD) -----------------------------------------------------------------
  'org.read': { roles: ALL, doc: 'Read agencies, fields, scope rules, units and settings' },
  'org.manage': { roles: ADMIN, doc: 'Change agencies, fields, scope rules and settings' },
  'scope_rule.screen': { roles: ALL, doc: 'Screen a text against the out-of-scope rules' },
  'user.list': { roles: ['admin', 'supervisor', 'coordinator'], doc: 'List staff accounts' },
  'user.manage': { roles: ADMIN, doc: 'Create and change staff accounts' },
  'user.token.manage': { roles: ADMIN, doc: 'List and revoke any staff account’s API tokens' },
  'delegation.create': {
    roles: [...AGENCY, 'admin'],
    scope: 'agency',
    doc: 'Delegate one’s duty to a deputy',
  },

  // ---- calendars (R-SLA-4) -----------------------------------------------------------------
  'calendar.read': { roles: ALL, doc: 'Read working-hours calendars' },
  'calendar.manage': { roles: ADMIN, doc: 'Change calendars, holidays and exceptions' },

  // ---- notifications and push --------------------------------------------------------------
  'notification.read': { roles: ALL, doc: 'Read and mark one’s own notifications' },
  'push.subscribe': { roles: ALL, doc: 'Subscribe a browser to Web Push' },

  // ---- knowledge base (R-KB) ---------------------------------------------------------------
  'kb.read': { roles: ALL, doc: 'Search and read published articles' },
  'kb.review_due': {
    roles: ['focal_point', 'agency_head', 'supervisor', 'coordinator', 'leader', 'admin'],
    scope: 'agency',
    doc: 'List articles due for review',
  },
  'kb.edit': {
    roles: [...AGENCY, 'coordinator', 'admin'],
    scope: 'agency',
    doc: 'Write and submit articles (agency staff: their agency’s)',
  },
  'kb.publish': {
    roles: ['agency_head', 'coordinator', 'admin'],
    scope: 'agency',
    doc: 'Approve and publish articles',
  },
  'kb.curate': { roles: ['coordinator', 'admin'], doc: 'See and edit every agency’s drafts' },
  'kb.import': { roles: ADMIN, doc: 'Import articles and rebuild the search index' },

  // ---- templates (R-CH-11) -----------------------------------------------------------------
  'template.read': { roles: ALL, doc: 'Read active reply templates' },
  'template.manage': { roles: ADMIN, doc: 'Write templates and acknowledgements' },

  // ---- publication (R-PUB) -----------------------------------------------------------------
  'publication.manage': { roles: INTAKE, doc: 'Redact and publish answers' },

  // ---- statistics --------------------------------------------------------------------------
  'stats.operators': {
    roles: ['supervisor', 'coordinator', 'admin'],
    doc: 'Per-operator load',
  },

  // ---- abuse (R-AB) ------------------------------------------------------------------------
  'abuse.manage': { roles: ['supervisor', 'admin'], doc: 'Blocklist, word list, flagged events' },

  // ---- Open311 -----------------------------------------------------------------------------
  'open311.keys': { roles: ADMIN, doc: 'Issue and revoke Open311 API keys' },

  // ---- live chat (R-CH-5) ------------------------------------------------------------------
  'chat.desk': { roles: HOTLINE, doc: 'Claim and answer chats' },
  'chat.supervise': { roles: ['supervisor'], doc: 'Act on chats claimed by others' },

  // ---- call control on the telephony node (R-TEL-4) -----------------------------------------
  'call.transfer_any': {
    roles: ['supervisor'],
    doc: 'Transfer a live call another operator answered',
  },

  // ---- telephony (R-TEL) -------------------------------------------------------------------
  'call.read': { roles: ['operator', 'supervisor', 'leader'], doc: 'Read the call log' },
  'call.recording': {
    roles: [...HOTLINE, ...AGENCY],
    scope: 'involved',
    doc: 'Listen to a recording (agency staff: of their tickets)',
  },
  'call.ticket': { roles: HOTLINE, doc: 'Turn a call into a ticket' },
  'call.transfer': { roles: HOTLINE, doc: 'Transfer a live call to an agency' },
  'agent.read': { roles: [...HOTLINE, 'admin'], doc: 'Read operators’ phone states and queues' },
  'agent.state': { roles: HOTLINE, doc: 'Set one’s own phone state' },
  'agent.manage': { roles: ADMIN, doc: 'SIP accounts and call queues' },
  'ivr.read': { roles: ['supervisor', 'admin'], doc: 'Read IVR flows' },
  'ivr.manage': { roles: ADMIN, doc: 'Write IVR flows and prompts' },
  'trunk.manage': { roles: ADMIN, doc: 'SIP trunks' },

  // ---- screens of the staff app (what each role's navigation offers) ------------------------
  'screen.inbox': {
    roles: [...HOTLINE, 'coordinator', 'leader', 'admin'],
    doc: 'The hotline’s inbox of tickets',
  },
  'screen.new_ticket': { roles: HOTLINE, doc: 'The new-ticket form (the switchboard’s)' },
  'screen.agency': { roles: AGENCY, doc: 'The agency’s queue by deadline' },
  'screen.coordinator': { roles: ['coordinator'], doc: 'The coordinator’s desk' },
  'screen.supervisor': { roles: ['supervisor'], doc: 'The shift supervisor’s view' },
  'screen.admin': { roles: ADMIN, doc: 'The administration area' },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

/** The roles that hold a permission. */
export function rolesOf(permission: Permission): readonly Caller[] {
  return PERMISSIONS[permission].roles;
}

/** Whether `role` holds `permission` (before any row's scope). */
export function can(role: Caller | string, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly string[]).includes(role);
}

/** The part of a row that scope is decided on. */
export interface ScopedRow {
  agencyId: string | null;
  subunitId?: string | null;
}

/**
 * Whether an actor holding `permission` reaches `row`: agency roles only within the
 * permission's scope; everyone else tenant-wide.
 */
export function reaches(
  actor: { role: Caller; agencyId: string | null },
  permission: Permission,
  row: ScopedRow,
): boolean {
  const scope: Scope = (PERMISSIONS[permission] as PermissionRule).scope ?? 'tenant';
  if (scope === 'tenant' || !(AGENCY_ROLES as readonly string[]).includes(actor.role)) return true;
  if (actor.agencyId === null) return false;
  if (scope === 'agency') return row.agencyId === actor.agencyId;
  if (scope === 'subunit') return row.subunitId === actor.agencyId;
  return row.agencyId === actor.agencyId || row.subunitId === actor.agencyId;
}

/**
 * Personal data masking (R-PUB-2): roles that never need a citizen's identity see it masked;
 * agency staff see it masked on confidential tickets.
 */
export const PERSONAL_DATA = {
  masked: ['leader', 'admin'],
  maskedWhenConfidential: AGENCY_ROLES,
} as const satisfies Record<string, readonly Role[]>;

export function mustMask(role: Caller | string, row: { confidential: boolean }): boolean {
  if ((PERSONAL_DATA.masked as readonly string[]).includes(role)) return true;
  return (
    row.confidential && (PERSONAL_DATA.maskedWhenConfidential as readonly string[]).includes(role)
  );
}
