/**
 * Unit tests of the ticket state machine against REQUIREMENTS §3–§5.
 *
 * The permission table below is restated from the requirements, independently of `RULES`:
 * the matrix tests compare `decide()` with it for every status × escalation × action × role ×
 * actor's agency, and `availableActions()` with `decide()`.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, ESCALATIONS, STATUSES, availableActions, decide } from './state-machine.ts';
import { ROLES, type ActorRole } from '../access/roles.ts';
import type {
  Action,
  ActionInput,
  Actor,
  DecideError,
  Decision,
  Effect,
  Escalation,
  TicketPatch,
  TicketSnapshot,
  TicketStatus,
} from './state-machine.ts';

// ---------------------------------------------------------------------------------------------
// The expected table, restated from the requirements
// ---------------------------------------------------------------------------------------------

/**
 * Who may act: `any` regardless of agency; `own` only agency staff of the ticket's agency;
 * `subunit` only staff of the sub-unit the ticket is routed to; `involved` either of the two.
 */
type Reach = 'any' | 'own' | 'subunit' | 'involved';

interface Expected {
  /** Requirement IDs the action implements. */
  ids: string;
  what: string;
  from: readonly TicketStatus[];
  who: Partial<Record<ActorRole, Reach>>;
}

/** Where the agency holds the ticket and the 8h/48h chain runs (R-SLA-1..3). */
const AT_AGENCY: readonly TicketStatus[] = [
  'forwarded',
  'in_progress',
  'verifying',
  'pending_approval',
];
const NOT_FINISHED: readonly TicketStatus[] = [
  'received',
  'awaiting_supplement',
  'coordinating',
  'forwarded',
  'in_progress',
  'verifying',
  'pending_approval',
  'agency_answered',
  'answered',
];

