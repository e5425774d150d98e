/**
 * SIP and SIPS URIs (RFC 3261 §19.1) and, for any other scheme (tel:, urn:, http:), an opaque
 * absolute URI. The user part is kept as it was on the wire (escaped); `unescapeUri` gives the
 * value to compare.
 */
import { fail } from './errors.ts';
import {
  isHeaderChars,
  isParamChars,
  isPassword,
  isUser,
  parseHostPort,
  unescapeUri,
} from './syntax.ts';

export interface SipUri {
  kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  /** uri-parameters by lower-case name; `null` for a parameter without a value (`;lr`). */
  params: Map<string, string | null>;
  /** `?name=value&…` headers (never allowed in a Request-URI). */
  headers: Map<string, string>;
}

export interface OtherUri {
  kind: 'other';
  scheme: string;
  /** Everything after `scheme:`. */
  opaque: string;
}

export type Uri = SipUri | OtherUri;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

export function parseUri(text: string): Uri {
  const m = SCHEME.exec(text);
  if (!m) fail(`not a URI: "${text}"`);
  const scheme = m[1]!.toLowerCase();
  const rest = text.slice(m[0].length);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (rest === '' || /[\s<>"]/.test(rest)) fail(`bad ${scheme} URI "${text}"`);
  return { kind: 'other', scheme, opaque: rest };
}

export function parseSipUriStrict(text: string): SipUri {
  const uri = parseUri(text);
  if (uri.kind !== 'sip') fail(`not a SIP URI: "${text}"`);
  return uri;
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): SipUri {
  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: new Map() };
  // '@' cannot appear unescaped after the userinfo, while '?' and ';' can appear inside it
  // (RFC 4475 intmeth, semiuri): split at the first '@' before looking for them.
  const at = rest.indexOf('@');
  let hostPart = rest;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    hostPart = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (!isUser(user)) fail(`bad user part in "${scheme}:${rest}"`);
    uri.user = user;
    if (colon >= 0) {
      const password = userinfo.slice(colon + 1);
      if (!isPassword(password)) fail(`bad password in "${scheme}:${rest}"`);
      uri.password = password;
    }
  }
  const q = hostPart.indexOf('?');
  const headerText = q < 0 ? null : hostPart.slice(q + 1);
  const beforeHeaders = q < 0 ? hostPart : hostPart.slice(0, q);
  const semi = beforeHeaders.indexOf(';');
  const hostport = semi < 0 ? beforeHeaders : beforeHeaders.slice(0, semi);
  const { host, port } = parseHostPort(hostport);
  uri.host = host;
  if (port !== undefined) uri.port = port;
  if (semi >= 0) {
    for (const p of beforeHeaders.slice(semi + 1).split(';')) {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? null : p.slice(eq + 1);
      if (!isParamChars(name)) fail(`bad URI parameter "${p}"`);
      if (value !== null && !isParamChars(value)) fail(`bad URI parameter value "${p}"`);
      const key = name.toLowerCase();
      if (!uri.params.has(key)) uri.params.set(key, value);
    }
  }
  if (headerText !== null) {
    for (const h of headerText.split('&')) {
      const eq = h.indexOf('=');
      if (eq <= 0) fail(`bad URI header "${h}"`);
      const name = h.slice(0, eq);
      const value = h.slice(eq + 1);
      if (!isHeaderChars(name) || !isHeaderChars(value)) fail(`bad URI header "${h}"`);
      uri.headers.set(name, value);
    }
  }
  return uri;
}

export function formatUri(uri: Uri): string {
  if (uri.kind === 'other') return `${uri.scheme}:${uri.opaque}`;
  let s = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    s += uri.user;
    if (uri.password !== undefined) s += `:${uri.password}`;
    s += '@';
  }
  s += uri.host;
  if (uri.port !== undefined) s += `:${uri.port}`;
  for (const [k, v] of uri.params) s += v === null ? `;${k}` : `;${k}=${v}`;
  let first = true;
  for (const [k, v] of uri.headers) {
    s += `${first ? '?' : '&'}${k}=${v}`;
    first = false;
  }
  return s;
}

export function sipUri(
  host: string,
  opts: {
    user?: string;
    port?: number;
    scheme?: 'sip' | 'sips';
    params?: Record<string, string | null>;
  } = {},
): SipUri {
  const uri: SipUri = {
    kind: 'sip',
    scheme: opts.scheme ?? 'sip',
    host,
    params: new Map(Object.entries(opts.params ?? {})),
    headers: new Map(),
  };
  if (opts.user !== undefined) uri.user = opts.user;
  if (opts.port !== undefined) uri.port = opts.port;
  return uri;
}

/** Parameters that, present in only one of two URIs, make them differ (RFC 3261 §19.1.4). */
const SIGNIFICANT = ['user', 'ttl', 'method', 'maddr'];

/** URI equality by the rules of RFC 3261 §19.1.4. */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'other' || b.kind === 'other') {
    return (
      a.scheme === b.scheme &&
      unescapeUri((a as OtherUri).opaque) === unescapeUri((b as OtherUri).opaque)
    );
  }
  if (a.scheme !== b.scheme) return false;
  if ((a.user === undefined) !== (b.user === undefined)) return false;
  if (a.user !== undefined && unescapeUri(a.user) !== unescapeUri(b.user!)) return false;
  if (unescapeUri(a.password ?? '') !== unescapeUri(b.password ?? '')) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;
  for (const [k, va] of a.params) {
    if (!b.params.has(k)) {
      if (SIGNIFICANT.includes(k) || k === 'transport') return false;
      continue;
    }
    const vb = b.params.get(k)!;
    if (unescapeUri(va ?? '').toLowerCase() !== unescapeUri(vb ?? '').toLowerCase()) return false;
  }
  for (const k of b.params.keys())
    if (!a.params.has(k) && (SIGNIFICANT.includes(k) || k === 'transport')) return false;
  if (a.headers.size !== b.headers.size) return false;
  for (const [k, va] of a.headers) {
    const match = [...b.headers].find(([kb]) => kb.toLowerCase() === k.toLowerCase());
    if (!match || unescapeUri(match[1]) !== unescapeUri(va)) return false;
  }
  return true;
}
