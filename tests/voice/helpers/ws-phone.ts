/**
 * A SIP-over-WebSocket phone as a browser softphone behaves (RFC 7118): Via `SIP/2.0/WSS` with
 * an `.invalid` host, Contact `sip:<random>@<random>.invalid;transport=ws`, no Content-Length
 * on what it sends, everything over its one connection. It answers INVITEs with plain RTP/AVP
 * (as JsSIP/SIP.js can be configured to, and as rtpengine does in front of a browser), plays a
 * tone over RTP from a UDP socket and keeps what it hears.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import WebSocket from 'ws';
import { digestResponse, ha1, parseDigestParams } from '../../../src/voice/sip/digest.ts';
import type { SipRequest, SipResponse } from '../../../src/voice/sip/message.ts';
import { parseMessage } from '../../../src/voice/sip/parser.ts';
import { encodeUlawSample, ULAW_TO_LINEAR } from '../../../src/voice/media/g711.ts';
import { emptyPacket, parseRtp, writeRtpHeader } from '../../../src/voice/media/rtp.ts';
import { parseSdp } from '../../../src/voice/media/sdp.ts';

const rnd = (n = 6) => randomBytes(n).toString('hex');

export interface WsPhoneOptions {
  origin?: string;
  protocols?: string[];
  /** false: never answer WebSocket pings (a browser that vanished without closing). */
  autoPong?: boolean;
}

interface Pending {
  resolve(res: SipResponse): void;
  provisional?: (res: SipResponse) => void;
}

