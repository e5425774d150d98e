import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_FLOW } from './demo.ts';
import type { IvrFlowInput } from './flow.ts';
import {
  checkFlow,
  edges,
  loopsWithoutKey,
  promptKeys,
  promptPaths,
  type FlowIssue,
} from './validate.ts';

const QUEUES = new Set(['tiep-nhan', 'tra-cuu']);
const brief = (issues: FlowIssue[]) => issues.map((i) => `${i.code} ${i.path}`).sort();

function flow(nodes: Record<string, unknown>, start = 'a'): IvrFlowInput {
  return { name: 'thử', start, nodes } as IvrFlowInput;
}

test('the demo flow is valid with its queues, and names the queues it needs without them', () => {
  const ok = checkFlow(DEMO_FLOW, { queues: QUEUES });
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.warnings, []);
  assert.equal(ok.flow?.voice, 'vi');
  const none = checkFlow(DEMO_FLOW, { queues: new Set() });
  assert.deepEqual(brief(none.errors), [
    'queue_unknown nodes.operator.queue',
    'queue_unknown nodes.report.queue',
    'queue_unknown nodes.status-operator.queue',
  ]);
  assert.equal(none.flow, null);
  // Without a queue list, queue names are not checked.
  assert.deepEqual(checkFlow(DEMO_FLOW).errors, []);
});

test('a missing start node and every missing reference, at the field that holds it', () => {
  const r = checkFlow(
    flow(
      {
        m: {
          type: 'menu',
          prompt: 'Bấm.',
          options: { '1': 'x1', '#': 'h' },
          onFail: 'x2',
        },
        h: { type: 'hours', open: 'x3', closed: 's' },
        s: { type: 'status', prompt: 'Nhập mã.', next: 'x4', onFail: 'x5' },
        msg: { type: 'message', prompt: 'Tin.', next: 'x6' },
      },
      'nope',
    ),
  );
  assert.deepEqual(brief(r.errors), [
    'node_missing nodes.h.open',
    'node_missing nodes.m.onFail',
    'node_missing nodes.m.options.1',
    'node_missing nodes.msg.next',
    'node_missing nodes.s.next',
    'node_missing nodes.s.onFail',
    'start_missing start',
  ]);
  const m = r.errors.find((e) => e.path === 'nodes.m.options.1')!;
  assert.equal(m.message_vi, 'Nút "m" dẫn đến nút "x1" không tồn tại.');
  assert.equal(m.message_en, 'Node "m" leads to node "x1", which does not exist.');
  // No reachability warnings without a start to reach from.
  assert.deepEqual(r.warnings, []);
});

test('loops without a key press: messages, hours branches, menu and status failures', () => {
  // a → b → a: two messages forever.
  assert.deepEqual(
    brief(
      checkFlow(
        flow({
          a: { type: 'message', prompt: 'Một.', next: 'b' },
          b: { type: 'message', prompt: 'Hai.', next: 'a' },
        }),
      ).errors,
    ),
    ['loop_without_key nodes.a'],
  );
  // A message to itself.
  const self = checkFlow(flow({ a: { type: 'message', prompt: 'Lặp.', next: 'a' } }));
  assert.deepEqual(brief(self.errors), ['loop_without_key nodes.a']);
  assert.equal(
    self.errors[0]!.message_en,
    'Nodes a repeat forever without the caller pressing a key.',
  );
  // Hours branches alone (nothing played at all).
  assert.deepEqual(
    brief(checkFlow(flow({ a: { type: 'hours', open: 'a', closed: 'a' } })).errors),
    ['loop_without_key nodes.a'],
  );
  // A menu whose failure leads back to it: a silent line would loop forever.
  const menuLoop = checkFlow(
    flow({
      a: { type: 'message', prompt: 'Chào.', next: 'm' },
      m: { type: 'menu', prompt: 'Bấm.', options: { '1': 'q' }, onFail: 'a' },
      q: { type: 'hangup' },
    }),
  );
  assert.deepEqual(brief(menuLoop.errors), ['loop_without_key nodes.a']);
  assert.match(menuLoop.errors[0]!.message_vi, /a → m/);
  // The same through a status node's onFail.
  assert.deepEqual(
    brief(
      checkFlow(
        flow({
          a: { type: 'status', prompt: 'Nhập mã.', next: 'z', onFail: 'a' },
          z: { type: 'hangup' },
        }),
      ).errors,
    ),
    ['loop_without_key nodes.a'],
  );
});

