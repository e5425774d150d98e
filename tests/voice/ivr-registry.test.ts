/**
 * Which flow answers a call (R-TEL-2): the dialled number's, else the tenant's default, else
 * the demo; a reload swaps flows for new calls while a call keeps its flow object; prompts
 * are rendered on load (espeak-ng + sox into a fresh folder), and an uploaded recording takes
 * the place of its text — converted from the stored original on a node that never saw it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import { DEMO_FLOW } from '../../src/voice/ivr/demo.ts';
import { PromptLibrary } from '../../src/voice/ivr/prompts.ts';
import { FlowRegistry, type FlowSource } from '../../src/voice/ivr/registry.ts';
import { tempDir } from './helpers/peers.ts';

const demo = ivrFlowSchema.parse(DEMO_FLOW);
const one = (name: string, greeting: string) => ({
  name,
  voice: 'vi',
  start: 'hi',
  nodes: {
    hi: { type: 'message', prompt: greeting, next: 'bye' },
    bye: { type: 'hangup', prompt: 'Tạm biệt.' },
  },
});

type Row = Awaited<ReturnType<FlowSource['list']>>[number];
type File = Awaited<ReturnType<FlowSource['promptFiles']>>[number];

test('flow per called number, else the default, else the demo; reloads swap only new calls', async () => {
  const rows: Row[] = [];
  const files: File[] = [];
  const source: FlowSource = {
    list: async () => rows,
    promptFiles: async (ids) => files.filter((f) => ids.includes(f.flow_id)),
  };
  const dir = tempDir('o1022-registry');
  const library = new PromptLibrary(path.join(dir, 'prompts'));
  const store = path.join(dir, 'store');
  const registry = new FlowRegistry({
    source,
    tenantId: 't',
    library,
    read: (key) => createReadStream(path.join(store, key)),
    demo,
    log: pino({ level: 'silent' }),
  });

  await registry.reload();
  assert.equal(registry.flowFor('1022'), demo, 'no flow at all: the demo answers');

  rows.push(
    {
      id: 'f1',
      version: 1,
      flow: one('Số riêng', 'Chào số riêng.'),
      is_default: false,
      numbers: ['1900'],
    },
    {
      id: 'f2',
      version: 1,
      flow: one('Mặc định', 'Chào mặc định.'),
      is_default: true,
      numbers: [],
    },
    { id: 'bad', version: 1, flow: { name: 'hỏng' }, is_default: false, numbers: ['666'] },
  );
  await registry.reload();
  assert.equal(registry.size, 2, 'an invalid stored flow is skipped');
  const f1 = registry.flowFor('1900');
  assert.equal(f1.name, 'Số riêng');
  assert.equal(registry.flowFor('1022').name, 'Mặc định');
  assert.equal(registry.flowFor('666').name, 'Mặc định');
  // Rendered on load, into a folder that had none of them.
  assert.ok(library.has('Chào số riêng.', 'vi'));
  assert.ok(library.has('Chào mặc định.', 'vi'));

  // Unchanged versions keep their objects (and their prompt maps).
  await registry.reload();
  assert.equal(registry.flowFor('1900'), f1);

  // A new version with a recording for its greeting: the old object stays with its calls.
  const rec = path.join(store, 'rec.wav');
  execFileSync('mkdir', ['-p', store]);
  execFileSync('sox', ['-n', '-r', '16000', rec, 'synth', '0.5', 'sine', '600']);
  const sha = createHash('sha256').update(readFileSync(rec)).digest('hex');
  rows[0] = { ...rows[0]!, version: 2, flow: one('Số riêng', 'Chào số riêng, bản hai.') };
  files.push({
    flow_id: 'f1',
    key: 'hi.prompt',
    sha256: sha,
    format: 'wav',
    storage_key: 'rec.wav',
  });
  await registry.reload();
  const f1v2 = registry.flowFor('1900');
  assert.notEqual(f1v2, f1);
  assert.equal(f1.nodes.hi!.type, 'message');
  const oldPrompts = await registry.promptsFor(f1);
  assert.equal(oldPrompts.get('Chào số riêng.')!.id, library.key('Chào số riêng.', 'vi'));
  const prompts = await registry.promptsFor(f1v2);
  const greeting = prompts.get('Chào số riêng, bản hai.')!;
  assert.equal(greeting.id, `rec-${sha.slice(0, 24)}`, 'the recording replaces the text');
  assert.ok(existsSync(greeting.files.PCMA) && existsSync(greeting.files.PCMU));
  assert.equal(prompts.get('Tạm biệt.')!.id, library.key('Tạm biệt.', 'vi'));

  // The default goes away: calls to other numbers get the demo again.
  rows.splice(1, 1);
  await registry.reload();
  assert.equal(registry.flowFor('1022'), demo);
  assert.equal(registry.flowFor('1900'), f1v2);
  await registry.stop();
});

test('prompts that could not be rendered on load are tried again by the next call', async () => {
  const dir = tempDir('o1022-registry-retry');
  const promptsDir = path.join(dir, 'prompts');
  const library = new PromptLibrary(promptsDir);
  const rows: Row[] = [
    {
      id: 'f',
      version: 1,
      flow: one('Thử lại', 'Chào lần thử lại.'),
      is_default: true,
      numbers: [],
    },
  ];
  const registry = new FlowRegistry({
    source: { list: async () => rows, promptFiles: async () => [] },
    tenantId: 't',
    library,
    read: () => {
      throw new Error('no storage');
    },
    demo,
    log: pino({ level: 'silent' }),
  });
  // The prompts folder cannot be written (a file in its place): rendering fails on load.
  renameSync(promptsDir, `${promptsDir}.aside`);
  writeFileSync(promptsDir, 'not a folder');
  await registry.reload();
  const flow = registry.flowFor('1022');
  assert.equal(flow.name, 'Thử lại');
  await assert.rejects(registry.promptsFor(flow));
  rmSync(promptsDir);
  renameSync(`${promptsDir}.aside`, promptsDir);
  const prompts = await registry.promptsFor(flow);
  assert.ok(existsSync(prompts.get('Chào lần thử lại.')!.files.PCMA));
  await registry.stop();
});
