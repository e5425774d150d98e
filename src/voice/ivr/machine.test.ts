import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_FLOW } from './demo.ts';
import { flowProblems, flowTexts, ivrFlowSchema, type IvrFlow } from './flow.ts';
import { startIvr, stepIvr, type IvrEffect, type IvrEvent, type IvrState } from './machine.ts';
import { ticketCodeFromDigits as codeFromDigits } from '../../core/routing/routing.ts';
import { statusReadout, statusTexts } from './status.ts';

const demo = ivrFlowSchema.parse(DEMO_FLOW);
const open = { isOpen: () => true };
const closed = { isOpen: () => false };

/** Drives a flow like the runner would: every play finishes unless a key interrupts it. */
class Drive {
  state: IvrState;
  log: string[] = [];
  private lastPlay = 0;
  private lastTimer = 0;
  constructor(
    private readonly flow: IvrFlow,
    private readonly ctx = open,
  ) {
    const s = startIvr(flow, ctx);
    this.state = s.state;
    this.record(s.effects);
  }
  private record(effects: IvrEffect[]): void {
    for (const e of effects) {
      if (e.type === 'play') {
        this.lastPlay = e.id;
        this.log.push(`play:${e.texts.map((t) => t.slice(0, 12)).join('+')}`);
      } else if (e.type === 'startTimer') {
        this.lastTimer = e.id;
        this.log.push(`timer:${e.ms}`);
      } else if (e.type === 'done') this.log.push(`done:${JSON.stringify(e.outcome)}`);
      else if (e.type === 'lookup') this.log.push(`lookup:${e.digits}`);
      else this.log.push(e.type);
    }
  }
  send(e: IvrEvent): this {
    const s = stepIvr(this.flow, this.state, e, this.ctx);
    this.state = s.state;
    this.record(s.effects);
    return this;
  }
  played(): this {
    return this.send({ type: 'played', id: this.lastPlay });
  }
  key(d: string): this {
    return this.send({ type: 'digit', digit: d });
  }
  timeout(): this {
    return this.send({ type: 'timeout', id: this.lastTimer });
  }
  take(): string[] {
    const l = this.log;
    this.log = [];
    return l;
  }
}

test('the demo flow is valid and lists every text to render', () => {
  assert.deepEqual(flowProblems(demo), []);
  const texts = flowTexts(demo);
  // 11 prompts, and the phrases and digit words a status readout is made of.
  assert.equal(texts.length, 11 + statusTexts().length);
  assert.ok(texts.some((t) => t.startsWith('Xin chào')));
});

test('greeting → working hours → menu → key 1 → operators queue, with the closing words', () => {
  const d = new Drive(demo);
  assert.deepEqual(d.take(), ['play:Xin chào, bạ']);
  d.played();
  assert.deepEqual(d.take(), ['play:Để phản ánh,']);
  d.played();
  assert.deepEqual(d.take(), ['timer:6000']);
  d.key('1');
  assert.deepEqual(d.take(), ['cancelTimer', 'play:Cuộc gọi của']);
  d.key('2'); // keys while leaving are ignored
  assert.deepEqual(d.take(), []);
  d.played();
  assert.deepEqual(d.take(), ['done:{"kind":"queue","queue":"tiep-nhan"}']);
  assert.equal(d.state.digits, '1');
  assert.deepEqual(d.state.path, ['greeting', 'hours', 'main', 'report']);
  d.played().key('1').timeout(); // nothing happens after done
  assert.deepEqual(d.take(), []);
});

test('barge-in: a key during the menu prompt stops it and acts at once', () => {
  const d = new Drive(demo);
  d.played();
  d.take();
  d.key('3');
  assert.deepEqual(d.take(), ['stopPlay', 'play:Hướng dẫn th']);
  d.played(); // the procedures message leads back to the menu
  assert.deepEqual(d.take(), ['play:Để phản ánh,']);
  d.key('2');
  assert.deepEqual(d.take(), ['stopPlay', 'play:Vui lòng nhậ']);
  assert.equal(d.state.digits, '32');
});

test('keys during a message are ignored (no options to choose)', () => {
  const d = new Drive(demo);
  d.key('1');
  assert.deepEqual(d.take(), ['play:Xin chào, bạ']);
  assert.equal(d.state.node, 'greeting');
});

