/**
 * Header names (canonical spellings, compact forms, which ones are comma lists) and the typed
 * header values the stack relies on: name-addr (From, To, Contact, Route…), Via, CSeq, params.
 */
import { fail } from './errors.ts';
import {
  isToken,
  isTokenChar,
  isWhitespace,
  parseHostPort,
  quote,
  readQuoted,
  skipWs,
  tokenEnd,
  trimWs,
} from './syntax.ts';
import { formatUri, parseUri, type Uri } from './uri.ts';

/** Canonical spelling by lower-case name, for the headers this stack writes or reads. */
const CANONICAL: Record<string, string> = Object.fromEntries(
  [
    'Accept',
    'Accept-Contact',
    'Accept-Encoding',
    'Accept-Language',
    'Alert-Info',
    'Allow',
    'Allow-Events',
    'Authentication-Info',
    'Authorization',
    'Call-ID',
    'Call-Info',
    'Contact',
    'Content-Disposition',
    'Content-Encoding',
    'Content-Language',
    'Content-Length',
    'Content-Type',
    'CSeq',
    'Date',
    'Error-Info',
    'Event',
    'Expires',
    'From',
    'Identity',
    'Identity-Info',
    'In-Reply-To',
    'Max-Forwards',
    'Min-Expires',
    'MIME-Version',
    'Organization',
    'P-Asserted-Identity',
    'Path',
    'Priority',
    'Privacy',
    'Proxy-Authenticate',
    'Proxy-Authorization',
    'Proxy-Require',
    'RAck',
    'Reason',
    'Record-Route',
    'Refer-To',
    'Referred-By',
    'Reject-Contact',
    'Replaces',
    'Reply-To',
    'Request-Disposition',
    'Require',
    'Retry-After',
    'Route',
    'RSeq',
    'Server',
    'Service-Route',
    'Session-Expires',
    'Subject',
    'Subscription-State',
    'Supported',
    'Timestamp',
    'To',
    'Unsupported',
    'User-Agent',
    'Via',
    'Warning',
    'WWW-Authenticate',
  ].map((n) => [n.toLowerCase(), n]),
);

/** Compact forms (RFC 3261 §7.3.3 and the extensions that registered one). */
const COMPACT: Record<string, string> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/**
 * Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), split into one value each
 * on parse. The authentication headers are not: their parameters are separated by commas.
 */
const LIST = new Set([
  'accept',
  'accept-contact',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'path',
  'proxy-require',
  'record-route',
  'reject-contact',
  'require',
  'route',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
]);

/** Headers of which a message may carry only one (RFC 4475 multi01, mcl01). */
export const SINGLE = new Set(['call-id', 'cseq', 'from', 'to', 'max-forwards', 'content-length']);

/** The lower-case full name of a header name as written on the wire (compact forms expanded). */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** The spelling to write: canonical when known, otherwise as received. */
export function headerName(name: string): string {
  const key = headerKey(name);
  return CANONICAL[key] ?? (COMPACT[name.toLowerCase()] ? key : name);
}

export function isListHeader(key: string): boolean {
  return LIST.has(key);
}

/** Splits a list header value at commas outside quoted strings and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '<') inAngle = true;
    else if (c === '>') inAngle = false;
    else if (c === ',' && !inAngle) {
      out.push(trimWs(value.slice(start, i)));
      start = i + 1;
    }
  }
  if (inQuote) fail('unterminated quoted string');
  out.push(trimWs(value.slice(start)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parameters: *( SEMI generic-param ), SEMI = SWS ";" SWS, EQUAL = SWS "=" SWS

export type Params = Map<string, string | null>;

/** Parses `;name=value` pairs from `i` to the end of `s`. Values keep their quotes if quoted. */
export function parseParams(s: string, i: number, what: string): Params {
  const params: Params = new Map();
  i = skipWs(s, i);
  while (i < s.length) {
    if (s[i] !== ';') fail(`unexpected "${s.slice(i, i + 20)}" in ${what}`);
    i = skipWs(s, i + 1);
    const nameEnd = tokenEnd(s, i);
    if (nameEnd === i) fail(`empty parameter in ${what}`);
    const name = s.slice(i, nameEnd).toLowerCase();
    i = skipWs(s, nameEnd);
    let value: string | null = null;
    if (s[i] === '=') {
      i = skipWs(s, i + 1);
      if (s[i] === '"') {
        const q = readQuoted(s, i);
        value = s.slice(i, q.end);
        i = q.end;
      } else {
        // gen-value = token / host (IPv6 references bring ':' '[' ']')
        let j = i;
        while (j < s.length) {
          const c = s.charCodeAt(j);
          if (isTokenChar(c) || c === 0x3a || c === 0x5b || c === 0x5d) j++;
          else break;
        }
        if (j === i) fail(`empty value of parameter "${name}" in ${what}`);
        value = s.slice(i, j);
        i = j;
      }
    }
    if (params.has(name)) fail(`parameter "${name}" repeated in ${what}`);
    params.set(name, value);
    i = skipWs(s, i);
  }
  return params;
}

export function formatParams(params: Params): string {
  let s = '';
  for (const [k, v] of params) s += v === null ? `;${k}` : `;${k}=${v}`;
  return s;
}

/** A parameter value without its quotes, if it was quoted. */
export function paramValue(params: Params, name: string): string | undefined {
  const v = params.get(name);
  if (v === undefined || v === null) return undefined;
  return v.startsWith('"') ? readQuoted(v, 0).value : v;
}

// ---------------------------------------------------------------------------------------------
// name-addr / addr-spec (From, To, Contact, Route, Record-Route, Refer-To, Reply-To…)

export interface NameAddr {
  /** Unescaped display name (UTF-8 allowed), if any. */
  displayName?: string;
  uri: Uri;
  params: Params;
}

