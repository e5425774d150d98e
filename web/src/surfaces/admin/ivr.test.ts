import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  flowFromForm,
  formFromFlow,
  issuesByNode,
  locate,
  newNode,
  parseNumbers,
  spokenTexts,
  typeOf,
  type FlowDetail,
} from './ivr.ts';

const detail: FlowDetail = {
  id: 'f1',
  name: 'Tổng đài',
  numbers: ['1022', '02363822022'],
  isDefault: true,
  version: 3,
  nodeCount: 2,
  updatedAt: '2026-03-02T01:00:00.000Z',
  updatedBy: 'Quản trị',
  flow: {
    name: 'Tổng đài',
    voice: 'vi-vn-x-south',
    start: 'chao',
    nodes: {
      chao: { type: 'message', prompt: 'Xin chào.', next: 'bye' },
      bye: { type: 'hangup', prompt: 'Tạm biệt.' },
    },
  },
  prompts: [],
  warnings: [],
};

test('a flow round-trips through the form, keeping the order of its nodes', () => {
  const form = formFromFlow(detail);
  assert.equal(form.numbers, '1022, 02363822022');
  assert.equal(form.voice, 'vi-vn-x-south');
  assert.deepEqual(
    form.nodes.map((n) => n.id),
    ['chao', 'bye'],
  );
  const built = flowFromForm(form);
  assert.deepEqual(built.flow, detail.flow);
  // A new form starts with a greeting and a goodbye.
  assert.deepEqual(
    formFromFlow(null).nodes.map((n) => n.id),
    ['greeting', 'bye'],
  );
});

test('what the form cannot send: bad JSON, a missing or repeated node id, no name', () => {
  const form = formFromFlow(detail);
  const [a, b] = form.nodes as [(typeof form.nodes)[0], (typeof form.nodes)[0]];
  const bad = flowFromForm({
    ...form,
    name: ' ',
    nodes: [
      { ...a, json: '{ "type": "message", ' },
      { ...b, id: 'chao' },
      { ...b, key: 999, id: '' },
      { ...b, key: 1000, id: 'arr', json: '[1]' },
    ],
  });
  assert.equal(bad.flow, null);
  const p = bad.problems!;
  assert.deepEqual(p.name, { key: 'validation.required' });
  assert.equal(p[`node:${a.key}`]!.key, 'admin.ivr.err.json');
  assert.deepEqual(p[`node:${b.key}`], { key: 'admin.ivr.err.duplicate', params: { id: 'chao' } });
  assert.deepEqual(p['node:999'], { key: 'admin.ivr.err.nodeId' });
  assert.equal(p['node:1000']!.key, 'admin.ivr.err.json');
});

test("the server's problems go to their node; the rest to the flow", () => {
  assert.deepEqual(locate('flow.nodes.main.options.1'), { node: 'main', field: 'options.1' });
  assert.deepEqual(locate('flow.nodes.main'), { node: 'main', field: '' });
  assert.deepEqual(locate('flow.start'), { node: null, field: 'start' });
  assert.deepEqual(locate('numbers.1'), { node: null, field: 'numbers.1' });
  const issue = (path: string) => ({ code: 'x', path, message_vi: 'v', message_en: 'e' });
  const { byNode, flow } = issuesByNode([
    issue('flow.nodes.a.next'),
    issue('flow.nodes.a.prompt'),
    issue('flow.start'),
    issue('flow.nodes.b'),
  ]);
  assert.deepEqual(
    byNode.get('a')!.map((i) => i.path),
    ['flow.nodes.a.next', 'flow.nodes.a.prompt'],
  );
  assert.equal(byNode.get('b')!.length, 1);
  assert.deepEqual(
    flow.map((i) => i.path),
    ['flow.start'],
  );
});

test('numbers, spoken texts, node types and fresh node ids', () => {
  assert.deepEqual(parseNumbers(' 1022, 0236 3822 022;\n19001022,, '), [
    '1022',
    '02363822022',
    '19001022',
  ]);
  assert.deepEqual(
    spokenTexts(
      '{"type":"menu","prompt":" Bấm phím. ","invalidPrompt":"Sai.","timeoutPrompt":"","onFail":"x"}',
    ),
    [
      ['prompt', 'Bấm phím.'],
      ['invalidPrompt', 'Sai.'],
    ],
  );
  assert.deepEqual(spokenTexts('{ broken'), []);
  assert.equal(typeOf('{"type":"queue"}'), 'queue');
  assert.equal(typeOf('nope'), null);
  const n = newNode('menu', ['menu', 'menu-2']);
  assert.equal(n.id, 'menu-3');
  assert.equal(JSON.parse(n.json).type, 'menu');
});
