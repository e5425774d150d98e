/**
 * The ticket state machine: every path of REQUIREMENTS §3–§5 as data plus one pure function.
 *
 * A ticket has a processing `status` and, orthogonally, an `escalation` level of the deadline
 * chain (R-SLA-1..3): a ticket at an agency can be `in_progress` *and* escalated to the head,
 * or overdue, and still be answered. Keeping the two apart avoids doubling every agency state.
 *
 * `decide()` answers "may this actor do this to this ticket now, and what follows?" without
 * I/O: the service applies the returned patch and effects (deadlines, notifications) in one
 * transaction.
 *
 * Who may take each action, and how far an agency role reaches, is the permission table's
 * (`core/access/permissions.ts`, `ticket.<action>`); the rules here add states and inputs.
 */
import { PERMISSIONS, reaches, type Caller, type Permission } from '../access/permissions.ts';
import type { ActorRole } from '../access/roles.ts';

export const STATUSES = [
  'received', // recorded by the hotline, waiting for triage
  'rejected', // not accepted (R-IN-2, R-SC-3); reason and guidance given
  'awaiting_supplement', // citizen asked to supplement, once (R-IN-4); clock paused
  'coordinating', // with the coordinator: jurisdiction unclear or urgent (R-WF-7)
  'forwarded', // at the agency's focal point, not yet accepted (R-WF-2)
  'in_progress', // accepted by the agency (possibly routed to a sub-unit, R-WF-9)
  'verifying', // needs verification; completion promised for a date (R-WF-6)
  'pending_approval', // agency answer waiting for leadership approval (R-WF-11)
  'agency_answered', // the agency replied; the hotline must answer the citizen
  'answered', // answered to the citizen
  'closed',
] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const ESCALATIONS = ['none', 'head', 'overdue'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

export const ACTIONS = [
  'answer_directly',
  'reject',
  'request_supplement',
  'supplement',
  'send_to_coordinator',
  'forward',
  'accept',
  'return_misrouted',
  'transfer',
  'route_internal',
  'subunit_reply',
  'request_verification',
  'answer_agency',
  'approve_answer',
  'reject_answer',
  'escalate',
  'mark_overdue',
  'remind',
  'answer_citizen',
  'close',
  'reopen',
  'comment',
] as const;
export type Action = (typeof ACTIONS)[number];

/** States in which the agency holds the ticket and the deadline chain runs. */
export const AGENCY_STATES: readonly TicketStatus[] = [
  'forwarded',
  'in_progress',
  'verifying',
  'pending_approval',
];
/** States of a ticket still being handled (all but rejected and closed). */
export const OPEN_STATES: readonly TicketStatus[] = STATUSES.filter(
  (s) => s !== 'rejected' && s !== 'closed',
);

export interface TicketSnapshot {
  status: TicketStatus;
  escalation: Escalation;
  agencyId: string | null;
  subunitId: string | null;
  supplementRequested: boolean;
  /** Where a ticket returns after the citizen supplements. */
  resumeStatus: TicketStatus | null;
  /** Whether the responsible agency's answers need approval (R-WF-11). */
  agencyRequiresApproval: boolean;
}

export interface Actor {
  role: ActorRole;
  userId: string | null;
  /** The agency the user belongs to (focal points, heads, sub-unit staff). */
  agencyId: string | null;
}

export interface ActionInput {
  agencyId?: string | null;
  subunitId?: string | null;
  promisedDate?: string | null;
  /** Today's date in the tenant's time zone, 'YYYY-MM-DD', to validate promised dates. */
  today?: string;
  answer?: string | null;
  reason?: string | null;
  guidance?: string | null;
}

export type DeadlineKind = 'focal_point' | 'head' | 'promised';

export type NotifyTarget =
  | 'agency_focal_points'
  | 'agency_head'
  | 'subunit'
  | 'coordinators'
  | 'leaders'
  | 'hotline'
  | 'citizen';

export type Effect =
  | { type: 'start_deadline'; kind: DeadlineKind }
  | { type: 'cancel_deadlines' }
  | { type: 'complete_deadlines' }
  | { type: 'pause_deadlines' }
  | { type: 'resume_deadlines' }
  | { type: 'notify'; target: NotifyTarget; template: string };

export interface TicketPatch {
  status?: TicketStatus;
  escalation?: Escalation;
  agencyId?: string | null;
  subunitId?: string | null;
  supplementRequested?: boolean;
  resumeStatus?: TicketStatus | null;
  promisedDate?: string | null;
  answer?: string | null;
  agencyAnswer?: string | null;
  rejectReason?: string | null;
  rejectGuidance?: string | null;
  reopenIncrement?: boolean;
  forwarded?: boolean;
  answered?: boolean;
  closed?: boolean;
}

export type DecideError =
  | 'forbidden'
  | 'invalid_transition'
  | 'supplement_already_requested'
  | 'missing_input'
  | 'promised_date_invalid';

export type Decision =
  | { ok: true; to: TicketStatus; patch: TicketPatch; effects: Effect[] }
  | { ok: false; error: DecideError; detail?: string };

interface Rule {
  from: readonly TicketStatus[];
  requires?: readonly (keyof ActionInput)[];
}

/** The permission that names who may take an action (`core/access/permissions.ts`). */
export const permissionOf = (action: Action) => `ticket.${action}` as const satisfies Permission;

/** Which states allow each action and what it needs. `decide()` adds the finer guards. */
export const RULES: Record<Action, Rule> = {
  answer_directly: { from: ['received'], requires: ['answer'] },
  reject: { from: ['received', 'coordinating'], requires: ['reason', 'guidance'] },
  request_supplement: { from: ['received', 'forwarded', 'in_progress'], requires: ['reason'] },
  supplement: { from: ['awaiting_supplement'] },
  send_to_coordinator: { from: ['received'] },
  forward: { from: ['received', 'coordinating'], requires: ['agencyId'] },
  accept: { from: ['forwarded'] },
  return_misrouted: { from: ['forwarded', 'in_progress'], requires: ['reason'] },
  transfer: { from: ['forwarded', 'in_progress'], requires: ['agencyId'] },
  route_internal: { from: ['in_progress'], requires: ['subunitId'] },
  subunit_reply: { from: ['in_progress'], requires: ['answer'] },
  request_verification: { from: ['in_progress'], requires: ['promisedDate', 'today'] },
  answer_agency: { from: ['in_progress', 'verifying'], requires: ['answer'] },
  approve_answer: { from: ['pending_approval'] },
  reject_answer: { from: ['pending_approval'], requires: ['reason'] },
  escalate: { from: AGENCY_STATES },
  mark_overdue: { from: AGENCY_STATES },
  remind: { from: AGENCY_STATES, requires: ['reason'] },
  answer_citizen: { from: ['agency_answered'], requires: ['answer'] },
  close: { from: ['answered'] },
  reopen: { from: ['answered', 'closed'], requires: ['reason'] },
  comment: { from: OPEN_STATES, requires: ['reason'] },
};

/** Each action's permission and its roles, looked up once (the UI asks for every action). */
const ACTION_RIGHTS = Object.fromEntries(
  ACTIONS.map((a) => {
    const permission = permissionOf(a);
    return [a, { permission, roles: PERMISSIONS[permission].roles as readonly Caller[] }];
  }),
) as Record<Action, { permission: Permission; roles: readonly Caller[] }>;

/** Whether the actor's role may take the action on this ticket (role and agency scope). */
function permitted(action: Action, ticket: TicketSnapshot, actor: Actor): boolean {
  const right = ACTION_RIGHTS[action];
  return right.roles.includes(actor.role) && reaches(actor, right.permission, ticket);
}

function present(v: unknown): boolean {
  return typeof v === 'string' ? v.trim().length > 0 : v !== undefined && v !== null;
}

/**
 * Refusals that depend on the ticket beyond its status but not on the input: shared by
 * `decide()` and `availableActions()` so that the UI never offers what would be refused.
 */
function stateGuard(ticket: TicketSnapshot, action: Action): DecideError | null {
  switch (action) {
    case 'request_supplement':
      // Once only (R-IN-4).
      return ticket.supplementRequested ? 'supplement_already_requested' : null;
    case 'escalate':
      return ticket.escalation !== 'none' ? 'invalid_transition' : null;
    case 'mark_overdue':
      if (ticket.escalation === 'overdue') return 'invalid_transition';
      // From the head level (R-SLA-3), or a missed promised date (R-WF-6).
      if (ticket.escalation === 'none' && ticket.status !== 'verifying') {
        return 'invalid_transition';
      }
      return null;
    default:
      return null;
  }
}

/** A real calendar date written 'YYYY-MM-DD'. */
function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Decides one transition.
 *
 * ### Examples
 * ```ts
 * const d = decide(ticket, 'accept', { role: 'focal_point', userId: 'u1', agencyId: ticket.agencyId });
 * if (d.ok) apply(d.patch, d.effects); // → status 'in_progress'
 * ```
 */
export function decide(
  ticket: TicketSnapshot,
  action: Action,
  actor: Actor,
  input: ActionInput = {},
): Decision {
  const rule = RULES[action];
  if (!permitted(action, ticket, actor)) return { ok: false, error: 'forbidden' };
  if (!rule.from.includes(ticket.status)) return { ok: false, error: 'invalid_transition' };
  const refused = stateGuard(ticket, action);
  if (refused) return { ok: false, error: refused };
  for (const key of rule.requires ?? []) {
    if (!present(input[key])) return { ok: false, error: 'missing_input', detail: key };
  }

  const s = ticket.status;
  const ok = (to: TicketStatus, patch: TicketPatch = {}, effects: Effect[] = []): Decision => ({
    ok: true,
    to,
    patch: { ...patch, status: to },
    effects,
  });

  switch (action) {
    case 'answer_directly':
      return ok('answered', { answer: input.answer, answered: true }, [
        { type: 'notify', target: 'citizen', template: 'citizen_answered' },
      ]);

    case 'reject':
      return ok(
        'rejected',
        { rejectReason: input.reason, rejectGuidance: input.guidance, closed: true },
        [{ type: 'notify', target: 'citizen', template: 'citizen_rejected' }],
      );

    case 'request_supplement': {
      const atAgency = AGENCY_STATES.includes(s);
      return ok('awaiting_supplement', { supplementRequested: true, resumeStatus: s }, [
        ...(atAgency ? [{ type: 'pause_deadlines' } as const] : []),
        { type: 'notify', target: 'citizen', template: 'citizen_supplement_requested' },
      ]);
    }

    case 'supplement': {
      const back = ticket.resumeStatus ?? 'received';
      const atAgency = AGENCY_STATES.includes(back);
      return ok(back, { resumeStatus: null }, [
        ...(atAgency
          ? [
              { type: 'resume_deadlines' } as const,
              {
                type: 'notify',
                target: 'agency_focal_points',
                template: 'agency_supplemented',
              } as const,
            ]
          : []),
      ]);
    }

    case 'send_to_coordinator':
      return ok('coordinating', {}, [
        { type: 'notify', target: 'coordinators', template: 'coordinator_new' },
      ]);

    case 'forward':
    case 'transfer': {
      if (action === 'transfer' && input.agencyId === ticket.agencyId) {
        return { ok: false, error: 'invalid_transition', detail: 'same agency' };
      }
      return ok(
        'forwarded',
        { agencyId: input.agencyId, subunitId: null, escalation: 'none', forwarded: true },
        [
          { type: 'cancel_deadlines' },
          { type: 'start_deadline', kind: 'focal_point' },
          { type: 'notify', target: 'agency_focal_points', template: 'agency_forwarded' },
        ],
      );
    }

    case 'accept':
      return ok('in_progress');

    case 'return_misrouted':
      return ok('received', { agencyId: null, subunitId: null, escalation: 'none' }, [
        { type: 'cancel_deadlines' },
        { type: 'notify', target: 'hotline', template: 'hotline_returned' },
      ]);

    case 'route_internal':
      if (input.subunitId === ticket.agencyId) {
        return { ok: false, error: 'invalid_transition', detail: 'sub-unit is the agency' };
      }
      return ok('in_progress', { subunitId: input.subunitId }, [
        { type: 'notify', target: 'subunit', template: 'subunit_routed' },
      ]);

    case 'subunit_reply':
      return ok('in_progress', { subunitId: null }, [
        { type: 'notify', target: 'agency_focal_points', template: 'subunit_replied' },
      ]);

    case 'request_verification': {
      const promised = input.promisedDate ?? '';
      const today = input.today ?? '';
      if (!isIsoDate(promised) || !isIsoDate(today) || promised <= today) {
        return { ok: false, error: 'promised_date_invalid' };
      }
      return ok('verifying', { promisedDate: promised }, [
        { type: 'cancel_deadlines' },
        { type: 'start_deadline', kind: 'promised' },
        { type: 'notify', target: 'hotline', template: 'hotline_verification' },
        { type: 'notify', target: 'citizen', template: 'citizen_verification' },
      ]);
    }

    case 'answer_agency': {
      // The head's own answer needs no further approval from the head.
      const needsApproval = ticket.agencyRequiresApproval && actor.role !== 'agency_head';
      if (needsApproval) {
        return ok('pending_approval', { agencyAnswer: input.answer }, [
          { type: 'notify', target: 'agency_head', template: 'head_approval_needed' },
        ]);
      }
      return ok('agency_answered', { agencyAnswer: input.answer }, [
        { type: 'complete_deadlines' },
        { type: 'notify', target: 'hotline', template: 'hotline_agency_answered' },
      ]);
    }

    case 'approve_answer':
      return ok('agency_answered', {}, [
        { type: 'complete_deadlines' },
        { type: 'notify', target: 'hotline', template: 'hotline_agency_answered' },
      ]);

    case 'reject_answer':
      return ok('in_progress', {}, [
        { type: 'notify', target: 'agency_focal_points', template: 'agency_answer_rejected' },
      ]);

    case 'escalate':
      return ok(s, { escalation: 'head' }, [
        { type: 'cancel_deadlines' },
        { type: 'start_deadline', kind: 'head' },
        { type: 'notify', target: 'agency_head', template: 'head_escalated' },
      ]);

    case 'mark_overdue':
      return ok(s, { escalation: 'overdue' }, [
        { type: 'notify', target: 'coordinators', template: 'coordinator_overdue' },
        { type: 'notify', target: 'leaders', template: 'leaders_overdue' },
        { type: 'notify', target: 'agency_head', template: 'head_overdue' },
      ]);

    case 'remind':
      return ok(s, {}, [
        { type: 'notify', target: 'agency_head', template: 'agency_reminded' },
        { type: 'notify', target: 'agency_focal_points', template: 'agency_reminded' },
      ]);

    case 'answer_citizen':
      return ok('answered', { answer: input.answer, answered: true }, [
        { type: 'notify', target: 'citizen', template: 'citizen_answered' },
      ]);

    case 'close':
      return ok('closed', { closed: true });

    case 'reopen':
      return ok(
        'received',
        {
          reopenIncrement: true,
          agencyId: null,
          subunitId: null,
          escalation: 'none',
          supplementRequested: false,
          // A new round: the earlier answers stay on the timeline, not as the current ones.
          answer: null,
          agencyAnswer: null,
          promisedDate: null,
        },
        [{ type: 'notify', target: 'hotline', template: 'hotline_reopened' }],
      );

    case 'comment':
      return ok(s);
  }
}

/** The actions this actor may attempt on this ticket now (for the UI's buttons). */
export function availableActions(ticket: TicketSnapshot, actor: Actor): Action[] {
  // Every ticket of a list asks this: only the actions the state and the role allow are
  // looked at further (the table below is built once per status and role).
  return candidates(ticket.status, actor.role).filter(
    (a) => reaches(actor, ACTION_RIGHTS[a].permission, ticket) && stateGuard(ticket, a) === null,
  );
}

const CANDIDATES = new Map<string, readonly Action[]>();
function candidates(status: TicketStatus, role: ActorRole): readonly Action[] {
  const key = `${status}|${role}`;
  let list = CANDIDATES.get(key);
  if (!list) {
    list = ACTIONS.filter(
      (a) => RULES[a].from.includes(status) && ACTION_RIGHTS[a].roles.includes(role),
    );
    CANDIDATES.set(key, list);
  }
  return list;
}
