/**
 * IVR flows through the admin API (R-TEL-2) against real PostgreSQL, espeak-ng and sox:
 * validation with a JSON path per problem in Vietnamese and English, prompts rendered before
 * the save commits (a render failure changes nothing), optimistic concurrency by version,
 * called numbers unique per tenant, one default flow, uploaded recordings converted to G.711,
 * the listen-before-saving preview, audit records and role gating.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type Client } from '../helpers/app.ts';
import { PromptLibrary } from '../../src/voice/ivr/prompts.ts';
import { ivrFlow } from '../../src/contract/ivr.ts';

const t = await createTestApp();
after(t.close);
const promptsDir = path.join(t.ctx.env.dataDir, 'voice', 'prompts');
const library = new PromptLibrary(promptsDir);

let admin: Client;
let supervisor: Client;
let operator: Client;

const flow = (over: Record<string, unknown> = {}, nodes: Record<string, unknown> = {}) => ({
  name: 'Tổng đài thử',
  voice: 'vi',
  start: 'greeting',
  nodes: {
    greeting: { type: 'message', prompt: 'Xin chào, đây là tổng đài thử.', next: 'menu' },
    menu: {
      type: 'menu',
      prompt: 'Bấm phím một để gặp tổng đài viên.',
      options: { '1': 'operator' },
      onFail: 'bye',
    },
    operator: { type: 'queue', queue: 'tiep-nhan', prompt: 'Xin chờ trong giây lát.' },
    bye: { type: 'hangup', prompt: 'Xin cảm ơn, hẹn gặp lại.' },
    ...nodes,
  },
  ...over,
});

before(async () => {
  admin = await t.login(await t.newUser('admin'));
  supervisor = await t.login(await t.newUser('supervisor'));
  operator = await t.login(await t.newUser('operator'));
  const q = await admin.put('/api/v1/call-queues/tiep-nhan', { name: 'Tiếp nhận' });
  assert.equal(q.status, 200, JSON.stringify(q.body));
});

const audits = (entityId: string) =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'data'])
    .where('entity_type', '=', 'ivr_flow')
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();

test('create: validated, every prompt rendered to A-law and μ-law before it is saved, audited', async () => {
  const res = await admin.post('/api/v1/ivr/flows', { flow: flow(), numbers: ['19001022'] });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const f = res.body;
  assert.equal(f.name, 'Tổng đài thử');
  assert.equal(f.version, 1);
  assert.deepEqual(f.numbers, ['19001022']);
  assert.equal(f.isDefault, false);
  assert.deepEqual(f.warnings, []);
  assert.deepEqual(
    f.prompts.map((p: { key: string }) => p.key),
    ['greeting.prompt', 'menu.prompt', 'operator.prompt', 'bye.prompt'],
  );
  assert.equal(f.flow.nodes.menu.maxAttempts, 3, 'defaults are filled in');
  for (const text of [
    'Xin chào, đây là tổng đài thử.',
    'Bấm phím một để gặp tổng đài viên.',
    'Xin chờ trong giây lát.',
    'Xin cảm ơn, hẹn gặp lại.',
  ])
    assert.ok(library.has(text, 'vi'), `rendered: ${text}`);
  const a = await audits(f.id);
  assert.deepEqual(
    a.map((r) => r.action),
    ['ivr_flow.create'],
  );
  const list = await supervisor.get('/api/v1/ivr/flows');
  assert.equal(list.status, 200);
  assert.ok(
    list.body.items.some(
      (i: { id: string; nodeCount: number }) => i.id === f.id && i.nodeCount === 4,
    ),
  );
});

test('the editor gets every node type back as saved, defaults filled in (the contract writes it)', async () => {
  const input = flow(
    { name: 'Mọi loại nút', start: 'hours' },
    {
      hours: { type: 'hours', open: 'greeting', closed: 'closed' },
      closed: { type: 'transfer', target: '02363822022', prompt: 'Xin nối máy trực.' },
      menu: {
        type: 'menu',
        prompt: 'Bấm một để gặp tổng đài viên, bấm hai để tra cứu.',
        options: { '1': 'operator', '2': 'status', '#': 'bye' },
        timeoutSeconds: 9,
        invalidPrompt: 'Phím không hợp lệ.',
        onFail: 'bye',
      },
      status: {
        type: 'status',
        prompt: 'Nhập mã phản ánh rồi bấm thăng.',
        next: 'bye',
        onFail: 'bye',
      },
    },
  );
  const res = await admin.post('/api/v1/ivr/flows', { flow: input });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const got = await supervisor.get(`/api/v1/ivr/flows/${res.body.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.flow, ivrFlow.parse(input));
  assert.deepEqual(got.body.flow, res.body.flow);
  assert.equal(got.body.flow.nodes.status.maxDigits, 12);
  assert.equal(got.body.nodeCount, 7);
  assert.equal((await admin.delete(`/api/v1/ivr/flows/${res.body.id}`)).status, 204);
});

test('validation: every problem with its JSON path, in Vietnamese or English', async () => {
  const bad = flow(
    { start: 'chao' },
    {
      menu: {
        type: 'menu',
        prompt: 'Bấm phím.',
        options: { '1': 'operator', '2': 'nowhere' },
        onFail: 'bye',
      },
      operator: { type: 'queue', queue: 'khong-co', prompt: 'Xin chờ.' },
      a: { type: 'message', prompt: 'Một.', next: 'b' },
      b: { type: 'hours', open: 'a', closed: 'a' },
    },
  );
  const res = await admin.post('/api/v1/ivr/flows', { flow: bad });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'ivr_flow_invalid');
  const got = res.body.error.details.map(
    (d: { code: string; path: string }) => `${d.code} ${d.path}`,
  );
  assert.deepEqual(got.sort(), [
    'loop_without_key flow.nodes.a',
    'node_missing flow.nodes.menu.options.2',
    'queue_unknown flow.nodes.operator.queue',
    'start_missing flow.start',
  ]);
  const d = res.body.error.details.find((x: { code: string }) => x.code === 'queue_unknown');
  assert.match(d.message_vi, /Hàng đợi "khong-co" chưa được khai báo/);
  assert.match(d.message_en, /Call queue "khong-co" does not exist/);

  // Shape errors too: a wrong type, a bad node id, a menu without options.
  const shape = await admin.req(
    'POST',
    '/api/v1/ivr/flows',
    {
      flow: flow(
        {},
        {
          menu: { type: 'menu', prompt: 'Bấm.', options: {}, onFail: 'bye' },
          'Sai Ten': { type: 'hangup' },
          bye: { type: 'hangup', prompt: 42 },
        },
      ),
    },
    { 'accept-language': 'en' },
  );
  assert.equal(shape.status, 422);
  assert.equal(shape.body.error.message, 'The IVR flow has errors; see the details at each node.');
  const paths = shape.body.error.details.map((x: { path: string }) => x.path).sort();
  assert.deepEqual(paths, [
    'flow.nodes.Sai Ten',
    'flow.nodes.bye.prompt',
    'flow.nodes.menu.options',
  ]);
  assert.equal(
    (await t.db.selectFrom('ivr_flow').select('id').where('name', '=', 'Tổng đài thử').execute())
      .length,
    1,
    'nothing saved',
  );
});

test('a node nobody reaches is saved with a warning', async () => {
  const res = await admin.post('/api/v1/ivr/flows', {
    flow: flow({ name: 'Có nút thừa' }, { spare: { type: 'hangup', prompt: 'Nút thừa.' } }),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(
    res.body.warnings.map((w: { code: string; path: string }) => `${w.code} ${w.path}`),
    ['unreachable flow.nodes.spare'],
  );
  assert.equal((await admin.delete(`/api/v1/ivr/flows/${res.body.id}`)).status, 204);
  assert.equal((await admin.get(`/api/v1/ivr/flows/${res.body.id}`)).status, 404);
});

test('update: optimistic concurrency by version (409 on a stale one), numbers unique per tenant', async () => {
  const c = await admin.post('/api/v1/ivr/flows', {
    flow: flow({ name: 'Sửa đổi' }),
    numbers: ['0236111'],
  });
  assert.equal(c.status, 201);
  const id = c.body.id;
  const v2 = await admin.put(`/api/v1/ivr/flows/${id}`, {
    version: 1,
    numbers: ['0236111', '0236222'],
    flow: flow({ name: 'Sửa đổi lần 2' }),
  });
  assert.equal(v2.status, 200, JSON.stringify(v2.body));
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.name, 'Sửa đổi lần 2');
  const stale = await admin.put(`/api/v1/ivr/flows/${id}`, {
    version: 1,
    flow: flow({ name: 'Ghi đè' }),
  });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'ivr_version_conflict');
  assert.equal((await admin.get(`/api/v1/ivr/flows/${id}`)).body.name, 'Sửa đổi lần 2');

  const dup = await admin.post('/api/v1/ivr/flows', {
    flow: flow({ name: 'Trùng số' }),
    numbers: ['0999', '0236222'],
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'ivr_number_taken');
  assert.deepEqual(dup.body.error.details, [
    {
      path: 'numbers.1',
      number: '0236222',
      message_vi: 'Số 0236222 đã được gán cho một kịch bản khác.',
      message_en: 'Number 0236222 is already assigned to another flow.',
    },
  ]);
  assert.deepEqual(
    (await audits(id)).map((r) => r.action),
    ['ivr_flow.create', 'ivr_flow.update'],
  );
});

test('one default flow per tenant: a new default takes over', async () => {
  const a = await admin.post('/api/v1/ivr/flows', {
    flow: flow({ name: 'Mặc định A' }),
    isDefault: true,
  });
  const b = await admin.post('/api/v1/ivr/flows', {
    flow: flow({ name: 'Mặc định B' }),
    isDefault: true,
  });
  assert.equal(b.status, 201);
  const ra = (await admin.get(`/api/v1/ivr/flows/${a.body.id}`)).body;
  assert.equal(ra.isDefault, false);
  assert.equal(ra.version, 2, 'the old default moved on a version');
  assert.equal((await admin.get(`/api/v1/ivr/flows/${b.body.id}`)).body.isDefault, true);
});

test('a prompt that cannot be rendered rejects the save and changes nothing', async () => {
  const c = await admin.post('/api/v1/ivr/flows', { flow: flow({ name: 'Lỗi giọng đọc' }) });
  assert.equal(c.status, 201);
  const id = c.body.id;
  // The prompts folder becomes a file: espeak-ng cannot write there (a full or broken disk).
  const aside = `${promptsDir}.aside`;
  renameSync(promptsDir, aside);
  writeFileSync(promptsDir, 'not a folder');
  let res;
  try {
    res = await admin.put(`/api/v1/ivr/flows/${id}`, {
      version: 1,
      numbers: ['0236999'],
      flow: flow(
        { name: 'Không lưu được' },
        { bye: { type: 'hangup', prompt: 'Lời chào mới chưa từng đọc.' } },
      ),
    });
  } finally {
    rmSync(promptsDir);
    renameSync(aside, promptsDir);
  }
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'ivr_render_failed');
  const paths = res.body.error.details.map((d: { path: string }) => d.path);
  assert.ok(paths.includes('flow.nodes.bye.prompt'), paths.join(', '));
  const now = (await admin.get(`/api/v1/ivr/flows/${id}`)).body;
  assert.equal(now.version, 1);
  assert.equal(now.name, 'Lỗi giọng đọc');
  assert.deepEqual(now.numbers, []);
  assert.deepEqual(
    (await audits(id)).map((r) => r.action),
    ['ivr_flow.create'],
  );
});

test('an uploaded recording replaces a prompt: converted to 8 kHz A-law and μ-law; non-audio refused', async () => {
  const c = await admin.post('/api/v1/ivr/flows', { flow: flow({ name: 'Có ghi âm' }) });
  const id = c.body.id;
  const dir = mkdtempSync(path.join(tmpdir(), 'o1022-rec-'));
  const wav = path.join(dir, 'greeting.wav');
  // 1.5 s of a 440 Hz tone at 44.1 kHz stereo: what a studio recording might look like.
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', wav, 'synth', '1.5', 'sine', '440']);
  const up = await admin.req(
    'PUT',
    `/api/v1/ivr/flows/${id}/prompts/greeting.prompt`,
    readFileSync(wav),
    {
      'content-type': 'audio/wav',
    },
  );
  assert.equal(up.status, 200, JSON.stringify(up.body));
  assert.equal(up.body.version, 2);
  const p = up.body.prompts.find((x: { key: string }) => x.key === 'greeting.prompt');
  assert.equal(p.recording.seconds, 1.5);
  const row = await t.db
    .selectFrom('ivr_prompt_file')
    .selectAll()
    .where('flow_id', '=', id)
    .executeTakeFirstOrThrow();
  for (const law of ['pcma', 'pcmu']) {
    const file = path.join(promptsDir, `rec-${row.sha256.slice(0, 24)}.${law}.wav`);
    assert.ok(existsSync(file), file);
    const info = execFileSync('soxi', [file]).toString();
    assert.match(info, /Sample Rate\s*: 8000/);
    assert.match(info, /Channels\s*: 1/);
    assert.match(info, law === 'pcma' ? /A-law/ : /u-law/);
  }

  const text = await admin.req('PUT', `/api/v1/ivr/flows/${id}/prompts/menu.prompt`, 'xin chào', {
    'content-type': 'text/plain',
  });
  assert.equal(text.status, 415);
  assert.equal(text.body.error.code, 'ivr_prompt_not_audio');
  assert.match(text.body.error.message, /không phải là âm thanh/);
  const unknown = await admin.req(
    'PUT',
    `/api/v1/ivr/flows/${id}/prompts/nope.prompt`,
    readFileSync(wav),
    {
      'content-type': 'audio/wav',
    },
  );
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'ivr_prompt_unknown');

  // The node goes away: so does its recording.
  const f = flow({ name: 'Có ghi âm', start: 'menu' });
  delete (f.nodes as Record<string, unknown>).greeting;
  const upd = await admin.put(`/api/v1/ivr/flows/${id}`, { version: 2, flow: f });
  assert.equal(upd.status, 200, JSON.stringify(upd.body));
  assert.equal(
    (await t.db.selectFrom('ivr_prompt_file').select('key').where('flow_id', '=', id).execute())
      .length,
    0,
  );
  assert.deepEqual(
    (await audits(id)).map((r) => r.action),
    ['ivr_flow.create', 'ivr_prompt.put', 'ivr_flow.update'],
  );
  rmSync(dir, { recursive: true, force: true });
});

test('preview: the text as callers hear it, as a WAV the browser plays', async () => {
  const res = await supervisor.get(
    `/api/v1/ivr/preview?voice=vi-vn-x-south&text=${encodeURIComponent('Nghe thử lời chào.')}`,
  );
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /audio\/wav/);
  assert.ok(String(res.body).startsWith('RIFF'));
  const played = path.join(
    promptsDir,
    `${library.key('Nghe thử lời chào.', 'vi-vn-x-south')}.pcm16.wav`,
  );
  const info = execFileSync('soxi', [played]).toString();
  assert.match(info, /Sample Rate\s*: 8000/);
  assert.match(info, /16-bit Signed Integer PCM/);
  assert.ok(library.has('Nghe thử lời chào.', 'vi-vn-x-south'));
});

test('roles: admins change flows, supervisors read, operators and agencies get 403', async () => {
  assert.equal((await operator.get('/api/v1/ivr/flows')).status, 403);
  const s = await supervisor.post('/api/v1/ivr/flows', { flow: flow({ name: 'Giám sát' }) });
  assert.equal(s.status, 403);
  assert.equal(s.body.error.code, 'forbidden');
  assert.equal((await t.anonymous().get('/api/v1/ivr/flows')).status, 401);
});
