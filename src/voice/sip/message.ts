/**
 * The SIP message model: a start line, an ordered list of headers (one value per entry: list
 * headers are split on parse), and a body kept as bytes. Typed views of the headers the stack
 * relies on are parsed on first use and cached until that header changes.
 */
import { fail } from './errors.ts';
import {
  headerKey,
  headerName,
  parseCSeq,
  parseNameAddr,
  parseVia,
  paramValue,
  type CSeq,
  type NameAddr,
  type Via,
} from './headers.ts';
import { parseUnsigned } from './syntax.ts';
import { parseUri, type Uri } from './uri.ts';

export interface SipHeader {
  /** Lower-case full name (compact forms expanded): the lookup key. */
  key: string;
  /** The name to write. */
  name: string;
  value: string;
}

abstract class SipMessageBase {
  headers: SipHeader[] = [];
  body: Buffer = EMPTY;
  private cache = new Map<string, unknown>();

  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const h of this.headers) if (h.key === key) return h.value;
    return undefined;
  }

  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const h of this.headers) if (h.key === key) out.push(h.value);
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Sets the body (UTF-8 if a string) and its Content-Type; Content-Length is written on send. */
  setBody(body: Buffer | string, contentType?: string): this {
    this.body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (contentType !== undefined) this.set('content-type', contentType);
    else if (this.body.length === 0) this.remove('content-type');
    return this;
  }

  /** Replaces every value of `name` with one value (appended at the end if it was absent). */
  set(name: string, value: string): this {
    const key = headerKey(name);
    checkValue(value);
    const at = this.headers.findIndex((h) => h.key === key);
    this.headers = this.headers.filter((h) => h.key !== key);
    const entry = { key, name: headerName(name), value };
    if (at < 0) this.headers.push(entry);
    else this.headers.splice(at, 0, entry);
    this.cache.delete(key);
    return this;
  }

  append(name: string, value: string): this {
    checkValue(value);
    const key = headerKey(name);
    this.headers.push({ key, name: headerName(name), value });
    this.cache.delete(key);
    return this;
  }

  /** Inserts before the first value of the same header (Via, Record-Route), or at the top. */
  prepend(name: string, value: string): this {
    checkValue(value);
    const key = headerKey(name);
    const at = this.headers.findIndex((h) => h.key === key);
    this.headers.splice(at < 0 ? 0 : at, 0, { key, name: headerName(name), value });
    this.cache.delete(key);
    return this;
  }

  remove(name: string): this {
    const key = headerKey(name);
    this.headers = this.headers.filter((h) => h.key !== key);
    this.cache.delete(key);
    return this;
  }

  /** Replaces the first value of `name` (a transport stamping received/rport on the top Via). */
  replaceFirst(name: string, value: string): this {
    checkValue(value);
    const key = headerKey(name);
    const h = this.headers.find((x) => x.key === key);
    if (!h) return this.append(name, value);
    h.value = value;
    this.cache.delete(key);
    return this;
  }

  /** Removes the first value only (a proxy or UAC popping its own Via). */
  removeFirst(name: string): this {
    const key = headerKey(name);
    const at = this.headers.findIndex((h) => h.key === key);
    if (at >= 0) this.headers.splice(at, 1);
    this.cache.delete(key);
    return this;
  }

  private cached<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = compute();
    this.cache.set(key, v);
    return v;
  }

  private required(name: string): string {
    const v = this.get(name);
    if (v === undefined) fail(`missing ${headerName(name)} header`);
    return v;
  }

  get vias(): Via[] {
    return this.cached('via', () => this.getAll('via').map(parseVia));
  }

  get topVia(): Via {
    const v = this.vias[0];
    if (!v) fail('missing Via header');
    return v;
  }

  get from(): NameAddr {
    return this.cached('from', () => parseNameAddr(this.required('from'), 'From'));
  }

  get to(): NameAddr {
    return this.cached('to', () => parseNameAddr(this.required('to'), 'To'));
  }

  get fromTag(): string | undefined {
    return paramValue(this.from.params, 'tag');
  }

  get toTag(): string | undefined {
    return paramValue(this.to.params, 'tag');
  }

  get callId(): string {
    return this.required('call-id');
  }

  get cseq(): CSeq {
    return this.cached('cseq', () => parseCSeq(this.required('cseq')));
  }

  /** Contact values; `'*'` for the wildcard of a REGISTER that removes every binding. */
  get contacts(): NameAddr[] | '*' {
    return this.cached('contact', () => {
      const values = this.getAll('contact');
      if (values.length === 1 && values[0] === '*') return '*' as const;
      return values.map((v) => parseNameAddr(v, 'Contact'));
    });
  }

  get recordRoutes(): NameAddr[] {
    return this.cached('record-route', () =>
      this.getAll('record-route').map((v) => parseNameAddr(v, 'Record-Route')),
    );
  }

  get routes(): NameAddr[] {
    return this.cached('route', () => this.getAll('route').map((v) => parseNameAddr(v, 'Route')));
  }

  get maxForwards(): number | undefined {
    return this.cached('max-forwards', () => {
      const v = this.get('max-forwards');
      return v === undefined ? undefined : parseUnsigned(v, 'Max-Forwards', 255);
    });
  }

  get expires(): number | undefined {
    return this.cached('expires', () => {
      const v = this.get('expires');
      return v === undefined ? undefined : parseUnsigned(v, 'Expires', 0xffffffff);
    });
  }

  /** Content-Type without parameters, lower case (`application/sdp`). */
  get contentType(): string | undefined {
    const v = this.get('content-type');
    return v?.split(';')[0]!.trim().toLowerCase();
  }

  /** Every value of a comma-list header of tokens (Allow, Supported, Require), lower case. */
  tokens(name: string): string[] {
    return this.getAll(name)
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== '');
  }

  abstract startLine(): string;
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  private parsedUri: Uri | undefined;
  constructor(
    public method: string,
    public uri: string,
  ) {
    super();
  }

  get requestUri(): Uri {
    this.parsedUri ??= parseUri(this.uri);
    return this.parsedUri;
  }

  setUri(uri: string): void {
    this.uri = uri;
    this.parsedUri = undefined;
  }

  startLine(): string {
    return `${this.method} ${this.uri} SIP/2.0`;
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  constructor(
    public status: number,
    public reason: string,
  ) {
    super();
  }

  startLine(): string {
    return `SIP/2.0 ${this.status} ${this.reason}`;
  }
}

