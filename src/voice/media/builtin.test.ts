/**
 * The built-in engine with a plain UDP socket as the far end: what it sends (prompt bytes,
 * headers, RTCP) and what it makes of what it receives (recording timeline, DTMF).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuiltinMediaEngine, wavToG711 } from './builtin.ts';
import { NoCommonCodecError, NoPortError, type Prompt } from './engine.ts';
import { ALAW_TO_ULAW, ULAW_SILENCE, ULAW_TO_ALAW } from './g711.ts';
import { emptyPacket, parseRtp, writeRtpHeader } from './rtp.ts';
import { rtcpTypes } from './rtcp.ts';
import { wavHeader, WAV_HEADER_BYTES } from './wav.ts';
import { writeDtmf } from './dtmf.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'engine-'));
const engines: BuiltinMediaEngine[] = [];
after(async () => {
  for (const e of engines) await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

let nextBase = 30000 + Math.floor(Math.random() * 1000) * 20;
function engine(pairs = 5): BuiltinMediaEngine {
  const base = (nextBase += 40);
  const e = new BuiltinMediaEngine({
    bindHost: '127.0.0.1',
    portMin: base,
    portMax: base + pairs * 2 - 1,
  });
  engines.push(e);
  return e;
}

/** A far end: a UDP socket, its SDP offer, and the RTP it received. */
async function farEnd(codecs = '0 8 101') {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  const got: Buffer[] = [];
  const waiters: (() => void)[] = [];
  sock.on('message', (m) => {
    got.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const offer = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP ${codecs}\r\na=rtpmap:101 telephone-event/8000\r\n`;
  const until = async (pred: () => boolean) => {
    while (!pred()) await new Promise<void>((r) => waiters.push(r));
  };
  return { sock, port, got, offer, until };
}

function promptFile(name: string, encoding: 'PCMA' | 'PCMU' | 'L16', audio: Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, Buffer.concat([wavHeader(encoding, 8000, 1, audio.length), audio]));
  return f;
}

test('a prompt goes out in 160-byte frames, sequence and timestamp by one frame, marker first', async () => {
  const e = engine();
  const far = await farEnd('0 101');
  const ep = await e.open({ callId: 'play-1', offer: far.offer });
  assert.equal(ep.codec, 'PCMU');
  assert.match(ep.localSdp, /m=audio \d+ RTP\/AVP 0 101\r\n/);
  // 3.5 frames of A-law prompt, played on a μ-law call: transcoded, last frame padded.
  const alaw = Buffer.from(Array.from({ length: 560 }, (_, i) => (i * 7) & 0xff));
  const prompt: Prompt = {
    id: 'p',
    files: {
      PCMA: promptFile('p.alaw.wav', 'PCMA', alaw),
      PCMU: promptFile('p.alaw.wav', 'PCMA', alaw),
    },
  };
  const expected = Buffer.from(alaw.map((b) => ALAW_TO_ULAW[b]!));
  assert.equal(await ep.play(prompt), 'done');
  // Frames may still be in flight (a burst after a stalled loop): wait for the prompt's last
  // frame and the silence after it to have arrived.
  const payloads = () => Buffer.concat(far.got.map((b) => b.subarray(12)));
  await far.until(() => {
    const at = payloads().indexOf(expected);
    return at >= 0 && payloads().length >= at + 640;
  });
  const p = emptyPacket();
  const frames = far.got.map((b) => {
    assert.ok(parseRtp(b, p));
    return { ...p, payload: b.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength) };
  });
  assert.equal(frames[0]!.marker, true);
  for (let i = 1; i < frames.length; i++) {
    assert.equal(frames[i]!.marker, false);
    assert.equal(frames[i]!.sequence, (frames[i - 1]!.sequence + 1) & 0xffff);
    assert.equal(frames[i]!.timestamp, (frames[i - 1]!.timestamp + 160) >>> 0);
    assert.equal(frames[i]!.ssrc, frames[0]!.ssrc);
    assert.equal(frames[i]!.payloadType, 0);
  }
  const all = Buffer.concat(frames.map((f) => f.payload));
  const at = all.indexOf(expected);
  assert.ok(at >= 0 && at % 160 === 0, 'prompt not found frame-aligned in what was sent');
  assert.ok(all.subarray(at + 560, at + 640).every((b) => b === ULAW_SILENCE));
  await ep.close();
  far.sock.close();
});

test('stopPlayback and a new play resolve the previous play as stopped', async () => {
  const e = engine();
  const far = await farEnd('8');
  const ep = await e.open({ callId: 'play-2', offer: far.offer });
  const long = promptFile('long.wav', 'L16', Buffer.alloc(16000 * 10));
  const prompt: Prompt = { id: 'l', files: { PCMA: long, PCMU: long } };
  const first = ep.play(prompt);
  const second = ep.play(prompt);
  assert.equal(await first, 'stopped');
  ep.stopPlayback();
  assert.equal(await second, 'stopped');
  const missing: Prompt = { id: 'x', files: { PCMA: path.join(dir, 'none.wav'), PCMU: '' } };
  assert.equal(await ep.play(missing), 'done'); // unreadable prompt: logged, not fatal
  await ep.close();
  assert.equal(await ep.play(prompt), 'stopped');
  far.sock.close();
});

test('recording follows the RTP timeline: gaps become silence, late packets and other SSRCs are handled', async () => {
  const e = engine();
  const far = await farEnd('0 101');
  const ep = await e.open({ callId: 'rec-1', offer: far.offer });
  const localPort = Number(/m=audio (\d+)/.exec(ep.localSdp)![1]);
  const file = path.join(dir, 'rec.wav');
  ep.startRecording(file);
  const digits: string[] = [];
  ep.onDtmf = (d) => digits.push(d);
  const send = (seq: number, ts: number, fill: number, ssrc = 0x1234, pt = 0) =>
    new Promise<void>((r) => {
      const b = Buffer.alloc(12 + 160, fill);
      writeRtpHeader(b, false, pt, seq, ts, ssrc);
      far.sock.send(b, localPort, '127.0.0.1', () => r());
    });
  await send(1, 1000, 1);
  await send(2, 1160, 2);
  await send(4, 1480, 4); // seq 3 lost: 160 bytes of silence
  await send(5, 1640, 5);
  await send(9, 9000, 9, 0x9999); // a new SSRC: new timeline, no fill
  await send(8, 8840, 8, 0x9999); // arrives late: its place is already written, dropped
  const ev = Buffer.alloc(16);
  writeRtpHeader(ev, true, 101, 50, 5000, 0x7777);
  writeDtmf(ev, 12, { event: 9, end: true, volume: 10, duration: 800 });
  await new Promise<void>((r) => far.sock.send(ev, localPort, '127.0.0.1', () => r()));
  await new Promise<void>((r) => far.sock.send(ev, localPort, '127.0.0.1', () => r()));
  while (ep.stats().packetsReceived < 8) await new Promise((r) => setTimeout(r, 5));
  const info = await ep.stopRecording();
  assert.deepEqual(digits, ['9']);
  const data = readFileSync(file).subarray(WAV_HEADER_BYTES);
  const expected = Buffer.concat([
    Buffer.alloc(160, 1),
    Buffer.alloc(160, 2),
    Buffer.alloc(160, ULAW_SILENCE),
    Buffer.alloc(160, 4),
    Buffer.alloc(160, 5),
    Buffer.alloc(160, 9),
  ]);
  assert.equal(info!.bytes, expected.length);
  assert.ok(data.equals(expected));
  const s = await ep.close();
  assert.equal(s.packetsReceived, 8);
  assert.equal(s.packetsLost, 1);
  far.sock.close();
});

test('RTCP: a report reaches the far end within a few seconds', async () => {
  const e = engine();
  const far = await farEnd('0');
  const rtcp = dgram.createSocket('udp4');
  // RTCP goes to the RTP port + 1 of the far end; bind it if free, otherwise skip.
  const bound = await new Promise<boolean>((r) => {
    rtcp.once('error', () => r(false));
    rtcp.bind(far.port + 1, '127.0.0.1', () => r(true));
  });
  if (!bound) {
    far.sock.close();
    return;
  }
  const ep = await e.open({ callId: 'rtcp', offer: far.offer });
  const report = await new Promise<Buffer>((r) => rtcp.once('message', r));
  assert.deepEqual(rtcpTypes(report), [200, 202]);
  await ep.close();
  rtcp.close();
  far.sock.close();
});

test('offers we cannot answer, offers we make, renegotiation, a full port range', async () => {
  const e = engine(2);
  await assert.rejects(
    e.open({ callId: 'x', offer: 'v=0\r\nm=audio 5000 RTP/AVP 9\r\nc=IN IP4 1.2.3.4\r\n' }),
    NoCommonCodecError,
  );
  await assert.rejects(e.open({ callId: 'x', offer: 'garbage' }), NoCommonCodecError);
  const ours = await e.open({ callId: 'late', offer: null });
  assert.match(ours.localSdp, /m=audio \d+ RTP\/AVP 8 0 101/);
  assert.equal(ours.codec, null);
  ours.setRemoteAnswer(
    'v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 5000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n',
  );
  assert.equal(ours.codec, 'PCMU');
  const answer = ours.renegotiate('v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 5002 RTP/AVP 8\r\n');
  assert.match(answer!, /o=open1022 \d+ 2 IN IP4/);
  assert.equal(ours.codec, 'PCMA');
  assert.equal(ours.renegotiate('v=0\r\nm=audio 5002 RTP/AVP 9\r\n'), null);
  const second = await e.open({ callId: 'b', offer: null });
  await assert.rejects(e.open({ callId: 'c', offer: null }), NoPortError);
  await second.close();
  const third = await e.open({ callId: 'c', offer: null }); // the port came back
  await third.close();
  await ours.close();
  assert.equal(e.pool.used, 0);
});

test('prompt WAV reading: the three formats, and refusals', () => {
  const pcm = Buffer.alloc(8);
  pcm.writeInt16LE(1000, 0);
  pcm.writeInt16LE(-1000, 2);
  const wav = (enc: 'PCMA' | 'PCMU' | 'L16', data: Buffer) =>
    Buffer.concat([wavHeader(enc, 8000, 1, data.length), data]);
  assert.equal(wavToG711(wav('L16', pcm), 'PCMU').length, 4);
  assert.deepEqual([...wavToG711(wav('PCMU', Buffer.from([0xff, 0x00])), 'PCMU')], [0xff, 0x00]);
  assert.deepEqual([...wavToG711(wav('PCMA', Buffer.from([0xd5])), 'PCMU')], [ALAW_TO_ULAW[0xd5]]);
  assert.throws(() => wavToG711(Buffer.from('not a wav file'), 'PCMU'), /not a WAV/);
  const stereo = wav('PCMU', Buffer.alloc(4));
  stereo.writeUInt16LE(2, 22);
  assert.throws(() => wavToG711(stereo, 'PCMU'), /8 kHz mono/);
});

test('bridged legs relay audio both ways, transcoding A-law ↔ μ-law, re-stamped per leg', async () => {
  const e = engine();
  const a = await farEnd('8 101'); // the caller: A-law
  const b = await farEnd('0 101'); // the agent: μ-law
  const legA = await e.open({ callId: 'a', offer: a.offer });
  const legB = await e.open({ callId: 'b', offer: b.offer });
  assert.equal(legA.codec, 'PCMA');
  assert.equal(legB.codec, 'PCMU');
  const portOf = (sdp: string) => Number(/m=audio (\d+)/.exec(sdp)![1]);
  const recording = path.join(dir, 'bridge.wav');
  legA.startRecording(recording, { channels: 2 });
  legA.bridge(legB);
  const payloadA = Buffer.alloc(160, 0x33);
  const payloadB = Buffer.alloc(160, 0x44);
  const send = (far: typeof a, to: number, pt: number, seq: number, payload: Buffer) =>
    new Promise<void>((r) => {
      const pkt = Buffer.alloc(12 + payload.length);
      writeRtpHeader(pkt, false, pt, seq, seq * 160, 0x1234 + pt);
      payload.copy(pkt, 12);
      far.sock.send(pkt, to, '127.0.0.1', () => r());
    });
  // B speaks first (its audio waits for the right channel), then A.
  for (let i = 0; i < 5; i++) await send(b, portOf(legB.localSdp), 0, i, payloadB);
  await a.until(() => a.got.filter((m) => m[12] !== 0xd5).length >= 5);
  for (let i = 0; i < 5; i++) await send(a, portOf(legA.localSdp), 8, i, payloadA);
  await b.until(() => b.got.filter((m) => m[12] !== 0xff).length >= 5);

  const p = emptyPacket();
  const relayedToA = a.got.filter((m) => parseRtp(m, p) && m[12] !== 0xd5);
  assert.ok(parseRtp(relayedToA[0]!, p));
  assert.equal(p.payloadType, 8);
  assert.deepEqual(
    [...relayedToA[0]!.subarray(12)],
    [...payloadB].map((x) => ULAW_TO_ALAW[x]),
    'μ-law from B reaches A as A-law',
  );
  const relayedToB = b.got.filter((m) => parseRtp(m, p) && m[12] !== 0xff);
  assert.ok(parseRtp(relayedToB[0]!, p));
  assert.equal(p.payloadType, 0);
  assert.notEqual(p.ssrc, 0x1234 + 8, "B hears A under B-leg's own SSRC");
  assert.deepEqual(
    [...relayedToB[0]!.subarray(12)],
    [...payloadA].map((x) => ALAW_TO_ULAW[x]),
  );

  await legB.close();
  const info = await legA.stopRecording();
  await legA.close();
  assert.equal(info?.channels, 2);
  const wav = readFileSync(recording);
  assert.equal(wav.readUInt16LE(22), 2, 'two channels in the header');
  const data = wav.subarray(WAV_HEADER_BYTES);
  assert.equal(data.length, 2 * 5 * 160);
  const left = data.filter((_, i) => i % 2 === 0);
  const right = data.filter((_, i) => i % 2 === 1);
  assert.ok(Buffer.from(left).equals(Buffer.alloc(800, 0x33)), 'left: what the caller said');
  // Right: what the caller was sent while it spoke — B's words (A-law), after any silence frames
  // the clock sent before the bridge.
  const spoken = right.filter((x) => x === ULAW_TO_ALAW[0x44]).length;
  assert.ok(spoken >= 160 * 4, `right channel carries the agent (${spoken} samples)`);
  a.sock.close();
  b.sock.close();
});
