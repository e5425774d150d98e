/**
 * SIP message parsing (RFC 3261 §7, §25) from bytes. The header section is UTF-8 (display
 * names, reason phrases); the body stays bytes and its length is counted in bytes.
 *
 * Datagrams: the body is what Content-Length says (extra octets are dropped, RFC 4475 dblreq;
 * fewer octets is an error, clerr) or the rest of the datagram without one. Streams: the
 * framer cuts messages by Content-Length, which is then mandatory (RFC 3261 §18.3).
 */
import { fail, SipParseError } from './errors.ts';
import { headerKey, headerName, isListHeader, SINGLE, splitList } from './headers.ts';
import { SipRequest, SipResponse, type SipMessage } from './message.ts';
import { isToken, isWord, parseUnsigned, trimWs, UINT32_MAX } from './syntax.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Largest body accepted; SIP bodies here are SDP, a few hundred bytes. */
export const MAX_BODY = 1 << 20;
/** Largest header section accepted on a stream before giving up on the connection. */
export const MAX_HEADER = 64 * 1024;

/** Headers a UAS cannot answer without (RFC 3261 §8.1.1). */
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];
/** Lists whose empty elements mean a broken message rather than sloppy formatting. */
const STRICT_LIST = new Set(['via', 'contact', 'route', 'record-route']);

export interface ParseOptions {
  /** The bytes came from a stream framer: Content-Length is required. */
  stream?: boolean;
}

export function parseMessage(buf: Buffer, opts: ParseOptions = {}): SipMessage {
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start >= buf.length) fail('empty message');
  const end = headerEnd(buf, start);
  if (!end) fail('no blank line after the headers');
  let text: string;
  try {
    text = utf8.decode(buf.subarray(start, end.textEnd));
  } catch {
    fail('header section is not valid UTF-8');
  }
  const lines = unfold(text);
  const msg = parseStartLine(lines[0]!);
  for (let i = 1; i < lines.length; i++) addHeader(msg, lines[i]!);

  try {
    validate(msg);
    msg.body = body(msg, buf, end.bodyStart, opts.stream === true);
  } catch (err) {
    if (err instanceof SipParseError) err.partial = msg;
    throw err;
  }
  return msg;
}

/** Index of the end of the header text and of the body: the first empty line. */
function headerEnd(buf: Buffer, from: number): { textEnd: number; bodyStart: number } | null {
  let i = buf.indexOf(0x0a, from);
  while (i >= 0) {
    const next = buf[i + 1];
    const textEnd = buf[i - 1] === 0x0d ? i - 1 : i;
    if (next === 0x0a) return { textEnd, bodyStart: i + 2 };
    if (next === 0x0d && buf[i + 2] === 0x0a) return { textEnd, bodyStart: i + 3 };
    i = buf.indexOf(0x0a, i + 1);
  }
  return null;
}

/** Splits lines (CRLF, or bare LF from sloppy peers) and joins folded continuation lines. */
function unfold(text: string): string[] {
  const raw = text.split(/\r?\n/);
  const out: string[] = [];
  for (const line of raw) {
    if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
      if (out.length <= 1) fail('continuation line without a header');
      out[out.length - 1] = `${trimWs(out[out.length - 1]!)} ${trimWs(line)}`;
    } else {
      if (line.includes('\r')) fail('bare CR in the header section');
      out.push(line);
    }
  }
  return out;
}

function parseStartLine(line: string): SipMessage {
  if (/^SIP\//i.test(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; an empty reason is legal
    // (RFC 4475 noreason), a code of more than three digits is not (bigcode).
    const m = /^SIP\/(\d+\.\d+) ([1-6]\d\d)(?: (.*))?$/i.exec(line);
    if (!m) fail(`bad status line "${truncate(line)}"`);
    if (m[1] !== '2.0') fail(`unsupported SIP version ${m[1]}`, 505);
    if (/[\0-\x08\x0a-\x1f\x7f]/.test(m[3] ?? '')) fail('control character in the reason phrase');
    return new SipResponse(Number(m[2]), m[3] ?? '');
  }
  // Request-Line = Method SP Request-URI SP SIP-Version: exactly one space each, none at the
  // end (RFC 4475 lwsstart, trws, lwsruri).
  const parts = line.split(' ');
  if (parts.length !== 3 || parts.some((p) => p === ''))
    fail(`bad request line "${truncate(line)}"`);
  const [method, uri, version] = parts as [string, string, string];
  if (!isToken(method)) fail(`bad method "${truncate(method)}"`);
  if (!/^SIP\/\d+\.\d+$/i.test(version)) fail(`bad request line "${truncate(line)}"`);
  if (version.slice(4) !== '2.0') fail(`unsupported SIP version ${version.slice(4)}`, 505);
  const req = new SipRequest(method, uri);
  const parsed = req.requestUri; // throws on a malformed URI, <…> included (ltgtruri)
  if (parsed.kind === 'sip' && parsed.headers.size > 0)
    fail('headers are not allowed in a Request-URI'); // RFC 3261 §19.1.1 (escruri)
  return req;
}

