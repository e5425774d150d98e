/**
 * Our SIP stack as a UAS against SIPp: a complete call over UDP and TCP, CANCEL while ringing,
 * our own BYE, OPTIONS and error answers. SIPp exits 0 only if every message it expected came.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAnswer, negotiateAudio, parseSdp } from '../../src/voice/media/sdp.ts';
import { createSipStack, type SipStack } from '../../src/voice/sip/stack.ts';
import type { EndReason, IncomingCall } from '../../src/voice/sip/ua.ts';
import { sipp } from './helpers/peers.ts';

let stack: SipStack;
type Behaviour = 'answer' | 'ring' | 'answer-then-bye';
let behaviour: Behaviour = 'answer';
const calls: { call: IncomingCall; ended: Promise<EndReason> }[] = [];

before(async () => {
  stack = await createSipStack({
    host: '127.0.0.1',
    port: 0,
    onInvite(call) {
      const ended = new Promise<EndReason>((resolve) => (call.onEnded = resolve));
      calls.push({ call, ended });
      call.ring();
      if (behaviour === 'ring') return;
      const offer = parseSdp(call.offer!);
      const agreed = negotiateAudio(offer);
      if (!agreed) return call.reject(488);
      call.answer(
        buildAnswer(offer, agreed, {
          address: '127.0.0.1',
          port: 40000,
          sessionId: '1',
          version: 1,
        }),
      );
      if (behaviour === 'answer-then-bye') call.onConfirmed = () => void call.hangup();
    },
  });
});

after(async () => {
  await stack.close();
});

async function expectSuccess(run: ReturnType<typeof sipp>): Promise<void> {
  const r = await run.result;
  assert.equal(
    r.code,
    0,
    `sipp exited ${r.code}\n${r.stderr}\n${r.errors}\n${r.messages.slice(-4000)}`,
  );
}

test('SIPp uac calls our UAS over UDP: 100, 180, 200 with SDP, ACK, BYE, 200', async () => {
  behaviour = 'answer';
  calls.length = 0;
  await expectSuccess(
    sipp(`127.0.0.1:${stack.port}`, { builtin: 'uac' }, ['-t', 'u1', '-d', '200']),
  );
  assert.equal(calls.length, 1);
  const { call, ended } = calls[0]!;
  assert.equal(await ended, 'remote-bye');
  assert.equal(call.invite.from.displayName, 'sipp');
  assert.equal(call.dialog.remoteSeq, 2); // the BYE's CSeq
});

test('the same call over TCP', async () => {
  behaviour = 'answer';
  calls.length = 0;
  await expectSuccess(
    sipp(`127.0.0.1:${stack.port}`, { builtin: 'uac' }, ['-t', 't1', '-d', '200']),
  );
  assert.equal(calls.length, 1);
  assert.equal(await calls[0]!.ended, 'remote-bye');
  assert.equal(calls[0]!.call.source.protocol, 'tcp');
});

test('CANCEL while ringing: 200 to the CANCEL, 487 to the INVITE; unknown CANCEL gets 481', async () => {
  behaviour = 'ring';
  calls.length = 0;
  await expectSuccess(sipp(`127.0.0.1:${stack.port}`, { file: 'cancel.xml' }, ['-t', 'u1']));
  assert.equal(calls.length, 1);
  assert.equal(await calls[0]!.ended, 'cancelled');
  assert.equal(calls[0]!.call.invite.from.displayName, 'Nguyễn Văn An');
});

test('we hang up: our BYE reaches the caller through its Contact, over UDP and TCP', async () => {
  behaviour = 'answer-then-bye';
  for (const t of ['u1', 't1']) {
    calls.length = 0;
    await expectSuccess(sipp(`127.0.0.1:${stack.port}`, { file: 'uas-hangs-up.xml' }, ['-t', t]));
    assert.equal(await calls[0]!.ended, 'local-bye');
    assert.equal(calls[0]!.call.invite.from.displayName, 'Trần Thị Bình');
  }
});

test('OPTIONS gets 200 with Allow; Max-Forwards 300 gets 400 with a Warning; 405; 481', async () => {
  await expectSuccess(sipp(`127.0.0.1:${stack.port}`, { file: 'options.xml' }, ['-t', 'u1']));
});
