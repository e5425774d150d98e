/**
 * Pure rules of the trunk: which numbers may be dialled out, the Request-URI an agency's number
 * becomes, and the inbound allow-list (source address against IPv4/IPv6 addresses and CIDRs).
 */
import { isIP } from 'node:net';

/**
 * A number an operator may transfer to: Vietnamese landlines and mobiles, short service
 * numbers, optionally with +84 or a leading 0; spaces, dots and dashes typed between digits
 * are dropped. Returns the digits (with a leading + kept), or null.
 */
export function normalizeNumber(input: string): string | null {
  const s = input.trim().replace(/[\s.\-()]/g, '');
  if (!/^\+?[0-9]{3,15}$/.test(s)) return null;
  return s;
}

export interface DialTrunk {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  dialPrefix: string;
}

/** `sip:<prefix><number>@<host>:<port>` (with `;transport=tcp` over TCP). */
export function trunkUri(trunk: DialTrunk, number: string): string {
  const host = trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host;
  const tp = trunk.transport === 'tcp' ? ';transport=tcp' : '';
  return `sip:${trunk.dialPrefix}${number}@${host}:${trunk.port}${tp}`;
}

/**
 * The number a phone's REFER asks for: the user part of the Refer-To URI (`<sip:0236...@host>`,
 * `sip:...`, `tel:...`), percent-decoded and normalised; null when there is none.
 */
export function referTarget(referTo: string): string | null {
  const m = /<([^>]*)>/.exec(referTo);
  const uri = (m ? m[1]! : referTo.split(';')[0]!).trim();
  let user: string | undefined;
  const sip = /^sips?:([^@;?]+)@/i.exec(uri);
  if (sip) user = sip[1];
  else {
    const tel = /^tel:([^;?]+)/i.exec(uri);
    if (tel) user = tel[1];
  }
  if (!user) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    return null;
  }
  return normalizeNumber(decoded);
}

/** A message/sipfrag body (RFC 3515 §2.4.5): the status line of the transfer's progress. */
export function sipfrag(status: number, reason: string): string {
  return `SIP/2.0 ${status} ${reason}\r\n`;
}

/** Is `entry` an IP address or a CIDR range (IPv4 or IPv6)? */
export function isAddressOrCidr(entry: string): boolean {
  return parseCidr(entry) !== null;
}

interface Cidr {
  bytes: Buffer;
  bits: number;
}

function parseCidr(entry: string): Cidr | null {
  const [addr, len, extra] = entry.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const bytes = addressBytes(addr);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (len === undefined) return { bytes, bits: max };
  if (!/^[0-9]{1,3}$/.test(len)) return null;
  const bits = Number(len);
  return bits <= max ? { bytes, bits } : null;
}

/** 4 or 16 bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes its IPv4 address. */
function addressBytes(addr: string): Buffer | null {
  const a = addr.replace(/^\[|\]$/g, '');
  const v = isIP(a);
  if (v === 4) return Buffer.from(a.split('.').map(Number));
  if (v !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return addressBytes(mapped[1]!);
  const [head, tail] = a.split('::') as [string, string | undefined];
  const words = (s: string | undefined) => (s ? s.split(':') : []);
  let h = words(head);
  let t = words(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two words.
  const last = (tail === undefined ? h : t).at(-1);
  if (last?.includes('.')) {
    const b = addressBytes(last)!;
    const w = [b.readUInt16BE(0).toString(16), b.readUInt16BE(2).toString(16)];
    if (tail === undefined) h = [...h.slice(0, -1), ...w];
    else t = [...t.slice(0, -1), ...w];
  }
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array<string>(fill).fill('0'), ...t];
  if (all.length !== 8) return null;
  const out = Buffer.alloc(16);
  all.forEach((w, i) => out.writeUInt16BE(parseInt(w, 16), i * 2));
  return out;
}

/** Is `address` inside one of `entries` (addresses or CIDRs)? Unparseable entries match nothing. */
export function addressAllowed(address: string, entries: readonly string[]): boolean {
  const ip = addressBytes(address);
  if (!ip) return false;
  for (const e of entries) {
    const c = parseCidr(e);
    if (!c || c.bytes.length !== ip.length) continue;
    const full = c.bits >> 3;
    if (!ip.subarray(0, full).equals(c.bytes.subarray(0, full))) continue;
    const rest = c.bits & 7;
    if (rest === 0) return true;
    const mask = (0xff << (8 - rest)) & 0xff;
    if ((ip[full]! & mask) === (c.bytes[full]! & mask)) return true;
  }
  return false;
}

/**
 * Did a call through a trunk fail because of the trunk rather than the called phone, so
 * that the next trunk is worth trying? Yes when the trunk never answered the INVITE at all
 * (`responded` false: down, unreachable, or silent past our wait), refused our credentials
 * (401/403/407 after the digest answer), or reported itself in trouble (500, 502, 503, 504).
 * No for what the phone or the number says (busy, not found, declined…): another carrier
 * would reach the same phone, and a ring that timed out already rang.
 */
export function trunkFailed(status: number, responded: boolean): boolean {
  if (!responded) return true;
  return [401, 403, 407, 500, 502, 503, 504].includes(status);
}
