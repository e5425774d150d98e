/**
 * SDP (RFC 8866) as far as an audio endpoint needs it, and the offer/answer rules of RFC 3264
 * for G.711 with RFC 4733 telephone-event. Pure: no sockets, no clocks.
 */

export interface RtpMap {
  encoding: string;
  clockRate: number;
  channels: number;
}

export interface MediaDescription {
  type: string;
  port: number;
  proto: string;
  formats: string[];
  connection?: string;
  /** Attribute lines in order, `[name, value]` (value null for a flag like `sendrecv`). */
  attributes: [string, string | null][];
}

export interface SessionDescription {
  origin: string;
  name: string;
  connection?: string;
  /** Session-level attribute lines (a direction here applies to every stream without one). */
  attributes: [string, string | null][];
  media: MediaDescription[];
}

export class SdpError extends Error {
  override readonly name = 'SdpError';
}

export function parseSdp(text: string): SessionDescription {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  if (lines[0] !== 'v=0') throw new SdpError('SDP must start with v=0');
  const sdp: SessionDescription = { origin: '', name: '', attributes: [], media: [] };
  let current: MediaDescription | null = null;
  for (const line of lines) {
    if (!/^[a-z]=/.test(line)) throw new SdpError(`bad SDP line "${line.slice(0, 40)}"`);
    const type = line[0];
    const value = line.slice(2);
    if (type === 'm') {
      const m = /^(\S+) (\d+)(?:\/\d+)? (\S+) ?(.*)$/.exec(value);
      if (!m) throw new SdpError(`bad m= line "${value}"`);
      const port = Number(m[2]);
      if (port > 65535) throw new SdpError(`bad port in m= line "${value}"`);
      current = {
        type: m[1]!,
        port,
        proto: m[3]!,
        formats: m[4]!.split(' ').filter((f) => f !== ''),
        attributes: [],
      };
      sdp.media.push(current);
    } else if (type === 'c') {
      const c = /^IN IP[46] (\S+)$/.exec(value);
      if (!c) throw new SdpError(`bad c= line "${value}"`);
      const address = c[1]!.split('/')[0]!;
      if (current) current.connection = address;
      else sdp.connection = address;
    } else if (type === 'a') {
      const colon = value.indexOf(':');
      (current ?? sdp).attributes.push(
        colon < 0 ? [value, null] : [value.slice(0, colon), value.slice(colon + 1)],
      );
    } else if (type === 'o') sdp.origin = value;
    else if (type === 's') sdp.name = value;
  }
  return sdp;
}

const STATIC: Record<string, RtpMap> = {
  '0': { encoding: 'PCMU', clockRate: 8000, channels: 1 },
  '8': { encoding: 'PCMA', clockRate: 8000, channels: 1 },
};

