/**
 * The telephony service end to end with SIPp as the caller: answered by the IVR, menus
 * navigated with RFC 4733 keys (barge-in, wrong keys, silence), working-hours branch,
 * closing words and our BYE; the call record says what happened and the recording exists.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { DEMO_FLOW } from '../../src/voice/ivr/demo.ts';
import { ivrFlowSchema, type IvrFlow } from '../../src/voice/ivr/flow.ts';
import type { CallRecord, TelephonyService } from '../../src/voice/service.ts';
import { statusReadout } from '../../src/voice/ivr/status.ts';
import path from 'node:path';
import { scenarioWith, sipp, speech, tempDir } from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';

const SHORT: IvrFlow = ivrFlowSchema.parse({
  name: 'thử',
  start: 'hours',
  nodes: {
    hours: { type: 'hours', open: 'menu', closed: 'closed' },
    menu: {
      type: 'menu',
      prompt: 'Bấm phím một hoặc phím hai.',
      options: { '1': 'one', '2': 'two' },
      timeoutSeconds: 1,
      maxAttempts: 2,
      invalidPrompt: 'Sai phím.',
      onFail: 'bye',
    },
    one: { type: 'message', prompt: 'Bạn đã chọn một.', next: 'bye' },
    two: { type: 'queue', queue: 'tiep-nhan', prompt: 'Xin chờ.' },
    bye: { type: 'hangup', prompt: 'Tạm biệt.' },
    closed: { type: 'hangup', prompt: 'Ngoài giờ làm việc.' },
  },
});
const DEMO = ivrFlowSchema.parse(DEMO_FLOW);
const STATUS: IvrFlow = ivrFlowSchema.parse({
  name: 'tra cứu',
  start: 'status',
  nodes: {
    status: {
      type: 'status',
      prompt: 'Nhập mã số.',
      next: 'bye',
      onFail: 'nobody',
      timeoutSeconds: 2,
      maxAttempts: 2,
    },
    bye: { type: 'hangup', prompt: 'Tạm biệt.' },
    nobody: { type: 'hangup', prompt: 'Không tìm thấy.' },
  },
});
/** The status lookups the IVR asked for: [caller, digits]. */
const lookups: [string, string][] = [];

let tel: Telephony;
let service: TelephonyService;
const audioDir = tempDir('caller');
const callerAudio = path.join(audioDir, 'speech.al');
let flow: IvrFlow = SHORT;
let open = true;

before(async () => {
  tel = await startTelephony({
    dir: 'telephony',
    flow: () => flow,
    deps: {
      isOpen: () => open,
      lookupStatus: async (caller, digits) => {
        lookups.push([caller, digits]);
        return digits === '123' ? statusReadout('PA-2026-000123', 'verifying') : null;
      },
    },
  });
  service = tel.service;
  speech('A lô, tôi muốn hỏi', 'al', audioDir);
  await service.prompts.renderFlow(SHORT);
  await service.prompts.renderFlow(DEMO);
  await service.prompts.renderFlow(STATUS);
});

after(() => tel.stop());

const pcap: Record<string, string> = { '*': 'star', '#': 'pound' };
/** SIPp actions: wait, press; wait, press… */
function keys(steps: [number, string][]): string {
  return steps
    .map(
      ([ms, k]) =>
        `<pause milliseconds="${ms}"/>\n  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_${pcap[k] ?? k}.pcap"/></action></nop>`,
    )
    .join('\n  ');
}

/** Milliseconds of a rendered prompt. */
function duration(f: IvrFlow, text: string): number {
  return Math.round(statSync(service.prompts.prompt(text, f.voice).files.PCMA).size / 8);
}

async function call(steps: [number, string][]): Promise<CallRecord> {
  const count = tel.records.length;
  const run = sipp(
    `127.0.0.1:${service.port}`,
    { file: scenarioWith('ivr-keys.xml', { keys: keys(steps), audio: callerAudio }) },
    ['-t', 'u1'],
  );
  const r = await run.result;
  assert.equal(
    r.code,
    0,
    `sipp exited ${r.code}\n${r.stderr}\n${r.errors}\n${r.messages.slice(-3000)}`,
  );
  return tel.nextRecord(count);
}