function addHeader(msg: SipMessage, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) fail(`header line without a name and colon: "${truncate(line)}"`);
  const name = trimWs(line.slice(0, colon));
  if (!isToken(name)) fail(`bad header name "${truncate(name)}"`);
  const key = headerKey(name);
  const spelled = headerName(name);
  const value = trimWs(line.slice(colon + 1));
  if (!isListHeader(key) || value === '') {
    msg.headers.push({ key, name: spelled, value });
    return;
  }
  for (const v of splitList(value)) {
    if (v === '') {
      if (STRICT_LIST.has(key)) fail(`empty element in ${spelled}`);
      continue;
    }
    msg.headers.push({ key, name: spelled, value: v });
  }
}

function validate(msg: SipMessage): void {
  const counts = new Map<string, number>();
  for (const h of msg.headers) counts.set(h.key, (counts.get(h.key) ?? 0) + 1);
  for (const key of SINGLE)
    if ((counts.get(key) ?? 0) > 1) fail(`more than one ${headerName(key)} header`);
  for (const key of REQUIRED) if (!counts.has(key)) fail(`missing ${headerName(key)} header`);

  if (msg.vias.length === 0) fail('missing Via header');
  void msg.from;
  void msg.to;
  const callId = msg.callId;
  const at = callId.indexOf('@');
  const ok = at < 0 ? isWord(callId) : isWord(callId.slice(0, at)) && isWord(callId.slice(at + 1));
  if (!ok) fail(`bad Call-ID "${truncate(callId)}"`);
  const cseq = msg.cseq;
  if (msg.kind === 'request' && cseq.method !== msg.method)
    fail(`CSeq method ${cseq.method} does not match the request method ${msg.method}`);
  void msg.maxForwards;
  void msg.expires;
  if (msg.has('contact')) void msg.contacts;
  void msg.routes;
  void msg.recordRoutes;
  const date = msg.get('date');
  // rfc1123-date, always GMT (RFC 3261 §20.17; RFC 4475 baddate).
  if (
    date !== undefined &&
    !/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(
      date,
    )
  )
    fail(`bad Date "${truncate(date)}"`);
  const retry = msg.get('retry-after');
  if (retry !== undefined) parseUnsigned(/^\s*(\d*)/.exec(retry)![1]!, 'Retry-After', UINT32_MAX);
}

function body(msg: SipMessage, buf: Buffer, bodyStart: number, stream: boolean): Buffer {
  const available = buf.length - bodyStart;
  const cl = msg.get('content-length');
  if (cl === undefined) {
    if (stream) fail('Content-Length is required on a stream transport');
    return buf.subarray(bodyStart);
  }
  const length = parseUnsigned(cl, 'Content-Length', MAX_BODY);
  if (length > available)
    fail(`Content-Length ${length} is larger than the ${available} body bytes received`);
  return buf.subarray(bodyStart, bodyStart + length);
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

// ---------------------------------------------------------------------------------------------

export type FramedItem = { kind: 'message'; bytes: Buffer } | { kind: 'ping' };

/**
 * Cuts a byte stream (TCP) into SIP messages by Content-Length. A CRLFCRLF between messages
 * is an RFC 5626 keep-alive ping (answered with CRLF by the transport). A framing error is
 * fatal for the connection: there is no way to find the next message.
 */
export class SipStreamFramer {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): FramedItem[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FramedItem[] = [];
    for (;;) {
      let i = 0;
      while (i < this.buf.length && (this.buf[i] === 0x0d || this.buf[i] === 0x0a)) i++;
      const ping = i >= 4 && this.buf.subarray(0, 4).toString('latin1') === '\r\n\r\n';
      if (i === this.buf.length) {
        // Only line ends so far: a ping may be split across reads, wait for all four bytes.
        if (!ping) break;
        out.push({ kind: 'ping' });
        this.buf = this.buf.subarray(4);
        continue;
      }
      if (ping) out.push({ kind: 'ping' });
      if (i > 0) this.buf = this.buf.subarray(i);
      const end = headerEnd(this.buf, 0);
      if (!end) {
        if (this.buf.length > MAX_HEADER) fail('header section too large');
        break;
      }
      const head = this.buf.subarray(0, end.textEnd).toString('latin1');
      const m = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*(?:\r?\n[ \t]+)?(\d+)[ \t]*\r?$/im.exec(
        head,
      );
      if (!m) fail('Content-Length is required on a stream transport');
      const length = parseUnsigned(m[1]!, 'Content-Length', MAX_BODY);
      const total = end.bodyStart + length;
      if (this.buf.length < total) break;
      out.push({ kind: 'message', bytes: this.buf.subarray(0, total) });
      this.buf = this.buf.subarray(total);
    }
    return out;
  }

  get buffered(): number {
    return this.buf.length;
  }
}
