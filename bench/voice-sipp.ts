/**
 * Telephony through the whole stack (issue #5): N concurrent callers from one SIPp process
 * (`-l N -m N`, each streaming Vietnamese speech in μ-law with rtp_stream) call the real
 * `TelephonyService` running in this process on 127.0.0.1 — SIP, answer, two-channel recording
 * streamed to disk, the IVR's prompt, then a queue where no operator ever becomes available, so
 * every caller waits with hold music and position announcements: the peak load of a hotline.
 * The same callers against `sipp -sn uas -rtp_echo` (C, one socket echoing every packet) give
 * the same-run baseline.
 *
 * Measured while all N calls are up, for `durationMs`: CPU of this process (the server) or of
 * the echoing SIPp, as % of one core; loss caller → server from the engine's receiver
 * statistics (whole calls); loss and jitter server → caller from a loopback capture (dumpcap)
 * analysed by `tshark -z rtp,streams` (sequence gaps; RFC 3550 jitter from capture times);
 * media-clock ticks the engine skipped. No PostgreSQL: the queue's operators are a stub that
 * never finds one, and the call records stay in memory.
 */
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_QUEUE } from '../src/voice/agents/agents.repository.ts';
import type { AcdDeps } from '../src/voice/acd/port.ts';
import { ivrFlowSchema } from '../src/voice/ivr/flow.ts';
import { TelephonyService, type CallRecord, type TelephonyLog } from '../src/voice/service.ts';
import { pidCpuSeconds } from './lib/cpu.ts';
import { fig, percentile, type Figure } from './lib/figures.ts';
import { hasTool, rtpStreams, startCapture, type CaptureResult } from './lib/rtp-capture.ts';

export interface VoiceSippOptions {
  calls: number[];
  /** The measured window, once every call is up. */
  durationMs: number;
  /** New calls per second while the calls are set up. */
  rate: number;
  /** Keep the captures, recordings and SIPp logs (for a closer look with Wireshark). */
  keep?: boolean;
  log: (line: string) => void;
}

/** The callers: the tests' "caller talks" scenario (INVITE, ACK, rtp_stream, pause, BYE). */
const SCENARIO = path.resolve(
  import.meta.dirname,
  '..',
  'tests',
  'voice',
  'scenarios',
  'caller-talks.xml',
);
const QUEUE = 'tiep-nhan';
/** After the last caller entered the queue: its first announcement has started. */
const SETTLE_MS = 1000;
const CAPTURE_LEAD_MS = 600;
/** Prompts and position announcements are rendered once and kept between runs. */
const PROMPT_CACHE = path.join(os.tmpdir(), 'open1022-bench-prompts');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `count` consecutive free UDP ports on 127.0.0.1, the first even (SIPp uses -mp and -mp+2). */
async function freePorts(count: number, lo: number, hi: number): Promise<number> {
  for (;;) {
    const base = lo + 2 * Math.floor((Math.random() * (hi - lo - count)) / 2);
    const socks: dgram.Socket[] = [];
    let ok = true;
    for (let p = base; p < base + count && ok; p++) {
      const s = dgram.createSocket('udp4');
      ok = await new Promise<boolean>((resolve) => {
        s.once('error', () => resolve(false));
        s.bind(p, '127.0.0.1', () => resolve(true));
      });
      socks.push(s);
    }
    for (const s of socks) s.close();
    if (ok) return base;
  }
}

interface Sipp {
  pid: number;
  startedAt: number;
  done: Promise<{ code: number | null; tail: string }>;
  stop(): void;
}

/** A SIPp process we own (stopped by its PID); its screen's last lines kept for errors. */
function startSipp(args: string[], cwd: string): Sipp {
  const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-6000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const done = new Promise<{ code: number | null; tail: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, tail }));
    child.on('error', (e) => resolve({ code: -1, tail: String(e) }));
  });
  if (!child.pid) throw new Error('could not start sipp');
  // An interrupted bench (Ctrl-C, a failed module) must not leave an echoing UAS behind.
  const orphan = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
  };
  process.once('exit', orphan);
  void done.then(() => process.off('exit', orphan));
  return {
    pid: child.pid,
    startedAt: performance.now(),
    done,
    stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}

