/**
 * Character classes and small scanners from the RFC 3261 §25 grammar. One flag table answers
 * "is this byte allowed here" for every production the parser needs.
 */
import { fail } from './errors.ts';

const TOKEN = 1;
const WORD = 2; // Call-ID words
const USER = 4; // userinfo user part (unescaped characters)
const PASSWORD = 8;
const PARAM = 16; // uri-parameter name/value
const HNV = 32; // uri header name/value
const HOST = 64; // hostname / IPv4 / IPv6 reference characters

const table = new Uint8Array(128);
function mark(chars: string, flag: number): void {
  for (const c of chars) table[c.charCodeAt(0)]! |= flag;
}
const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MARK = "-_.!~*'()";
mark(ALPHANUM + "-.!%*_+`'~", TOKEN);
mark(ALPHANUM + '-.!%*_+`\'~()<>:\\"/[]?{}', WORD);
mark(ALPHANUM + MARK + '&=+$,;?/', USER);
mark(ALPHANUM + MARK + '&=+$,', PASSWORD);
mark(ALPHANUM + MARK + '[]/:&+$', PARAM);
mark(ALPHANUM + MARK + '[]/?:+$', HNV);
mark(ALPHANUM + '-.[]:', HOST);

function all(text: string, flag: number, escapes: boolean): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */ && escapes) {
      if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) return false;
      i += 2;
      continue;
    }
    if (c >= 128 || (table[c]! & flag) === 0) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export const isToken = (s: string): boolean => all(s, TOKEN, false);
export const isWord = (s: string): boolean => all(s, WORD, false);
export const isUser = (s: string): boolean => all(s, USER, true);
export const isPassword = (s: string): boolean => s === '' || all(s, PASSWORD, true);
export const isParamChars = (s: string): boolean => all(s, PARAM, true);
export const isHeaderChars = (s: string): boolean => s === '' || all(s, HNV, true);
export const isTokenChar = (c: number): boolean => c < 128 && (table[c]! & TOKEN) !== 0;

export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Trims SP and HTAB only: String#trim would also eat U+FEFF and other Unicode spaces. */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

/** Reads a run of token characters at `i`; returns its end (== i when there is none). */
export function tokenEnd(s: string, i: number): number {
  while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Reads a quoted-string starting at the opening quote; returns its unescaped content and the
 * index after the closing quote. Quoted strings may carry UTF-8 (display names, reasons).
 */
export function readQuoted(s: string, i: number): { value: string; end: number } {
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === '"') return { value: out, end: j + 1 };
    if (c === '\\') {
      const next = s.charCodeAt(j + 1);
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      if (Number.isNaN(next) || next === 0x0a || next === 0x0d || next > 0x7f)
        fail('bad escape in quoted string');
      out += s[j + 1];
      j += 2;
      continue;
    }
    const code = s.charCodeAt(j);
    if (code < 0x20 && code !== 0x09) fail('control character in quoted string');
    out += c;
    j++;
  }
  fail('unterminated quoted string');
}

/** Quotes a display name or parameter value, escaping `"` and `\`. */
export function quote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('line break in a quoted string');
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function parseHostPort(text: string): { host: string; port?: number } {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) fail(`bad IPv6 reference in "${text}"`);
    host = text.slice(0, close + 1);
    if (!/^\[[0-9a-fA-F:.]+\]$/.test(host)) fail(`bad IPv6 reference "${host}"`);
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
    if (!isHostname(host)) fail(`bad host "${host}"`);
  }
  if (rest === '') return { host };
  if (!/^:\d{1,5}$/.test(rest)) fail(`bad port in "${text}"`);
  const port = Number(rest.slice(1));
  if (port > 65535) fail(`port out of range in "${text}"`);
  return { host, port };
}

function isHostname(host: string): boolean {
  if (!/^[A-Za-z0-9.-]+$/.test(host)) return false;
  // Labels may not be empty except a trailing root dot, nor start or end with '-'.
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  return labels.every(
    (l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'),
  );
}

/** Percent-decodes a URI component (user part, parameter values) for comparison. */
export function unescapeUri(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // %00 and non-UTF-8 escapes are legal in SIP URIs (RFC 4475 escnull); keep bytes as chars.
    return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** A delta-seconds or similar unsigned decimal with an upper bound. */
export function parseUnsigned(text: string, what: string, max: number): number {
  if (!/^\d{1,20}$/.test(text)) fail(`${what} is not a non-negative integer: "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > max) fail(`${what} out of range: ${text}`);
  return n;
}

export const UINT32_MAX = 0xffffffff;
