/**
 * SIP over WebSocket (RFC 7118), the pure parts: who may upgrade, which subprotocol is chosen,
 * keep-alive frames, a frame as one message (Content-Length optional), the `.invalid` Via of a
 * browser and where responses go; then the transaction layer and UA core on a fake transport:
 * requests to a WS contact go over its connection, and a closed connection fails what was
 * in flight and ends its dialogs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUri } from './dialog.ts';
import type { SipMessage, SipRequest } from './message.ts';
import { parseMessage } from './parser.ts';
import { serialize } from './serializer.ts';
import { FakeTimers } from './timers.ts';
import { DEFAULT_TIMERS } from './transaction-fsm.ts';
import { TransactionLayer } from './transactions.ts';
import {
  isReliable,
  isWebSocket,
  keepAliveKind,
  peerOf,
  responseTarget,
  samePeer,
  type Peer,
} from './transport.ts';
import { UserAgent, type IncomingCall } from './ua.ts';
import { OutgoingCall } from './uac.ts';
import { parseUri } from './uri.ts';
import { chooseProtocol, judgeUpgrade, normalizeOrigin, offersSip } from './websocket.ts';

test('offersSip: the subprotocol list may have several entries, in one header or many', () => {
  assert.equal(offersSip('sip'), true);
  assert.equal(offersSip('chat, sip'), true);
  assert.equal(offersSip(['chat', 'xmpp, sip']), true);
  assert.equal(offersSip(' sip '), true);
  assert.equal(offersSip('sips'), false);
  assert.equal(offersSip('SIP'), false, 'subprotocol names are case-sensitive (RFC 6455 §4.1)');
  assert.equal(offersSip(''), false);
  assert.equal(offersSip(undefined), false);
});

test('normalizeOrigin: scheme and host only, lower case, default ports dropped', () => {
  assert.equal(normalizeOrigin('https://Hotline.Example:443'), 'https://hotline.example');
  assert.equal(normalizeOrigin('http://localhost:8022/'), 'http://localhost:8022');
  assert.equal(normalizeOrigin('null'), null);
  assert.equal(normalizeOrigin('file:///tmp/x.html'), null);
  assert.equal(normalizeOrigin('chrome-extension://abc'), null);
});

test('judgeUpgrade: subprotocol first, then Origin (same-origin, listed, *, or none)', () => {
  const allowed = ['https://softphone.example', 'http://localhost:8022'];
  const j = (protocols: string | undefined, origin: string | undefined, host = 'hotline.vn') =>
    judgeUpgrade({ protocols, origin, host }, allowed);
  assert.deepEqual(j(undefined, undefined), {
    ok: false,
    status: 400,
    reason: 'the "sip" WebSocket subprotocol is required',
  });
  assert.equal(j('chat', 'https://hotline.vn').ok, false);
  assert.deepEqual(j('sip', undefined), { ok: true }, 'desk phones and softphones send none');
  assert.deepEqual(j('sip', 'https://hotline.vn'), { ok: true }, 'same origin');
  assert.deepEqual(j('sip', 'https://HOTLINE.vn:443', 'hotline.vn'), { ok: true });
  assert.deepEqual(j('sip', 'https://softphone.example'), { ok: true });
  assert.deepEqual(j('sip', 'http://localhost:8022'), { ok: true });
  assert.deepEqual(j('sip', 'https://evil.example'), {
    ok: false,
    status: 403,
    reason: 'origin not allowed',
  });
  assert.equal(j('sip', 'http://softphone.example').ok, false, 'the scheme is part of it');
  assert.equal(j('sip', 'https://hotline.vn.evil.example').ok, false);
  assert.equal(j('sip', 'null').ok, false, 'sandboxed pages send "null"');
  assert.equal(j('sip', 'https://hotline.vn', 'other.vn').ok, false);
  assert.equal(
    judgeUpgrade({ protocols: 'sip', origin: 'https://any.example', host: 'x' }, ['*']).ok,
    true,
  );
  assert.equal(
    judgeUpgrade({ protocols: 'chat', origin: undefined, host: 'x' }, ['*']).ok,
    false,
    '* opens origins, never other subprotocols',
  );
});

test('the subprotocol chosen: sip wherever it is listed', () => {
  assert.equal(chooseProtocol(new Set(['chat', 'sip'])), 'sip');
  assert.equal(chooseProtocol(new Set(['chat'])), false);
});

test('keep-alive frames: CRLFCRLF is a ping, CRLF or nothing is ignored, the rest is SIP', () => {
  assert.equal(keepAliveKind(Buffer.from('\r\n\r\n')), 'ping');
  assert.equal(keepAliveKind(Buffer.from('\r\n')), 'ignore');
  assert.equal(keepAliveKind(Buffer.alloc(0)), 'ignore');
  assert.equal(keepAliveKind(Buffer.from('\n\n')), null);
  assert.equal(keepAliveKind(Buffer.from('OPTIONS sip:x SIP/2.0\r\n')), null);
});

test('samePeer: a WebSocket is its connection, not its address', () => {
  const a: Peer = { protocol: 'ws', address: '10.0.0.1', port: 40000, flow: 'one' };
  assert.equal(samePeer(a, { ...a }), true);
  assert.equal(samePeer(a, { ...a, flow: 'two' }), false, 'a later connection from the same port');
  assert.equal(samePeer(a, { ...a, protocol: 'wss' }), false);
  assert.equal(
    samePeer(
      { protocol: 'udp', address: 'x', port: 1 },
      { protocol: 'udp', address: 'x', port: 1 },
    ),
    true,
  );
});

test('transports: WebSocket is reliable and connection-bound', () => {
  assert.equal(isReliable('udp'), false);
  for (const p of ['tcp', 'ws', 'wss'] as const) assert.equal(isReliable(p), true);
  assert.equal(isWebSocket('ws'), true);
  assert.equal(isWebSocket('wss'), true);
  assert.equal(isWebSocket('tcp'), false);
});

// What JsSIP sends (RFC 7118 §5 example): no Content-Length, an `.invalid` Via host.
const JSSIP_REGISTER = `REGISTER sip:hotline.vn SIP/2.0
Via: SIP/2.0/WSS 9d3kslq2iv3a.invalid;branch=z9hG4bK1947473
Max-Forwards: 69
To: <sip:2001@hotline.vn>
From: "Trần Thị Bình" <sip:2001@hotline.vn>;tag=7nb0qm0ssq
Call-ID: 4jm5hq6mc7ch1bhmdk6n
CSeq: 1 REGISTER
Contact: <sip:a1b2c3d4@9d3kslq2iv3a.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:0c1f2e3d-aaaa-bbbb-cccc-000000000001>";expires=600
Expires: 600
Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY
Supported: path,gruu,outbound
User-Agent: JsSIP 3.10.1

`.replace(/\n/g, '\r\n');

test('a frame is one message: Content-Length may be absent, and is honoured when present', () => {
  const msg = parseMessage(Buffer.from(JSSIP_REGISTER)) as SipRequest;
  assert.equal(msg.method, 'REGISTER');
  assert.equal(msg.topVia.transport, 'WSS');
  assert.equal(msg.topVia.host, '9d3kslq2iv3a.invalid');
  assert.equal(msg.topVia.port, undefined);
  assert.equal(msg.from.displayName, 'Trần Thị Bình');
  const contacts = msg.contacts;
  assert.ok(contacts !== '*');
  const uri = contacts[0]!.uri;
  assert.ok(uri.kind === 'sip');
  assert.equal(uri.params.get('transport'), 'ws');
  assert.equal(contacts[0]!.params.get('reg-id'), '1');

  const body = 'v=0\r\ns=-\r\n';
  const withLength = `INVITE sip:1022@hotline.vn SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKa\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:1022@hotline.vn>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  assert.equal(parseMessage(Buffer.from(withLength)).body.toString(), body);
  const without = withLength.replace(/Content-Length: \d+\r\n/, '');
  assert.equal(parseMessage(Buffer.from(without)).body.toString(), body);
  assert.throws(() =>
    parseMessage(Buffer.from(withLength.replace(/Content-Length: \d+/, 'Content-Length: 99'))),
  );
});

test('responses to a WebSocket peer go back on its connection, whatever the Via says', () => {
  const msg = parseMessage(Buffer.from(JSSIP_REGISTER));
  const ws: Peer = { protocol: 'wss', address: '203.0.113.5', port: 51234 };
  assert.deepEqual(responseTarget(msg, ws), ws);
  const udp: Peer = { protocol: 'udp', address: '203.0.113.5', port: 5062 };
  assert.deepEqual(responseTarget(msg, udp), {
    protocol: 'udp',
    address: '9d3kslq2iv3a.invalid',
    port: 5060,
  });
});

test('bindings name their connection: ws/wss sources become peers; WS URIs are never resolved', async () => {
  assert.deepEqual(peerOf('ws:127.0.0.1:40123'), {
    protocol: 'ws',
    address: '127.0.0.1',
    port: 40123,
  });
  assert.deepEqual(peerOf('wss:[2001:db8::1]:443'), {
    protocol: 'wss',
    address: '2001:db8::1',
    port: 443,
  });
  assert.deepEqual(peerOf('ws:127.0.0.1:40123;flow=Ab9_-x'), {
    protocol: 'ws',
    address: '127.0.0.1',
    port: 40123,
    flow: 'Ab9_-x',
  });
  assert.equal(peerOf('sctp:127.0.0.1:1'), null);
  assert.equal(peerOf('ws:127.0.0.1:1;flow=a b'), null);
  await assert.rejects(
    resolveUri(parseUri('sip:a1b2@x.invalid;transport=ws')),
    /reachable only over the connection/,
  );
});

// --- the transaction layer and UA core over a WebSocket peer ---------------------------------

const browser: Peer = { protocol: 'wss', address: '198.51.100.7', port: 40001 };

function setup(onInvite: (call: IncomingCall) => void = () => {}) {
  const clock = new FakeTimers();
  const sent: { msg: SipMessage; to: Peer }[] = [];
  const failing = new Set<string>();
  const transport = {
    send(msg: SipMessage | Buffer, to: Peer, onError?: (err: Error) => void) {
      const bytes = Buffer.isBuffer(msg) ? msg : serialize(msg);
      sent.push({ msg: parseMessage(bytes), to });
      if (failing.has(`${to.address}:${to.port}`))
        queueMicrotask(() => onError?.(new Error('no open WebSocket')));
    },
  };
  const layer = new TransactionLayer({
    transport,
    timers: clock,
    config: DEFAULT_TIMERS,
    via: { host: '192.0.2.1', port: 5060 },
  });
  const ua = new UserAgent({
    layer,
    timers: clock,
    config: DEFAULT_TIMERS,
    contact: { host: '192.0.2.1', port: 5060 },
    onInvite,
  });
  const receive = (text: string, from: Peer = browser) =>
    layer.receive(parseMessage(Buffer.from(text.replace(/\r?\n/g, '\r\n'))), from);
  return { clock, sent, layer, ua, receive, failing };
}

const flush = () => new Promise((r) => setImmediate(r));

test('an INVITE from a browser: answered on its flow; our Contact says transport=wss; BYE goes back over it', async () => {
  const calls: IncomingCall[] = [];
  const t = setup((c) => {
    calls.push(c);
    c.answer('v=0\r\n');
  });
  t.receive(`INVITE sip:1022@192.0.2.1 SIP/2.0
Via: SIP/2.0/WSS 9d3kslq2iv3a.invalid;branch=z9hG4bKinv;received=198.51.100.7
From: <sip:2001@hotline.vn>;tag=b1
To: <sip:1022@hotline.vn>
Call-ID: ws-call
CSeq: 1 INVITE
Contact: <sip:a1b2@9d3kslq2iv3a.invalid;transport=ws>
Content-Type: application/sdp

v=0
`);
  const ok = t.sent.find((s) => s.msg.kind === 'response' && s.msg.status === 200)!;
  assert.deepEqual(ok.to, browser);
  assert.equal(ok.msg.get('contact'), '<sip:open1022@192.0.2.1:5060;transport=wss>');
  t.receive(`ACK sip:open1022@192.0.2.1:5060;transport=wss SIP/2.0
Via: SIP/2.0/WSS 9d3kslq2iv3a.invalid;branch=z9hG4bKack
From: <sip:2001@hotline.vn>;tag=b1
To: <sip:1022@hotline.vn>;tag=${calls[0]!.localTag}
Call-ID: ws-call
CSeq: 1 ACK

`);
  assert.equal(calls[0]!.state, 'confirmed');
  // Its response never comes on this fake transport: only what is sent matters here.
  void calls[0]!.hangup();
  await flush();
  const bye = t.sent.find((s) => s.msg.kind === 'request' && s.msg.method === 'BYE')!;
  assert.deepEqual(bye.to, browser, 'the .invalid Contact is never looked up');
  assert.equal((bye.msg as SipRequest).uri, 'sip:a1b2@9d3kslq2iv3a.invalid;transport=ws');
  assert.equal(bye.msg.topVia.transport, 'WSS');
});

test('the browser tab closes: a confirmed call ends with transport-error at once', () => {
  const calls: IncomingCall[] = [];
  const t = setup((c) => {
    calls.push(c);
    c.answer('v=0\r\n');
  });
  t.receive(`INVITE sip:1022@192.0.2.1 SIP/2.0
Via: SIP/2.0/WSS h.invalid;branch=z9hG4bKinv2
From: <sip:2001@hotline.vn>;tag=b2
To: <sip:1022@hotline.vn>
Call-ID: ws-call-2
CSeq: 1 INVITE
Contact: <sip:a1b2@h.invalid;transport=ws>
Content-Type: application/sdp

v=0
`);
  let ended = '';
  calls[0]!.onEnded = (r) => (ended = r);
  t.ua.flowClosed({ ...browser, port: 1 }); // another connection: nothing happens
  assert.equal(ended, '');
  t.ua.flowClosed(browser);
  assert.equal(ended, 'transport-error');
  const before = t.sent.length;
  t.clock.advance(40_000);
  assert.equal(t.sent.length, before, 'no 2xx retransmissions to a closed socket');
});

test('INVITE to a WS contact goes over its connection with a WS Via; a closed one fails at once', async () => {
  const t = setup();
  const target: Peer = { protocol: 'ws', address: '127.0.0.1', port: 40002 };
  const leg = new OutgoingCall(t.ua, {
    target,
    requestUri: 'sip:a1b2@x.invalid;transport=ws',
    from: { uri: 'sip:0905000111@192.0.2.1' },
    to: 'sip:a1b2@x.invalid;transport=ws',
    sdp: 'v=0\r\n',
  });
  let end = '';
  leg.onEnded = (r, status) => (end = `${r} ${status}`);
  leg.start();
  const inv = t.sent[0]!;
  assert.deepEqual(inv.to, target);
  assert.equal(inv.msg.topVia.transport, 'WS');
  assert.match(inv.msg.get('contact')!, /;transport=ws>$/);
  // Ringing, then the tab closes: the INVITE transaction fails without waiting for timer B.
  t.layer.flowClosed(target);
  assert.equal(end, 'transport-error 503');

  const dead: Peer = { protocol: 'ws', address: '127.0.0.1', port: 40003 };
  t.failing.add('127.0.0.1:40003');
  const leg2 = new OutgoingCall(t.ua, {
    target: dead,
    requestUri: 'sip:c3d4@y.invalid;transport=ws',
    from: { uri: 'sip:0905000111@192.0.2.1' },
    to: 'sip:c3d4@y.invalid;transport=ws',
    sdp: 'v=0\r\n',
  });
  let end2 = '';
  leg2.onEnded = (r, status) => (end2 = `${r} ${status}`);
  leg2.start();
  await flush();
  assert.equal(end2, 'transport-error 503', 'no socket: the ACD moves on at once');
});