/** The callers' SIPp arguments: N calls at `rate`/s, each talking `talkMs` then hanging up. */
function callerArgs(
  target: number,
  scenario: string,
  sipPort: number,
  mediaPort: number,
  calls: number,
  rate: number,
  talkMs: number,
  dir: string,
): string[] {
  return [
    `127.0.0.1:${target}`,
    '-sf',
    scenario,
    '-s',
    QUEUE,
    '-i',
    '127.0.0.1',
    '-p',
    String(sipPort),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(mediaPort),
    '-m',
    String(calls),
    '-l',
    String(calls),
    '-r',
    String(rate),
    '-rp',
    '1000',
    '-nostdin',
    '-recv_timeout',
    '30000',
    '-timeout',
    `${Math.ceil(talkMs / 1000) + Math.ceil(calls / rate) + 60}s`,
    '-timeout_error',
    '-trace_err',
    '-error_file',
    path.join(dir, 'errors.log'),
  ];
}

/**
 * The callers' own count from SIPp's last screen: exit code 0 already means no call failed;
 * this also checks that every call was placed.
 */
async function callersDone(s: Sipp, calls: number, what: string, dir: string): Promise<void> {
  const { code, tail } = await s.done;
  const count = (label: string) =>
    Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(tail)?.[1] ?? NaN);
  const ok = count('Successful call');
  const failed = count('Failed call');
  if (code !== 0 || ok !== calls || failed !== 0)
    throw await sippFailed(s, `${what}: ${ok} successful, ${failed} failed of ${calls}`, dir);
}

async function sippFailed(s: Sipp, what: string, dir: string): Promise<Error> {
  const { code, tail } = await s.done;
  const errFile = path.join(dir, 'errors.log');
  const errors = existsSync(errFile) ? readFileSync(errFile, 'utf8').slice(0, 3000) : '';
  return new Error(`${what}: sipp exited with ${code}\n${tail}\n${errors}`);
}

interface Window {
  seconds: number;
  /** The server (this process, all threads) or the echoing SIPp. */
  cpuPct: number;
  /** Share of the window this process's event loop was busy (the server's). */
  eventLoop: number;
  callerCpuPct: number;
  capture: CaptureResult | null;
}