export type SipMessage = SipRequest | SipResponse;

const EMPTY = Buffer.alloc(0);

function checkValue(value: string): void {
  // A line break in a value would let a display name inject headers.
  if (/[\r\n\0]/.test(value)) throw new Error('line break or NUL in a SIP header value');
}

export const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

/**
 * A response to `req` (RFC 3261 §8.2.6.2): Via, From, Call-ID and CSeq copied, To copied with
 * `toTag` added when the request had none. Record-Route is copied for dialog-creating
 * responses (§12.1.1) by the dialog layer, not here.
 */
export function createResponse(
  req: SipRequest,
  status: number,
  reason = REASONS[status] ?? 'Unknown',
  toTag?: string,
): SipResponse {
  const res = new SipResponse(status, reason);
  for (const h of req.headers) {
    if (h.key === 'via' || h.key === 'from' || h.key === 'call-id' || h.key === 'cseq')
      res.headers.push({ ...h });
  }
  const to = req.get('to');
  if (to !== undefined) {
    const needsTag = toTag !== undefined && status !== 100 && !hasTag(req, to);
    res.headers.push({ key: 'to', name: 'To', value: needsTag ? `${to};tag=${toTag}` : to });
  }
  return res;
}

function hasTag(req: SipRequest, to: string): boolean {
  try {
    return req.toTag !== undefined;
  } catch {
    // A malformed To (answering it with 400): a plain look is the best that can be done.
    return /;\s*tag\s*=/i.test(to);
  }
}
