/**
 * SIP over WebSocket (RFC 7118) for browsers' softphones (R-TEL-6): the web server's `/sip`
 * (and `SIP_WS_PORT`) hand WebSockets to the SIP stack. A WS phone registers with digest
 * (401 → 200; the binding names its connection), keeps alive with OPTIONS and CRLF pings, is
 * rung by the ACD when a SIPp caller (UDP) reaches the queue, answers with plain RTP/AVP and
 * audio flows both ways; closing its socket removes its registration (the next call goes to
 * another operator); a WebRTC-only offer gets 488 with a Warning.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp } from '../helpers/app.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from '../../src/voice/media/g711.ts';
import { WAV_HEADER_BYTES } from '../../src/voice/media/wav.ts';
import { NonceKeeper } from '../../src/voice/sip/digest.ts';
import type { TelephonyService } from '../../src/voice/service.ts';
import { SipWebSocketHub } from '../../src/voice/ws-endpoint.ts';
import { createSipStack } from '../../src/voice/sip/stack.ts';
import { readFileSync } from 'node:fs';
import { scenarioWith, sipp, speech, tempDir, until } from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';
import { RtpSide, WsPhone } from './helpers/ws-phone.ts';

const hub = new SipWebSocketHub(['https://softphone.example']);
const t = await createTestApp({ realClock: true, listen: true, sipWebSocket: hub });
const dir = tempDir('o1022-ws');
const PASSWORD = 'mat-khau-trinh-duyet';
const wsUrl = `${t.baseUrl.replace(/^http/, 'ws')}/sip`;

let tel: Telephony;
let service: TelephonyService;
const operators: { id: string; sip: string }[] = [];

before(async () => {
  const admin = await t.login(await t.newUser('admin'));
  for (const sip of ['2001', '2002']) {
    const u = await t.newUser('operator');
    const put = await admin.put(`/api/v1/agents/${u.id}/sip`, {
      username: sip,
      password: PASSWORD,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    operators.push({ id: u.id, sip });
  }
  const q = await admin.put('/api/v1/call-queues/tiep-nhan', {
    name: 'Tiếp nhận',
    maxWaitSeconds: 20,
    announceSeconds: 20,
    overflow: 'callback',
  });
  assert.equal(q.status, 200, JSON.stringify(q.body));
  tel = await startTelephony({
    app: t,
    dir,
    rtpPorts: 40,
    config: {
      sipWsPort: 0,
      sipWsOrigins: [],
      // Short, so that the test of a silent connection does not wait 60 s.
      sipWsPingMs: 500,
    },
    flow: ivrFlowSchema.parse({
      name: 'Hàng đợi',
      voice: 'vi',
      start: 'q',
      nodes: { q: { type: 'queue', queue: 'tiep-nhan', prompt: 'Xin chờ.' } },
    }),
    registrar: { nonces: new NonceKeeper('w'.repeat(32)) },
    acd: true,
    hub,
  });
  service = tel.service;
});
// The service first: closing its sockets removes bindings, which needs the database.
after(async () => {
  await tel?.stop();
  await t.close();
});

const DOMAIN = '127.0.0.1';

async function registered(phone: WsPhone, sip: string) {
  const { challenge, final } = await phone.register(sip, PASSWORD, DOMAIN);
  assert.equal(challenge.status, 401);
  assert.equal(final.status, 200, final.toString());
}

test('the upgrade needs the "sip" subprotocol and an allowed Origin', async () => {
  await assert.rejects(WsPhone.connect(wsUrl, { protocols: ['chat'] }), /upgrade refused: 400/);
  await assert.rejects(
    WsPhone.connect(wsUrl, { origin: 'https://evil.example' }),
    /upgrade refused: 403/,
  );
  // Listed second, `sip` is still the one chosen.
  const listed = await WsPhone.connect(wsUrl, {
    protocols: ['other', 'sip'],
    origin: 'https://softphone.example',
  });
  assert.equal(listed.ws.protocol, 'sip');
  await listed.close();
  const same = await WsPhone.connect(wsUrl, { origin: t.baseUrl });
  assert.equal(same.ws.protocol, 'sip');
  await same.close();
  // The port of its own: same rules.
  const own = `ws://127.0.0.1:${service.wsPort}`;
  await assert.rejects(WsPhone.connect(own, { protocols: ['chat'] }), /upgrade refused: 400/);
  await assert.rejects(
    WsPhone.connect(own, { origin: 'https://evil.example' }),
    /upgrade refused: 403/,
  );
});

test('REGISTER with digest over WebSocket: 401 then 200; the binding names the connection', async () => {
  const phone = await WsPhone.connect(wsUrl);
  try {
    const { challenge, final } = await phone.register('2001', PASSWORD, DOMAIN);
    assert.equal(challenge.status, 401);
    assert.match(challenge.get('www-authenticate')!, /^Digest realm="open1022"/);
    assert.equal(final.status, 200);
    // RFC 7118 §5: the `.invalid` sent-by gets `received`; answered on the same socket.
    assert.equal(final.topVia.host, phone.host);
    assert.equal(final.topVia.transport, 'WSS');
    assert.equal(final.topVia.params.get('received'), '127.0.0.1');
    assert.equal(final.get('contact'), `<${phone.contact}>;expires=600`);
    assert.ok(
      phone.frames.every((f) => typeof f === 'string'),
      'SIP goes out in text frames',
    );
    const [b] = await repo.bindings(t.db, operators[0]!.id, new Date());
    assert.equal(b?.contact, phone.contact);
    assert.match(b!.source, /^ws:127\.0\.0\.1:\d+;flow=[\w-]{12}$/);

    // Keep-alives: OPTIONS, and the double-CRLF ping (answered with one CRLF).
    const options = await phone.request('OPTIONS', `sip:${DOMAIN}`, {
      user: '2001',
      domain: DOMAIN,
    });
    assert.equal(options.status, 200);
    assert.match(options.get('allow')!, /INVITE/);
    const before = phone.frames.length;
    phone.ws.send('\r\n\r\n');
    await until('pong', () => phone.frames.length > before);
    assert.equal(phone.frames.at(-1), '\r\n');

    // A malformed message gets 400 on the socket, and the socket stays up.
    phone.send(
      `OPTIONS sip:${DOMAIN} SIP/2.0\nVia: SIP/2.0/WSS ${phone.host};branch=z9hG4bKbad1\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: bad\nCSeq: x OPTIONS\n\n`,
    );
    await until('400', () => phone.frames.some((f) => String(f).startsWith('SIP/2.0 400')));
    const again = await phone.request('OPTIONS', `sip:${DOMAIN}`, { user: '2001', domain: DOMAIN });
    assert.equal(again.status, 200);
  } finally {
    await phone.close();
  }
  // Closing the socket removes the registration.
  await until(
    'binding removed on close',
    async () => (await repo.bindings(t.db, operators[0]!.id, new Date())).length === 0,
  );
});

test('SIP_WS_PORT: a phone registers over the port of its own too', async () => {
  const phone = await WsPhone.connect(`ws://127.0.0.1:${service.wsPort}`);
  try {
    await registered(phone, '2001');
    assert.equal((await repo.bindings(t.db, operators[0]!.id, new Date())).length, 1);
  } finally {
    await phone.close();
  }
  await until(
    'binding removed on close',
    async () => (await repo.bindings(t.db, operators[0]!.id, new Date())).length === 0,
  );
});

/** The two channels of a stereo G.711 recording, as linear samples. */
function channels(file: string, codec: 'PCMA' | 'PCMU') {
  const data = readFileSync(file).subarray(WAV_HEADER_BYTES);
  const table = codec === 'PCMA' ? ALAW_TO_LINEAR : ULAW_TO_LINEAR;
  const left = new Int16Array(data.length >> 1);
  const right = new Int16Array(data.length >> 1);
  for (let i = 0; i < data.length; i += 2) {
    left[i >> 1] = table[data[i]!]!;
    right[i >> 1] = table[data[i + 1]!]!;
  }
  return { left, right };
}
const rms = (s: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i]! * s[i]!;
  return Math.sqrt(sum / Math.max(1, s.length));
};
const crossings = (s: Int16Array) => {
  let n = 0;
  for (let i = 1; i < s.length; i++) if (s[i - 1]! < 0 !== s[i]! < 0) n++;
  return (n * 8000) / s.length;
};