/** CPU seconds of this process (all threads) or of another one. */
function cpuSeconds(pid: number | null): number {
  if (pid !== null) return pidCpuSeconds(pid);
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** Measures `durationMs` from now: CPU of `pid` (null: this process) and a capture of `filter`. */
async function measure(
  o: VoiceSippOptions,
  pid: number | null,
  callerPid: number,
  pcap: string | null,
  filter: string,
): Promise<Window> {
  const capture = pcap ? await startCapture(pcap, filter) : null;
  // dumpcap says "Capturing on" a few hundred ms before packets reach its file: the capture
  // starts earlier and ends later than the CPU window, so it covers all of it.
  if (capture) await sleep(CAPTURE_LEAD_MS);
  const c0 = cpuSeconds(pid);
  const k0 = pidCpuSeconds(callerPid);
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await sleep(o.durationMs);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = cpuSeconds(pid);
  const k1 = pidCpuSeconds(callerPid);
  const eventLoop = performance.eventLoopUtilization(elu0).utilization;
  const result = capture ? await capture.stop() : null;
  return {
    seconds,
    cpuPct: ((c1 - c0) / seconds) * 100,
    eventLoop,
    callerCpuPct: ((k1 - k0) / seconds) * 100,
    capture: result,
  };
}

interface Wire {
  streams: number;
  /** Streams with a sequence gap: one stall, or loss spread thin. */
  streamsWithLoss: number;
  packets: number;
  lost: number;
  lossPct: number;
  jitterMeanMs: number;
  jitterP99Ms: number;
  jitterMaxMs: number;
  maxDeltaMs: number;
}

function wire(pcap: string, ports: string): Wire {
  const s = rtpStreams(pcap, ports);
  const packets = s.reduce((a, x) => a + x.packets, 0);
  const lost = s.reduce((a, x) => a + Math.max(0, x.lost), 0);
  const maxJ = s.map((x) => x.maxJitterMs).sort((a, b) => a - b);
  return {
    streams: s.length,
    streamsWithLoss: s.filter((x) => x.lost > 0).length,
    packets,
    lost,
    lossPct: packets + lost ? (100 * lost) / (packets + lost) : 0,
    jitterMeanMs: s.length ? s.reduce((a, x) => a + x.meanJitterMs, 0) / s.length : Number.NaN,
    jitterP99Ms: percentile(maxJ, 99),
    jitterMaxMs: maxJ.length ? maxJ[maxJ.length - 1]! : Number.NaN,
    maxDeltaMs: Math.max(0, ...s.map((x) => x.maxDeltaMs)),
  };
}

interface Setup {
  scenario: string;
  /** Hold of each call: the set-up ramp, the IVR prompt, the window and a margin. */
  talkMs: number;
  capture: boolean;
  dir: string;
}

async function serverRun(calls: number, o: VoiceSippOptions, s: Setup) {
  const dir = mkdtempSync(path.join(s.dir, `server-${calls}-`));
  mkdirSync(path.join(dir, 'voice'), { recursive: true });
  symlinkSync(PROMPT_CACHE, path.join(dir, 'voice', 'prompts'));
  const rtpMin = await freePorts(2, 20000, 30000);
  const rtpMax = rtpMin + calls * 2 + 199;
  let warnings = 0;
  let refused = 0;
  let errors = 0;
  const report = (kind: string, obj: object, msg: string) => {
    const err = (obj as { err?: unknown }).err;
    o.log(`server ${kind}: ${msg}${err ? ` (${String(err)})` : ''}`);
  };
  const log: TelephonyLog = {
    debug() {},
    info() {},
    warn: (obj, msg) => {
      // SIPp does not listen on its RTP port + 1: our RTCP reports come back as ICMP refusals.
      if (/ECONNREFUSED/.test(String((obj as { err?: unknown }).err))) refused++;
      else if (++warnings <= 5) report('warning', obj, msg);
    },
    error: (obj, msg) => {
      if (++errors <= 5) report('error', obj, msg);
    },
  };
  let entered = 0;
  let allEntered!: () => void;
  const everyoneQueued = new Promise<void>((r) => (allEntered = r));
  const acd: AcdDeps = {
    queueFor: async (code) => {
      if (++entered === calls) allEntered();
      // Nobody answers within the bench: callers stay on hold until they hang up.
      return { code, name: code, ...DEFAULT_QUEUE, maxWaitSeconds: 3600 };
    },
    claimAgent: async () => null,
    released: async () => {},
    answered: async () => {},
    finished: async () => {},
  };
  const flow = ivrFlowSchema.parse({
    name: 'Bench',
    voice: 'vi',
    start: 'q',
    nodes: {
      q: { type: 'queue', queue: QUEUE, prompt: 'Xin chào, tổng đài một không hai hai. Xin chờ.' },
    },
  });
  const records: CallRecord[] = [];
  const service = new TelephonyService(
    {
      sipHost: '127.0.0.1',
      sipPort: 0,
      rtpPortMin: rtpMin,
      rtpPortMax: rtpMax,
      dataDir: dir,
      maxCalls: calls + 10,
    },
    {
      log,
      flowFor: () => flow,
      isOpen: () => true,
      acd,
      onCallEnded: (r) => void records.push(r),
    },
  );
  // Rendered before the calls, as a running node has them from earlier calls.
  await service.prompts.renderFlow(flow);
  const sounds = await service.queueSounds();
  await Promise.all(Array.from({ length: calls }, (_, i) => sounds.position(i + 1)));
  await service.start();

  const sipPort = await freePorts(1, 30000, 40000);
  const mediaPort = await freePorts(4, 40000, 50000);
  const sipp = startSipp(
    callerArgs(service.port, s.scenario, sipPort, mediaPort, calls, o.rate, s.talkMs, dir),
    dir,
  );
  try {
    const first = await Promise.race([
      everyoneQueued.then(() => 'queued' as const),
      sipp.done.then(() => 'exited' as const),
    ]);
    if (first === 'exited')
      throw await sippFailed(sipp, `callers ended before all ${calls} were queued`, dir);
    await sleep(SETTLE_MS);
    const windowStart = performance.now();
    const skipped0 = service.engine.clock.skipped;
    const w = await measure(
      o,
      null,
      sipp.pid,
      s.capture ? path.join(dir, 'server.pcapng') : null,
      // What the server sends the callers (RTP from even ports; RTCP goes to mediaPort + 1).
      `udp and src portrange ${rtpMin}-${rtpMax} and dst port ${mediaPort}`,
    );
    const skipped = service.engine.clock.skipped - skipped0;
    const windowEnd = Date.now();
    await callersDone(sipp, calls, 'callers against the server', dir);
    for (let i = 0; i < 300 && records.length < calls; i++) await sleep(100);
    if (records.length < calls)
      throw new Error(`${records.length} call records of ${calls} after the callers hung up`);
    const unanswered = records.filter((r) => !r.answeredAt).length;
    const early = records.filter((r) => r.endedAt.getTime() < windowEnd).length;
    if (unanswered || early)
      throw new Error(
        `${unanswered} calls not answered, ${early} ended inside the measured window (raise the rate or lower the duration)`,
      );
    let lost = 0;
    let received = 0;
    let jitterIn = 0;
    let recorded = 0;
    for (const r of records) {
      lost += r.media?.packetsLost ?? 0;
      received += r.media?.packetsReceived ?? 0;
      jitterIn += r.media?.jitterMs ?? 0;
      recorded += r.recordingSeconds ?? 0;
    }
    return {
      window: w,
      windowOffsetMs: windowStart - sipp.startedAt,
      skipped,
      lost,
      received,
      jitterInMs: jitterIn / records.length,
      recordedS: recorded / records.length,
      wire: w.capture ? wire(path.join(dir, 'server.pcapng'), `${rtpMin}-${rtpMax}`) : null,
      warnings,
      refused,
      errors,
    };
  } finally {
    sipp.stop();
    await service.stop();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The same callers answered by SIPp's UAS, which echoes every RTP packet from one socket. */
async function echoRun(calls: number, o: VoiceSippOptions, s: Setup, windowOffsetMs: number) {
  const dir = mkdtempSync(path.join(s.dir, `echo-${calls}-`));
  const uasPort = await freePorts(1, 30000, 40000);
  const echoPort = await freePorts(4, 20000, 30000);
  const uas = startSipp(
    [
      '-sn',
      'uas',
      '-rtp_echo',
      '-i',
      '127.0.0.1',
      '-p',
      String(uasPort),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(echoPort),
      '-nostdin',
    ],
    dir,
  );
  try {
    await sleep(500);
    if (await Promise.race([uas.done.then(() => true), sleep(0).then(() => false)]))
      throw await sippFailed(uas, 'the echoing UAS', dir);
    const sipPort = await freePorts(1, 30000, 40000);
    const mediaPort = await freePorts(4, 40000, 50000);
    const callers = startSipp(
      callerArgs(uasPort, s.scenario, sipPort, mediaPort, calls, o.rate, s.talkMs, dir),
      dir,
    );
    try {
      await sleep(windowOffsetMs);
      const w = await measure(
        o,
        uas.pid,
        callers.pid,
        s.capture ? path.join(dir, 'echo.pcapng') : null,
        `udp and src port ${echoPort} and dst port ${mediaPort}`,
      );
      await callersDone(callers, calls, 'callers against the echo', dir);
      return {
        window: w,
        wire: w.capture ? wire(path.join(dir, 'echo.pcapng'), String(echoPort)) : null,
      };
    } finally {
      callers.stop();
    }
  } finally {
    uas.stop();
    await uas.done;
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The callers' speech: espeak-ng + sox as in the tests, whole 20 ms frames of μ-law. */
function speech(dir: string): string {
  const wav = path.join(dir, 'speech.wav');
  const raw = path.join(dir, 'speech.ulaw');
  execFileSync('espeak-ng', [
    '-v',
    'vi',
    '-s',
    '150',
    '-w',
    wav,
    'Tôi muốn phản ánh việc đường ngập nước kéo dài ở phường Hòa Cường, đề nghị cơ quan chức năng xử lý sớm.',
  ]);
  execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-t', 'ul', raw, 'gain', '-n', '-3']);
  const audio = readFileSync(raw);
  writeFileSync(raw, audio.subarray(0, Math.floor(audio.length / 160) * 160));
  return raw;
}

/** Seconds of 20 ms packets per stream in a capture (about the window: see CAPTURE_LEAD_MS). */
const secs = (w: Wire) => (w.streams ? w.packets / w.streams / 50 : 0).toFixed(1);
const pct = (x: number) => `${x.toFixed(1)} %`;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a');

export async function benchVoiceSipp(o: VoiceSippOptions): Promise<Figure[]> {
  if (!hasTool('sipp')) throw new Error('sipp is not installed (Debian package sip-tester)');
  const capture = hasTool('dumpcap') && hasTool('tshark');
  if (!capture)
    o.log(
      'voice-sipp: dumpcap/tshark not found (Debian package tshark): no server → caller loss and jitter',
    );
  mkdirSync(PROMPT_CACHE, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-voice-sipp-'));
  const out: Figure[] = [];
  try {
    const audio = speech(dir);
    const scenario = path.join(dir, 'caller.xml');
    for (const calls of o.calls) {
      // Every call outlives the window: set-up ramp, the IVR's greeting, settling, capture start.
      const talkMs =
        Math.ceil((calls / o.rate) * 1000) + 6000 + SETTLE_MS + CAPTURE_LEAD_MS + o.durationMs;
      writeFileSync(
        scenario,
        readFileSync(SCENARIO, 'utf8')
          .replaceAll('{{audio}}', audio)
          .replaceAll('{{talk_ms}}', String(talkMs)),
      );
      const setup: Setup = { scenario, talkMs, capture, dir };
      const load = os.loadavg()[0]!.toFixed(2);
      o.log(
        `voice-sipp: ${calls} SIPp callers queued on the telephony service (${o.rate}/s, each ${talkMs} ms), load ${load}`,
      );
      const e = await serverRun(calls, o, setup);
      o.log(`voice-sipp: ${calls} SIPp callers against sipp -sn uas -rtp_echo (baseline)`);
      const b = await echoRun(calls, o, setup, e.windowOffsetMs);
      const n = `sipp_${calls}_calls`;
      const cap = (c: CaptureResult | null) =>
        c ? `${c.captured} packets captured, ${c.dropped} dropped by the capture` : 'no capture';
      out.push(
        fig(
          `${n}_server_cpu`,
          e.window.cpuPct,
          '% of a core',
          `baseline (sipp -sn uas -rtp_echo, same callers): ${pct(b.window.cpuPct)}, ratio ${ratio(e.window.cpuPct, b.window.cpuPct)}; ` +
            `over ${e.window.seconds.toFixed(1)} s with every caller waiting (recorded both ways, hearing hold music; no SIP in the window); event loop busy ${pct(e.window.eventLoop * 100)}; ` +
            `callers (SIPp) ${pct(e.window.callerCpuPct)}; load average ${load}`,
        ),
        fig(`${n}_server_cpu_per_100_calls`, (e.window.cpuPct * 100) / calls, '% of a core'),
        fig(
          `${n}_loss_caller_to_server`,
          e.received + e.lost ? (100 * e.lost) / (e.received + e.lost) : 0,
          '%',
          `engine's receiver statistics over whole calls: ${e.lost} lost of ${e.received + e.lost}; caller → server jitter (engine, RFC 3550) mean ${ms(e.jitterInMs)}`,
        ),
      );
      if (e.wire && b.wire) {
        out.push(
          fig(
            `${n}_loss_server_to_caller`,
            e.wire.lossPct,
            '%',
            `${e.wire.lost} lost of ${e.wire.packets + e.wire.lost} (sequence gaps, tshark) in ${e.wire.streamsWithLoss} of ${e.wire.streams} streams, ${secs(e.wire)} s of audio each; ${cap(e.window.capture)}; ` +
              `baseline echo ${pct(b.wire.lossPct)} (${cap(b.window.capture)})`,
          ),
          fig(
            `${n}_jitter_mean`,
            e.wire.jitterMeanMs,
            'ms',
            `server → caller, mean over streams of tshark's mean RFC 3550 jitter (our media clock's pacing); ` +
              `baseline echo ${ms(b.wire.jitterMeanMs)} (SIPp's own pacing of the callers' speech, relayed), ratio ${ratio(e.wire.jitterMeanMs, b.wire.jitterMeanMs)}; ` +
              `goal of issue #5 (0 loss, mean jitter < 10 ms): ${e.lost === 0 && e.wire.lost === 0 && e.wire.jitterMeanMs < 10 ? 'met' : 'NOT met'}`,
          ),
          fig(
            `${n}_jitter_p99`,
            e.wire.jitterP99Ms,
            'ms',
            `99th percentile over streams of their max jitter; max ${ms(e.wire.jitterMaxMs)}, longest gap between packets ${ms(e.wire.maxDeltaMs)}; ` +
              `baseline echo p99 ${ms(b.wire.jitterP99Ms)}, longest gap ${ms(b.wire.maxDeltaMs)}`,
          ),
        );
      }
      out.push(
        fig(
          `${n}_recorded`,
          e.recordedS,
          's per call',
          `${e.skipped} media-clock ticks skipped in the window; server warnings ${e.warnings}, errors ${e.errors}, ${e.refused} RTCP reports refused (SIPp has no RTCP socket)`,
        ),
      );
    }
  } finally {
    if (o.keep) o.log(`voice-sipp: captures, recordings and SIPp logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
