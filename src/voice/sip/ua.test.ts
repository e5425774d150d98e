/**
 * The transaction layer and UA core on a fake transport and a fake clock: what goes out, and
 * when, for retransmissions, missing ACKs, CANCEL races and in-dialog requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTimers } from './timers.ts';
import type { SipMessage, SipResponse } from './message.ts';
import { parseMessage } from './parser.ts';
import { serialize } from './serializer.ts';
import { DEFAULT_TIMERS } from './transaction-fsm.ts';
import { TransactionLayer } from './transactions.ts';
import type { Peer } from './transport.ts';
import { UserAgent, type IncomingCall } from './ua.ts';

const caller: Peer = { protocol: 'udp', address: '192.0.2.10', port: 5070 };

function setup(onInvite: (call: IncomingCall) => void = () => {}) {
  const clock = new FakeTimers();
  const sent: { at: number; msg: SipMessage; to: Peer }[] = [];
  const transport = {
    send(msg: SipMessage | Buffer, to: Peer) {
      const bytes = Buffer.isBuffer(msg) ? msg : serialize(msg);
      sent.push({ at: clock.now(), msg: parseMessage(bytes), to });
    },
  };
  const layer = new TransactionLayer({
    transport,
    timers: clock,
    config: DEFAULT_TIMERS,
    via: { host: '192.0.2.1', port: 5060 },
  });
  const calls: IncomingCall[] = [];
  const ua = new UserAgent({
    layer,
    timers: clock,
    config: DEFAULT_TIMERS,
    contact: { host: '192.0.2.1', port: 5060 },
    onInvite(call) {
      calls.push(call);
      onInvite(call);
    },
  });
  const receive = (text: string, from: Peer = caller) =>
    layer.receive(parseMessage(Buffer.from(text.replace(/\n/g, '\r\n'))), from);
  const responses = () =>
    sent
      .filter((s) => s.msg.kind === 'response')
      .map((s) => `${s.at}:${(s.msg as SipResponse).status}`);
  return { clock, sent, layer, ua, calls, receive, responses };
}

const invite = (branch = 'z9hG4bK-inv1', extra = '') => `INVITE sip:1022@192.0.2.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5070;branch=${branch}
From: "Nguyễn Văn An" <sip:0905123456@192.0.2.10>;tag=abc
To: <sip:1022@192.0.2.1>
Call-ID: call-1@192.0.2.10
CSeq: 10 INVITE
Contact: <sip:an@192.0.2.10:5070>
Max-Forwards: 70
${extra}Content-Type: application/sdp
Content-Length: 10

v=0\r
s=-\r
`;

const inDialog = (
  method: string,
  seq: number,
  toTag: string,
  branch: string,
) => `${method} sip:open1022@192.0.2.1:5060 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5070;branch=${branch}
From: <sip:0905123456@192.0.2.10>;tag=abc
To: <sip:1022@192.0.2.1>;tag=${toTag}
Call-ID: call-1@192.0.2.10
CSeq: ${seq} ${method}
Max-Forwards: 70
Content-Length: 0

`;

test('INVITE: 100 at once; retransmitted INVITE gets the last provisional again', () => {
  const t = setup((c) => c.ring());
  t.receive(invite());
  t.receive(invite());
  assert.deepEqual(t.responses(), ['0:100', '0:180', '0:180']);
  assert.equal(t.calls.length, 1);
  const ringing = t.sent[1]!.msg;
  assert.equal(ringing.toTag, t.calls[0]!.localTag);
  assert.match(ringing.get('contact')!, /^<sip:open1022@192\.0\.2\.1:5060>$/);
  assert.equal(t.sent[1]!.to.port, 5070);
});

test('2xx is retransmitted T1, 2T1 … T2 until the ACK; the ACK confirms the call', () => {
  const t = setup((c) => c.answer('v=0\r\n'));
  let confirmed = 0;
  t.receive(invite());
  t.calls[0]!.onConfirmed = () => confirmed++;
  t.clock.advance(3600);
  const tag = t.calls[0]!.localTag;
  t.receive(inDialog('ACK', 10, tag, 'z9hG4bK-ack1'));
  t.receive(inDialog('ACK', 10, tag, 'z9hG4bK-ack1')); // retransmitted ACK: no effect
  t.clock.advance(20_000);
  assert.deepEqual(t.responses(), ['0:100', '0:200', '500:200', '1500:200', '3500:200']);
  assert.equal(t.calls[0]!.state, 'confirmed');
  assert.equal(confirmed, 1);
});

const flush = () => new Promise((r) => setImmediate(r));

test('no ACK within 64*T1: the call ends and a BYE is sent (§13.3.1.4)', async () => {
  const t = setup((c) => c.answer('v=0\r\n'));
  t.receive(invite());
  let reason = '';
  t.calls[0]!.onEnded = (r) => (reason = r);
  t.clock.advance(32_000);
  await flush();
  const byes = t.sent.filter((s) => s.msg.kind === 'request' && s.msg.method === 'BYE');
  assert.equal(reason, 'no-ack');
  assert.equal(byes.length, 1);
  const bye = byes[0]!;
  assert.equal(bye.at, 32_000);
  assert.deepEqual(bye.to, { protocol: 'udp', address: '192.0.2.10', port: 5070 }); // the Contact
  assert.equal(bye.msg.fromTag, t.calls[0]!.localTag);
  assert.equal(bye.msg.toTag, 'abc');
  assert.equal(bye.msg.kind === 'request' && bye.msg.uri, 'sip:an@192.0.2.10:5070');
});

test('hangup before the ACK waits for it, then sends BYE', async () => {
  const t = setup((c) => {
    c.answer('v=0\r\n');
    void c.hangup();
  });
  t.receive(invite());
  assert.equal(t.sent.filter((s) => s.msg.kind === 'request').length, 0);
  t.receive(inDialog('ACK', 10, t.calls[0]!.localTag, 'z9hG4bK-ack'));
  await flush();
  const bye = t.sent.find((s) => s.msg.kind === 'request' && s.msg.method === 'BYE');
  assert.ok(bye);
  assert.equal(t.calls[0]!.endReason, 'local-bye');
  // The BYE's own transaction retransmits until answered (timer E)…
  t.clock.advance(600);
  assert.equal(t.sent.filter((s) => s.msg.kind === 'request' && s.msg.method === 'BYE').length, 2);
});

test('CANCEL: 200 with the same To tag, 487 to the INVITE; CANCEL after the answer changes nothing', () => {
  const t = setup((c) => c.ring());
  t.receive(invite());
  const cancel = (branch: string) => `CANCEL sip:1022@192.0.2.1 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5070;branch=${branch}
From: "Nguyễn Văn An" <sip:0905123456@192.0.2.10>;tag=abc
To: <sip:1022@192.0.2.1>
Call-ID: call-1@192.0.2.10
CSeq: 10 CANCEL
Max-Forwards: 70
Content-Length: 0

`;
  t.receive(cancel('z9hG4bK-inv1'));
  assert.deepEqual(t.responses(), ['0:100', '0:180', '0:200', '0:487']);
  const ok = t.sent[2]!.msg as SipResponse;
  assert.equal(ok.cseq.method, 'CANCEL');
  assert.equal(ok.toTag, t.calls[0]!.localTag);
  assert.equal(t.calls[0]!.endReason, 'cancelled');
  // 487 retransmitted (timer G) until the ACK, which matches the INVITE transaction.
  t.clock.advance(500);
  assert.equal(t.responses().filter((r) => r.endsWith(':487')).length, 2);
  t.receive(
    inDialog('ACK', 10, t.calls[0]!.localTag, 'z9hG4bK-inv1').replace(
      'ACK sip:open1022@192.0.2.1:5060',
      'ACK sip:1022@192.0.2.1',
    ),
  );
  t.clock.advance(10_000);
  assert.equal(t.responses().filter((r) => r.endsWith(':487')).length, 2);

  const u = setup((c) => c.answer('v=0\r\n'));
  u.receive(invite('z9hG4bK-inv2'));
  u.receive(cancel('z9hG4bK-inv2'));
  assert.deepEqual(u.responses(), ['0:100', '0:200', '0:200']);
  assert.equal(u.calls[0]!.state, 'answering');
});

test('in-dialog: BYE ends the call, a late BYE gets 200 from its transaction, others 481', () => {
  const t = setup((c) => c.answer('v=0\r\n'));
  t.receive(invite());
  const tag = t.calls[0]!.localTag;
  t.receive(inDialog('ACK', 10, tag, 'z9hG4bK-a'));
  t.receive(inDialog('OPTIONS', 11, tag, 'z9hG4bK-o'));
  t.receive(inDialog('BYE', 12, tag, 'z9hG4bK-b'));
  t.receive(inDialog('BYE', 12, tag, 'z9hG4bK-b')); // retransmission: same transaction
  t.receive(inDialog('INFO', 13, tag, 'z9hG4bK-i'));
  t.receive(inDialog('BYE', 5, 'unknown', 'z9hG4bK-x'));
  assert.deepEqual(t.responses(), ['0:100', '0:200', '0:200', '0:200', '0:200', '0:481', '0:481']);
  assert.equal(t.calls[0]!.endReason, 'remote-bye');
});

test('in-dialog requests out of CSeq order get 500; re-INVITE is answered through onOffer', () => {
  const t = setup((c) => c.answer('v=0\r\ns=first\r\n'));
  t.receive(invite());
  const call = t.calls[0]!;
  t.receive(inDialog('ACK', 10, call.localTag, 'z9hG4bK-a'));
  t.receive(inDialog('OPTIONS', 9, call.localTag, 'z9hG4bK-old'));
  assert.equal(t.responses().at(-1), '0:500');
  call.onOffer = (offer) => (offer.includes('hold') ? 'v=0\r\ns=held\r\n' : null);
  const reinvite = inDialog('INVITE', 20, call.localTag, 'z9hG4bK-re')
    .replace('Content-Length: 0', 'Content-Type: application/sdp\nContent-Length: 14')
    .concat('v=0\r\ns=hold\r\n');
  t.receive(reinvite);
  const ok = t.sent.at(-1)!.msg as SipResponse;
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), 'v=0\r\ns=held\r\n');
  t.receive(inDialog('ACK', 20, call.localTag, 'z9hG4bK-a2'));
  t.clock.advance(5000);
  // The initial 2xx and the re-INVITE's, each ACKed at once: no retransmission.
  assert.equal(t.responses().filter((r) => r.endsWith(':200')).length, 2);
});

test('UAS checks: unsupported Require → 420, unknown scheme → 416, non-SDP body → 415', () => {
  const t = setup();
  t.receive(invite('z9hG4bK-r', 'Require: 100rel, foo\n'));
  t.receive(invite('z9hG4bK-s').replace('INVITE sip:1022@192.0.2.1', 'INVITE mailto:a@b.c'));
  t.receive(invite('z9hG4bK-t').replace('application/sdp', 'text/plain'));
  assert.deepEqual(t.responses(), ['0:420', '0:416', '0:415']);
  assert.equal(t.sent[0]!.msg.get('unsupported'), '100rel');
  assert.equal(t.calls.length, 0);
  assert.equal(t.layer.counts.servers, 3);
  t.clock.advance(32_000); // timer H: nobody ACKed these
  assert.equal(t.layer.counts.servers, 0);
});
