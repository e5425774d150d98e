/**
 * The built-in media engine: one UDP socket pair (RTP, RTCP) per call leg from a port range,
 * one shared 20 ms clock for every leg's outgoing audio, prompts read once and shared,
 * recordings streamed to disk.
 *
 * Hot path, per received packet: header parsed into a reused object, payload copied into the
 * recorder's chunk; per 20 ms tick and leg: 172 bytes written into one of four reused
 * buffers and sent. Once the peer's first packet has come from the address its SDP gave, the
 * socket is connected to it (the kernel then filters strangers and sends skip the route
 * look-up); a peer behind NAT is followed to where its packets really come from.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import {
  NoCommonCodecError,
  NoPortError,
  type EndpointOptions,
  type MediaEndpoint,
  type MediaEngine,
  type MediaStats,
  type PlayResult,
  type Prompt,
  type RecordingInfo,
} from './engine.ts';
import { DtmfDetector, parseDtmf } from './dtmf.ts';
import {
  ALAW_SILENCE,
  ALAW_TO_ULAW,
  encodeAlawSample,
  encodeUlawSample,
  ULAW_SILENCE,
  ULAW_TO_ALAW,
} from './g711.ts';
import { emptyPacket, parseRtp, ReceiverStats, tsDelta, writeRtpHeader } from './rtp.ts';
import { rtcpTypes, writeReport } from './rtcp.ts';
import {
  buildAnswer,
  buildOffer,
  negotiateAudio,
  parseSdp,
  SdpError,
  type AudioAgreement,
  type G711,
} from './sdp.ts';
import { WavWriter } from './wav.ts';

export interface MediaLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BuiltinEngineOptions {
  /** Address the RTP sockets bind to. */
  bindHost: string;
  /** Address written in our SDP (the bind address unless behind NAT). */
  publicAddress?: string;
  /** RTP port range; RTP takes even ports, RTCP the odd one above. */
  portMin: number;
  portMax: number;
  /** Send silence when no prompt plays (keeps NAT bindings and RTP-timeout guards happy). */
  sendSilence?: boolean;
  log?: MediaLog;
}

const FRAME = 160; // 20 ms at 8 kHz
const TICK_MS = 20;
/** A timestamp jump longer than this is a new timeline, not lost packets to fill. */
const MAX_GAP = 8000 * 5;
const RTCP_INTERVAL_MS = 5000;
/** Largest payload relayed between bridged legs (60 ms of G.711); longer ones are cut. */
const MAX_RELAY = 480;
/** What a leg sent, kept for the right channel of its two-channel recording (1 s). */
const SENT_RING = 8000;

const quiet: MediaLog = { debug() {}, warn() {} };

export class BuiltinMediaEngine implements MediaEngine {
  readonly pool: PortPool;
  readonly clock: MediaClock;
  readonly prompts = new PromptCache();
  private readonly endpoints = new Set<RtpEndpoint>();
  readonly log: MediaLog;

  constructor(readonly opts: BuiltinEngineOptions) {
    this.pool = new PortPool(opts.bindHost, opts.portMin, opts.portMax);
    this.clock = new MediaClock();
    this.log = opts.log ?? quiet;
  }

  get activeEndpoints(): number {
    return this.endpoints.size;
  }

  async open(opts: EndpointOptions): Promise<MediaEndpoint> {
    const codecs = opts.codecs ?? ['PCMA', 'PCMU'];
    let agreement: AudioAgreement | null = null;
    let offer = null;
    if (opts.offer !== null) {
      try {
        offer = parseSdp(opts.offer);
      } catch (err) {
        if (err instanceof SdpError) throw new NoCommonCodecError(err.message);
        throw err;
      }
      agreement = negotiateAudio(offer, codecs);
      if (!agreement) throw new NoCommonCodecError('no G.711 audio stream in the offer');
    }
    const pair = await this.pool.allocate();
    const local = {
      address: this.opts.publicAddress ?? this.opts.bindHost,
      port: pair.port,
      sessionId: String(Date.now()),
      version: 1,
    };
    const localSdp =
      offer && agreement ? buildAnswer(offer, agreement, local) : buildOffer(local, codecs);
    const ep = new RtpEndpoint(this, opts.callId, pair, localSdp, agreement, local, codecs);
    this.endpoints.add(ep);
    this.clock.add(ep);
    return ep;
  }