export class WsPhone {
  readonly host = `${rnd(5)}.invalid`;
  readonly contactUser = rnd(4);
  /** Every frame received, as it came (text frames are strings). */
  readonly frames: (string | Buffer)[] = [];
  readonly requests: SipRequest[] = [];
  private readonly pending = new Map<string, Pending>();
  private cseq = 1;
  readonly callId = `${rnd(8)}`;
  private readonly fromTag = rnd(4);
  onRequest?: (req: SipRequest) => void;
  readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.once('close', () => r()));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push(isBinary ? data : data.toString('utf8'));
      if (data.toString('latin1').trim() === '') return;
      let msg;
      try {
        msg = parseMessage(data);
      } catch {
        return; // e.g. the 400 echoing a malformed request's CSeq: kept in `frames` only
      }
      if (msg.kind === 'response') {
        const branch = msg.topVia.params.get('branch') ?? '';
        const p = this.pending.get(branch);
        if (!p) return;
        if (msg.status < 200) return p.provisional?.(msg);
        this.pending.delete(branch);
        p.resolve(msg);
        return;
      }
      this.requests.push(msg);
      this.onRequest?.(msg);
    });
  }

  static connect(url: string, opts: WsPhoneOptions = {}): Promise<WsPhone> {
    const ws = new WebSocket(url, opts.protocols ?? ['sip'], {
      headers: opts.origin ? { origin: opts.origin } : {},
      autoPong: opts.autoPong ?? true,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsPhone(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
      ws.once('error', reject);
    });
  }

  get contact(): string {
    return `sip:${this.contactUser}@${this.host};transport=ws`;
  }

  send(text: string): void {
    this.ws.send(text.replace(/\r?\n/g, '\r\n'));
  }

  /** Sends a request outside a dialog; resolves with the final response. */
  request(
    method: string,
    uri: string,
    opts: {
      user: string;
      domain: string;
      headers?: string[];
      body?: string;
      callId?: string;
      onProvisional?: (res: SipResponse) => void;
    },
  ): Promise<SipResponse> {
    const branch = `z9hG4bK${rnd(8)}`;
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      'Max-Forwards: 69',
      `To: <sip:${opts.user}@${opts.domain}>`,
      `From: "Tổng đài viên" <sip:${opts.user}@${opts.domain}>;tag=${this.fromTag}`,
      `Call-ID: ${opts.callId ?? this.callId}`,
      `CSeq: ${this.cseq++} ${method}`,
      `Contact: <${this.contact}>`,
      'User-Agent: ws-phone (test)',
      ...(opts.headers ?? []),
    ];
    if (opts.body) lines.push('Content-Type: application/sdp');
    // Browsers' stacks may leave Content-Length out: the frame delimits the message.
    const text = `${lines.join('\r\n')}\r\n\r\n${opts.body ?? ''}`;
    const res = new Promise<SipResponse>((resolve, reject) => {
      // No answer at all is a failure with a name, not a hung test run.
      const timer = setTimeout(() => {
        this.pending.delete(branch);
        reject(new Error(`${method} ${uri}: no final response within 30 s`));
      }, 30_000);
      this.pending.set(branch, {
        resolve: (r: SipResponse) => {
          clearTimeout(timer);
          resolve(r);
        },
        provisional: opts.onProvisional,
      });
    });
    this.ws.send(text);
    if (method !== 'INVITE') return res;
    return res.then((r) => {
      // §17.1.1.3: the ACK of a non-2xx final response, same branch.
      if (r.status >= 300)
        this.ws.send(
          [
            `ACK ${uri} SIP/2.0`,
            `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
            'Max-Forwards: 69',
            `To: ${r.get('to')}`,
            lines[4],
            lines[5],
            `CSeq: ${r.cseq.seq} ACK`,
            '',
            '',
          ].join('\r\n'),
        );
      return r;
    });
  }

  /** REGISTER, answering the digest challenge; both responses. */
  async register(
    user: string,
    password: string,
    domain: string,
    expires = 600,
  ): Promise<{ challenge: SipResponse; final: SipResponse }> {
    const uri = `sip:${domain}`;
    const headers = [`Expires: ${expires}`];
    const challenge = await this.request('REGISTER', uri, { user, domain, headers });
    if (challenge.status !== 401) return { challenge, final: challenge };
    const params = parseDigestParams(challenge.get('www-authenticate')!)!;
    const realm = params.get('realm')!;
    const nonce = params.get('nonce')!;
    const a = {
      algorithm: 'MD5' as const,
      nonce,
      uri,
      qop: 'auth',
      nc: '00000001',
      cnonce: rnd(4),
    };
    const response = digestResponse(a, 'REGISTER', ha1('MD5', user, realm, password));
    const auth = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${a.cnonce}"`;
    const final = await this.request('REGISTER', uri, {
      user,
      domain,
      headers: [...headers, `Authorization: ${auth}`],
    });
    return { challenge, final };
  }

  /** A response to a request we received (To tag added, Via/From/Call-ID/CSeq copied). */
  respond(req: SipRequest, status: number, reason: string, extra: string[] = [], body = ''): void {
    const lines = [`SIP/2.0 ${status} ${reason}`];
    for (const v of req.getAll('via')) lines.push(`Via: ${v}`);
    lines.push(`From: ${req.get('from')}`);
    const to = req.get('to')!;
    lines.push(`To: ${/;tag=/.test(to) || status === 100 ? to : `${to};tag=${this.fromTag}`}`);
    lines.push(`Call-ID: ${req.callId}`, `CSeq: ${req.get('cseq')}`, ...extra);
    if (body) lines.push('Content-Type: application/sdp');
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    this.ws.send(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

  /**
   * Answers every INVITE at once (180, then 200 with plain RTP/AVP from `rtp`, which starts
   * its tone) and BYEs with 200. `answer: false` leaves calls ringing.
   */
  answerCalls(rtp: RtpSide, opts: { answer?: boolean } = {}): void {
    this.onRequest = (req) => {
      if (req.method === 'INVITE') {
        this.respond(req, 180, 'Ringing', [`Contact: <${this.contact}>`]);
        if (opts.answer === false) return;
        const offer = req.body.toString('utf8');
        this.respond(req, 200, 'OK', [`Contact: <${this.contact}>`], rtp.answerTo(offer));
        rtp.play(offer);
      } else if (req.method === 'BYE') {
        rtp.stop();
        this.respond(req, 200, 'OK');
      } else if (req.method === 'CANCEL') {
        this.respond(req, 200, 'OK');
      } else if (req.method !== 'ACK') this.respond(req, 200, 'OK');
    };
  }

  close(): Promise<void> {
    this.ws.close(1000);
    return this.closed;
  }
}

/**
 * Plain RTP for the WS phone: answers an offer with PCMU on a UDP socket, sends a 440 Hz tone
 * while the call lasts and keeps the samples it hears.
 */
export class RtpSide {
  private timer: NodeJS.Timeout | null = null;
  readonly heard: number[] = [];
  packets = 0;
  private constructor(
    readonly sock: dgram.Socket,
    readonly port: number,
  ) {
    const p = emptyPacket();
    sock.on('message', (m) => {
      if (!parseRtp(m, p) || p.payloadType !== 0) return;
      this.packets++;
      for (let i = 0; i < p.payloadLength; i++)
        this.heard.push(ULAW_TO_LINEAR[m[p.payloadOffset + i]!]!);
    });
  }

  static async open(): Promise<RtpSide> {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new RtpSide(sock, sock.address().port);
  }

  answerTo(offer: string): string {
    const m = parseSdp(offer).media[0]!;
    if (!m.formats.includes('0')) throw new Error(`no PCMU in the offer: ${offer}`);
    return [
      'v=0',
      `o=- ${Date.now()} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/AVP 0`,
      'a=rtpmap:0 PCMU/8000',
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n');
  }

  /** Sends a 440 Hz tone (PCMU, 20 ms frames) to where the offer said. */
  play(offer: string): void {
    const sdp = parseSdp(offer);
    const m = sdp.media[0]!;
    const address = m.connection ?? sdp.connection!;
    const ssrc = randomBytes(4).readUInt32BE(0);
    let seq = 0;
    let ts = 0;
    let phase = 0;
    const buf = Buffer.alloc(12 + 160);
    this.timer = setInterval(() => {
      writeRtpHeader(buf, seq === 0, 0, seq++ & 0xffff, ts, ssrc);
      ts += 160;
      for (let i = 0; i < 160; i++) {
        buf[12 + i] = encodeUlawSample(Math.round(8000 * Math.sin(phase)));
        phase += (2 * Math.PI * 440) / 8000;
      }
      this.sock.send(buf, m.port, address);
    }, 20);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stop();
    this.sock.close();
  }
}
