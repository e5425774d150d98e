import type { Action } from '../core/ticket/state-machine.ts';
import type { WorkCalendar } from '../core/calendar/working-time.ts';
import type { ActionBody, CreateTicketBody } from '../contract/ticket.ts';
import {
  COMPANIES,
  FAMILY_NAMES,
  FEMALE_NAMES,
  FOREIGN_NAMES,
  HAMLETS,
  MALE_NAMES,
  NO_RULE_GUIDANCE,
  OUT_OF_SCOPE,
  SCHOOLS,
  STREETS,
  TEMPLATES,
  type OutOfScope,
  type Template,
} from './content.ts';
import {
  AGENCIES,
  CURRENT_COMMUNES,
  FIELDS,
  SCOPE_RULES,
  UNITS,
  usernameFor,
  type FieldSpec,
  type OrgIds,
  type UnitSpec,
} from './organisation.ts';
import { DAY, HOUR, MINUTE, Rng, localHour, viDate } from './sim.ts';

/**
 * The demo tickets as stories: for each ticket, who does what and when. Stories are planned
 * up front (pure, seeded) and then played through the real services by `simulate.ts`, with
 * the deadline sweeper run whenever the simulated clock passes a due time, so escalations
 * and overdue marks happen the way they would in production.
 *
 * Agency actions happen in working time (`work()`), hotline actions at any hour (the hotline
 * runs 24/7). Open tickets are anchored on "now": e.g. a ticket meant to be escalated to the
 * head is forwarded between 9 and 50 working hours before now, whatever day now is.
 */

export type Channel = CreateTicketBody['channel'];
type Body = Omit<Partial<ActionBody>, 'attachmentIds'>;

export interface CreateStep {
  kind: 'create';
  at: Date;
  /** A username, or `system:<label>` for tickets that arrive by themselves (web, Zalo, …). */
  by: string;
  body: CreateTicketBody;
}
export interface ActStep {
  kind: 'act';
  at: Date;
  by: string;
  action: Action;
  body: ActionBody;
}
export type Step = CreateStep | ActStep;

export interface Story {
  index: number;
  scenario: string;
  steps: Step[];
}

export interface World {
  start: Date;
  end: Date;
  cal: WorkCalendar;
  org: OrgIds;
}

const agencySpec = (code: string) => AGENCIES.find((a) => a.code === code)!;
const fieldSpec = (code: string) => FIELDS.find((f) => f.code === code)!;
const unitSpec = (code: string) => UNITS.find((u) => u.code === code)!;
const committeeOf = (unitCode: string) =>
  AGENCIES.find((a) => a.kind === 'committee' && a.unit === unitCode);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const asciiFold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Who works the hotline at a given hour: three shifts, a supervisor now and then. */
function hotline(t: Date, rng: Rng): string {
  if (rng.chance(0.08)) return 'supervisor';
  const h = localHour(t);
  if (h >= 6 && h < 14) return 'operator1';
  if (h >= 14 && h < 22) return 'operator2';
  return 'operator3';
}

const fp = (agency: string) => usernameFor('fp', agency);
const head = (agency: string, rng: Rng) =>
  agency === 'SXD' && rng.chance(0.35) ? 'deputy.sxd' : usernameFor('head', agency);

class Builder {
  readonly steps: Step[] = [];
  t: Date;
  constructor(
    private readonly w: World,
    t0: Date,
  ) {
    this.t = t0;
  }
  set(d: Date) {
    this.t = d;
  }
  /** Wall-clock wait. */
  wall(minutes: number) {
    this.t = new Date(this.t.getTime() + minutes * MINUTE);
  }
  /** Wait in working hours: lands inside office hours of the province's calendar. */
  work(hours: number) {
    this.t = this.w.cal.addWorkingHours(this.t, hours);
  }
  /** Callbacks to citizens happen between 07:00 and 21:00. */
  daytime(rng: Rng) {
    const h = localHour(this.t);
    if (h >= 7 && h < 21) return;
    const localMidnight = Math.floor((this.t.getTime() + 7 * HOUR) / DAY) * DAY - 7 * HOUR;
    const next = localMidnight + (h >= 21 ? DAY : 0) + 7 * HOUR + rng.range(0, 90) * MINUTE;
    this.t = new Date(next);
  }
  private push(s: Step) {
    const prev = this.steps[this.steps.length - 1];
    if (prev && s.at.getTime() <= prev.at.getTime()) s.at = new Date(prev.at.getTime() + 30_000);
    this.steps.push(s);
    this.t = s.at;
  }
  create(by: string, body: CreateTicketBody) {
    this.push({ kind: 'create', at: this.t, by, body });
  }
  act(by: string, action: Action, body: Body = {}) {
    this.push({ kind: 'act', at: this.t, by, action, body: { ...body, attachmentIds: [] } });
  }
  get last(): Date {
    return this.steps[this.steps.length - 1]?.at ?? this.t;
  }
}

interface Citizen {
  name: string;
  phone?: string;
  email?: string;
  address?: string;
  organization?: string;
  language: 'vi' | 'en';
}

interface Plan {
  field: FieldSpec | null;
  tpl: Template;
  agency: string;
  unit: UnitSpec;
  vars: Record<string, string>;
  citizen: Citizen;
  channel: Channel;
  en: boolean;
  urgency: 'normal' | 'urgent' | 'emergency';
  confidential: boolean;
}