const recordOf = (run: { messages: string }) => tel.recordOf(run);

test('the ACD rings the WS phone for a SIPp caller; plain RTP/AVP answer; audio both ways', async () => {
  const phone = await WsPhone.connect(wsUrl);
  const rtp = await RtpSide.open();
  try {
    await registered(phone, '2001');
    phone.answerCalls(rtp);
    await repo.setState(t.db, t.tenantId, operators[0]!.id, 'available', new Date());
    const audio = speech('Tôi muốn hỏi về hồ sơ cấp giấy phép xây dựng nhà ở.', 'ul', dir);
    const audioFile = path.join(dir, 'caller.ul');
    writeFileSync(audioFile, audio);
    const file = scenarioWith('caller-talks.xml', { audio: audioFile, talk_ms: 6000 });
    const run = await sipp(`127.0.0.1:${service.port}`, { file }, ['-s', 'q1']).result;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    const rec = await recordOf(run);
    assert.equal(rec.outcome, 'answered', JSON.stringify(rec));
    assert.equal(rec.agentId, operators[0]!.id);

    // The INVITE came over the WebSocket, to the registered contact, with a WS Via.
    const invite = phone.requests.find((r) => r.method === 'INVITE');
    assert.ok(invite, 'the phone was rung');
    assert.equal(invite.uri, phone.contact);
    assert.equal(invite.topVia.transport, 'WS');
    assert.match(invite.body.toString(), /RTP\/AVP/);
    assert.ok(
      phone.requests.some((r) => r.method === 'ACK'),
      'our 200 was acknowledged over the socket',
    );
    await until('BYE over the socket', () => phone.requests.some((r) => r.method === 'BYE'));

    // The phone's tone reaches the caller's side of the recording…
    const { right } = channels(rec.recordingPath!, rec.media!.codec!);
    const tail = right.subarray(right.length - 16000, right.length - 4000);
    assert.ok(rms(tail) > 500, `the operator's audio reaches the caller (rms ${rms(tail)})`);
    const z = crossings(tail);
    assert.ok(z > 800 && z < 960, `a 440 Hz tone (${z} crossings/s)`);
    // …and the caller's speech reaches the phone.
    assert.ok(rtp.packets > 50, `RTP reached the WS phone (${rtp.packets} packets)`);
    assert.ok(rms(rtp.heard) > 300, `the caller's speech is heard (rms ${rms(rtp.heard)})`);
  } finally {
    rtp.close();
    await phone.close();
  }
});