test('wrong keys and silence: apology + menu again, then onFail after maxAttempts', () => {
  const d = new Drive(demo);
  d.played().played();
  d.take();
  d.key('9');
  assert.deepEqual(d.take(), ['cancelTimer', 'play:Phím bạn bấm+Để phản ánh,']);
  d.played();
  d.timeout();
  assert.deepEqual(d.take(), ['timer:6000', 'play:Bạn chưa bấm+Để phản ánh,']);
  d.played();
  d.timeout(); // third failed attempt → operator
  assert.deepEqual(d.take(), ['timer:6000', 'play:Cuộc gọi của']);
  assert.equal(d.state.node, 'operator');
  assert.equal(d.state.digits, '');
});

test('stale events: a timer cancelled by a key, a play stopped by a key', () => {
  const d = new Drive(demo);
  d.played().played();
  const staleTimer = { type: 'timeout', id: d.state.timerId } as const;
  d.key('7'); // invalid: re-prompt
  d.take();
  d.send(staleTimer);
  assert.deepEqual(d.take(), []);
  const stalePlay = { type: 'played', id: d.state.playId } as const;
  d.key('0'); // barge-in on the re-prompt
  d.take();
  d.send(stalePlay);
  assert.deepEqual(d.take(), []);
  assert.equal(d.state.node, 'operator');
});

test('outside working hours: closing message, then hang-up', () => {
  const d = new Drive(demo, closed);
  d.take();
  d.played();
  assert.deepEqual(d.take(), ['play:Tổng đài 102']);
  d.played();
  assert.deepEqual(d.take(), ['done:{"kind":"hangup"}']);
  assert.deepEqual(d.state.path, ['greeting', 'hours', 'closed']);
});

test('nodes without prompts finish at once; transfer outcome', () => {
  const flow = ivrFlowSchema.parse({
    name: 't',
    start: 'm',
    nodes: {
      m: { type: 'menu', prompt: 'Chọn', options: { '#': 'x', '*': 'q' }, onFail: 'bye' },
      x: { type: 'transfer', target: 'sip:0236123456@trunk' },
      q: { type: 'queue', queue: 'a' },
      bye: { type: 'hangup' },
    },
  });
  assert.deepEqual(new Drive(flow).key('#').take().slice(-1), [
    'done:{"kind":"transfer","target":"sip:0236123456@trunk"}',
  ]);
  assert.deepEqual(new Drive(flow).key('*').take().slice(-1), [
    'done:{"kind":"queue","queue":"a"}',
  ]);
  const d = new Drive(flow);
  d.played().timeout().played().timeout().played().timeout();
  assert.deepEqual(d.take().slice(-1), ['done:{"kind":"hangup"}']);
});

test('validation: missing nodes, bad keys, empty menus, loops without prompts', () => {
  const bad = (nodes: object, start = 'a') => ivrFlowSchema.safeParse({ name: 'x', start, nodes });
  assert.equal(bad({ a: { type: 'hangup' } }, 'zz').success, false);
  assert.match(
    JSON.stringify(bad({ a: { type: 'message', prompt: 'x', next: 'b' } }).error?.issues),
    /leads to missing node \\"b\\"/,
  );
  assert.equal(
    bad({ a: { type: 'menu', prompt: 'x', options: { A: 'a' }, onFail: 'a' } }).success,
    false,
  );
  assert.equal(bad({ a: { type: 'menu', prompt: 'x', options: {}, onFail: 'a' } }).success, false);
  assert.equal(
    bad({ a: { type: 'menu', prompt: '  ', options: { '1': 'a' }, onFail: 'a' } }).success,
    false,
  );
  assert.match(
    JSON.stringify(
      bad({
        a: { type: 'hours', open: 'b', closed: 'c' },
        b: { type: 'hours', open: 'a', closed: 'c' },
        c: { type: 'hangup' },
      }).error?.issues,
    ),
    /loop without a prompt/,
  );
  assert.equal(bad({ 'Bad Id': { type: 'hangup' } }, 'Bad Id').success, false);
  assert.equal(ivrFlowSchema.safeParse({ ...DEMO_FLOW, voice: 'en' }).success, false);
});

