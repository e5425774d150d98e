/**
 * Telephony figures. SIP: parse + serialize of a typical INVITE with SDP against splitting
 * its text into lines (the least any parser does). G.711: encoding 20 ms frames against
 * copying them. Media: N concurrent calls on the built-in engine — each call receives a 20 ms
 * frame every 20 ms from a peer process, records it to a WAV file (streamed), and sends its
 * own paced frames back — against a bare Node UDP echo of the same traffic: CPU per 100
 * calls, packets lost each way, jitter of what the engine sends as the peer measures it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { BuiltinMediaEngine } from '../src/voice/media/builtin.ts';
import type { MediaEndpoint } from '../src/voice/media/engine.ts';
import { encodeAlaw } from '../src/voice/media/g711.ts';
import { parseMessage } from '../src/voice/sip/parser.ts';
import { serialize } from '../src/voice/sip/serializer.ts';
import { fig, type Figure } from './lib/figures.ts';

export interface VoiceOptions {
  calls: number[];
  durationMs: number;
  log: (line: string) => void;
}

const SDP =
  'v=0\r\no=- 2890844526 2890844526 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\nm=audio 49170 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n';
const INVITE = Buffer.from(
  [
    'INVITE sip:1022@10.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK776asdhds;rport',
    'Via: SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bKnashds8;received=10.0.0.3',
    'Max-Forwards: 69',
    'To: <sip:1022@tongdai.example.vn>',
    'From: "Nguyễn Văn An" <sip:0905123456@trunk.example.vn>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.example.vn',
    'CSeq: 314159 INVITE',
    'Contact: <sip:0905123456@10.0.0.2:5060>',
    'Record-Route: <sip:10.0.0.3;lr>',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(SDP)}`,
    '',
    SDP,
  ].join('\r\n'),
);

function rate(ms: number, f: () => void): number {
  for (let i = 0; i < 2000; i++) f(); // warm-up
  let n = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < ms) {
    for (let i = 0; i < 500; i++) f();
    n += 500;
    now = performance.now();
  }
  return n / ((now - t0) / 1000);
}

async function peer(calls: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'rtp-peer.ts'), String(calls)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { ports } = JSON.parse((await lines.next()).value as string) as { ports: number[] };
  return {
    ports,
    async run(targets: number[], ms: number) {
      child.stdin!.write(`${JSON.stringify({ targets, ms })}\n`);
      return JSON.parse((await lines.next()).value as string) as {
        sent: number;
        received: number;
        expected: number;
        jitterMeanMs: number;
        jitterMaxMs: number;
        jitterP99Ms: number;
      };
    },
  };
}

/** CPU of this process (all threads) as % of one core over a stretch of wall time. */
async function cpuDuring<T>(f: () => Promise<T>): Promise<{ result: T; cpuPct: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const c = process.cpuUsage(c0);
  return { result, cpuPct: ((c.user + c.system) / 1000 / (performance.now() - t0)) * 100 };
}