test('a closed socket is unreachable: the next caller goes to the operator still connected', async () => {
  const [a, b] = operators as [{ id: string; sip: string }, { id: string; sip: string }];
  const phoneA = await WsPhone.connect(wsUrl);
  const phoneB = await WsPhone.connect(wsUrl);
  const rtpB = await RtpSide.open();
  try {
    await registered(phoneA, a.sip);
    await registered(phoneB, b.sip);
    phoneB.answerCalls(rtpB);
    const now = new Date();
    // A has been idle longest: without the close, A would be rung first.
    await repo.setState(t.db, t.tenantId, a.id, 'available', new Date(now.getTime() - 60_000), {
      idle: true,
    });
    await repo.setState(t.db, t.tenantId, b.id, 'available', now, { idle: true });
    await phoneA.close();
    await until(
      "A's binding removed",
      async () => (await repo.bindings(t.db, a.id, new Date())).length === 0,
    );
    // A stale WebSocket binding (as after a restart) naming the address and port of B's live
    // connection, but not its connection id: tried, never sent over B's socket, removed at once;
    // the call still reaches B.
    const [bBinding] = await repo.bindings(t.db, b.id, new Date());
    const staleSource = bBinding!.source.replace(/;flow=.*$/, ';flow=stale-flow');
    await t.db
      .insertInto('sip_binding')
      .values({
        user_id: a.id,
        tenant_id: t.tenantId,
        contact: 'sip:stale@gone.invalid;transport=ws',
        call_id: 'stale',
        cseq: 1,
        expires_at: new Date(Date.now() + 600_000),
        source: staleSource,
        user_agent: null,
      })
      .execute();
    const run = await sipp(`127.0.0.1:${service.port}`, { builtin: 'uac' }, [
      '-s',
      'q1',
      '-d',
      '3000',
    ]).result;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    const rec = await recordOf(run);
    assert.equal(rec.outcome, 'answered', JSON.stringify(rec));
    assert.equal(rec.agentId, b.id);
    assert.deepEqual(await repo.bindings(t.db, a.id, new Date()), [], 'the stale binding is gone');
    assert.ok(!phoneA.requests.some((r) => r.method === 'INVITE'));
    const invites = phoneB.requests.filter((r) => r.method === 'INVITE').map((r) => r.uri);
    assert.deepEqual(invites, [phoneB.contact], "A's stale contact never went over B's socket");
  } finally {
    rtpB.close();
    await phoneA.close();
    await phoneB.close();
  }
});