test('loops the caller takes by pressing keys are fine', () => {
  const r = checkFlow(
    flow({
      a: { type: 'menu', prompt: 'Bấm 1 nghe lại.', options: { '1': 'b', '2': 's' }, onFail: 'z' },
      b: { type: 'message', prompt: 'Thông tin.', next: 'a' },
      s: { type: 'status', prompt: 'Nhập mã.', next: 'a', onFail: 'z' },
      z: { type: 'hangup', prompt: 'Tạm biệt.' },
    }),
  );
  assert.deepEqual(r.errors, []);
  assert.ok(r.flow);
});

test('unreachable nodes are warnings: the flow still saves', () => {
  const r = checkFlow(
    flow({
      a: { type: 'hangup', prompt: 'Tạm biệt.' },
      lone: { type: 'message', prompt: 'Không ai nghe.', next: 'a' },
      lone2: { type: 'transfer', target: '02363822022' },
    }),
  );
  assert.deepEqual(r.errors, []);
  assert.ok(r.flow);
  assert.deepEqual(brief(r.warnings), ['unreachable nodes.lone', 'unreachable nodes.lone2']);
  assert.equal(r.warnings[0]!.severity, 'warning');
  assert.equal(r.warnings[0]!.message_vi, 'Không có đường nào dẫn đến nút "lone".');
});

test('shape errors come with their paths, before any graph check', () => {
  const r = checkFlow({
    name: '',
    voice: 'en',
    start: 'a',
    nodes: {
      a: { type: 'menu', prompt: 'Bấm.', options: {}, onFail: 'a', timeoutSeconds: 0 },
      b: { type: 'queue' },
      c: { type: 'dance' },
      'Có Dấu': { type: 'hangup' },
    },
  });
  assert.equal(r.flow, null);
  assert.deepEqual(
    r.errors.map((e) => e.path).sort(),
    [
      'name',
      'nodes.Có Dấu',
      'nodes.a.options',
      'nodes.a.timeoutSeconds',
      'nodes.b.queue',
      'nodes.c.type',
      'voice',
    ].sort(),
  );
  for (const e of r.errors) {
    assert.equal(e.code, 'invalid');
    assert.ok(e.message_vi.length > 0 && e.message_en.length > 0);
  }
  assert.deepEqual(brief(checkFlow(null).errors), ['invalid ']);
});

test('edges say which references follow a key press', () => {
  const r = checkFlow(DEMO_FLOW);
  const keyed = edges(r.flow!)
    .filter((e) => e.keyed)
    .map((e) => e.path);
  assert.deepEqual(keyed, [
    'nodes.main.options.0',
    'nodes.main.options.1',
    'nodes.main.options.2',
    'nodes.main.options.3',
    'nodes.status.next',
  ]);
});

test('loopsWithoutKey reports each group once, in the flow order', () => {
  const e = (from: string, to: string, keyed = false) => ({ from, to, path: '', keyed });
  assert.deepEqual(
    loopsWithoutKey(
      ['a', 'b', 'c', 'd', 'e'],
      [e('c', 'd'), e('d', 'c'), e('a', 'b'), e('b', 'a'), e('b', 'c'), e('e', 'e', true)],
    ),
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
  );
  assert.deepEqual(loopsWithoutKey(['a'], []), []);
});

test('prompt keys and paths name every spoken field of every node', () => {
  const f = checkFlow(DEMO_FLOW).flow!;
  const keys = promptKeys(f);
  assert.equal(keys.get('main.invalidPrompt'), 'Phím bạn bấm không đúng.');
  assert.equal(keys.get('main.timeoutPrompt'), 'Bạn chưa bấm phím nào.');
  assert.ok(keys.get('status.notFoundPrompt')?.startsWith('Không tìm thấy'));
  assert.ok(!keys.has('hours.prompt'));
  assert.equal(keys.size, 11);
  const paths = promptPaths(f);
  assert.equal(paths.get('Phím bạn bấm không đúng.'), 'nodes.main.invalidPrompt');
});
