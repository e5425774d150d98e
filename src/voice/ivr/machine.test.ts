import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_FLOW } from './demo.ts';
import { flowProblems, flowTexts, ivrFlowSchema, type IvrFlow } from './flow.ts';
import { startIvr, stepIvr, type IvrEffect, type IvrEvent, type IvrState } from './machine.ts';

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
  assert.equal(texts.length, 9);
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
  assert.deepEqual(d.take(), ['stopPlay', 'play:Vui lòng chu']);
  d.played();
  assert.deepEqual(d.take(), ['done:{"kind":"queue","queue":"tra-cuu"}']);
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