test('a WebRTC-only offer from the WS phone gets 488 with a Warning, not a crash', async () => {
  const phone = await WsPhone.connect(wsUrl);
  try {
    const webrtc = [
      'v=0',
      'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'a=group:BUNDLE 0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126',
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:Yx3k',
      'a=ice-pwd:3PjHTXpP1zG6W9ZsXcqVbh6t',
      'a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F',
      'a=setup:actpass',
      'a=mid:0',
      'a=rtcp-mux',
      'a=rtpmap:111 opus/48000/2',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:126 telephone-event/8000',
      'a=sendrecv',
      '',
    ].join('\r\n');
    const res = await phone.request('INVITE', `sip:1022@${DOMAIN}`, {
      user: '0905000111',
      domain: DOMAIN,
      body: webrtc,
      callId: 'webrtc-offer',
    });
    assert.equal(res.status, 488);
    assert.match(res.get('warning')!, /^302 127\.0\.0\.1 "WebRTC media \(ICE, DTLS-SRTP\)/);
    assert.ok(phone.requests.some((r) => r.method !== 'ACK') === false);
    // The stack is fine: the same socket still works.
    const options = await phone.request('OPTIONS', `sip:${DOMAIN}`, {
      user: '0905000111',
      domain: DOMAIN,
    });
    assert.equal(options.status, 200);
  } finally {
    await phone.close();
  }
});

test('a browser that vanished (answers no pings) is cut and unregistered', async () => {
  const phone = await WsPhone.connect(wsUrl, { autoPong: false });
  await registered(phone, '2002');
  assert.equal((await repo.bindings(t.db, operators[1]!.id, new Date())).length, 1);
  await phone.closed; // the server closes it after a missed ping
  await until(
    'binding removed',
    async () => (await repo.bindings(t.db, operators[1]!.id, new Date())).length === 0,
  );
  // One that answers pings stays (it saw several ping rounds while the other one was cut).
  const alive = await WsPhone.connect(wsUrl);
  try {
    await registered(alive, '2002');
    const phone2 = await WsPhone.connect(wsUrl, { autoPong: false });
    await phone2.closed;
    assert.equal(alive.ws.readyState, alive.ws.OPEN);
    assert.equal((await repo.bindings(t.db, operators[1]!.id, new Date())).length, 1);
  } finally {
    await alive.close();
  }
});

test("the operator's tab closes during the call: the caller is hung up, the call record is whole", async () => {
  const phone = await WsPhone.connect(wsUrl);
  const rtp = await RtpSide.open();
  const [a] = operators as [{ id: string; sip: string }];
  try {
    await registered(phone, a.sip);
    await repo.setState(t.db, t.tenantId, a.id, 'available', new Date(0), { idle: true });
    phone.answerCalls(rtp);
    let closing: Promise<void> | null = null;
    const onRequest = phone.onRequest!;
    phone.onRequest = (req) => {
      onRequest(req);
      // Once the call is confirmed, the tab goes away (no BYE: the socket just closes).
      if (req.method === 'ACK')
        closing = new Promise((r) => setTimeout(r, 1500)).then(() => phone.close());
    };
    // The caller stays on the line until we hang up.
    const run = await sipp(`127.0.0.1:${service.port}`, { file: 'uas-hangs-up.xml' }, ['-s', 'q1'])
      .result;
    assert.equal(run.code, 0, `${run.stderr}\n${run.errors}`);
    assert.ok(closing, 'the call was answered over the socket');
    assert.match(run.messages, /BYE sip:/, 'we hung up the caller');
    const rec = await recordOf(run);
    assert.equal(rec.outcome, 'answered', JSON.stringify(rec));
    assert.equal(rec.agentId, a.id);
    assert.equal(rec.endReason, 'local-bye');
    assert.equal((await repo.state(t.db, a.id))?.state, 'wrap-up', 'the operator goes to wrap-up');
    assert.deepEqual(await repo.bindings(t.db, a.id, new Date()), []);
    assert.ok(!phone.requests.some((r) => r.method === 'BYE'), 'no BYE could reach the tab');
  } finally {
    rtp.close();
    await phone.close();
  }
});

test('the transport alone: a frame over 64 KiB closes the socket (1009); past the cap, 1013', async () => {
  const stack = await createSipStack({
    host: '127.0.0.1',
    port: 0,
    wsPort: 0,
    maxWebSockets: 1,
    onInvite: (call) => call.reject(486),
  });
  try {
    const url = `ws://127.0.0.1:${stack.wsPort}`;
    const first = await WsPhone.connect(url);
    const second = await WsPhone.connect(url);
    const code = await new Promise<number>((r) => second.ws.once('close', (c) => r(c)));
    assert.equal(code, 1013, 'one WebSocket at most');
    assert.equal(stack.transport.webSocketCount, 1);
    const res = await first.request('OPTIONS', 'sip:127.0.0.1', { user: 'a', domain: '127.0.0.1' });
    assert.equal(res.status, 200, 'the first one works');
    const closed = new Promise<number>((r) => first.ws.once('close', (c) => r(c)));
    first.ws.send(`OPTIONS sip:127.0.0.1 SIP/2.0\r\nX-Pad: ${'x'.repeat(70_000)}\r\n\r\n`);
    assert.equal(await closed, 1009);
    await until('flow forgotten', () => stack.transport.webSocketCount === 0);
  } finally {
    await stack.close();
  }
});
