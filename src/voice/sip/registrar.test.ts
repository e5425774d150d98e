import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from './message.ts';
import { parseMessage } from './parser.ts';
import { contactValues, planRegister, type Binding } from './registrar.ts';

function register(
  contacts: string[],
  opts: { expires?: number; callId?: string; cseq?: number } = {},
) {
  const lines = [
    'REGISTER sip:open1022.test SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.20:5062;branch=z9hG4bK1',
    'From: <sip:1001@open1022.test>;tag=a',
    'To: <sip:1001@open1022.test>',
    `Call-ID: ${opts.callId ?? 'reg-1'}`,
    `CSeq: ${opts.cseq ?? 2} REGISTER`,
    'User-Agent: baresip',
    ...contacts.map((c) => `Contact: ${c}`),
    ...(opts.expires === undefined ? [] : [`Expires: ${opts.expires}`]),
    'Content-Length: 0',
    '',
    '',
  ];
  return parseMessage(Buffer.from(lines.join('\r\n'))) as SipRequest;
}

const NOW = 1_000_000_000;
const SRC = 'udp:192.0.2.20:5062';
const bound = (contact: string, over: Partial<Binding> = {}): Binding => ({
  contact,
  callId: 'reg-1',
  cseq: 1,
  expiresAt: NOW + 600_000,
  source: SRC,
  userAgent: null,
  ...over,
});

test('a new binding takes the Expires header, clamped to the maximum', () => {
  const p = planRegister(register(['<sip:1001@192.0.2.20:5062>'], { expires: 7200 }), [], NOW, SRC);
  assert.equal(p.status, 200);
  if (p.status !== 200) return;
  assert.equal(p.upsert.length, 1);
  assert.equal(p.upsert[0]!.contact, 'sip:1001@192.0.2.20:5062');
  assert.equal(p.upsert[0]!.expiresAt, NOW + 3600_000);
  assert.equal(p.upsert[0]!.userAgent, 'baresip');
  assert.deepEqual(contactValues(p.bindings, NOW), ['<sip:1001@192.0.2.20:5062>;expires=3600']);
});

test('the contact expires parameter wins over the header; default when neither', () => {
  const a = planRegister(register(['<sip:1001@h:1>;expires=120'], { expires: 900 }), [], NOW, SRC);
  assert.ok(a.status === 200 && a.upsert[0]!.expiresAt === NOW + 120_000);
  const b = planRegister(register(['<sip:1001@h:1>']), [], NOW, SRC);
  assert.ok(b.status === 200 && b.upsert[0]!.expiresAt === NOW + 3600_000);
});

test('too brief → 423 with Min-Expires; a bad expires → 400', () => {
  assert.deepEqual(planRegister(register(['<sip:1001@h:1>'], { expires: 30 }), [], NOW, SRC), {
    status: 423,
    minExpires: 60,
  });
  assert.equal(planRegister(register(['<sip:1001@h:1>;expires=abc']), [], NOW, SRC).status, 400);
});

test('refresh keeps one binding (URI equality), unregister removes it', () => {
  const before = [bound('sip:1001@h:1')];
  const refresh = planRegister(
    register(['<sip:1001@H:1>'], { expires: 600, cseq: 3 }),
    before,
    NOW,
    SRC,
  );
  assert.ok(refresh.status === 200);
  assert.equal(refresh.bindings.length, 1);
  const un = planRegister(register(['<sip:1001@h:1>'], { expires: 0, cseq: 4 }), before, NOW, SRC);
  assert.ok(un.status === 200);
  assert.deepEqual(un.remove, ['sip:1001@h:1']);
  assert.deepEqual(un.bindings, []);
});

test('an older or repeated CSeq in the same Call-ID is refused with 500', () => {
  const before = [bound('sip:1001@h:1', { cseq: 5 })];
  assert.equal(
    planRegister(register(['<sip:1001@h:1>'], { cseq: 5 }), before, NOW, SRC).status,
    500,
  );
  assert.equal(
    planRegister(register(['<sip:1001@h:1>'], { cseq: 1, callId: 'other' }), before, NOW, SRC)
      .status,
    200,
    'another Call-ID (a rebooted phone) replaces it',
  );
});

test('Contact: * with Expires: 0 removes every binding; otherwise 400', () => {
  const before = [bound('sip:1001@h:1'), bound('sip:1001@h:2', { callId: 'x' })];
  const all = planRegister(register(['*'], { expires: 0, cseq: 9 }), before, NOW, SRC);
  assert.ok(all.status === 200);
  assert.deepEqual(all.remove.sort(), ['sip:1001@h:1', 'sip:1001@h:2']);
  assert.equal(planRegister(register(['*'], { expires: 60 }), before, NOW, SRC).status, 400);
});

test('a query (no Contact) lists live bindings and drops expired ones', () => {
  const before = [bound('sip:1001@h:1'), bound('sip:1001@h:2', { expiresAt: NOW - 1 })];
  const q = planRegister(register([]), before, NOW, SRC);
  assert.ok(q.status === 200);
  assert.deepEqual(
    q.bindings.map((b) => b.contact),
    ['sip:1001@h:1'],
  );
  assert.deepEqual(q.remove, ['sip:1001@h:2']);
});

test('more phones than allowed → 403', () => {
  const before = [1, 2, 3, 4, 5].map((i) => bound(`sip:1001@h:${i}`, { callId: `c${i}` }));
  assert.equal(planRegister(register(['<sip:1001@h:9>']), before, NOW, SRC).status, 403);
});