const FIELD_WEIGHT: Record<string, number> = {
  GT: 3,
  CSCX: 3,
  RAC: 3,
  DIEN: 3,
  NUOC: 3,
  TN: 2,
  MT: 2,
  YT: 2,
  BHXH: 2,
  GD: 2,
  TTXD: 2,
  'TTHC-DD': 2,
};
const SUBUNIT_OF: Record<string, string> = {
  GT: 'SXD-HTGT',
  TN: 'SXD-QLDT',
  CSCX: 'SXD-QLDT',
  TTXD: 'SXD-QLDT',
  'TTHC-XD': 'SXD-QLDT',
  'TTHC-DD': 'SNNMT-QLDD',
  VPDD: 'SNNMT-QLDD',
};
/** Plausible first guesses of the hotline that the agency sends on or back (R-WF-9). */
const WRONG_AGENCY: Record<string, string> = {
  CSCX: 'DIENLUC',
  VT: 'DIENLUC',
  TN: 'CAPNUOC',
  RAC: 'SXD',
  LDVL: 'BQLKCN',
  BHXH: 'SYT',
  ATTP: 'SYT',
  BL: 'CAT',
};
/** Communes whose predecessors (pre-July-2025 units) are recorded. */
const PREDECESSORS = UNITS.filter((u) => u.successor !== null);

const PHONE_PREFIXES = [
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '086',
  '088',
  '089',
];

