/**
 * IVR flows changed through the admin API while telephony runs (R-TEL-2), with the real server
 * process (`TELEPHONY=1`) and SIPp callers: the flow saved for the dialled number answers; an
 * update reaches the telephony node (ivr.updated over NOTIFY) and the next caller hears the NEW
 * greeting, while the call in progress keeps the flow it started with. What each caller heard
 * is checked in the right channel of the call's recording against the rendered prompt's bytes.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testDatabase } from '../helpers/db.ts';
import { waitExit } from '../helpers/server-process.ts';
import { PromptLibrary } from '../../src/voice/ivr/prompts.ts';
import { WAV_HEADER_BYTES } from '../../src/voice/media/wav.ts';
import { scenarioWith, sipp, speech, tempDir, until } from './helpers/peers.ts';
import { startTelephonyServer } from './helpers/telephony.ts';
import { buildTenant, buildUser } from '../factories.ts';

const GREETING_1 =
  'Xin chào, đây là kịch bản thứ nhất của tổng đài thử nghiệm. Cảm ơn bạn đã gọi đến tổng đài, xin vui lòng giữ máy trong giây lát.';
const GREETING_2 = 'Kịch bản mới: xin chào từ phiên bản thứ hai.';

const flowV1 = {
  name: 'Tổng đài thử',
  voice: 'vi',
  start: 'chao1',
  nodes: {
    chao1: { type: 'message', prompt: GREETING_1, next: 'bye1' },
    bye1: { type: 'hangup', prompt: 'Tạm biệt.' },
  },
};
const flowV2 = {
  name: 'Tổng đài thử (sửa)',
  voice: 'vi',
  start: 'chao2',
  nodes: {
    chao2: { type: 'message', prompt: GREETING_2, next: 'bye2' },
    bye2: { type: 'hangup', prompt: 'Hẹn gặp lại.' },
  },
};

/** The G.711 bytes of a WAV written by sox (after its `data` chunk header). */
function wavData(file: string): Buffer {
  const buf = readFileSync(file);
  const at = buf.indexOf('data', 12, 'latin1');
  return buf.subarray(at + 8);
}

/** What the caller heard: the right channel of our two-channel recording. */
function heard(file: string): Buffer {
  const data = readFileSync(file).subarray(WAV_HEADER_BYTES);
  const right = Buffer.alloc(data.length >> 1);
  for (let i = 0; i + 1 < data.length; i += 2) right[i >> 1] = data[i + 1]!;
  return right;
}

/**
 * How much of a prompt the caller heard: the share of its 20 ms frames (those with speech in
 * them, not near-silence that any prompt has) found byte for byte in the recording. Frames,
 * not one long stretch: on a loaded machine a late tick may shift or drop a frame.
 */
function heardShare(recording: Buffer, prompt: Buffer): number {
  let voiced = 0;
  let found = 0;
  for (let at = 0; at + 160 <= prompt.length; at += 160) {
    const frame = prompt.subarray(at, at + 160);
    if (new Set(frame).size < 40) continue;
    voiced++;
    if (recording.indexOf(frame) >= 0) found++;
  }
  assert.ok(voiced > 20, `the prompt has speech (${voiced} frames)`);
  return found / voiced;
}

test('a flow saved through the API answers; an update reaches new calls, not the one in progress', async () => {
  const database = await testDatabase();
  after(database.drop);
  const tenant = await buildTenant(database.db);
  await buildUser(database.db, tenant.id, 'admin', {
    username: 'quantri',
    password: 'mat-khau-quan-tri',
  });
  const server = await startTelephonyServer(database);
  const { alive, dataDir, sipPort } = server;
  try {
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'quantri', password: 'mat-khau-quan-tri' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const api = async (method: string, url: string, body: unknown) => {
      const r = await fetch(`${server.base}/api/v1${url}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as { id: string; version: number } };
    };

    const created = await api('POST', '/ivr/flows', { flow: flowV1, numbers: ['1022'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await until('flow v1 loaded by telephony', () => server.output().includes(`${id}@1`), alive);

    const audioDir = tempDir('ivradmin-caller');
    speech('A lô', 'al', audioDir);
    const scenario = scenarioWith('ivr-keys.xml', {
      keys: '',
      audio: path.join(audioDir, 'speech.al'),
    });
    const callA = sipp(`127.0.0.1:${sipPort}`, { file: scenario }, ['-t', 'u1']);
    await until('call A answered', () => server.output().includes('call answered'), alive);

    const updated = await api('PUT', `/ivr/flows/${id}`, {
      version: 1,
      flow: flowV2,
      numbers: ['1022'],
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.version, 2);
    await until('flow v2 loaded by telephony', () => server.output().includes(`${id}@2`), alive);
    // Calls have a record from their start: count the ended ones.
    const endedBefore = await database.db
      .selectFrom('call_record')
      .select('id')
      .where('outcome', '<>', 'in-progress')
      .execute();
    assert.equal(endedBefore.length, 0, 'call A was still in progress when the update arrived');

    const b = await sipp(`127.0.0.1:${sipPort}`, { file: scenario }, ['-t', 'u1']).result;
    assert.equal(b.code, 0, `${b.stderr}\n${b.errors}`);
    const a = await callA.result;
    assert.equal(a.code, 0, `${a.stderr}\n${a.errors}`);

    const rows = await until('both call records', async () => {
      const r = await database.db
        .selectFrom('call_record')
        .selectAll()
        .where('outcome', '<>', 'in-progress')
        .orderBy('started_at')
        .execute();
      return r.length === 2 ? r : null;
    });
    const [recA, recB] = rows as [(typeof rows)[0], (typeof rows)[0]];
    assert.deepEqual(recA.ivr_path, ['chao1', 'bye1'], 'the call in progress kept its flow');
    assert.deepEqual(recB.ivr_path, ['chao2', 'bye2'], 'the new call got the new flow');
    assert.equal(recB.codec, 'PCMA');

    const lib = new PromptLibrary(path.join(dataDir, 'voice', 'prompts'));
    const prompt = (text: string) => wavData(lib.prompt(text, 'vi').files.PCMA);
    const recordings = path.join(dataDir, 'voice', 'recordings');
    const heardA = heard(path.join(recordings, recA.recording_file!));
    const heardB = heard(path.join(recordings, recB.recording_file!));
    const a1 = heardShare(heardA, prompt(GREETING_1));
    const b2 = heardShare(heardB, prompt(GREETING_2));
    const b1 = heardShare(heardB, prompt(GREETING_1));
    assert.ok(a1 > 0.8, `caller A heard the first greeting (${a1})`);
    assert.ok(b2 > 0.8, `caller B heard the NEW greeting (${b2})`);
    assert.ok(b1 < 0.1, `and not the old one (${b1})`);

    server.proc.kill('SIGTERM');
    assert.equal(await waitExit(server.proc), 0, server.output());
  } finally {
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  }
});