const EXPECTED: Record<Action, Expected> = {
  answer_directly: {
    ids: 'R-WF-1',
    what: 'the hotline answers from the knowledge base',
    from: ['received'],
    who: { operator: 'any', supervisor: 'any' },
  },
  reject: {
    ids: 'R-IN-2 R-SC-3 R-WF-7',
    what: 'the hotline or the coordinator refuses the request with reason and guidance',
    from: ['received', 'coordinating'],
    who: { operator: 'any', supervisor: 'any', coordinator: 'any' },
  },
  request_supplement: {
    ids: 'R-IN-4',
    what: 'the operator or the agency focal point asks the citizen to supplement, once',
    from: ['received', 'forwarded', 'in_progress'],
    who: { operator: 'any', supervisor: 'any', focal_point: 'own', agency_head: 'own' },
  },
  supplement: {
    ids: 'R-IN-4',
    what: "the citizen's supplement is recorded (by the hotline or a channel)",
    from: ['awaiting_supplement'],
    who: { operator: 'any', supervisor: 'any', system: 'any' },
  },
  send_to_coordinator: {
    ids: 'R-WF-7',
    what: 'unclear jurisdiction or urgent: the hotline hands over to the coordinator',
    from: ['received'],
    who: { operator: 'any', supervisor: 'any' },
  },
  forward: {
    ids: 'R-WF-2 R-WF-7',
    what: "forward to the responsible agency's focal point",
    from: ['received', 'coordinating'],
    who: { operator: 'any', supervisor: 'any', coordinator: 'any' },
  },
  accept: {
    ids: 'R-WF-2 R-AG-1',
    what: 'the focal point accepts the forwarded ticket',
    from: ['forwarded'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  return_misrouted: {
    ids: 'R-WF-2',
    what: 'the agency returns a ticket that is not its own to the hotline',
    from: ['forwarded', 'in_progress'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  transfer: {
    ids: 'R-WF-2',
    what: 'the agency transfers the ticket to another agency',
    from: ['forwarded', 'in_progress'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  route_internal: {
    ids: 'R-WF-9',
    what: 'the agency re-routes inside itself to a sub-unit',
    from: ['in_progress'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  subunit_reply: {
    ids: 'R-WF-9',
    what: "the sub-unit replies to its agency (only the sub-unit's staff)",
    from: ['in_progress'],
    who: { focal_point: 'subunit', agency_head: 'subunit' },
  },
  request_verification: {
    ids: 'R-WF-6',
    what: 'the agency needs verification and promises a completion date',
    from: ['in_progress'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  answer_agency: {
    ids: 'R-WF-9 R-WF-11 R-SLA-1',
    what: 'the agency answers the hotline',
    from: ['in_progress', 'verifying'],
    who: { focal_point: 'own', agency_head: 'own' },
  },
  approve_answer: {
    ids: 'R-WF-11',
    what: "leadership approves the agency's answer",
    from: ['pending_approval'],
    who: { agency_head: 'own', leader: 'any' },
  },
  reject_answer: {
    ids: 'R-WF-11',
    what: "leadership sends the agency's answer back",
    from: ['pending_approval'],
    who: { agency_head: 'own', leader: 'any' },
  },
  escalate: {
    ids: 'R-SLA-2 R-WF-5',
    what: 'to the agency head: by the sweeper after 8 working hours, or by the focal point',
    from: AT_AGENCY,
    who: { system: 'any', focal_point: 'own' },
  },
  mark_overdue: {
    ids: 'R-SLA-3 R-WF-6',
    what: 'the sweeper marks the ticket overdue',
    from: AT_AGENCY,
    who: { system: 'any' },
  },
  remind: {
    ids: 'R-WF-10',
    what: 'the coordinator or leadership reminds the agency',
    from: AT_AGENCY,
    who: { coordinator: 'any', leader: 'any' },
  },
  answer_citizen: {
    ids: 'R-WF-9',
    what: "the hotline answers the citizen from the agency's reply",
    from: ['agency_answered'],
    who: { operator: 'any', supervisor: 'any', coordinator: 'any' },
  },
  close: {
    ids: 'R-WF-1',
    what: 'an answered ticket is closed',
    from: ['answered'],
    who: { operator: 'any', supervisor: 'any', coordinator: 'any', system: 'any' },
  },
  reopen: {
    ids: 'R-RP-1',
    what: 'an answered or closed ticket is reopened',
    from: ['answered', 'closed'],
    who: { operator: 'any', supervisor: 'any', system: 'any' },
  },
  comment: {
    ids: 'R-RP-1',
    what: 'a note on an unfinished ticket',
    from: NOT_FINISHED,
    who: {
      operator: 'any',
      supervisor: 'any',
      coordinator: 'any',
      leader: 'any',
      focal_point: 'involved',
      agency_head: 'involved',
    },
  },
};

/** The fields each action cannot do without (restated, not read from RULES). */
const REQUIRED: Record<Action, readonly (keyof ActionInput)[]> = {
  answer_directly: ['answer'],
  reject: ['reason', 'guidance'],
  request_supplement: ['reason'],
  supplement: [],
  send_to_coordinator: [],
  forward: ['agencyId'],
  accept: [],
  return_misrouted: ['reason'],
  transfer: ['agencyId'],
  route_internal: ['subunitId'],
  subunit_reply: ['answer'],
  request_verification: ['promisedDate', 'today'],
  answer_agency: ['answer'],
  approve_answer: [],
  reject_answer: ['reason'],
  escalate: [],
  mark_overdue: [],
  remind: ['reason'],
  answer_citizen: ['answer'],
  close: [],
  reopen: ['reason'],
  comment: ['reason'],
};

/** Destination status of an allowed action (restated). */
function expectedTarget(t: TicketSnapshot, action: Action, actor: Actor): TicketStatus {
  switch (action) {
    case 'answer_directly':
    case 'answer_citizen':
      return 'answered';
    case 'reject':
      return 'rejected';
    case 'request_supplement':
      return 'awaiting_supplement';
    case 'supplement':
      return t.resumeStatus ?? 'received';
    case 'send_to_coordinator':
      return 'coordinating';
    case 'forward':
    case 'transfer':
      return 'forwarded';
    case 'accept':
    case 'route_internal':
    case 'subunit_reply':
    case 'reject_answer':
      return 'in_progress';
    case 'return_misrouted':
    case 'reopen':
      return 'received';
    case 'request_verification':
      return 'verifying';
    case 'answer_agency':
      return t.agencyRequiresApproval && actor.role !== 'agency_head'
        ? 'pending_approval'
        : 'agency_answered';
    case 'approve_answer':
      return 'agency_answered';
    case 'close':
      return 'closed';
    case 'escalate':
    case 'mark_overdue':
    case 'remind':
    case 'comment':
      return t.status;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const AGENCY = 'so-tnmt'; // Sở Tài nguyên và Môi trường
const OTHER_AGENCY = 'so-xd'; // Sở Xây dựng
const SUBUNIT = 'chi-cuc-bvmt'; // Chi cục Bảo vệ môi trường, a sub-unit of AGENCY
const OTHER_SUBUNIT = 'van-phong-dkdd'; // Văn phòng Đăng ký đất đai, another sub-unit
const TODAY = '2026-12-01';

const ALL_ROLES: readonly ActorRole[] = [
  'operator',
  'supervisor',
  'focal_point',
  'agency_head',
  'coordinator',
  'leader',
  'admin',
  'system',
];

/** Valid input for every action, so that only role, scope and state decide. */
const VALID_INPUT: Record<Action, ActionInput> = {
  answer_directly: { answer: 'Hồ sơ cấp đổi CCCD gồm tờ khai CC01 và CCCD cũ.' },
  reject: {
    reason: 'Nội dung tố cáo, không thuộc phạm vi tổng đài 1022.',
    guidance: 'Đề nghị gửi đơn tố cáo đến Thanh tra tỉnh.',
  },
  request_supplement: { reason: 'Thiếu địa chỉ cụ thể nơi xảy ra sự việc.' },
  supplement: {},
  send_to_coordinator: {},
  forward: { agencyId: AGENCY },
  accept: {},
  return_misrouted: { reason: 'Không thuộc lĩnh vực của Sở.' },
  transfer: { agencyId: 'so-gtvt' },
  route_internal: { subunitId: OTHER_SUBUNIT },
  subunit_reply: { answer: 'Chi cục đã kiểm tra hiện trường.' },
  request_verification: { promisedDate: '2026-12-15', today: TODAY },
  answer_agency: { answer: 'Sở đã xử lý và trả lời.' },
  approve_answer: {},
  reject_answer: { reason: 'Cần bổ sung căn cứ pháp lý.' },
  escalate: {},
  mark_overdue: {},
  remind: { reason: 'Phiếu quá hạn, đề nghị khẩn trương xử lý.' },
  answer_citizen: { answer: 'Tổng đài 1022 xin trả lời: ...' },
  close: {},
  reopen: { reason: 'Công dân phản hồi chưa được giải quyết.' },
  comment: { reason: 'Đã gọi điện cho đầu mối.' },
};

function snapshot(over: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    status: 'received',
    escalation: 'none',
    agencyId: null,
    subunitId: null,
    supplementRequested: false,
    resumeStatus: null,
    agencyRequiresApproval: false,
    ...over,
  };
}

const actor = (role: ActorRole, agencyId: string | null = null): Actor => ({
  role,
  userId: role === 'system' ? null : `${role}-${agencyId ?? 'hotline'}`,
  agencyId,
});

const operator = actor('operator');
const supervisor = actor('supervisor');
const coordinator = actor('coordinator');
const leader = actor('leader');
const admin = actor('admin');
const system = actor('system');
const focal = actor('focal_point', AGENCY);
const head = actor('agency_head', AGENCY);
const otherFocal = actor('focal_point', OTHER_AGENCY);
const otherHead = actor('agency_head', OTHER_AGENCY);
const subunitStaff = actor('focal_point', SUBUNIT);
const subunitHead = actor('agency_head', SUBUNIT);

/** Ticket variants for the matrix: where the ticket is, relative to the actors' agencies. */
const PLACEMENTS: readonly Pick<TicketSnapshot, 'agencyId' | 'subunitId'>[] = [
  { agencyId: AGENCY, subunitId: SUBUNIT },
  { agencyId: AGENCY, subunitId: null },
  { agencyId: null, subunitId: null },
];
/** Actor's agency: the ticket's agency, another agency, the sub-unit, or none. */
const ACTOR_AGENCIES: readonly (string | null)[] = [AGENCY, OTHER_AGENCY, SUBUNIT, null];

function reaches(reach: Reach, t: TicketSnapshot, a: Actor): boolean {
  if (reach === 'any') return true;
  // Only agency staff are bound to an agency; other roles with a reach are 'any' above.
  const own = a.agencyId !== null && a.agencyId === t.agencyId;
  const sub = a.agencyId !== null && a.agencyId === t.subunitId;
  if (reach === 'own') return own;
  if (reach === 'subunit') return sub;
  return own || sub;
}

/** What decide() should answer, from the restated table. */
function expectedOutcome(t: TicketSnapshot, action: Action, a: Actor): 'ok' | DecideError {
  const e = EXPECTED[action];
  const reach = e.who[a.role];
  if (reach === undefined || !reaches(reach, t, a)) return 'forbidden';
  if (!e.from.includes(t.status)) return 'invalid_transition';
  // R-IN-4: once only.
  if (action === 'request_supplement' && t.supplementRequested) {
    return 'supplement_already_requested';
  }
  // R-SLA-2: escalation happens once, from the focal-point level.
  if (action === 'escalate' && t.escalation !== 'none') return 'invalid_transition';
  // R-SLA-3 from the head level; R-WF-6 a missed promised date; never twice.
  if (action === 'mark_overdue') {
    if (t.escalation === 'overdue') return 'invalid_transition';
    if (t.escalation === 'none' && t.status !== 'verifying') return 'invalid_transition';
  }
  return 'ok';
}

interface Combo {
  t: TicketSnapshot;
  a: Actor;
}

/** Every status × escalation × supplement flag × approval × placement × role × actor agency. */
function* combos(): Generator<Combo> {
  for (const status of STATUSES) {
    for (const escalation of ESCALATIONS) {
      for (const supplementRequested of [false, true]) {
        for (const agencyRequiresApproval of [false, true]) {
          for (const placement of PLACEMENTS) {
            const t = snapshot({
              status,
              escalation,
              supplementRequested,
              agencyRequiresApproval,
              resumeStatus: status === 'awaiting_supplement' ? 'in_progress' : null,
              ...placement,
            });
            for (const role of ALL_ROLES) {
              for (const agencyId of ACTOR_AGENCIES) yield { t, a: actor(role, agencyId) };
            }
          }
        }
      }
    }
  }
}

function describeCombo(action: Action, { t, a }: Combo): string {
  return (
    `${action} by ${a.role}@${a.agencyId ?? '-'} on ${t.status}/${t.escalation}` +
    ` (agency ${t.agencyId ?? '-'}, subunit ${t.subunitId ?? '-'},` +
    ` supplemented ${t.supplementRequested}, approval ${t.agencyRequiresApproval})`
  );
}

// ---------------------------------------------------------------------------------------------
// Workflow helpers
// ---------------------------------------------------------------------------------------------

/** A snapshot plus what the patches record besides it. */
type Ticket = TicketSnapshot &
  Omit<TicketPatch, keyof TicketSnapshot | 'reopenIncrement'> & { reopens: number };

function newTicket(over: Partial<Ticket> = {}): Ticket {
  return { ...snapshot(), reopens: 0, ...over };
}

function apply(t: Ticket, d: Decision): Ticket {
  assert.ok(d.ok);
  const { reopenIncrement, ...rest } = d.patch;
  return { ...t, ...rest, reopens: t.reopens + (reopenIncrement ? 1 : 0) };
}

interface Step {
  t: Ticket;
  effects: Effect[];
  patch: TicketPatch;
}

/** Applies one allowed action, checking the decision is well formed. */
function step(t: Ticket, action: Action, a: Actor, input: ActionInput = {}): Step {
  const d = decide(Object.freeze({ ...t }), action, a, input);
  if (!d.ok) {
    assert.fail(`${action} by ${a.role} on ${t.status} refused: ${d.error} ${d.detail ?? ''}`);
  }
  assert.equal(d.patch.status, d.to, 'the patch carries the new status');
  assert.ok(availableActions(t, a).includes(action), `${action} offered to ${a.role}`);
  return { t: apply(t, d), effects: d.effects, patch: d.patch };
}

function refused(
  t: TicketSnapshot,
  action: Action,
  a: Actor,
  input: ActionInput,
  error: DecideError,
  detail?: string,
): void {
  const d = decide(t, action, a, input);
  assert.equal(d.ok, false, `${action} by ${a.role} on ${t.status} should be refused`);
  if (d.ok) return;
  assert.equal(d.error, error);
  if (detail !== undefined) assert.equal(d.detail, detail);
}

const notify = (target: string, template: string): Effect =>
  ({ type: 'notify', target, template }) as Effect;

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('the expected table covers the model', () => {
  test('roles, statuses and actions are the ones the table was written for', () => {
    assert.deepEqual([...ROLES, 'system'].sort(), [...ALL_ROLES].sort());
    assert.deepEqual([...STATUSES].sort(), [...NOT_FINISHED, 'rejected', 'closed'].sort());
    assert.deepEqual([...ACTIONS].sort(), Object.keys(EXPECTED).sort());
    assert.deepEqual([...ESCALATIONS], ['none', 'head', 'overdue'] satisfies Escalation[]);
  });

  test('the administrator has no ticket action (R-AD-1: accounts and configuration only)', () => {
    for (const action of ACTIONS) assert.equal(EXPECTED[action].who.admin, undefined);
    for (const status of STATUSES) {
      assert.deepEqual(availableActions(snapshot({ status, agencyId: AGENCY }), admin), []);
    }
  });
});

describe('decide(): every status × action × role × scope against the restated table', () => {
  for (const action of ACTIONS) {
    const e = EXPECTED[action];
    test(`${e.ids} ${action}: ${e.what}`, () => {
      const wrong: string[] = [];
      let allowed = 0;
      let checked = 0;
      for (const c of combos()) {
        checked++;
        const want = expectedOutcome(c.t, action, c.a);
        const d = decide(c.t, action, c.a, VALID_INPUT[action]);
        const got = d.ok ? 'ok' : d.error;
        if (got !== want) {
          wrong.push(`${describeCombo(action, c)}: expected ${want}, got ${got}`);
          continue;
        }
        if (d.ok) {
          allowed++;
          const to = expectedTarget(c.t, action, c.a);
          if (d.to !== to || d.patch.status !== to) {
            wrong.push(`${describeCombo(action, c)}: expected → ${to}, got → ${d.to}`);
          }
        }
      }
      assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} of ${checked} disagree`);
      assert.ok(allowed > 0, `${action} is allowed somewhere`);
    });
  }
});

describe('availableActions() agrees with decide()', () => {
  test('lists exactly the actions decide() allows with valid input, for every combination', () => {
    const wrong: string[] = [];
    for (const c of combos()) {
      const listed = new Set(availableActions(c.t, c.a));
      for (const action of ACTIONS) {
        const d = decide(c.t, action, c.a, VALID_INPUT[action]);
        if (d.ok !== listed.has(action)) {
          wrong.push(`${describeCombo(action, c)}: listed ${listed.has(action)}, decide ${d.ok}`);
        }
        const want = expectedOutcome(c.t, action, c.a) === 'ok';
        if (want !== listed.has(action)) {
          wrong.push(`${describeCombo(action, c)}: listed ${listed.has(action)}, table ${want}`);
        }
      }
    }
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} disagreements`);
  });

  test('a listed action is refused only for missing or invalid input, never role/state/scope', () => {
    const wrong: string[] = [];
    for (const c of combos()) {
      for (const action of availableActions(c.t, c.a)) {
        const d = decide(c.t, action, c.a, {});
        if (!d.ok && d.error !== 'missing_input') {
          wrong.push(`${describeCombo(action, c)}: ${d.error}`);
        }
      }
    }
    assert.deepEqual(wrong.slice(0, 10), []);
  });

  test('an action not listed is refused for role, scope or state whatever the input', () => {
    const stateErrors: readonly DecideError[] = [
      'forbidden',
      'invalid_transition',
      'supplement_already_requested',
    ];
    const wrong: string[] = [];
    for (const c of combos()) {
      const listed = availableActions(c.t, c.a);
      for (const action of ACTIONS) {
        if (listed.includes(action)) continue;
        for (const input of [{}, VALID_INPUT[action]]) {
          const d = decide(c.t, action, c.a, input);
          if (d.ok || !stateErrors.includes(d.error)) {
            wrong.push(`${describeCombo(action, c)}: ${d.ok ? 'ok' : d.error}`);
          }
        }
      }
    }
    assert.deepEqual(wrong.slice(0, 10), []);
  });

  test('lists actions in the canonical ACTIONS order without duplicates', () => {
    const t = snapshot({ status: 'in_progress', agencyId: AGENCY });
    const listed = availableActions(t, focal);
    assert.deepEqual(
      listed,
      ACTIONS.filter((a) => listed.includes(a)),
    );
    assert.equal(new Set(listed).size, listed.length);
  });
});

describe('missing inputs', () => {
  for (const action of ACTIONS) {
    const fields = REQUIRED[action];
    if (fields.length === 0) continue;
    test(`${action} requires ${fields.join(', ')}: missing_input names the field`, () => {
      // A combination where the action is allowed with valid input.
      const c = [...combos()].find((x) => expectedOutcome(x.t, action, x.a) === 'ok');
      assert.ok(c);
      for (const field of fields) {
        for (const blank of [undefined, null, '', '   ']) {
          const input: ActionInput = { ...VALID_INPUT[action], [field]: blank };
          refused(c.t, action, c.a, input, 'missing_input', field);
        }
      }
    });
  }

  test('actions without required input are allowed with an empty input', () => {
    for (const action of ACTIONS) {
      if (REQUIRED[action].length > 0) continue;
      const c = [...combos()].find((x) => expectedOutcome(x.t, action, x.a) === 'ok');
      assert.ok(c);
      assert.equal(decide(c.t, action, c.a).ok, true, action);
    }
  });

  test('role and state are checked before the input', () => {
    refused(snapshot({ status: 'received' }), 'answer_directly', focal, {}, 'forbidden');
    refused(snapshot({ status: 'closed' }), 'answer_directly', operator, {}, 'invalid_transition');
  });
});

describe('decide() is pure', () => {
  test('the snapshot is not mutated and the same call gives the same answer', () => {
    for (const c of combos()) {
      if (c.a.role !== 'focal_point' && c.a.role !== 'operator' && c.a.role !== 'system') continue;
      const frozen = Object.freeze({ ...c.t });
      for (const action of ACTIONS) {
        const input = Object.freeze({ ...VALID_INPUT[action] });
        const first = decide(frozen, action, c.a, input);
        assert.deepEqual(decide(frozen, action, c.a, input), first);
      }
      assert.deepEqual(frozen, c.t);
    }
  });
});

describe('R-WF-1 answered directly by the hotline', () => {
  test('R-WF-1 operator answers directly from the knowledge base, closes, then reopens', () => {
    let t = newTicket();
    const answered = step(t, 'answer_directly', operator, {
      answer: 'Lệ phí cấp đổi CCCD là 15.000 đồng.',
    });
    t = answered.t;
    assert.equal(t.status, 'answered');
    assert.equal(t.answer, 'Lệ phí cấp đổi CCCD là 15.000 đồng.');
    assert.equal(t.answered, true);
    assert.deepEqual(answered.effects, [notify('citizen', 'citizen_answered')]);
    assert.equal(t.agencyId, null, 'no agency involved');

    const closed = step(t, 'close', operator);
    t = closed.t;
    assert.equal(t.status, 'closed');
    assert.equal(t.closed, true);
    assert.deepEqual(closed.effects, []);
    assert.deepEqual(availableActions(t, operator), ['reopen']);

    refused(t, 'reopen', operator, {}, 'missing_input', 'reason');
    const reopened = step(t, 'reopen', operator, { reason: 'Công dân hỏi thêm.' });
    t = reopened.t;
    assert.equal(t.status, 'received');
    assert.equal(t.reopens, 1);
    assert.equal(t.answer, null, 'the earlier answer is history, not the current answer');
    assert.deepEqual(reopened.effects, [notify('hotline', 'hotline_reopened')]);
  });

  test('a supervisor may also answer directly; an agency may not', () => {
    assert.equal(
      step(newTicket(), 'answer_directly', supervisor, { answer: 'x' }).t.status,
      'answered',
    );
    refused(newTicket(), 'answer_directly', focal, { answer: 'x' }, 'forbidden');
    refused(newTicket(), 'answer_directly', coordinator, { answer: 'x' }, 'forbidden');
  });

  test('an answered ticket may be closed by the sweeper and reopened by a channel (system)', () => {
    let t = step(newTicket(), 'answer_directly', operator, { answer: 'x' }).t;
    refused(t, 'answer_directly', operator, { answer: 'again' }, 'invalid_transition');
    t = step(t, 'close', system).t;
    assert.equal(t.status, 'closed');
    t = step(t, 'reopen', system, { reason: 'Tin nhắn mới từ công dân' }).t;
    assert.equal(t.status, 'received');
  });

  test('reopening an answered (not yet closed) ticket resets the agency path', () => {
    const t = newTicket({
      status: 'answered',
      agencyId: AGENCY,
      subunitId: SUBUNIT,
      escalation: 'overdue',
      supplementRequested: true,
      reopens: 2,
    });
    const r = step(t, 'reopen', supervisor, { reason: 'Chưa thỏa đáng' });
    assert.equal(r.t.status, 'received');
    assert.equal(r.t.agencyId, null);
    assert.equal(r.t.subunitId, null);
    assert.equal(r.t.escalation, 'none');
    assert.equal(r.t.supplementRequested, false);
    assert.equal(r.t.reopens, 3);
    assert.equal(r.patch.reopenIncrement, true);
  });
});

describe('R-IN-2 rejection', () => {
  test('R-IN-2 operator rejects with reason and guidance; the citizen is told at once', () => {
    const t = newTicket();
    refused(t, 'reject', operator, { reason: 'Gọi báo cháy' }, 'missing_input', 'guidance');
    refused(t, 'reject', operator, { guidance: 'Gọi 114' }, 'missing_input', 'reason');
    const r = step(t, 'reject', operator, {
      reason: 'Tin báo cháy không thuộc phạm vi tổng đài 1022 (R-SC-3).',
      guidance: 'Vui lòng gọi ngay 114.',
    });
    assert.equal(r.t.status, 'rejected');
    assert.equal(r.t.rejectReason, 'Tin báo cháy không thuộc phạm vi tổng đài 1022 (R-SC-3).');
    assert.equal(r.t.rejectGuidance, 'Vui lòng gọi ngay 114.');
    assert.equal(r.t.closed, true, 'the refusal is recorded as finished');
    assert.deepEqual(r.effects, [notify('citizen', 'citizen_rejected')]);
  });

  test('a rejected ticket is final: nobody can do anything with it', () => {
    const t = newTicket({ status: 'rejected' });
    for (const role of ALL_ROLES) {
      for (const agencyId of ACTOR_AGENCIES) {
        assert.deepEqual(availableActions(t, actor(role, agencyId)), [], role);
      }
    }
    refused(t, 'reopen', operator, { reason: 'x' }, 'invalid_transition');
    refused(t, 'comment', operator, { reason: 'x' }, 'invalid_transition');
  });

  test('an agency cannot reject; it returns or transfers instead', () => {
    const t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    refused(t, 'reject', focal, VALID_INPUT.reject, 'forbidden');
    refused(t, 'reject', operator, VALID_INPUT.reject, 'invalid_transition');
  });
});

describe('R-WF-2 forwarded to the agency', () => {
  test('R-WF-2 forward → accept → agency answer → hotline answers citizen → close', () => {
    let t = newTicket();
    refused(t, 'forward', operator, {}, 'missing_input', 'agencyId');

    const fwd = step(t, 'forward', operator, { agencyId: AGENCY });
    t = fwd.t;
    assert.equal(t.status, 'forwarded');
    assert.equal(t.agencyId, AGENCY);
    assert.equal(t.forwarded, true);
    assert.equal(t.escalation, 'none');
    assert.deepEqual(fwd.effects, [
      { type: 'cancel_deadlines' },
      { type: 'start_deadline', kind: 'focal_point' }, // R-SLA-1: 8 working hours
      notify('agency_focal_points', 'agency_forwarded'),
    ]);
    assert.ok(availableActions(t, focal).includes('accept'));
    assert.deepEqual(availableActions(t, otherFocal), [], 'another agency sees nothing to do');
    refused(t, 'accept', otherFocal, {}, 'forbidden');
    refused(t, 'accept', operator, {}, 'forbidden');

    const acc = step(t, 'accept', focal);
    t = acc.t;
    assert.equal(t.status, 'in_progress');
    assert.deepEqual(acc.effects, [], 'the focal-point deadline keeps running');
    refused(t, 'accept', focal, {}, 'invalid_transition');

    const ans = step(t, 'answer_agency', focal, { answer: 'Sở đã kiểm tra, xử lý vi phạm.' });
    t = ans.t;
    assert.equal(t.status, 'agency_answered');
    assert.equal(t.agencyAnswer, 'Sở đã kiểm tra, xử lý vi phạm.');
    assert.deepEqual(ans.effects, [
      { type: 'complete_deadlines' },
      notify('hotline', 'hotline_agency_answered'),
    ]);
    refused(t, 'answer_citizen', focal, { answer: 'x' }, 'forbidden');

    const cit = step(t, 'answer_citizen', operator, { answer: 'Tổng đài 1022 trả lời: ...' });
    t = cit.t;
    assert.equal(t.status, 'answered');
    assert.equal(t.answered, true);
    assert.deepEqual(cit.effects, [notify('citizen', 'citizen_answered')]);

    t = step(t, 'close', operator).t;
    assert.equal(t.status, 'closed');
  });

  test('the agency head may accept and answer too; the head of another agency may not', () => {
    let t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    refused(t, 'accept', otherHead, {}, 'forbidden');
    t = step(t, 'accept', head).t;
    refused(t, 'answer_agency', otherHead, { answer: 'x' }, 'forbidden');
    assert.equal(step(t, 'answer_agency', head, { answer: 'x' }).t.status, 'agency_answered');
  });

  test('agency staff without an agency can act on nothing of an agency', () => {
    const t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    const loose = actor('focal_point', null);
    assert.deepEqual(availableActions(t, loose), []);
    refused(t, 'accept', loose, {}, 'forbidden');
  });

  test('agency staff cannot touch a ticket still at the hotline', () => {
    const t = newTicket({ status: 'received' });
    assert.deepEqual(availableActions(t, focal), []);
    refused(t, 'request_supplement', focal, { reason: 'x' }, 'forbidden');
    refused(t, 'comment', focal, { reason: 'x' }, 'forbidden');
  });
});

describe('R-WF-2 misrouted or transferred', () => {
  test('misrouted: the agency returns the ticket to the hotline, which forwards it again', () => {
    let t = step(newTicket(), 'forward', operator, { agencyId: OTHER_AGENCY }).t;
    refused(t, 'return_misrouted', otherFocal, {}, 'missing_input', 'reason');
    refused(t, 'return_misrouted', focal, { reason: 'x' }, 'forbidden');
    const ret = step(t, 'return_misrouted', otherFocal, {
      reason: 'Nội dung về ô nhiễm môi trường, thuộc Sở TN&MT.',
    });
    t = ret.t;
    assert.equal(t.status, 'received');
    assert.equal(t.agencyId, null);
    assert.equal(t.subunitId, null);
    assert.equal(t.escalation, 'none');
    assert.deepEqual(ret.effects, [
      { type: 'cancel_deadlines' },
      notify('hotline', 'hotline_returned'),
    ]);
    assert.deepEqual(availableActions(t, otherFocal), []);
    t = step(t, 'forward', operator, { agencyId: AGENCY }).t;
    assert.equal(t.agencyId, AGENCY);
  });

  test('misrouted after acceptance and escalation: the chain is reset', () => {
    const t = newTicket({
      status: 'in_progress',
      agencyId: AGENCY,
      subunitId: SUBUNIT,
      escalation: 'head',
    });
    const ret = step(t, 'return_misrouted', head, { reason: 'Không thuộc thẩm quyền.' });
    assert.equal(ret.t.status, 'received');
    assert.equal(ret.t.escalation, 'none');
    assert.equal(ret.t.subunitId, null);
  });

  test('transfer to another agency starts a new focal-point deadline there', () => {
    let t = newTicket({
      status: 'in_progress',
      agencyId: AGENCY,
      subunitId: SUBUNIT,
      escalation: 'head',
    });
    refused(t, 'transfer', focal, {}, 'missing_input', 'agencyId');
    refused(t, 'transfer', focal, { agencyId: AGENCY }, 'invalid_transition', 'same agency');
    refused(t, 'transfer', otherFocal, { agencyId: OTHER_AGENCY }, 'forbidden');
    refused(t, 'transfer', operator, { agencyId: OTHER_AGENCY }, 'forbidden');

    const tr = step(t, 'transfer', focal, { agencyId: OTHER_AGENCY });
    t = tr.t;
    assert.equal(t.status, 'forwarded');
    assert.equal(t.agencyId, OTHER_AGENCY);
    assert.equal(t.subunitId, null);
    assert.equal(t.escalation, 'none', 'the new agency starts at the focal-point level');
    assert.deepEqual(tr.effects, [
      { type: 'cancel_deadlines' },
      { type: 'start_deadline', kind: 'focal_point' },
      notify('agency_focal_points', 'agency_forwarded'),
    ]);
    refused(t, 'accept', focal, {}, 'forbidden');
    assert.equal(step(t, 'accept', otherFocal).t.status, 'in_progress');
  });

  test('transfer straight from forwarded (before acceptance)', () => {
    const t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    assert.equal(step(t, 'transfer', head, { agencyId: OTHER_AGENCY }).t.agencyId, OTHER_AGENCY);
    refused(
      newTicket({ status: 'verifying', agencyId: AGENCY }),
      'transfer',
      focal,
      { agencyId: OTHER_AGENCY },
      'invalid_transition',
    );
  });
});

describe('R-WF-9 routed inside the agency', () => {
  test('route to a sub-unit; only the sub-unit replies; the focal point then answers', () => {
    let t = newTicket({ status: 'in_progress', agencyId: AGENCY });
    refused(t, 'route_internal', focal, {}, 'missing_input', 'subunitId');
    refused(
      t,
      'route_internal',
      focal,
      { subunitId: AGENCY },
      'invalid_transition',
      'sub-unit is the agency',
    );
    refused(t, 'route_internal', otherFocal, { subunitId: SUBUNIT }, 'forbidden');
    refused(t, 'subunit_reply', subunitStaff, { answer: 'x' }, 'forbidden');

    const routed = step(t, 'route_internal', focal, { subunitId: SUBUNIT });
    t = routed.t;
    assert.equal(t.status, 'in_progress');
    assert.equal(t.subunitId, SUBUNIT);
    assert.deepEqual(routed.effects, [notify('subunit', 'subunit_routed')]);

    // Only the sub-unit's staff may reply.
    refused(t, 'subunit_reply', focal, { answer: 'x' }, 'forbidden');
    refused(t, 'subunit_reply', head, { answer: 'x' }, 'forbidden');
    refused(t, 'subunit_reply', otherFocal, { answer: 'x' }, 'forbidden');
    refused(t, 'subunit_reply', actor('focal_point', OTHER_SUBUNIT), { answer: 'x' }, 'forbidden');
    refused(t, 'subunit_reply', operator, { answer: 'x' }, 'forbidden');
    refused(t, 'subunit_reply', subunitStaff, {}, 'missing_input', 'answer');
    // The sub-unit does not act for the agency.
    assert.deepEqual(availableActions(t, subunitStaff), ['subunit_reply', 'comment']);
    refused(t, 'answer_agency', subunitStaff, { answer: 'x' }, 'forbidden');
    refused(t, 'transfer', subunitStaff, { agencyId: OTHER_AGENCY }, 'forbidden');

    assert.equal(
      step(t, 'comment', subunitStaff, { reason: 'Đang kiểm tra' }).t.status,
      'in_progress',
    );

    const reply = step(t, 'subunit_reply', subunitHead, { answer: 'Chi cục đã xử lý xong.' });
    t = reply.t;
    assert.equal(t.status, 'in_progress');
    assert.equal(t.subunitId, null);
    assert.deepEqual(reply.effects, [notify('agency_focal_points', 'subunit_replied')]);
    refused(t, 'subunit_reply', subunitStaff, { answer: 'again' }, 'forbidden');
    assert.deepEqual(availableActions(t, subunitStaff), []);

    t = step(t, 'answer_agency', focal, { answer: 'Sở trả lời.' }).t;
    assert.equal(t.status, 'agency_answered');
  });

  test('a ticket can be re-routed to another sub-unit', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY, subunitId: SUBUNIT });
    const r = step(t, 'route_internal', head, { subunitId: OTHER_SUBUNIT });
    assert.equal(r.t.subunitId, OTHER_SUBUNIT);
    refused(r.t, 'subunit_reply', subunitStaff, { answer: 'x' }, 'forbidden');
  });

  test('routing needs an accepted ticket', () => {
    const t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    refused(t, 'route_internal', focal, { subunitId: SUBUNIT }, 'invalid_transition');
  });
});

describe('R-WF-6 verification with a promised date', () => {
  const base = newTicket({ status: 'in_progress', agencyId: AGENCY });

  test('R-WF-6 the focal point promises a date after today; the hotline and citizen are told', () => {
    const v = step(base, 'request_verification', focal, {
      promisedDate: '2026-12-10',
      today: TODAY,
    });
    assert.equal(v.t.status, 'verifying');
    assert.equal(v.t.promisedDate, '2026-12-10');
    assert.deepEqual(v.effects, [
      { type: 'cancel_deadlines' },
      { type: 'start_deadline', kind: 'promised' },
      notify('hotline', 'hotline_verification'),
      notify('citizen', 'citizen_verification'),
    ]);
    // Then the agency answers from verifying.
    const a = step(v.t, 'answer_agency', focal, { answer: 'Kết quả xác minh: ...' });
    assert.equal(a.t.status, 'agency_answered');
    assert.deepEqual(a.effects, [
      { type: 'complete_deadlines' },
      notify('hotline', 'hotline_agency_answered'),
    ]);
  });

  test('the promised date must be a real date strictly after today', () => {
    for (const promisedDate of [
      TODAY, // today is not after today
      '2026-11-30',
      '2025-12-31',
      '2026-12-1',
      '01/12/2026',
      '2026-02-30',
      '2026-13-01',
      '2026-12-15T00:00:00Z',
      'ngày mai',
    ]) {
      refused(
        base,
        'request_verification',
        focal,
        { promisedDate, today: TODAY },
        'promised_date_invalid',
      );
    }
    refused(
      base,
      'request_verification',
      focal,
      { promisedDate: '2026-12-15', today: '1/12/2026' },
      'promised_date_invalid',
    );
    assert.equal(
      step(base, 'request_verification', focal, { promisedDate: '2026-12-02', today: TODAY }).t
        .status,
      'verifying',
    );
    assert.equal(
      step(base, 'request_verification', head, { promisedDate: '2027-01-05', today: '2026-12-31' })
        .t.promisedDate,
      '2027-01-05',
    );
    assert.equal(
      step(base, 'request_verification', head, { promisedDate: '2028-02-29', today: TODAY }).t
        .status,
      'verifying',
      'leap day',
    );
  });

  test('without today the date cannot be checked: missing_input', () => {
    refused(
      base,
      'request_verification',
      focal,
      { promisedDate: '2026-12-15' },
      'missing_input',
      'today',
    );
    refused(base, 'request_verification', focal, { today: TODAY }, 'missing_input', 'promisedDate');
  });

  test('only the own agency, only once accepted', () => {
    const input = { promisedDate: '2026-12-15', today: TODAY };
    refused(base, 'request_verification', otherFocal, input, 'forbidden');
    refused(base, 'request_verification', operator, input, 'forbidden');
    refused(
      { ...base, status: 'forwarded' },
      'request_verification',
      focal,
      input,
      'invalid_transition',
    );
    refused(
      { ...base, status: 'verifying' },
      'request_verification',
      focal,
      input,
      'invalid_transition',
    );
  });
});

describe('R-IN-4 supplement requested once', () => {
  test('R-IN-4 at the hotline: no clock to pause; a second request is refused', () => {
    let t = newTicket();
    refused(t, 'request_supplement', operator, {}, 'missing_input', 'reason');
    const req = step(t, 'request_supplement', operator, { reason: 'Thiếu địa chỉ.' });
    t = req.t;
    assert.equal(t.status, 'awaiting_supplement');
    assert.equal(t.supplementRequested, true);
    assert.equal(t.resumeStatus, 'received');
    assert.deepEqual(req.effects, [notify('citizen', 'citizen_supplement_requested')]);

    const sup = step(t, 'supplement', system);
    t = sup.t;
    assert.equal(t.status, 'received');
    assert.equal(t.resumeStatus, null);
    assert.deepEqual(sup.effects, []);

    refused(t, 'request_supplement', operator, { reason: 'Lần 2' }, 'supplement_already_requested');
    assert.ok(!availableActions(t, operator).includes('request_supplement'));
  });

  test('R-IN-4 at the agency: the clock pauses and resumes, and the focal point is told', () => {
    let t = newTicket({ status: 'in_progress', agencyId: AGENCY, escalation: 'head' });
    refused(t, 'request_supplement', otherFocal, { reason: 'x' }, 'forbidden');
    const req = step(t, 'request_supplement', focal, { reason: 'Cần ảnh hiện trường.' });
    t = req.t;
    assert.equal(t.status, 'awaiting_supplement');
    assert.equal(t.resumeStatus, 'in_progress');
    assert.deepEqual(req.effects, [
      { type: 'pause_deadlines' },
      notify('citizen', 'citizen_supplement_requested'),
    ]);
    // Clock paused: no escalation or overdue while waiting for the citizen.
    refused(t, 'escalate', system, {}, 'invalid_transition');
    refused(t, 'mark_overdue', system, {}, 'invalid_transition');
    refused(t, 'answer_agency', focal, { answer: 'x' }, 'invalid_transition');
    refused(t, 'supplement', focal, {}, 'forbidden');

    const sup = step(t, 'supplement', operator);
    t = sup.t;
    assert.equal(t.status, 'in_progress');
    assert.equal(t.escalation, 'head', 'the escalation level survives the pause');
    assert.deepEqual(sup.effects, [
      { type: 'resume_deadlines' },
      notify('agency_focal_points', 'agency_supplemented'),
    ]);
    refused(t, 'request_supplement', focal, { reason: 'x' }, 'supplement_already_requested');
    refused(t, 'request_supplement', operator, { reason: 'x' }, 'supplement_already_requested');
  });

  test('from forwarded the ticket resumes as forwarded', () => {
    let t = newTicket({ status: 'forwarded', agencyId: AGENCY });
    t = step(t, 'request_supplement', head, { reason: 'x' }).t;
    assert.equal(t.resumeStatus, 'forwarded');
    t = step(t, 'supplement', supervisor).t;
    assert.equal(t.status, 'forwarded');
  });

  test('an operator may ask for a supplement on behalf of the agency', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY });
    const r = step(t, 'request_supplement', operator, { reason: 'x' });
    assert.deepEqual(r.effects[0], { type: 'pause_deadlines' });
  });

  test('not once the agency has answered or during verification', () => {
    for (const status of [
      'verifying',
      'pending_approval',
      'agency_answered',
      'answered',
    ] as const) {
      refused(
        newTicket({ status, agencyId: AGENCY }),
        'request_supplement',
        focal,
        { reason: 'x' },
        'invalid_transition',
      );
    }
  });

  test('a supplement without a recorded resume status returns to received', () => {
    const t = newTicket({ status: 'awaiting_supplement', supplementRequested: true });
    assert.equal(step(t, 'supplement', operator).t.status, 'received');
  });
});

describe('R-WF-7 coordinator', () => {
  test('R-WF-7 unclear jurisdiction: to the coordinator, who forwards', () => {
    let t = newTicket();
    refused(t, 'send_to_coordinator', coordinator, {}, 'forbidden');
    const s = step(t, 'send_to_coordinator', operator);
    t = s.t;
    assert.equal(t.status, 'coordinating');
    assert.deepEqual(s.effects, [notify('coordinators', 'coordinator_new')]);
    refused(t, 'send_to_coordinator', operator, {}, 'invalid_transition');
    refused(t, 'answer_directly', operator, { answer: 'x' }, 'invalid_transition');
    refused(t, 'forward', focal, { agencyId: AGENCY }, 'forbidden');

    const f = step(t, 'forward', coordinator, { agencyId: AGENCY });
    assert.equal(f.t.status, 'forwarded');
    assert.equal(f.t.agencyId, AGENCY);
    assert.deepEqual(f.effects, [
      { type: 'cancel_deadlines' },
      { type: 'start_deadline', kind: 'focal_point' },
      notify('agency_focal_points', 'agency_forwarded'),
    ]);
  });

  test('R-WF-7 the coordinator rejects with reason and guidance', () => {
    const t = step(newTicket(), 'send_to_coordinator', supervisor).t;
    refused(t, 'reject', coordinator, { reason: 'x' }, 'missing_input', 'guidance');
    const r = step(t, 'reject', coordinator, {
      reason: 'Đây là đơn khiếu nại, không thuộc phạm vi 1022.',
      guidance: 'Gửi đơn khiếu nại đến cơ quan có thẩm quyền giải quyết.',
    });
    assert.equal(r.t.status, 'rejected');
    assert.deepEqual(r.effects, [notify('citizen', 'citizen_rejected')]);
  });

  test('the coordinator may comment and answer the citizen, but not act for an agency', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY });
    assert.deepEqual(availableActions(t, coordinator), ['remind', 'comment']);
    refused(t, 'answer_agency', coordinator, { answer: 'x' }, 'forbidden');
    const a = newTicket({ status: 'agency_answered', agencyId: AGENCY });
    assert.equal(step(a, 'answer_citizen', coordinator, { answer: 'x' }).t.status, 'answered');
  });
});

describe('R-SLA deadlines and escalation', () => {
  test('R-SLA-2 after 8 working hours the sweeper escalates to the head; R-SLA-3 then overdue', () => {
    let t = step(newTicket(), 'forward', operator, { agencyId: AGENCY }).t;
    refused(t, 'mark_overdue', system, {}, 'invalid_transition'); // not before the head level
    refused(t, 'escalate', operator, {}, 'forbidden');

    const esc = step(t, 'escalate', system);
    t = esc.t;
    assert.equal(t.status, 'forwarded', 'escalation does not change the processing status');
    assert.equal(t.escalation, 'head');
    assert.deepEqual(esc.effects, [
      { type: 'cancel_deadlines' },
      { type: 'start_deadline', kind: 'head' }, // 48 working hours
      notify('agency_head', 'head_escalated'),
    ]);
    refused(t, 'escalate', system, {}, 'invalid_transition');
    refused(t, 'escalate', focal, {}, 'invalid_transition');
    assert.ok(!availableActions(t, system).includes('escalate'));

    // Still workable at the head level.
    t = step(t, 'accept', head).t;
    assert.equal(t.escalation, 'head');

    refused(t, 'mark_overdue', focal, {}, 'forbidden');
    refused(t, 'mark_overdue', coordinator, {}, 'forbidden');
    const od = step(t, 'mark_overdue', system);
    t = od.t;
    assert.equal(t.status, 'in_progress');
    assert.equal(t.escalation, 'overdue');
    assert.deepEqual(od.effects, [
      notify('coordinators', 'coordinator_overdue'),
      notify('leaders', 'leaders_overdue'),
      notify('agency_head', 'head_overdue'),
    ]);
    refused(t, 'mark_overdue', system, {}, 'invalid_transition');
    refused(t, 'escalate', system, {}, 'invalid_transition');
    assert.ok(!availableActions(t, system).includes('mark_overdue'));

    // An overdue ticket can still be answered ("trễ hạn — đang chờ xử lý").
    const ans = step(t, 'answer_agency', focal, { answer: 'Trả lời trễ hạn.' });
    assert.equal(ans.t.status, 'agency_answered');
    assert.equal(ans.t.escalation, 'overdue', 'the overdue record is kept');
    assert.deepEqual(ans.effects[0], { type: 'complete_deadlines' });
  });

  test('an escalated ticket can be answered by the head or the focal point', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY, escalation: 'head' });
    assert.equal(step(t, 'answer_agency', head, { answer: 'x' }).t.status, 'agency_answered');
    assert.equal(step(t, 'answer_agency', focal, { answer: 'x' }).t.status, 'agency_answered');
  });

  test('R-WF-5 the focal point escalates to the head by hand; not for another agency', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY });
    refused(t, 'escalate', otherFocal, {}, 'forbidden');
    refused(t, 'escalate', head, {}, 'forbidden');
    refused(t, 'escalate', subunitStaff, {}, 'forbidden');
    const e = step(t, 'escalate', focal);
    assert.equal(e.t.escalation, 'head');
  });

  test('R-WF-6 a missed promised date makes the ticket overdue without the head level', () => {
    let t = newTicket({ status: 'in_progress', agencyId: AGENCY });
    t = step(t, 'request_verification', focal, { promisedDate: '2026-12-10', today: TODAY }).t;
    assert.equal(t.escalation, 'none');
    const od = step(t, 'mark_overdue', system);
    t = od.t;
    assert.equal(t.status, 'verifying');
    assert.equal(t.escalation, 'overdue');
    assert.equal(
      step(t, 'answer_agency', focal, { answer: 'Đã xác minh xong.' }).t.status,
      'agency_answered',
    );
  });

  test('escalation and overdue only while the agency holds the ticket', () => {
    for (const status of STATUSES) {
      const t = newTicket({ status, agencyId: AGENCY, escalation: 'head' });
      const atAgency = AT_AGENCY.includes(status);
      assert.equal(decide(t, 'mark_overdue', system).ok, atAgency, status);
      assert.equal(decide({ ...t, escalation: 'none' }, 'escalate', system).ok, atAgency, status);
    }
  });

  test('forwarding again after a return resets the escalation', () => {
    let t = newTicket({ status: 'in_progress', agencyId: AGENCY, escalation: 'overdue' });
    t = step(t, 'return_misrouted', focal, { reason: 'x' }).t;
    t = step(t, 'forward', operator, { agencyId: OTHER_AGENCY }).t;
    assert.equal(t.escalation, 'none');
  });
});