export function parseNameAddr(value: string, what = 'address'): NameAddr {
  const s = value;
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  let uriText: string;
  if (s[i] === '"') {
    const q = readQuoted(s, i);
    displayName = q.value;
    i = skipWs(s, q.end);
    if (s[i] !== '<') fail(`expected "<" after the display name in ${what}`);
  } else if (s[i] !== '<' && angleIndex(s, i) >= 0) {
    const lt = angleIndex(s, i);
    const words = s
      .slice(i, lt)
      .trim()
      .split(/[ \t]+/);
    for (const w of words) {
      // Display names are tokens or quoted (RFC 4475 baddn). Non-ASCII letters cannot be
      // mistaken for delimiters, and some phones send them unquoted: accept those.
      for (let k = 0; k < w.length; k++) {
        const c = w.charCodeAt(k);
        if (c < 128 && !isTokenChar(c))
          fail(`display name "${s.slice(i, lt).trim()}" must be quoted in ${what}`);
      }
    }
    displayName = words.join(' ');
    i = lt;
  }
  if (s[i] === '<') {
    const gt = s.indexOf('>', i);
    if (gt < 0) fail(`missing ">" in ${what}`);
    uriText = s.slice(i + 1, gt);
    i = gt + 1;
  } else {
    // addr-spec: any ';' starts header parameters; '?' or ',' would need angle brackets.
    let j = i;
    while (j < s.length && s[j] !== ';' && !isWhitespace(s.charCodeAt(j))) j++;
    uriText = s.slice(i, j);
    if (/[?,]/.test(uriText)) fail(`URI with "?" or "," must be in angle brackets in ${what}`);
    i = j;
  }
  if (uriText === '') fail(`empty URI in ${what}`);
  const uri = parseUri(uriText);
  const params = parseParams(s, i, what);
  const out: NameAddr = { uri, params };
  if (displayName !== undefined && displayName !== '') out.displayName = displayName;
  return out;
}

function angleIndex(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '"') return -1;
    if (s[i] === '<') return i;
  }
  return -1;
}

export function formatNameAddr(a: NameAddr): string {
  const name = a.displayName !== undefined ? `${quote(a.displayName)} ` : '';
  return `${name}<${formatUri(a.uri)}>${formatParams(a.params)}`;
}

// ---------------------------------------------------------------------------------------------
// Via: sent-protocol LWS sent-by *( SEMI via-params )

export interface Via {
  protocol: string;
  version: string;
  /** Upper case: UDP, TCP, TLS, WS, WSS, SCTP or any token. */
  transport: string;
  host: string;
  port?: number;
  params: Params;
}

export function parseVia(value: string): Via {
  const s = value;
  let i = skipWs(s, 0);
  const readToken = (what: string): string => {
    const end = tokenEnd(s, i);
    if (end === i) fail(`missing ${what} in Via "${value}"`);
    const t = s.slice(i, end);
    i = skipWs(s, end);
    return t;
  };
  const slash = () => {
    if (s[i] !== '/') fail(`expected "/" in Via "${value}"`);
    i = skipWs(s, i + 1);
  };
  const protocol = readToken('protocol');
  slash();
  const version = readToken('version');
  slash();
  const transportStart = i;
  const transport = readToken('transport').toUpperCase();
  if (i === transportStart + transport.length) fail(`missing sent-by in Via "${value}"`);
  if (protocol.toUpperCase() !== 'SIP') fail(`unknown protocol in Via "${value}"`);
  // sent-by = host [ COLON port ]
  let hostEnd: number;
  if (s[i] === '[') {
    hostEnd = s.indexOf(']', i) + 1;
    if (hostEnd === 0) fail(`bad IPv6 reference in Via "${value}"`);
  } else {
    hostEnd = i;
    while (hostEnd < s.length && /[A-Za-z0-9.-]/.test(s[hostEnd]!)) hostEnd++;
  }
  let hostport = s.slice(i, hostEnd);
  i = skipWs(s, hostEnd);
  if (s[i] === ':') {
    i = skipWs(s, i + 1);
    const portEnd = tokenEnd(s, i);
    hostport += `:${s.slice(i, portEnd)}`;
    i = skipWs(s, portEnd);
  }
  const { host, port } = parseHostPort(hostport);
  const params = parseParams(s, i, 'Via');
  const branch = params.get('branch');
  if (branch === null) fail('Via branch without a value');
  const rport = params.get('rport');
  if (rport !== undefined && rport !== null && !/^\d{1,5}$/.test(rport)) fail('bad Via rport');
  const via: Via = { protocol: protocol.toUpperCase(), version, transport, host, params };
  if (port !== undefined) via.port = port;
  return via;
}

export function formatVia(v: Via): string {
  const port = v.port !== undefined ? `:${v.port}` : '';
  return `${v.protocol}/${v.version}/${v.transport} ${v.host}${port}${formatParams(v.params)}`;
}

/** RFC 3261 §8.1.1.7: branches of compliant elements begin with this. */
export const MAGIC_COOKIE = 'z9hG4bK';

// ---------------------------------------------------------------------------------------------
// CSeq: 1*DIGIT LWS Method

export interface CSeq {
  seq: number;
  method: string;
}

export function parseCSeq(value: string): CSeq {
  const m = /^\s*(\d+)[ \t]+(\S+)\s*$/.exec(value);
  if (!m || !isToken(m[2]!)) fail(`bad CSeq "${value}"`);
  // RFC 3261 §8.1.1.5: a 32-bit unsigned number (RFC 4475 scalarlg).
  if (m[1]!.length > 10 || Number(m[1]) > 0xffffffff) fail(`CSeq number out of range: ${m[1]}`);
  return { seq: Number(m[1]), method: m[2]! };
}