  /** Called by an endpoint when it has closed. */
  release(ep: RtpEndpoint): void {
    this.endpoints.delete(ep);
    this.clock.remove(ep);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.endpoints].map((e) => e.close()));
    this.clock.stop();
  }
}

// ---------------------------------------------------------------------------------------------

interface SocketPair {
  port: number;
  rtp: dgram.Socket;
  rtcp: dgram.Socket;
}

/** Even ports of a range, handed out round-robin so a port is not reused at once. */
export class PortPool {
  private readonly inUse = new Set<number>();
  private cursor: number;

  constructor(
    private readonly host: string,
    private readonly min: number,
    private readonly max: number,
  ) {
    if (min % 2) this.min = min + 1;
    if (this.max - this.min < 1) throw new Error('RTP port range holds no even/odd pair');
    this.cursor = this.min;
  }

  get used(): number {
    return this.inUse.size;
  }

  async allocate(): Promise<SocketPair> {
    const count = Math.floor((this.max - this.min + 1) / 2);
    for (let i = 0; i < count; i++) {
      const port = this.cursor;
      this.cursor += 2;
      if (this.cursor + 1 > this.max) this.cursor = this.min;
      if (this.inUse.has(port)) continue;
      this.inUse.add(port);
      const rtp = await bind(this.host, port);
      if (!rtp) {
        this.inUse.delete(port);
        continue;
      }
      const rtcp = await bind(this.host, port + 1);
      if (!rtcp) {
        rtp.close();
        this.inUse.delete(port);
        continue;
      }
      return { port, rtp, rtcp };
    }
    throw new NoPortError(`no free RTP port in ${this.min}-${this.max}`);
  }

  release(port: number): void {
    this.inUse.delete(port);
  }
}

function bind(host: string, port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind(port, host, () => {
      s.removeAllListeners('error');
      resolve(s);
    });
  });
}

// ---------------------------------------------------------------------------------------------

interface Ticking {
  tick(nowMs: number): void;
}

/**
 * One timer for every leg: ticks every 20 ms on the monotonic clock without drift (the next
 * tick is scheduled from the start time, not from the last callback), catching up at most
 * ten ticks after a stall.
 */
export class MediaClock {
  private readonly members = new Set<Ticking>();
  private timer: NodeJS.Timeout | null = null;
  private start = 0;
  private ticks = 0;
  /** Ticks skipped because the event loop stalled for more than 200 ms. */
  skipped = 0;

  add(m: Ticking): void {
    this.members.add(m);
    if (!this.timer) {
      this.start = performance.now();
      this.ticks = 0;
      this.schedule();
    }
  }

  remove(m: Ticking): void {
    this.members.delete(m);
    if (this.members.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const next = this.start + (this.ticks + 1) * TICK_MS;
    this.timer = setTimeout(this.run, Math.max(0, next - performance.now()));
  }

  private readonly run = (): void => {
    const now = performance.now();
    let due = Math.floor((now - this.start) / TICK_MS);
    if (due - this.ticks > 10) {
      this.skipped += due - this.ticks - 10;
      this.ticks = due - 10;
    }
    while (this.ticks < due) {
      this.ticks++;
      for (const m of this.members) m.tick(now);
      due = Math.floor((now - this.start) / TICK_MS);
    }
    if (this.members.size) this.schedule();
    else this.timer = null;
  };
}

// ---------------------------------------------------------------------------------------------

/** Prompt audio by file and law, read once and shared by every call that plays it. */
export class PromptCache {
  private readonly loaded = new Map<string, Promise<Buffer>>();