test('barge-in with a wrong key, then 2: queue chosen, closing words, our BYE', async () => {
  flow = SHORT;
  open = true;
  const rec = await call([
    [600, '9'],
    [500, '2'],
  ]);
  assert.equal(rec.outcome, 'queued');
  assert.equal(rec.queue, 'tiep-nhan');
  assert.equal(rec.digits, '2');
  assert.deepEqual(rec.ivrPath, ['hours', 'menu', 'two']);
  assert.equal(rec.media!.dtmf, '92');
  assert.equal(rec.media!.codec, 'PCMA');
  assert.equal(rec.caller, '0905999888');
  assert.equal(rec.callerName, 'Phạm Văn Đức');
  assert.equal(rec.called, '1022');
  assert.equal(rec.endReason, 'local-bye');
  assert.ok(rec.answeredAt);
  assert.ok(rec.recordingPath && existsSync(rec.recordingPath));
  assert.ok(rec.recordingSeconds! > 0.5);
});

test('no key at all: the menu is repeated, then onFail says goodbye', async () => {
  const rec = await call([]);
  assert.equal(rec.outcome, 'ivr-hangup');
  assert.equal(rec.digits, '');
  assert.deepEqual(rec.ivrPath, ['hours', 'menu', 'bye']);
  // Two rounds of the menu prompt plus two 1 s waits and the goodbye went by.
  const minimum =
    2 * duration(SHORT, 'Bấm phím một hoặc phím hai.') + 2000 + duration(SHORT, 'Tạm biệt.');
  assert.ok(rec.talkSeconds * 1000 >= minimum - 100, `${rec.talkSeconds} s < ${minimum} ms`);
});

test('outside working hours: closing message, hang-up, keys ignored', async () => {
  open = false;
  const rec = await call([[300, '1']]);
  open = true;
  assert.equal(rec.outcome, 'ivr-hangup');
  assert.deepEqual(rec.ivrPath, ['hours', 'closed']);
  assert.equal(rec.digits, '');
});

test('the demo menu answers with no set-up: greeting, then 1 during the menu → report queue', async () => {
  flow = DEMO;
  const node = DEMO.nodes.greeting;
  assert.ok(node?.type === 'message');
  const greeting = duration(DEMO, node.prompt);
  const rec = await call([[greeting + 1500, '1']]);
  assert.equal(rec.outcome, 'queued');
  assert.equal(rec.queue, 'tiep-nhan');
  assert.equal(rec.digits, '1');
  assert.deepEqual(rec.ivrPath, ['greeting', 'hours', 'main', 'report']);
});

test('a full node answers 503 with Retry-After and records the call as rejected', async () => {
  const full = await startTelephony({
    dir: 'full',
    rtpPorts: 4,
    flow: SHORT,
    config: { maxCalls: 0 },
  });
  try {
    const r = await sipp(`127.0.0.1:${full.port}`, { file: 'busy.xml' }, ['-t', 'u1']).result;
    assert.equal(r.code, 0, `${r.stderr}\n${r.errors}`);
    const rec = await full.nextRecord(0);
    assert.equal(rec.outcome, 'rejected');
    assert.equal(rec.answeredAt, null);
    assert.equal(full.service.engine.pool.used, 0);
  } finally {
    await full.stop();
  }
});

test('self-service status: the caller keys a code and #, hears it read back (R-PUB-3)', async () => {
  flow = STATUS;
  lookups.length = 0;
  const rec = await call([
    [700, '9'],
    [200, '*'], // barge-in with a slip, then start over
    [200, '1'],
    [200, '2'],
    [200, '3'],
    [200, '#'],
  ]);
  assert.deepEqual(lookups, [['0905999888', '123']], 'looked up once, for the calling number');
  assert.deepEqual(rec.ivrPath, ['status', 'bye']);
  assert.equal(rec.outcome, 'ivr-hangup');
  assert.equal(rec.media!.dtmf, '9*123#');
  // The readout (intro, three digit words, the status phrase) played before the goodbye.
  const readout = statusReadout('PA-2026-000123', 'verifying');
  const minimum =
    readout.reduce((ms, text) => ms + duration(STATUS, text), 0) + duration(STATUS, 'Tạm biệt.');
  assert.ok(rec.talkSeconds * 1000 >= minimum, `${rec.talkSeconds} s < ${minimum} ms`);
});

test('self-service status: a code not found twice ends at onFail', async () => {
  flow = STATUS;
  lookups.length = 0;
  const rec = await call([
    [700, '4'],
    [200, '#'],
    [1500, '5'],
    [200, '#'],
  ]);
  assert.deepEqual(lookups, [
    ['0905999888', '4'],
    ['0905999888', '5'],
  ]);
  assert.deepEqual(rec.ivrPath, ['status', 'nobody']);
});