/** The demo flow at its status node, prompt played, waiting for keys. */
function atStatus(): Drive {
  const d = new Drive(demo);
  d.played().played().key('2');
  d.played();
  d.take();
  return d;
}

test('status: keys then # look the code up; the readout plays, then the menu again', () => {
  const d = atStatus();
  d.key('1').key('2');
  assert.deepEqual(d.take(), ['cancelTimer', 'timer:8000', 'cancelTimer', 'timer:8000']);
  d.key('#');
  assert.deepEqual(d.take(), ['cancelTimer', 'lookup:12']);
  d.key('9').timeout(); // nothing is listened to while looking up
  assert.deepEqual(d.take(), []);
  d.send({
    type: 'status',
    id: d.state.lookupId,
    texts: statusReadout('PA-2026-000012', 'forwarded'),
  });
  assert.deepEqual(d.take(), ['play:Phản ánh số+một+hai+đã được chuy']);
  d.played();
  assert.deepEqual(d.take(), ['play:Để phản ánh,']);
  assert.deepEqual(d.state.path.slice(-2), ['status', 'main']);
  assert.equal(d.state.digits, '2', 'a code keyed is not a menu choice');
});

test('status: barge-in, * starts over, silence after keys submits, maxDigits submits', () => {
  const d = new Drive(demo);
  d.played().played().key('2');
  d.take();
  d.key('7'); // during the prompt: stops it, the key counts
  assert.deepEqual(d.take(), ['stopPlay', 'timer:8000']);
  d.key('*').key('4').key('2').timeout();
  assert.deepEqual(d.take().slice(-1), ['lookup:42']);
  const e = atStatus();
  for (const k of '2026000000123') e.key(k); // 13 keys: the 12th submits
  assert.deepEqual(e.take().slice(-1), ['lookup:202600000012']);
});

test('status: not found → apology + prompt; after maxAttempts → operators (onFail)', () => {
  const d = atStatus();
  d.key('5').key('#');
  d.send({ type: 'status', id: d.state.lookupId, texts: null });
  assert.deepEqual(d.take().slice(-1), ['play:Không tìm th+Vui lòng nhậ']);
  assert.equal(d.state.entry, '');
  d.played().key('#'); // nothing keyed: counts as a failed try
  assert.deepEqual(d.take().slice(-1), ['play:Vui lòng nhậ']);
  d.played().timeout(); // silence: third try → onFail
  assert.deepEqual(d.take().slice(-1), ['play:Vui lòng chu']);
  assert.equal(d.state.node, 'status-operator');
  // A stale lookup answer is ignored.
  const e = atStatus();
  e.key('1').key('#');
  e.send({ type: 'status', id: e.state.lookupId - 1, texts: null });
  assert.deepEqual(e.take().slice(-1), ['lookup:1']);
});

test('status: codes from keys (year + number, or number alone) and readouts', () => {
  assert.equal(codeFromDigits('2026000123', 'PA', 2026), 'PA-2026-000123');
  assert.equal(codeFromDigits('2025001234567', 'PA', 2026), 'PA-2025-1234567');
  assert.equal(codeFromDigits('123', 'PA', 2026), 'PA-2026-000123');
  assert.equal(codeFromDigits('000', 'PA', 2026), null);
  assert.equal(codeFromDigits('', 'PA', 2026), null);
  assert.equal(codeFromDigits('12a', 'PA', 2026), null);
  // A year still to come is a number, not a year.
  assert.equal(codeFromDigits('2099000001', 'PA', 2026), 'PA-2026-2099000001');
  assert.deepEqual(statusReadout('PA-2026-000105', 'closed'), [
    'Phản ánh số',
    'một',
    'không',
    'năm',
    'đã có kết quả trả lời. Kết quả đã được gửi cho bạn.',
  ]);
  for (const s of [
    'received',
    'rejected',
    'awaiting_supplement',
    'coordinating',
    'in_progress',
    'verifying',
    'agency_answered',
    'answered',
  ]) {
    const texts = statusReadout('PA-2026-000001', s);
    assert.ok(
      texts.every((t) => statusTexts().includes(t)),
      s,
    );
  }
});