async function engineRun(calls: number, ms: number, dir: string) {
  const p = await peer(calls);
  const base = 40000;
  const engine = new BuiltinMediaEngine({
    bindHost: '127.0.0.1',
    portMin: base,
    portMax: base + calls * 2 + 100,
  });
  const eps: MediaEndpoint[] = [];
  for (let i = 0; i < calls; i++) {
    const offer = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${p.ports[i]} RTP/AVP 8\r\n`;
    const ep = await engine.open({ callId: `bench-${i}`, offer });
    // Two channels, as the telephony service records every call.
    ep.startRecording(path.join(dir, `${i}.wav`), { channels: 2 });
    eps.push(ep);
  }
  const targets = eps.map((e) => Number(/m=audio (\d+)/.exec(e.localSdp)![1]));
  const { result: far, cpuPct } = await cpuDuring(() => p.run(targets, ms));
  let lost = 0;
  let received = 0;
  let recorded = 0;
  for (const ep of eps) {
    const s = ep.stats();
    lost += s.packetsLost;
    received += s.packetsReceived;
    const rec = await ep.stopRecording();
    recorded += rec?.bytes ?? 0;
  }
  await engine.stop();
  return { far, cpuPct, lost, received, recorded, skipped: engine.clock.skipped };
}

/** The baseline: every packet echoed straight back by a plain dgram socket per call. */
async function echoRun(calls: number, ms: number) {
  const p = await peer(calls);
  const socks: dgram.Socket[] = [];
  for (let i = 0; i < calls; i++) {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.on('message', (m, rinfo) => s.send(m, rinfo.port, rinfo.address));
    socks.push(s);
  }
  const { result: far, cpuPct } = await cpuDuring(() =>
    p.run(
      socks.map((s) => s.address().port),
      ms,
    ),
  );
  for (const s of socks) s.close();
  return { far, cpuPct };
}

export async function benchVoice(o: VoiceOptions): Promise<Figure[]> {
  const out: Figure[] = [];
  const parse = rate(1500, () => serialize(parseMessage(INVITE)));
  const lines = rate(1500, () => INVITE.toString('utf8').split('\r\n'));
  out.push(
    fig(
      'sip_invite_parse_serialize',
      parse,
      'msg/s',
      `baseline (UTF-8 decode + split into lines): ${Math.round(lines)} msg/s`,
    ),
  );
  const pcm = new Int16Array(160).map((_, i) => Math.round(Math.sin(i / 5) * 12000));
  const frame = new Uint8Array(160);
  const copy = new Uint8Array(160);
  const enc = rate(800, () => encodeAlaw(pcm, frame));
  const cp = rate(800, () => copy.set(frame));
  out.push(
    fig(
      'g711_alaw_encode_20ms_frames',
      enc,
      'frames/s',
      `baseline (copying a frame): ${Math.round(cp)} frames/s`,
    ),
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-voice-'));
  try {
    for (const calls of o.calls) {
      o.log(`voice: ${calls} calls on the built-in engine for ${o.durationMs} ms`);
      const e = await engineRun(calls, o.durationMs, dir);
      o.log(`voice: ${calls} calls echoed by bare dgram sockets (baseline)`);
      const b = await echoRun(calls, o.durationMs);
      const lossIn = e.far.sent ? (100 * (e.far.sent - e.received)) / e.far.sent : 0;
      const lossOut = e.far.expected
        ? (100 * Math.max(0, e.far.expected - e.far.received)) / e.far.expected
        : 0;
      out.push(
        fig(
          `rtp_${calls}_calls_engine_cpu`,
          e.cpuPct,
          '% of a core',
          `baseline (bare UDP echo of the same traffic): ${b.cpuPct.toFixed(1)} %; recording and paced sending included`,
        ),
        fig(`rtp_${calls}_calls_cpu_per_100_calls`, (e.cpuPct * 100) / calls, '% of a core'),
        fig(
          `rtp_${calls}_calls_loss_caller_to_engine`,
          lossIn,
          '%',
          `RTP-level loss seen by the engine: ${e.lost} packets`,
        ),
        fig(`rtp_${calls}_calls_loss_engine_to_caller`, lossOut, '%'),
        fig(
          `rtp_${calls}_calls_jitter_mean`,
          e.far.jitterMeanMs,
          'ms',
          `max over calls ${e.far.jitterMaxMs.toFixed(1)} ms; baseline echo mean ${b.far.jitterMeanMs.toFixed(1)} ms`,
        ),
        fig(
          `rtp_${calls}_calls_jitter_p99`,
          e.far.jitterP99Ms,
          'ms',
          `99th percentile over calls; baseline echo p99 ${b.far.jitterP99Ms.toFixed(1)} ms`,
        ),
        fig(
          `rtp_${calls}_calls_recorded`,
          e.recorded / 16000 / calls,
          's per call',
          `${e.skipped} media-clock ticks skipped`,
        ),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