  get(file: string, codec: G711): Promise<Buffer> {
    const key = `${codec}:${file}`;
    let p = this.loaded.get(key);
    if (!p) {
      p = readFile(file).then((wav) => wavToG711(wav, codec, file));
      p.catch(() => this.loaded.delete(key));
      this.loaded.set(key, p);
    }
    return p;
  }
}

/** The audio of an 8 kHz mono WAV (A-law, μ-law or 16-bit PCM) in the wanted law. */
export function wavToG711(wav: Buffer, codec: G711, name = 'prompt'): Buffer {
  if (
    wav.length < 12 ||
    wav.toString('latin1', 0, 4) !== 'RIFF' ||
    wav.toString('latin1', 8, 12) !== 'WAVE'
  )
    throw new Error(`${name}: not a WAV file`);
  let format = -1;
  let channels = 0;
  let rate = 0;
  let bits = 0;
  let data: Buffer | null = null;
  for (let o = 12; o + 8 <= wav.length;) {
    const id = wav.toString('latin1', o, o + 4);
    const size = wav.readUInt32LE(o + 4);
    const body = wav.subarray(o + 8, Math.min(wav.length, o + 8 + size));
    if (id === 'fmt ' && body.length >= 16) {
      format = body.readUInt16LE(0);
      channels = body.readUInt16LE(2);
      rate = body.readUInt32LE(4);
      bits = body.readUInt16LE(14);
    } else if (id === 'data') data = body;
    o += 8 + size + (size & 1);
  }
  if (!data || channels !== 1 || rate !== 8000)
    throw new Error(`${name}: prompts must be 8 kHz mono WAV (got ${channels} ch, ${rate} Hz)`);
  if (format === 6) return codec === 'PCMA' ? data : mapBytes(data, ALAW_TO_ULAW);
  if (format === 7) return codec === 'PCMU' ? data : mapBytes(data, ULAW_TO_ALAW);
  if (format === 1 && bits === 16) {
    const out = Buffer.allocUnsafe(data.length >> 1);
    const enc = codec === 'PCMA' ? encodeAlawSample : encodeUlawSample;
    for (let i = 0; i < out.length; i++) out[i] = enc(data.readInt16LE(i * 2));
    return out;
  }
  throw new Error(`${name}: unsupported WAV format ${format}/${bits} bits`);
}

function mapBytes(src: Buffer, table: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(src.length);
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]!]!;
  return out;
}

// ---------------------------------------------------------------------------------------------

interface Playback {
  data: Buffer | null;
  pos: number;
  resolve: (r: PlayResult) => void;
}

class RtpEndpoint implements MediaEndpoint, Ticking {
  codec: G711 | null;
  private pt = -1;
  private dtmfPt = -1;
  private remote: { address: string; port: number } | null = null;
  /** Connect asked for (latched); sends use the address until `connected`. */
  private latched = false;
  private connected = false;
  private closed = false;
  onDtmf: ((digit: string) => void) | null = null;

  // sending
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private seq = randomBytes(2).readUInt16BE(0);
  private ts = randomBytes(4).readUInt32BE(0);
  private marker = true;
  private readonly ring = [0, 1, 2, 3].map(() => Buffer.alloc(12 + FRAME));
  private ringAt = 0;
  private playback: Playback | null = null;
  private packetsSent = 0;
  private octetsSent = 0;

  // receiving
  private readonly pkt = emptyPacket();
  private readonly receivers = new Map<number, ReceiverStats>();
  private readonly detector = new DtmfDetector();
  private digits = '';
  private packetsReceived = 0;
  private rtcpReceived = 0;
  private recorder: WavWriter | null = null;
  private recordSsrc = -1;
  private nextTs = 0;
  private nextRtcp: number;
  private readonly rtcpBuf = Buffer.alloc(256);

  // bridging (B2BUA): the other leg's audio goes out as it arrives
  private other: RtpEndpoint | null = null;
  private readonly relayBufs = [0, 1, 2, 3].map(() => Buffer.alloc(12 + MAX_RELAY));
  private relayAt = 0;
  // two-channel recording: what this leg sent, consumed at the pace of what it receives
  private stereo = false;
  private sentRing: Buffer | null = null;
  private sentHead = 0;
  private sentLen = 0;
  private mix: Buffer | null = null;

  constructor(
    private readonly engine: BuiltinMediaEngine,
    readonly callId: string,
    private readonly sockets: SocketPair,
    public localSdp: string,
    agreement: AudioAgreement | null,
    private readonly local: { address: string; port: number; sessionId: string; version: number },
    private readonly codecs: readonly G711[],
  ) {
    this.codec = null;
    if (agreement) this.apply(agreement);
    // The first report comes early (RFC 3550 §6.2 halves the first interval), then every 5 s.
    this.nextRtcp = performance.now() + RTCP_INTERVAL_MS * (0.2 + 0.3 * Math.random());
    sockets.rtp.on('message', (buf, rinfo) => this.onRtp(buf, rinfo));
    sockets.rtcp.on('message', (buf) => {
      if (rtcpTypes(buf)) this.rtcpReceived++;
    });
    const warn = (err: Error) =>
      this.engine.log.warn({ err: String(err), callId }, 'RTP socket error');
    sockets.rtp.on('error', warn);
    sockets.rtcp.on('error', warn);
  }

