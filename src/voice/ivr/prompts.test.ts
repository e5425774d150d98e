import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ivrFlowSchema } from './flow.ts';
import { PromptLibrary } from './prompts.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'prompts-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('espeak-ng + sox render 8 kHz A-law and μ-law WAVs, named by voice and text', async () => {
  const lib = new PromptLibrary(dir);
  const text = 'Xin chào, đây là tổng đài một không hai hai.';
  assert.equal(lib.has(text, 'vi'), false);
  const [a, b] = await Promise.all([lib.render(text, 'vi'), lib.render(text, 'vi')]); // one render
  assert.deepEqual(a, b);
  for (const [file, enc] of [
    [a.files.PCMA, 'A-law'],
    [a.files.PCMU, 'u-law'],
  ] as const) {
    const info = execFileSync('sox', ['--i', file]).toString();
    assert.match(info, /Sample Rate\s*: 8000/);
    assert.match(info, /Channels\s*: 1/);
    assert.match(info, new RegExp(enc));
    assert.ok(statSync(file).size > 8000, 'at least a second of speech');
  }
  // NFC and NFD spellings are one text; another voice is another prompt.
  assert.equal(lib.key(text.normalize('NFD'), 'vi'), a.id);
  assert.notEqual(lib.key(text, 'vi-vn-x-south'), a.id);
  const mtime = statSync(a.files.PCMA).mtimeMs;
  await lib.render(text, 'vi');
  assert.equal(statSync(a.files.PCMA).mtimeMs, mtime, 'a rendered prompt is not rendered again');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('.')),
    [],
    'no temporary files left',
  );
});

test('a flow renders each distinct text once; options-looking text is spoken, not parsed', async () => {
  const lib = new PromptLibrary(dir);
  const flow = ivrFlowSchema.parse({
    name: 'x',
    voice: 'vi-vn-x-central',
    start: 'a',
    nodes: {
      a: { type: 'message', prompt: '--help -w /etc/passwd', next: 'b' },
      b: { type: 'hangup', prompt: '--help -w /etc/passwd' },
    },
  });
  const prompts = await lib.renderFlow(flow);
  assert.equal(prompts.size, 1);
  assert.ok(lib.has('--help -w /etc/passwd', 'vi-vn-x-central'));
});

test('an unknown voice is refused (espeak-ng would silently speak English)', async () => {
  const lib = new PromptLibrary(dir);
  await assert.rejects(lib.render('Xin chào', 'no-such-voice'), /unknown voice/);
  assert.equal(lib.has('Xin chào', 'no-such-voice'), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('.')),
    [],
  );
});

test('a folder that cannot be written fails the render (espeak-ng itself exits 0 then)', async () => {
  const blocked = path.join(dir, 'blocked');
  const lib = new PromptLibrary(blocked);
  rmSync(blocked, { recursive: true });
  writeFileSync(blocked, 'a file where the folder should be');
  await assert.rejects(lib.render('Không ghi được.', 'vi'), /espeak-ng failed \(0\): Can't write/);
});

test('a flow whose render fails rejects only once none of its texts is still rendering', async () => {
  const sub = mkdtempSync(path.join(dir, 'settle-'));
  const lib = new PromptLibrary(sub);
  const flow = ivrFlowSchema.parse({
    name: 'x',
    voice: 'vi',
    start: 'a',
    nodes: {
      a: { type: 'message', prompt: 'Một câu khá dài để đọc lên trong tổng đài.', next: 'b' },
      b: { type: 'message', prompt: 'Câu thứ hai.', next: 'c' },
      c: { type: 'hangup', prompt: 'Câu thứ ba, cũng để đọc.' },
    },
  });
  rmSync(sub, { recursive: true });
  writeFileSync(sub, 'blocked');
  await assert.rejects(lib.renderFlow(flow));
  // Restored at once: a render still running from the failed attempt would be joined here
  // and fail on files it never wrote.
  rmSync(sub);
  mkdirSync(sub);
  const prompts = await lib.renderFlow(flow);
  assert.equal(prompts.size, 3);
});