export function rtpMaps(m: MediaDescription): Map<number, RtpMap> {
  const out = new Map<number, RtpMap>();
  for (const f of m.formats) if (STATIC[f]) out.set(Number(f), STATIC[f]);
  for (const [name, value] of m.attributes) {
    if (name !== 'rtpmap' || value === null) continue;
    const r = /^(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
    if (!r) continue;
    out.set(Number(r[1]), {
      encoding: r[2]!.toUpperCase(),
      clockRate: Number(r[3]),
      channels: r[4] ? Number(r[4]) : 1,
    });
  }
  return out;
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** A stream's direction: its own attribute, else the session's (RFC 8866 §6.7), else sendrecv. */
export function direction(m: MediaDescription, session?: SessionDescription): Direction {
  for (const attrs of [m.attributes, session?.attributes ?? []])
    for (const [name] of attrs)
      if (name === 'sendrecv' || name === 'sendonly' || name === 'recvonly' || name === 'inactive')
        return name;
  return 'sendrecv';
}

/**
 * Does this offer put us on hold? Its first live audio stream stops listening to us:
 * `sendonly` or `inactive` (RFC 3264 §8.4), or the older connection address 0.0.0.0
 * (RFC 2543), which some desk phones still send.
 */
export function isHold(sdp: SessionDescription): boolean {
  const m = sdp.media.find((x) => x.type === 'audio' && x.port !== 0);
  if (!m) return false;
  const d = direction(m, sdp);
  return d === 'sendonly' || d === 'inactive' || (m.connection ?? sdp.connection) === '0.0.0.0';
}

export type G711 = 'PCMU' | 'PCMA';
export const PAYLOAD_TYPE: Record<G711, number> = { PCMU: 0, PCMA: 8 };

export interface AudioAgreement {
  /** Index of the audio m= line in the offer. */
  index: number;
  codec: G711;
  payloadType: number;
  /** Payload type of telephone-event/8000, if the offer has it. */
  dtmfPayloadType: number | null;
  remoteAddress: string;
  remotePort: number;
  /** Our direction in the answer. */
  direction: Direction;
  ptime: number;
}

/**
 * Picks the first G.711 codec of the offer's first usable audio stream that we support (the
 * offerer's preference order, RFC 3264 §6.1), and telephone-event at 8000 Hz if offered.
 * Returns null when nothing can be agreed (the INVITE gets 488).
 */
export function negotiateAudio(
  offer: SessionDescription,
  supported: readonly G711[] = ['PCMA', 'PCMU'],
): AudioAgreement | null {
  for (let index = 0; index < offer.media.length; index++) {
    const m = offer.media[index]!;
    if (m.type !== 'audio' || m.port === 0 || !/^RTP\/S?AVP$/.test(m.proto)) continue;
    if (m.proto === 'RTP/SAVP') continue; // SRTP is not handled by the built-in engine
    const maps = rtpMaps(m);
    let chosen: { codec: G711; pt: number } | null = null;
    for (const f of m.formats) {
      const map = maps.get(Number(f));
      if (!map || map.clockRate !== 8000) continue;
      if (
        (map.encoding === 'PCMU' || map.encoding === 'PCMA') &&
        supported.includes(map.encoding)
      ) {
        chosen = { codec: map.encoding, pt: Number(f) };
        break;
      }
    }
    if (!chosen) continue;
    let dtmf: number | null = null;
    for (const [pt, map] of maps)
      if (
        map.encoding === 'TELEPHONE-EVENT' &&
        map.clockRate === 8000 &&
        m.formats.includes(String(pt))
      )
        dtmf = pt;
    const address = m.connection ?? offer.connection;
    if (!address) continue;
    const offered = direction(m, offer);
    const mine: Direction =
      offered === 'sendonly' ? 'recvonly' : offered === 'recvonly' ? 'sendonly' : offered;
    const ptimeAttr = m.attributes.find(([n]) => n === 'ptime')?.[1];
    const ptime = ptimeAttr && /^\d+$/.test(ptimeAttr) ? Number(ptimeAttr) : 20;
    return {
      index,
      codec: chosen.codec,
      payloadType: chosen.pt,
      dtmfPayloadType: dtmf,
      remoteAddress: address,
      remotePort: m.port,
      direction: mine,
      ptime,
    };
  }
  return null;
}

export interface LocalAudio {
  address: string;
  port: number;
  /** Session id and version of our o= line (version increases with each new offer/answer). */
  sessionId: string;
  version: number;
}

/** The answer to `offer` (RFC 3264 §6): one m= line per offered stream, others refused. */
export function buildAnswer(
  offer: SessionDescription,
  agreed: AudioAgreement,
  local: LocalAudio,
): string {
  const lines = header(local);
  offer.media.forEach((m, i) => {
    if (i !== agreed.index) {
      lines.push(`m=${m.type} 0 ${m.proto} ${m.formats[0] ?? '0'}`);
      return;
    }
    const fmts = [agreed.payloadType];
    if (agreed.dtmfPayloadType !== null) fmts.push(agreed.dtmfPayloadType);
    lines.push(`m=audio ${local.port} RTP/AVP ${fmts.join(' ')}`);
    lines.push(`a=rtpmap:${agreed.payloadType} ${agreed.codec}/8000`);
    if (agreed.dtmfPayloadType !== null) {
      lines.push(`a=rtpmap:${agreed.dtmfPayloadType} telephone-event/8000`);
      lines.push(`a=fmtp:${agreed.dtmfPayloadType} 0-16`);
    }
    lines.push('a=ptime:20', `a=${agreed.direction}`);
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** An offer of both G.711 laws (A-law first: Vietnamese trunks' usual choice) and DTMF. */
export function buildOffer(
  local: LocalAudio,
  codecs: readonly G711[] = ['PCMA', 'PCMU'],
  dtmfPayloadType = 101,
): string {
  const lines = header(local);
  const pts = codecs.map((c) => PAYLOAD_TYPE[c]);
  lines.push(`m=audio ${local.port} RTP/AVP ${[...pts, dtmfPayloadType].join(' ')}`);
  for (const c of codecs) lines.push(`a=rtpmap:${PAYLOAD_TYPE[c]} ${c}/8000`);
  lines.push(`a=rtpmap:${dtmfPayloadType} telephone-event/8000`, `a=fmtp:${dtmfPayloadType} 0-16`);
  lines.push('a=ptime:20', 'a=sendrecv');
  return `${lines.join('\r\n')}\r\n`;
}

function header(local: LocalAudio): string[] {
  const ip = local.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=open1022 ${local.sessionId} ${local.version} IN ${ip} ${local.address}`,
    's=open1022',
    `c=IN ${ip} ${local.address}`,
    't=0 0',
  ];
}