  private apply(a: AudioAgreement): void {
    this.codec = a.codec;
    this.pt = a.payloadType;
    this.dtmfPt = a.dtmfPayloadType ?? -1;
    const remote = { address: a.remoteAddress, port: a.remotePort };
    if (this.remote && (this.remote.address !== remote.address || this.remote.port !== remote.port))
      this.disconnect();
    this.remote = remote;
  }

  setRemoteAnswer(sdp: string): void {
    const answer = parseSdp(sdp);
    const a = negotiateAudio(answer, this.codecs);
    if (!a) throw new NoCommonCodecError('the answer has no codec of our offer');
    this.apply(a);
  }

  renegotiate(offerText: string): string | null {
    let offer;
    try {
      offer = parseSdp(offerText);
    } catch {
      return null;
    }
    const a = negotiateAudio(offer, this.codecs);
    if (!a) return null;
    const codecChanged = a.codec !== this.codec;
    this.apply(a);
    if (codecChanged) this.stopPlayback();
    this.local.version++;
    this.localSdp = buildAnswer(offer, a, this.local);
    return this.localSdp;
  }

  // --- playback -------------------------------------------------------------------------------

  play(prompt: Prompt): Promise<PlayResult> {
    this.stopPlayback();
    if (this.closed || !this.codec) return Promise.resolve('stopped');
    const codec = this.codec;
    return new Promise<PlayResult>((resolve) => {
      const pb: Playback = { data: null, pos: 0, resolve };
      this.playback = pb;
      this.engine.prompts.get(prompt.files[codec], codec).then(
        (data) => {
          if (this.playback === pb) pb.data = data;
        },
        (err: unknown) => {
          this.engine.log.warn({ err: String(err), prompt: prompt.id }, 'prompt unreadable');
          if (this.playback === pb) this.finish('done');
        },
      );
    });
  }

  stopPlayback(): void {
    if (this.playback) this.finish('stopped');
  }

  private finish(result: PlayResult): void {
    const pb = this.playback;
    this.playback = null;
    pb?.resolve(result);
  }

  // --- the 20 ms tick -----------------------------------------------------------------------