/** Sets of citizens: some call more than once (R-CH-12: one history whatever the channel). */
class Citizens {
  private regulars: Citizen[] = [];
  constructor(private readonly rng: Rng) {}
  make(rng: Rng, en: boolean, unit: UnitSpec, vars: Record<string, string>, org?: string): Citizen {
    if (!en && !org && this.regulars.length > 0 && rng.chance(0.12))
      return { ...rng.pick(this.regulars) };
    let c: Citizen;
    if (en) {
      const name = rng.pick(FOREIGN_NAMES);
      c = { name, email: `${asciiFold(name)}${rng.int(1, 99)}@example.com`, language: 'en' };
      if (rng.chance(0.5))
        c.phone = `${rng.pick(PHONE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
      c.address = `${vars.n} ${vars.street} Street, ${unit.name}, Demo Province`;
    } else {
      const female = rng.chance(0.5);
      const name = `${rng.pick(FAMILY_NAMES)} ${rng.pick(female ? FEMALE_NAMES : MALE_NAMES)}`;
      c = {
        name,
        phone: `${rng.pick(PHONE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
        language: 'vi',
      };
      c.address = rng.chance(0.5)
        ? `số ${vars.n} đường ${vars.street}, ${lowerFirst(unit.name)}, tỉnh Demo`
        : `${vars.hamlet}, ${lowerFirst(unit.name)}, tỉnh Demo`;
      if (rng.chance(0.2)) c.email = `${asciiFold(name)}${rng.int(1, 99)}@example.com`;
      if (!org && this.regulars.length < 40 && this.rng.chance(0.3)) this.regulars.push(c);
    }
    if (org) c.organization = org;
    return c;
  }
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['phone', 45],
  ['zalo', 12],
  ['web', 10],
  ['email', 7],
  ['app', 6],
  ['messenger', 6],
  ['sms', 4],
  ['chat', 4],
  ['letter', 2],
  ['portal', 2],
  ['walk_in', 2],
];
const DIGITAL: readonly Channel[] = [
  'web',
  'app',
  'zalo',
  'messenger',
  'chat',
  'portal',
  'email',
  'sms',
];

/** All the stories of the demo province, deterministic for a given world and seed. */
export function buildStories(w: World, seed: number): Story[] {
  const citizens = new Citizens(new Rng(seed ^ 0x5eed));
  const kbPool = Object.entries(TEMPLATES).flatMap(([f, ts]) =>
    ts.filter((t) => t.kb).map((t) => [f, t] as const),
  );
  const agencyPool = (filter: (f: string, t: Template) => boolean) =>
    Object.entries(TEMPLATES).flatMap(([f, ts]) =>
      ts
        .filter((t) => !t.kb && filter(f, t))
        .map((t) => [[f, t] as const, FIELD_WEIGHT[f] ?? 1] as const),
    );
  const anyAgency = agencyPool(() => true);
  const unitMap = (code: string) => w.org.units.get(code)!;
  const agencyId = (code: string) => w.org.agencies.get(code)!.id;
  const requiresApproval = (code: string) => agencySpec(code).requiresApproval === true;
  const backWork = (from: Date, hours: number) => w.cal.addWorkingHours(from, -hours);
  const endMs = w.end.getTime();

  function vars(rng: Rng, unit: UnitSpec, c: Date): Record<string, string> {
    const street = rng.pick(STREETS);
    let street2 = rng.pick(STREETS);
    if (street2 === street) street2 = STREETS[(STREETS.indexOf(street) + 3) % STREETS.length]!;
    const pred = PREDECESSORS.filter((p) => p.successor === unit.code);
    const old = pred.length ? rng.pick(pred) : null;
    const day = new Date(c.getTime() - rng.int(1, 10) * DAY);
    const ymd = viDate(c).split('/').reverse().join('').slice(2);
    return {
      street,
      street2,
      n: String(rng.int(2, 280)),
      unit: lowerFirst(unit.name),
      hamlet: rng.pick(HAMLETS),
      days: String(rng.int(3, 20)),
      date: viDate(day),
      dossier: `H99.${rng.int(10, 99)}-${ymd}-${String(rng.int(1, 9999)).padStart(4, '0')}`,
      company: rng.pick(COMPANIES),
      school: rng.pick(SCHOOLS),
      oldUnit: old ? lowerFirst(old.name) : lowerFirst(unit.name),
      oldDistrict: old ? lowerFirst(unitSpec(old.parent!).name) : 'huyện cũ',
    };
  }

  /** A citizen's contact about a field; `c` is when it comes in. */
  function plan(
    rng: Rng,
    c: Date,
    opts: {
      kb?: boolean;
      filter?: (f: string, t: Template) => boolean;
      unit?: string;
      agency?: string;
      local?: boolean;
    } = {},
  ): Plan {
    let f: string;
    let tpl: Template;
    if (opts.kb) [f, tpl] = rng.pick(kbPool);
    else [f, tpl] = rng.weighted(opts.filter ? agencyPool(opts.filter) : anyAgency);
    const field = fieldSpec(f);
    let unit: UnitSpec;
    if (opts.unit) unit = unitSpec(opts.unit);
    else if (tpl.content.includes('{oldUnit}')) unit = unitSpec(rng.pick(PREDECESSORS).successor!);
    else unit = rng.pick(CURRENT_COMMUNES);
    const v = vars(rng, unit, c);
    const en = tpl.en === true;
    if (en)
      v.unit = asciiFold(unit.name)
        .replace(/^(phuong|xa)/, '')
        .replace(/^./, (x) => x.toUpperCase());
    let agency = opts.agency ?? field.agency;
    const committee = committeeOf(unit.code);
    if (!opts.agency && (opts.local ?? (tpl.local && rng.chance(0.6))) && committee)
      agency = committee.code;
    const business = ['TTHC-DKKD', 'DT', 'KCN'].includes(f) && !en;
    const org = business ? `Công ty ${v.company}` : undefined;
    let channel = rng.weighted(CHANNEL_WEIGHTS);
    if (en) channel = rng.pick(['email', 'web', 'chat', 'app'] as const);
    const citizen = citizens.make(rng, en, unit, v, org);
    if (channel === 'email' && !citizen.email)
      citizen.email = `${asciiFold(citizen.name)}${rng.int(1, 99)}@example.com`;
    const urgency = tpl.urgency ?? (rng.chance(0.07) ? 'urgent' : 'normal');
    const confidential = tpl.confidential ? rng.chance(0.6) : rng.chance(0.03);
    return { field, tpl, agency, unit, vars: v, citizen, channel, en, urgency, confidential };
  }

  function body(p: Plan, rng: Rng): CreateTicketBody {
    const location: CreateTicketBody['location'] = { orgUnitId: unitMap(p.unit.code) };
    if (p.field?.group === 3) {
      const k = CURRENT_COMMUNES.indexOf(p.unit);
      location.latitude =
        Math.round((10.45 + (k % 5) * 0.04 + rng.range(-0.012, 0.012)) * 1e6) / 1e6;
      location.longitude =
        Math.round((105.63 + Math.floor(k / 5) * 0.05 + rng.range(-0.012, 0.012)) * 1e6) / 1e6;
    }
    return {
      channel: p.channel,
      subject: p.tpl.subject,
      content: fill(p.tpl.content, p.vars),
      citizen: { ...p.citizen },
      ...(p.field ? { fieldId: w.org.fields.get(p.field.code)!.id } : {}),
      urgency: p.urgency,
      confidential: p.confidential,
      location,
      attachmentIds: [],
    };
  }

  const answerText = (p: Plan, at: Date) => fill(p.tpl.answer, { ...p.vars, adate: viDate(at) });
  const citizenAnswer = (p: Plan, agencyAnswer: string) =>
    p.en
      ? `Dear ${p.citizen.name}, the agency in charge replied: ${agencyAnswer} Thank you for contacting the 1022 hotline.`
      : `Kính gửi ông/bà ${p.citizen.name}. Tổng đài 1022 xin thông tin kết quả xử lý: ${agencyAnswer} Trân trọng cảm ơn ông/bà đã phản ánh.`;

  // ----- the building blocks of every story -----

  /** The contact comes in; the hotline picks it up. */
  function intake(b: Builder, p: Plan, rng: Rng, quick = false) {
    if (DIGITAL.includes(p.channel) && rng.chance(0.6)) {
      b.create(`system:channel:${p.channel}`, body(p, rng));
      b.wall(quick ? rng.range(3, 20) : rng.range(5, 90));
    } else {
      b.create(hotline(b.t, rng), body(p, rng));
      b.wall(rng.range(2, 15));
    }
  }

  function forward(b: Builder, agency: string, rng: Rng, by?: string, note?: string) {
    b.act(by ?? hotline(b.t, rng), 'forward', {
      agencyId: agencyId(agency),
      ...(note ? { note } : {}),
    });
  }

  /** The agency replies; who replies depends on how long it took (R-SLA-2), `f` = forwarded at. */
  function agencyAnswer(b: Builder, p: Plan, agency: string, rng: Rng, f: Date, text?: string) {
    const late = w.cal.workingHoursBetween(f, b.t) > 8 && rng.chance(0.85);
    const answer = text ?? answerText(p, b.t);
    b.act(late ? head(agency, rng) : fp(agency), 'answer_agency', { answer });
    if (requiresApproval(agency) && !late) {
      b.work(rng.range(0.5, 4));
      b.act(head(agency, rng), 'approve_answer', { note: 'Đồng ý nội dung trả lời.' });
    }
    return answer;
  }

  /** Working hours from forward to answer: mostly on time, some late, a few overdue. */
  const delay = (rng: Rng) =>
    rng.weighted([
      [() => rng.range(0.5, 7.5), 0.72],
      [() => rng.range(9, 45), 0.21],
      [() => rng.range(57, 75), 0.07],
    ] as const)();

  /** Forwarded at `b.t`: accept, then answer `d` working hours after the forward. */
  function handle(b: Builder, p: Plan, agency: string, rng: Rng, d: number) {
    const f = b.t;
    b.work(Math.min(d * 0.4, rng.range(0.1, 1.5)));
    b.act(fp(agency), 'accept');
    b.set(w.cal.addWorkingHours(f, d));
    return agencyAnswer(b, p, agency, rng, f);
  }

  function answerCitizen(b: Builder, p: Plan, rng: Rng, agencyAns: string) {
    b.wall(rng.range(15, 240));
    b.daytime(rng);
    b.act(hotline(b.t, rng), 'answer_citizen', { answer: citizenAnswer(p, agencyAns) });
  }

  function close(b: Builder, rng: Rng) {
    if (rng.chance(0.3)) {
      b.wall(72 * 60);
      b.act('system:auto-close', 'close', {
        note: 'Tự động đóng phiếu sau 3 ngày không có phản hồi của công dân.',
      });
    } else {
      b.wall(rng.range(20 * 60, 60 * 60));
      b.daytime(rng);
      b.act(hotline(b.t, rng), 'close', { note: 'Công dân xác nhận đã nhận kết quả.' });
    }
  }

  function closedAgencyFlow(b: Builder, p: Plan, rng: Rng) {
    intake(b, p, rng);
    forward(b, p.agency, rng);
    const ans = handle(b, p, p.agency, rng, delay(rng));
    answerCitizen(b, p, rng, ans);
    close(b, rng);
  }

  /** An open ticket forwarded `u` working hours before now. */
  function forwardedAgo(b: Builder, p: Plan, rng: Rng, u: number, agency = p.agency) {
    const f = backWork(w.end, u);
    b.set(new Date(f.getTime() - rng.range(5, 45) * MINUTE));
    intake(b, p, rng, true);
    b.set(f);
    forward(b, agency, rng);
    return f;
  }

  const U_NONE = (rng: Rng) => rng.range(0.4, 6.5);
  const U_HEAD = (rng: Rng) => rng.range(10, 50);
  const U_OVERDUE = (rng: Rng) => rng.range(60, 100);
  const uFor = (rng: Rng, k: number, counts: [number, number]) =>
    k < counts[0] ? U_NONE(rng) : k < counts[0] + counts[1] ? U_HEAD(rng) : U_OVERDUE(rng);

  const remind = (b: Builder, rng: Rng) => {
    b.set(backWork(w.end, rng.range(0.3, 2)));
    b.act('coordinator', 'remind', {
      reason:
        'Phiếu đã quá hạn xử lý, đề nghị đơn vị khẩn trương giải quyết và báo cáo kết quả (R-WF-10).',
      note: 'Văn phòng UBND tỉnh nhắc: đề nghị khẩn trương xử lý, báo cáo kết quả trong ngày làm việc tiếp theo.',
    });
  };

  // ----- scenarios: [name, count, story] -----
  type Scenario = (b: Builder, rng: Rng, k: number) => void;
  const scenarios: [string, number, Scenario][] = [
    [
      'closed:kb',
      45,
      (b, rng) => {
        const p = plan(rng, b.t, { kb: true });
        intake(b, p, rng);
        b.act(hotline(b.t, rng), 'answer_directly', {
          answer: fill(p.tpl.kb!, p.vars),
          kbArticleId: `KB-${p.field!.code}-${TEMPLATES[p.field!.code]!.indexOf(p.tpl) + 1}`,
        });
        if (p.channel === 'phone' || p.channel === 'walk_in') {
          b.wall(rng.range(1, 3));
          b.act(hotline(b.t, rng), 'close', { note: 'Đã trả lời trực tiếp trong cuộc gọi.' });
        } else close(b, rng);
      },
    ],
    [
      'answered:kb',
      8,
      (b, rng) => {
        b.set(new Date(endMs - rng.range(2, 40) * HOUR));
        const p = plan(rng, b.t, { kb: true });
        if (!DIGITAL.includes(p.channel)) p.channel = 'zalo';
        intake(b, p, rng);
        b.act(hotline(b.t, rng), 'answer_directly', { answer: fill(p.tpl.kb!, p.vars) });
      },
    ],
    [
      'rejected',
      22,
      (b, rng, k) => {
        const o = OUT_OF_SCOPE[k % OUT_OF_SCOPE.length]!;
        const p = oosPlan(rng, b.t, o);
        b.create(hotline(b.t, rng), body(p, rng));
        b.wall(rng.range(1, 5));
        const rule = SCOPE_RULES.find((r) => r.code === o.rule);
        b.act(hotline(b.t, rng), 'reject', {
          reason: rule ? `Không thuộc phạm vi tiếp nhận: ${rule.name}` : o.reason!,
          guidance: rule ? (o.en ? rule.guidanceEn : rule.guidanceVi) : NO_RULE_GUIDANCE,
        });
      },
    ],
    [
      'rejected:coordinator',
      2,
      (b, rng) => {
        const p = oosPlan(rng, b.t, {
          rule: null,
          subject: 'Tranh chấp ranh giới đất với hộ liền kề',
          content:
            'Gia đình tôi tranh chấp ranh giới đất với hộ liền kề tại {hamlet}, {unit}; UBND xã đã hòa giải nhưng không thành. Đề nghị tỉnh xem xét giải quyết.',
        });
        intake(b, p, rng);
        b.act(hotline(b.t, rng), 'send_to_coordinator', {
          note: 'Chưa rõ thẩm quyền: tranh chấp đất đai sau hòa giải.',
        });
        b.work(rng.range(0.5, 4));
        b.act('coordinator', 'reject', {
          reason:
            'Tranh chấp đất đai đã hòa giải không thành không thuộc phạm vi của Tổng đài 1022.',
          guidance:
            'Theo Luật Đất đai năm 2024, sau khi hòa giải tại UBND cấp xã không thành, các bên nộp đơn đến Tòa án nhân dân có thẩm quyền (nếu có giấy tờ về quyền sử dụng đất) hoặc đến UBND có thẩm quyền để được giải quyết.',
        });
      },
    ],
    ['closed:agency', 70, (b, rng) => closedAgencyFlow(b, plan(rng, b.t), rng)],
    [
      'closed:coordinator',
      8,
      (b, rng) => {
        const p = plan(rng, b.t);
        intake(b, p, rng);
        b.act(hotline(b.t, rng), 'send_to_coordinator', {
          note:
            p.urgency === 'normal'
              ? 'Nội dung liên quan nhiều đơn vị, đề nghị Văn phòng UBND tỉnh xác định đơn vị chủ trì.'
              : 'Vụ việc khẩn, đề nghị Văn phòng UBND tỉnh chỉ đạo.',
        });
        b.work(rng.range(0.3, 4));
        forward(
          b,
          p.agency,
          rng,
          'coordinator',
          `Giao ${agencySpec(p.agency).name} chủ trì xử lý, trả lời công dân.`,
        );
        const ans = handle(b, p, p.agency, rng, delay(rng));
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:transfer',
      6,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (f) => f in WRONG_AGENCY, local: false });
        const wrong = WRONG_AGENCY[p.field!.code]!;
        intake(b, p, rng);
        forward(b, wrong, rng);
        b.work(rng.range(0.2, 2));
        b.act(fp(wrong), 'transfer', {
          agencyId: agencyId(p.agency),
          note: `Nội dung thuộc thẩm quyền của ${agencySpec(p.agency).name}, đơn vị chuyển tiếp để xử lý.`,
        });
        const ans = handle(b, p, p.agency, rng, rng.range(1, 7));
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:misrouted',
      5,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (f) => f in WRONG_AGENCY, local: false });
        const wrong = WRONG_AGENCY[p.field!.code]!;
        intake(b, p, rng);
        forward(b, wrong, rng);
        b.work(rng.range(0.2, 3));
        b.act(fp(wrong), 'return_misrouted', {
          reason: `Nội dung không thuộc chức năng, nhiệm vụ của ${agencySpec(wrong).name}; đề nghị chuyển ${agencySpec(p.agency).name}.`,
        });
        b.wall(rng.range(5, 60));
        forward(b, p.agency, rng);
        const ans = handle(b, p, p.agency, rng, rng.range(1, 7.5));
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:subunit',
      8,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (f) => f in SUBUNIT_OF, local: false });
        const sub = SUBUNIT_OF[p.field!.code]!;
        intake(b, p, rng);
        forward(b, p.agency, rng);
        const f = b.t;
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(0.2, 1.5));
        b.act(fp(p.agency), 'route_internal', {
          subunitId: agencyId(sub),
          note: `Giao ${agencySpec(sub).name} kiểm tra, đề xuất nội dung trả lời.`,
        });
        b.work(rng.range(1.5, 10));
        b.act(fp(sub), 'subunit_reply', {
          answer: `${agencySpec(sub).name} đã kiểm tra hiện trường và đề xuất phương án xử lý; đề nghị lãnh đạo Sở xem xét trả lời công dân.`,
        });
        b.work(rng.range(0.5, 4));
        const ans = agencyAnswer(b, p, p.agency, rng, f);
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:verification',
      8,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        intake(b, p, rng);
        forward(b, p.agency, rng);
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(0.5, 4));
        const promised = w.cal.localDate(w.cal.addWorkingHours(b.t, rng.range(16, 40)));
        b.act(fp(p.agency), 'request_verification', {
          promisedDate: promised,
          note: `Cần kiểm tra thực địa và phối hợp đơn vị liên quan; dự kiến hoàn thành ngày ${promised.split('-').reverse().join('/')}.`,
        });
        const f = b.t;
        b.work(rng.range(4, 14));
        const ans = agencyAnswer(b, p, p.agency, rng, f);
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:approval',
      6,
      (b, rng) => {
        const p = plan(rng, b.t, {
          filter: (_f, t) => t.local === true && !t.en,
          unit: '99005',
          agency: 'XLONGHUNG',
        });
        intake(b, p, rng);
        forward(b, p.agency, rng);
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(1, 6));
        b.act(fp(p.agency), 'answer_agency', { answer: answerText(p, b.t) });
        b.work(rng.range(0.5, 6));
        if (rng.chance(0.4)) {
          b.act(head(p.agency, rng), 'reject_answer', {
            reason: 'Đề nghị bổ sung kết quả kiểm tra thực tế và thời hạn khắc phục cụ thể.',
          });
          b.work(rng.range(1, 6));
          b.act(fp(p.agency), 'answer_agency', {
            answer: `${answerText(p, b.t)} UBND xã sẽ tiếp tục kiểm tra, giám sát việc khắc phục.`,
          });
          b.work(rng.range(0.5, 4));
        }
        b.act(head(p.agency, rng), 'approve_answer', {
          note: 'Chủ tịch UBND xã đồng ý nội dung trả lời.',
        });
        answerCitizen(b, p, rng, answerText(p, b.t));
        close(b, rng);
      },
    ],
    [
      'closed:supplement-intake',
      5,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        b.create(hotline(b.t, rng), body(p, rng));
        b.wall(rng.range(2, 10));
        b.act(hotline(b.t, rng), 'request_supplement', {
          reason: 'Đề nghị công dân cung cấp địa chỉ cụ thể và hình ảnh hiện trường (R-IN-4).',
        });
        b.wall(rng.range(2 * 60, 48 * 60));
        b.daytime(rng);
        b.act(hotline(b.t, rng), 'supplement', {
          note: 'Công dân đã bổ sung địa chỉ cụ thể và hình ảnh hiện trường qua Zalo.',
        });
        b.wall(rng.range(5, 30));
        forward(b, p.agency, rng);
        const ans = handle(b, p, p.agency, rng, rng.range(1, 7.5));
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:supplement-agency',
      4,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        intake(b, p, rng);
        forward(b, p.agency, rng);
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(0.5, 3));
        b.act(fp(p.agency), 'request_supplement', {
          reason:
            'Đề nghị công dân cung cấp thêm thông tin: vị trí cụ thể, thời gian xảy ra sự việc và hình ảnh hiện trường (nếu có).',
        });
        b.wall(rng.range(3 * 60, 40 * 60));
        b.daytime(rng);
        b.act(hotline(b.t, rng), 'supplement', {
          note: 'Công dân đã cung cấp thông tin bổ sung qua điện thoại.',
        });
        const f = b.t;
        b.work(rng.range(1, 6));
        const ans = agencyAnswer(b, p, p.agency, rng, f);
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:reopened',
      4,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        closedAgencyFlow(b, p, rng);
        b.wall(rng.range(4 * 60, 72 * 60));
        b.daytime(rng);
        b.act(hotline(b.t, rng), 'reopen', {
          reason: 'Công dân phản ánh sự việc tái diễn, chưa được khắc phục triệt để.',
        });
        b.wall(rng.range(5, 30));
        forward(
          b,
          p.agency,
          rng,
          undefined,
          'Phiếu mở lại: đề nghị đơn vị kiểm tra lại và xử lý dứt điểm.',
        );
        const f = b.t;
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(1, 6));
        const ans = agencyAnswer(
          b,
          p,
          p.agency,
          rng,
          f,
          `Đơn vị đã kiểm tra lại theo phản ánh của công dân: ${answerText(p, b.t)}`,
        );
        answerCitizen(b, p, rng, ans);
        close(b, rng);
      },
    ],
    [
      'closed:escalated-by-focal-point',
      4,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        intake(b, p, rng);
        forward(b, p.agency, rng);
        b.work(rng.range(0.1, 1));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(0.5, 4));
        b.act(fp(p.agency), 'escalate', {
          note: 'Vượt thẩm quyền của cán bộ đầu mối, đề nghị lãnh đạo đơn vị cho ý kiến chỉ đạo (R-WF-5).',
        });
        b.work(rng.range(4, 30));
        const answer = answerText(p, b.t);
        b.act(head(p.agency, rng), 'answer_agency', { answer });
        answerCitizen(b, p, rng, answer);
        close(b, rng);
      },
    ],
    [
      'received',
      8,
      (b, rng) => {
        b.set(new Date(endMs - rng.range(3, 180) * MINUTE));
        const p = plan(rng, b.t);
        if (p.channel === 'letter' || p.channel === 'walk_in' || p.channel === 'phone')
          b.create(hotline(b.t, rng), body(p, rng));
        else b.create(`system:channel:${p.channel}`, body(p, rng));
      },
    ],
    [
      'received:reopened',
      1,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        closedAgencyFlow(b, p, rng);
        b.set(new Date(Math.max(b.t.getTime() + 2 * HOUR, endMs - rng.range(10, 60) * MINUTE)));
        b.act(hotline(b.t, rng), 'reopen', {
          reason: 'Công dân gọi lại: sự việc chưa được khắc phục như nội dung trả lời.',
        });
      },
    ],
    [
      'received:returned',
      1,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (f) => f in WRONG_AGENCY, local: false });
        const wrong = WRONG_AGENCY[p.field!.code]!;
        const u = rng.range(1.5, 5);
        const f = forwardedAgo(b, p, rng, u, wrong);
        b.set(w.cal.addWorkingHours(f, rng.range(0.3, 1)));
        b.act(fp(wrong), 'return_misrouted', {
          reason: `Nội dung không thuộc chức năng của ${agencySpec(wrong).name}; đề nghị Tổng đài chuyển đúng đơn vị.`,
        });
      },
    ],
    [
      'awaiting_supplement:intake',
      5,
      (b, rng) => {
        b.set(new Date(endMs - rng.range(2, 60) * HOUR));
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en });
        b.create(hotline(b.t, rng), body(p, rng));
        b.wall(rng.range(2, 10));
        b.act(hotline(b.t, rng), 'request_supplement', {
          reason: 'Đề nghị công dân cung cấp địa chỉ cụ thể nơi xảy ra sự việc (R-IN-4).',
        });
      },
    ],
    [
      'awaiting_supplement:agency',
      4,
      (b, rng) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en, local: false });
        const f = forwardedAgo(b, p, rng, rng.range(3, 20));
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, 1)));
        b.act(fp(p.agency), 'accept');
        b.work(rng.range(0.3, 1.5));
        b.act(fp(p.agency), 'request_supplement', {
          reason:
            'Đề nghị công dân cung cấp thêm thông tin (vị trí cụ thể, mã khách hàng hoặc số hồ sơ nếu có) để đơn vị kiểm tra.',
        });
      },
    ],
    [
      'coordinating',
      7,
      (b, rng) => {
        b.set(new Date(endMs - rng.range(0.5, 30) * HOUR));
        const p = plan(rng, b.t);
        intake(b, p, rng, true);
        b.act(hotline(b.t, rng), 'send_to_coordinator', {
          note: 'Nội dung liên quan nhiều đơn vị, chưa xác định được đơn vị chủ trì (R-WF-7).',
        });
      },
    ],
    [
      'forwarded',
      17,
      (b, rng, k) => {
        const p = plan(rng, b.t, { local: rng.chance(0.3) ? undefined : false });
        if (requiresApproval(p.agency)) p.agency = p.field!.agency;
        forwardedAgo(b, p, rng, uFor(rng, k, [8, 5]));
        if (k >= 13 && k % 2 === 0) remind(b, rng);
      },
    ],
    [
      'in_progress',
      22,
      (b, rng, k) => {
        const p = plan(rng, b.t, { local: k % 4 === 0 ? undefined : false });
        if (requiresApproval(p.agency)) p.agency = p.field!.agency;
        const u = uFor(rng, k, [10, 7]);
        const f = forwardedAgo(b, p, rng, u);
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, Math.min(1.5, u * 0.5))));
        b.act(fp(p.agency), 'accept');
        const sub = p.field && SUBUNIT_OF[p.field.code];
        if (sub && p.agency === p.field!.agency && rng.chance(0.6)) {
          b.set(w.cal.addWorkingHours(f, Math.min(u * 0.75, rng.range(0.5, 3))));
          b.act(fp(p.agency), 'route_internal', {
            subunitId: agencyId(sub),
            note: `Giao ${agencySpec(sub).name} kiểm tra hiện trường.`,
          });
        }
        if (k >= 17 && k % 2 === 1) remind(b, rng);
        if (k === 18) {
          b.set(backWork(w.end, rng.range(0.1, 0.25)));
          b.act('leader', 'comment', {
            note: 'Đề nghị đơn vị khẩn trương xử lý dứt điểm, báo cáo UBND tỉnh qua Văn phòng.',
          });
        }
      },
    ],
    [
      'verifying',
      10,
      (b, rng, k) => {
        const p = plan(rng, b.t, { filter: (_f, t) => !t.en, local: false });
        const overdue = k >= 7;
        const r = backWork(w.end, overdue ? rng.range(30, 60) : rng.range(1, 24));
        const u = w.cal.workingHoursBetween(backWork(r, rng.range(0.5, 6)), w.end);
        const f = forwardedAgo(b, p, rng, u);
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, 0.4)));
        b.act(fp(p.agency), 'accept');
        b.set(r);
        const promised = w.cal.localDate(
          overdue
            ? w.cal.addWorkingHours(r, rng.range(9, 20))
            : w.cal.addWorkingHours(w.end, rng.range(16, 48)),
        );
        b.act(fp(p.agency), 'request_verification', {
          promisedDate: promised,
          note: `Cần xác minh thực địa, lấy ý kiến đơn vị liên quan; dự kiến hoàn thành ngày ${promised.split('-').reverse().join('/')} (R-WF-6).`,
        });
      },
    ],
    [
      'pending_approval',
      4,
      (b, rng, k) => {
        const p = plan(rng, b.t, {
          filter: (_f, t) => t.local === true && !t.en,
          unit: '99005',
          agency: 'XLONGHUNG',
        });
        const u = k < 2 ? rng.range(2, 7) : k === 2 ? rng.range(12, 40) : rng.range(60, 80);
        const f = forwardedAgo(b, p, rng, u);
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, 0.3)));
        b.act(fp(p.agency), 'accept');
        b.set(backWork(w.end, rng.range(0.1, Math.min(1.5, u * 0.5))));
        b.act(fp(p.agency), 'answer_agency', { answer: answerText(p, b.t) });
      },
    ],
    [
      'agency_answered',
      10,
      (b, rng) => {
        const p = plan(rng, b.t, { local: rng.chance(0.3) ? undefined : false });
        if (requiresApproval(p.agency)) p.agency = p.field!.agency;
        const u = rng.range(1, 14);
        const f = forwardedAgo(b, p, rng, u);
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, 0.5)));
        b.act(fp(p.agency), 'accept');
        b.set(backWork(w.end, rng.range(0.1, u * 0.5)));
        agencyAnswer(b, p, p.agency, rng, f);
      },
    ],
    [
      'answered',
      12,
      (b, rng) => {
        const p = plan(rng, b.t, { local: rng.chance(0.3) ? undefined : false });
        if (requiresApproval(p.agency)) p.agency = p.field!.agency;
        const a = backWork(w.end, rng.range(2, 16));
        const f = forwardedAgo(
          b,
          p,
          rng,
          w.cal.workingHoursBetween(backWork(a, rng.range(0.5, 7.5)), w.end),
        );
        b.set(w.cal.addWorkingHours(f, rng.range(0.05, 0.3)));
        b.act(fp(p.agency), 'accept');
        b.set(a);
        const ans = agencyAnswer(b, p, p.agency, rng, f);
        b.set(
          new Date(
            a.getTime() + rng.range(15, Math.min(240, (endMs - a.getTime()) / MINUTE - 5)) * MINUTE,
          ),
        );
        b.act(hotline(b.t, rng), 'answer_citizen', { answer: citizenAnswer(p, ans) });
      },
    ],
  ];

  function oosPlan(rng: Rng, c: Date, o: OutOfScope): Plan {
    const unit = rng.pick(CURRENT_COMMUNES);
    const v = vars(rng, unit, c);
    if (o.en)
      v.unit = asciiFold(unit.name)
        .replace(/^(phuong|xa)/, '')
        .replace(/^./, (x) => x.toUpperCase());
    const tpl: Template = { subject: o.subject, content: o.content, answer: '' };
    return {
      field: null,
      tpl,
      agency: 'VPUBND',
      unit,
      vars: v,
      citizen: citizens.make(rng, o.en === true, unit, v),
      channel: o.en
        ? 'phone'
        : rng.weighted([
            ['phone', 8],
            ['zalo', 1],
            ['web', 1],
          ] as const),
      en: o.en === true,
      urgency: o.rule && o.rule !== 'KNTC' ? 'emergency' : 'normal',
      confidential: o.rule === 'KNTC',
    };
  }

  /** A creation time inside the window: weekdays and office hours are busier. */
  function creation(rng: Rng): Date {
    const span = Math.max(1, Math.floor((endMs - w.start.getTime()) / DAY));
    let day = rng.int(0, span - 1);
    const dayStart = (d: number) =>
      Math.floor((w.start.getTime() + 7 * HOUR) / DAY + d) * DAY - 7 * HOUR;
    const weekday = (d: number) => new Date(dayStart(d) + 12 * HOUR).getUTCDay();
    if ([0, 6].includes(weekday(day)) && rng.chance(0.5)) day = rng.int(0, span - 1);
    const hour = rng.weighted([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 2],
      [6, 4],
      [7, 8],
      [8, 12],
      [9, 12],
      [10, 12],
      [11, 9],
      [12, 5],
      [13, 8],
      [14, 11],
      [15, 11],
      [16, 10],
      [17, 7],
      [18, 6],
      [19, 6],
      [20, 5],
      [21, 4],
      [22, 2],
      [23, 1],
    ] as const);
    return new Date(
      Math.min(dayStart(day) + hour * HOUR + rng.range(0, 60) * MINUTE, endMs - HOUR),
    );
  }

  const stories: Story[] = [];
  let index = 0;
  for (const [name, count, fn] of scenarios) {
    for (let k = 0; k < count; k++, index++) {
      let shift = 0;
      let story: Story | null = null;
      // Replay with the same draws, moved earlier, until the story ends before now.
      for (let attempt = 0; attempt < 10 && !story; attempt++) {
        const rng = new Rng(seed * 7919 + index);
        const c = creation(rng);
        const b = new Builder(w, new Date(c.getTime() - shift));
        fn(b, rng, k);
        const over = b.last.getTime() - (endMs - 5 * MINUTE);
        if (over <= 0) story = { index, scenario: name, steps: b.steps };
        else shift += over + 6 * HOUR;
      }
      if (!story) throw new Error(`demo story ${name} #${k} does not fit before now`);
      stories.push(story);
    }
  }
  return stories;
}