describe('R-WF-11 approval before answering', () => {
  const needsApproval = newTicket({
    status: 'in_progress',
    agencyId: AGENCY,
    agencyRequiresApproval: true,
  });

  test('R-WF-11 the focal point answer waits for the head, who approves', () => {
    const a = step(needsApproval, 'answer_agency', focal, { answer: 'Dự thảo trả lời.' });
    let t = a.t;
    assert.equal(t.status, 'pending_approval');
    assert.equal(t.agencyAnswer, 'Dự thảo trả lời.');
    assert.deepEqual(a.effects, [notify('agency_head', 'head_approval_needed')]);
    assert.ok(!a.effects.some((e) => e.type === 'complete_deadlines'), 'the clock keeps running');

    refused(t, 'approve_answer', focal, {}, 'forbidden');
    refused(t, 'approve_answer', otherHead, {}, 'forbidden');
    refused(t, 'approve_answer', operator, {}, 'forbidden');
    refused(t, 'approve_answer', subunitHead, {}, 'forbidden');
    refused(t, 'answer_agency', focal, { answer: 'x' }, 'invalid_transition');

    const ok = step(t, 'approve_answer', head);
    t = ok.t;
    assert.equal(t.status, 'agency_answered');
    assert.equal(t.agencyAnswer, 'Dự thảo trả lời.');
    assert.deepEqual(ok.effects, [
      { type: 'complete_deadlines' },
      notify('hotline', 'hotline_agency_answered'),
    ]);
    t = step(t, 'answer_citizen', operator, { answer: 'x' }).t;
    assert.equal(t.status, 'answered');
  });

  test("R-WF-11 the head's own answer needs no approval", () => {
    const a = step(needsApproval, 'answer_agency', head, { answer: 'Lãnh đạo Sở trả lời.' });
    assert.equal(a.t.status, 'agency_answered');
    assert.deepEqual(a.effects, [
      { type: 'complete_deadlines' },
      notify('hotline', 'hotline_agency_answered'),
    ]);
  });

  test('R-WF-11 reject_answer sends it back to in_progress with a reason', () => {
    let t = step(needsApproval, 'answer_agency', focal, { answer: 'Bản 1' }).t;
    refused(t, 'reject_answer', head, {}, 'missing_input', 'reason');
    const r = step(t, 'reject_answer', head, { reason: 'Thiếu căn cứ pháp lý.' });
    t = r.t;
    assert.equal(t.status, 'in_progress');
    assert.deepEqual(r.effects, [notify('agency_focal_points', 'agency_answer_rejected')]);
    t = step(t, 'answer_agency', focal, { answer: 'Bản 2' }).t;
    assert.equal(t.status, 'pending_approval');
    assert.equal(t.agencyAnswer, 'Bản 2');
  });

  test('provincial leadership may approve or reject', () => {
    const t = step(needsApproval, 'answer_agency', focal, { answer: 'x' }).t;
    assert.equal(step(t, 'approve_answer', leader).t.status, 'agency_answered');
    assert.equal(step(t, 'reject_answer', leader, { reason: 'x' }).t.status, 'in_progress');
  });

  test('an agency without the approval step answers straight to the hotline', () => {
    const t = { ...needsApproval, agencyRequiresApproval: false };
    assert.equal(step(t, 'answer_agency', focal, { answer: 'x' }).t.status, 'agency_answered');
  });

  test('a pending answer can still escalate or go overdue', () => {
    let t = step(needsApproval, 'answer_agency', focal, { answer: 'x' }).t;
    t = step(t, 'escalate', system).t;
    t = step(t, 'mark_overdue', system).t;
    assert.equal(t.status, 'pending_approval');
    assert.equal(t.escalation, 'overdue');
    assert.equal(step(t, 'approve_answer', head).t.status, 'agency_answered');
  });
});

