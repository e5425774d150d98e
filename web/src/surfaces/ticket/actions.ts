/**
 * What each state-machine action asks of the person performing it: the inputs come from the
 * same RULES table the server enforces (src/core/ticket/state-machine.ts), so a form never
 * omits a required input nor asks for one the server ignores. Pure: see actions.test.ts.
 */
import { ACTIONS, RULES, type Action } from '../../../../src/core/ticket/state-machine.ts';
import type { Message, MessageKey } from '../../i18n/catalog.ts';
import type { ActionBodyInput } from '../../../../src/contract/ticket.ts';

export type ActionInput =
  'answer' | 'reason' | 'guidance' | 'agencyId' | 'subunitId' | 'promisedDate' | 'note';
export type ActionValues = Partial<Record<ActionInput, string>>;
export type ActionErrors = Partial<Record<ActionInput, Message>>;

/** Inputs in display order; `note` (optional) is offered when nothing else is asked. */
export function inputsFor(action: Action): ActionInput[] {
  const required = (RULES[action].requires ?? []).filter(
    (k): k is Exclude<ActionInput, 'note'> => k !== 'today',
  );
  const order: ActionInput[] = [
    'agencyId',
    'subunitId',
    'promisedDate',
    'reason',
    'guidance',
    'answer',
  ];
  const list = order.filter((k) => (required as string[]).includes(k));
  return list.length ? list : ['note'];
}

export function requiredInputs(action: Action): ActionInput[] {
  return inputsFor(action).filter((k) => k !== 'note');
}

/** The actions people perform from the ticket screen, in the order buttons appear. */
export const ACTION_ORDER: readonly Action[] = [
  'accept',
  'forward',
  'answer_directly',
  'answer_agency',
  'answer_citizen',
  'approve_answer',
  'subunit_reply',
  'request_verification',
  'route_internal',
  'send_to_coordinator',
  'request_supplement',
  'supplement',
  'transfer',
  'return_misrouted',
  'reject_answer',
  'reject',
  'escalate',
  'remind',
  'close',
  'reopen',
  'comment',
];
// Every action has a place: a new one added to the state machine shows up at the end.
const ORDERED = new Set(ACTION_ORDER);
const FULL_ORDER = [...ACTION_ORDER, ...ACTIONS.filter((a) => !ORDERED.has(a))];

/** The ticket's `actions`, ordered for display; `mark_overdue` belongs to the sweeper. */
export function orderActions(actions: readonly Action[]): Action[] {
  return FULL_ORDER.filter((a) => actions.includes(a) && a !== 'mark_overdue');
}

const DANGER: ReadonlySet<Action> = new Set(['reject', 'return_misrouted', 'reject_answer']);
export function isDanger(a: Action): boolean {
  return DANGER.has(a);
}

const PRIMARY: ReadonlySet<Action> = new Set([
  'accept',
  'forward',
  'answer_directly',
  'answer_agency',
  'answer_citizen',
  'approve_answer',
]);
export function isPrimary(a: Action): boolean {
  return PRIMARY.has(a);
}

/** The label of the free-text `reason` input, which means something different per action. */
export function reasonLabel(a: Action): MessageKey {
  switch (a) {
    case 'reject':
      return 'actionForm.reasonReject';
    case 'request_supplement':
      return 'actionForm.reasonSupplement';
    case 'return_misrouted':
      return 'actionForm.reasonReturn';
    case 'reject_answer':
      return 'actionForm.reasonRejectAnswer';
    case 'remind':
      return 'actionForm.reasonRemind';
    case 'reopen':
      return 'actionForm.reasonReopen';
    case 'comment':
      return 'actionForm.reasonComment';
    default:
      return 'actionForm.reason';
  }
}

export function answerLabel(a: Action): MessageKey {
  return a === 'answer_agency' || a === 'subunit_reply'
    ? 'actionForm.answerAgency'
    : 'actionForm.answerCitizen';
}

const MAX: Record<ActionInput, number> = {
  answer: 50_000,
  reason: 5_000,
  guidance: 5_000,
  note: 20_000,
  agencyId: 100,
  subunitId: 100,
  promisedDate: 10,
};

/** Mirrors the server: required inputs present, lengths within actionBody, date after today. */
export function validateAction(action: Action, v: ActionValues, today: string): ActionErrors {
  const e: ActionErrors = {};
  for (const k of inputsFor(action)) {
    const value = (v[k] ?? '').trim();
    if (!value) {
      if (k !== 'note')
        e[k] = {
          key: k === 'agencyId' || k === 'subunitId' ? 'validation.choose' : 'validation.required',
        };
      continue;
    }
    if (value.length > MAX[k]) e[k] = { key: 'validation.tooLong', params: { max: MAX[k] } };
    if (k === 'promisedDate') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) e[k] = { key: 'validation.date' };
      else if (value <= today) e[k] = { key: 'validation.dateAfterToday' };
    }
  }
  return e;
}

export function toActionBody(action: Action, v: ActionValues, version: number): ActionBodyInput {
  const body: ActionBodyInput = { version };
  for (const k of inputsFor(action)) {
    const value = (v[k] ?? '').trim();
    if (value) body[k] = value;
  }
  return body;
}

/** The day after `today` ('YYYY-MM-DD'), the earliest promised date the server accepts. */
export function nextDay(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