  tick(now: number): void {
    if (this.closed) return;
    const digit = this.detector.flush(now);
    if (digit) this.emitDtmf(digit);
    if (!this.remote || this.pt < 0) return;
    const pb = this.playback;
    const silence = this.codec === 'PCMA' ? ALAW_SILENCE : ULAW_SILENCE;
    if (!pb && (this.other || this.engine.opts.sendSilence === false)) {
      if (now >= this.nextRtcp) this.sendRtcp(now);
      return;
    }
    const buf = this.ring[this.ringAt]!;
    this.ringAt = (this.ringAt + 1) & 3;
    writeRtpHeader(buf, this.marker, this.pt, this.seq, this.ts, this.ssrc);
    this.marker = false;
    let done = false;
    if (pb && pb.data) {
      const n = Math.min(FRAME, pb.data.length - pb.pos);
      pb.data.copy(buf, 12, pb.pos, pb.pos + n);
      if (n < FRAME) buf.fill(silence, 12 + n);
      pb.pos += n;
      done = pb.pos >= pb.data.length;
    } else buf.fill(silence, 12);
    this.send(buf);
    if (this.stereo) this.pushSent(buf, 12, 12 + FRAME);
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + FRAME) >>> 0;
    this.packetsSent++;
    this.octetsSent += FRAME;
    if (done) this.finish('done');
    if (now >= this.nextRtcp) this.sendRtcp(now);
  }

  private send(buf: Buffer): void {
    if (this.connected) this.sockets.rtp.send(buf);
    else this.sockets.rtp.send(buf, this.remote!.port, this.remote!.address);
  }

  private sendRtcp(now: number): void {
    this.nextRtcp = now + RTCP_INTERVAL_MS;
    const audio = this.audioStats();
    const n = writeReport(
      this.rtcpBuf,
      {
        ssrc: this.ssrc,
        ntpMs: Date.now(),
        rtpTimestamp: this.ts,
        packets: this.packetsSent,
        octets: this.octetsSent,
      },
      audio
        ? {
            ssrc: audio.ssrc,
            fractionLost: 0,
            cumulativeLost: audio.lost,
            highestSeq: audio.expected,
            jitter: (audio.jitterMs * 8) | 0,
          }
        : null,
      `open1022@${this.local.address}`,
    );
    this.sockets.rtcp.send(this.rtcpBuf, 0, n, this.remote!.port + 1, this.remote!.address);
  }

  // --- receiving ----------------------------------------------------------------------------

  private onRtp(buf: Buffer, rinfo: dgram.RemoteInfo): void {
    const p = this.pkt;
    if (this.closed || !parseRtp(buf, p)) return;
    this.packetsReceived++;
    if (!this.latched) this.latch(rinfo);
    const now = performance.now();
    if (p.payloadType === this.pt) {
      let r = this.receivers.get(p.ssrc);
      if (!r) {
        r = new ReceiverStats(p.ssrc, 8000);
        this.receivers.set(p.ssrc, r);
      }
      r.update(p.sequence, p.timestamp, now);
      if (this.recorder) this.record(buf);
      if (this.other) this.other.relay(buf, p.payloadOffset, p.payloadLength, this.codec!);
    } else if (p.payloadType === this.dtmfPt) {
      const d = parseDtmf(buf, p.payloadOffset, p.payloadLength);
      if (!d) return;
      const digit = this.detector.push(p.timestamp, d, now);
      if (digit) for (const c of digit) this.emitDtmf(c);
    }
  }

  /** Writes the payload on the stream's timeline: gaps (lost packets, DTMF) become silence. */
  private record(buf: Buffer): void {
    const p = this.pkt;
    const rec = this.recorder!;
    if (p.ssrc !== this.recordSsrc) {
      this.recordSsrc = p.ssrc;
      this.nextTs = p.timestamp;
    }
    const gap = tsDelta(this.nextTs, p.timestamp);
    if (gap < 0) return; // late or duplicate: its place has been written already
    if (this.stereo) {
      if (gap > 0 && gap <= MAX_GAP) this.writeBoth(null, 0, gap);
      this.writeBoth(buf, p.payloadOffset, p.payloadLength);
    } else {
      if (gap > 0 && gap <= MAX_GAP)
        rec.fill(this.codec === 'PCMA' ? ALAW_SILENCE : ULAW_SILENCE, gap);
      rec.write(buf, p.payloadOffset, p.payloadOffset + p.payloadLength);
    }
    this.nextTs = (p.timestamp + p.payloadLength) >>> 0;
  }

  /** Left: `n` received samples (silence if `src` is null); right: as much sent audio. */
  private writeBoth(src: Buffer | null, off: number, n: number): void {
    const rec = this.recorder!;
    const mix = this.mix!;
    const ring = this.sentRing!;
    const silence = this.codec === 'PCMA' ? ALAW_SILENCE : ULAW_SILENCE;
    while (n > 0) {
      const k = Math.min(n, mix.length >> 1);
      for (let i = 0; i < k; i++) {
        mix[2 * i] = src ? src[off + i]! : silence;
        if (this.sentLen > 0) {
          mix[2 * i + 1] = ring[this.sentHead]!;
          this.sentHead = this.sentHead + 1 === SENT_RING ? 0 : this.sentHead + 1;
          this.sentLen--;
        } else mix[2 * i + 1] = silence;
      }
      rec.write(mix, 0, 2 * k);
      off += k;
      n -= k;
    }
  }

  /** Keeps what was sent for the right channel; the oldest goes when the peer sends nothing. */
  private pushSent(src: Buffer, start: number, end: number): void {
    const ring = this.sentRing!;
    for (let i = start; i < end; i++) {
      if (this.sentLen === SENT_RING) {
        this.sentHead = this.sentHead + 1 === SENT_RING ? 0 : this.sentHead + 1;
        this.sentLen--;
      }
      let at = this.sentHead + this.sentLen;
      if (at >= SENT_RING) at -= SENT_RING;
      ring[at] = src[i]!;
      this.sentLen++;
    }
  }

  // --- bridging -----------------------------------------------------------------------------

  bridge(other: MediaEndpoint): void {
    if (!(other instanceof RtpEndpoint) || other === this)
      throw new Error('bridge: both legs must belong to the built-in engine');
    this.unbridge();
    other.unbridge();
    this.other = other;
    other.other = this;
    this.stopPlayback();
    other.stopPlayback();
    this.marker = true;
    other.marker = true;
  }

  unbridge(): void {
    const o = this.other;
    if (!o) return;
    this.other = null;
    o.other = null;
  }

  /** Sends the other leg's payload from this leg (re-stamped, transcoded if the laws differ). */
  private relay(src: Buffer, off: number, len: number, codec: G711): void {
    if (this.closed || !this.remote || this.pt < 0 || this.playback) return;
    const n = Math.min(len, MAX_RELAY);
    const out = this.relayBufs[this.relayAt]!;
    this.relayAt = (this.relayAt + 1) & 3;
    writeRtpHeader(out, this.marker, this.pt, this.seq, this.ts, this.ssrc);
    this.marker = false;
    if (codec === this.codec) src.copy(out, 12, off, off + n);
    else {
      const table = codec === 'PCMA' ? ALAW_TO_ULAW : ULAW_TO_ALAW;
      for (let i = 0; i < n; i++) out[12 + i] = table[src[off + i]!]!;
    }
    if (this.connected) this.sockets.rtp.send(out, 0, 12 + n);
    else this.sockets.rtp.send(out, 0, 12 + n, this.remote.port, this.remote.address);
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + n) >>> 0;
    this.packetsSent++;
    this.octetsSent += n;
    if (this.stereo) this.pushSent(out, 12, 12 + n);
  }

  private latch(rinfo: dgram.RemoteInfo): void {
    const r = this.remote;
    if (r && (r.address !== rinfo.address || r.port !== rinfo.port)) {
      // Symmetric RTP: answer where the packets come from (a phone behind NAT).
      this.engine.log.debug(
        { callId: this.callId, sdp: r, actual: rinfo },
        'RTP source differs from SDP',
      );
    }
    const remote = { address: rinfo.address, port: rinfo.port };
    this.remote = remote;
    this.latched = true;
    // Until the connect completes, sends carry the address (a connecting socket refuses both).
    this.sockets.rtp.connect(rinfo.port, rinfo.address, () => {
      if (this.remote === remote && !this.closed) this.connected = true;
      else if (!this.closed) this.unconnect(); // renegotiated while connecting
    });
  }

  private disconnect(): void {
    if (!this.latched) return;
    this.latched = false;
    this.connected = false;
    this.unconnect();
  }

  private unconnect(): void {
    try {
      this.sockets.rtp.disconnect();
    } catch {
      // still connecting: the connect callback disconnects
    }
  }

  private emitDtmf(digit: string): void {
    this.digits += digit;
    this.onDtmf?.(digit);
  }

  // --- recording ----------------------------------------------------------------------------

  startRecording(path: string, opts: { channels?: 1 | 2 } = {}): void {
    if (this.closed || this.recorder || !this.codec) return;
    const channels = opts.channels ?? 1;
    this.recorder = new WavWriter(path, this.codec, 8000, channels);
    this.recordSsrc = -1;
    this.stereo = channels === 2;
    if (this.stereo) {
      this.sentRing ??= Buffer.alloc(SENT_RING);
      this.mix ??= Buffer.alloc(2 * MAX_RELAY);
      this.sentHead = this.sentLen = 0;
    }
  }

  async stopRecording(): Promise<RecordingInfo | null> {
    const rec = this.recorder;
    if (!rec) return null;
    this.recorder = null;
    this.stereo = false;
    const info = await rec.close();
    return { ...info, codec: rec.encoding as G711, channels: rec.channels === 2 ? 2 : 1 };
  }

  // --- stats and end ------------------------------------------------------------------------

  private audioStats(): ReceiverStats | null {
    let best: ReceiverStats | null = null;
    for (const r of this.receivers.values()) if (!best || r.packets > best.packets) best = r;
    return best;
  }

  stats(): MediaStats {
    let lost = 0;
    for (const r of this.receivers.values()) lost += r.lost;
    return {
      codec: this.codec,
      packetsSent: this.packetsSent,
      packetsReceived: this.packetsReceived,
      packetsLost: lost,
      jitterMs: this.audioStats()?.jitterMs ?? 0,
      dtmf: this.digits,
      rtcpReceived: this.rtcpReceived,
    };
  }

  async close(): Promise<MediaStats> {
    if (!this.closed) {
      this.closed = true;
      this.stopPlayback();
      this.unbridge();
      this.engine.release(this);
      try {
        await this.stopRecording();
      } catch (err) {
        this.engine.log.warn(
          { err: String(err), callId: this.callId },
          'recording could not be finished',
        );
      }
      await Promise.all([
        new Promise<void>((r) => this.sockets.rtp.close(() => r())),
        new Promise<void>((r) => this.sockets.rtcp.close(() => r())),
      ]);
      this.engine.pool.release(this.sockets.port);
    }
    return this.stats();
  }
}