describe('R-WF-10 reminders', () => {
  test('R-WF-10 the coordinator reminds the agency with a reason; nothing else changes', () => {
    const t = newTicket({ status: 'in_progress', agencyId: AGENCY, escalation: 'overdue' });
    refused(t, 'remind', coordinator, {}, 'missing_input', 'reason');
    const r = step(t, 'remind', coordinator, { reason: 'Đề nghị giải trình lý do chậm.' });
    assert.equal(r.t.status, 'in_progress');
    assert.equal(r.t.escalation, 'overdue');
    assert.deepEqual(r.patch, { status: 'in_progress' });
    assert.deepEqual(r.effects, [
      notify('agency_head', 'agency_reminded'),
      notify('agency_focal_points', 'agency_reminded'),
    ]);
  });

  test('leadership may remind; hotline and agencies may not; only while at the agency', () => {
    const t = newTicket({ status: 'verifying', agencyId: AGENCY });
    assert.equal(step(t, 'remind', leader, { reason: 'x' }).t.status, 'verifying');
    refused(t, 'remind', operator, { reason: 'x' }, 'forbidden');
    refused(t, 'remind', head, { reason: 'x' }, 'forbidden');
    refused(newTicket(), 'remind', coordinator, { reason: 'x' }, 'invalid_transition');
    refused(
      newTicket({ status: 'agency_answered', agencyId: AGENCY }),
      'remind',
      coordinator,
      { reason: 'x' },
      'invalid_transition',
    );
  });
});

describe('comments', () => {
  test('comments change nothing and need a text', () => {
    const t = newTicket({ status: 'forwarded', agencyId: AGENCY, subunitId: SUBUNIT });
    for (const a of [operator, supervisor, coordinator, leader, focal, head, subunitStaff]) {
      const r = step(t, 'comment', a, { reason: 'Ghi chú' });
      assert.deepEqual(r.patch, { status: 'forwarded' });
      assert.deepEqual(r.effects, []);
    }
    refused(t, 'comment', otherFocal, { reason: 'x' }, 'forbidden');
    refused(t, 'comment', system, { reason: 'x' }, 'forbidden');
    refused(t, 'comment', operator, { reason: ' ' }, 'missing_input', 'reason');
    refused({ ...t, status: 'closed' }, 'comment', operator, { reason: 'x' }, 'invalid_transition');
  });
});
