/**
 * RTP fixed header (RFC 3550 §5.1): parsed into a caller-owned object (no allocation per
 * packet on the receive path) and written into a caller-owned buffer on the send path.
 */

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Payload position in the datagram (after CSRCs and the header extension), and its length
   * without padding. */
  payloadOffset: number;
  payloadLength: number;
}

export function emptyPacket(): RtpPacket {
  return {
    marker: false,
    payloadType: 0,
    sequence: 0,
    timestamp: 0,
    ssrc: 0,
    payloadOffset: 0,
    payloadLength: 0,
  };
}

/**
 * Reads an RTP header into `out`. Returns false for anything that is not a well-formed RTP
 * version 2 packet (too short, bad version, CSRC/extension/padding beyond the end) or that is
 * RTCP sent on the RTP port (payload types 72–76, RFC 5761 §4).
 */
export function parseRtp(buf: Uint8Array, out: RtpPacket): boolean {
  const len = buf.length;
  if (len < 12) return false;
  const b0 = buf[0]!;
  if (b0 >> 6 !== 2) return false;
  const b1 = buf[1]!;
  const pt = b1 & 0x7f;
  if (pt >= 72 && pt <= 76) return false;
  let offset = 12 + (b0 & 0x0f) * 4;
  if (offset > len) return false;
  if (b0 & 0x10) {
    if (offset + 4 > len) return false;
    offset += 4 + ((buf[offset + 2]! << 8) | buf[offset + 3]!) * 4;
    if (offset > len) return false;
  }
  let end = len;
  if (b0 & 0x20) {
    const pad = buf[len - 1]!;
    if (pad === 0 || offset + pad > len) return false;
    end -= pad;
  }
  out.marker = (b1 & 0x80) !== 0;
  out.payloadType = pt;
  out.sequence = (buf[2]! << 8) | buf[3]!;
  out.timestamp = ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
  out.ssrc = ((buf[8]! << 24) | (buf[9]! << 16) | (buf[10]! << 8) | buf[11]!) >>> 0;
  out.payloadOffset = offset;
  out.payloadLength = end - offset;
  return true;
}

/** Writes a 12-byte header (no CSRC, no extension, no padding) at the start of `buf`. */
export function writeRtpHeader(
  buf: Uint8Array,
  marker: boolean,
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  buf[0] = 0x80;
  buf[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  buf[2] = (sequence >> 8) & 0xff;
  buf[3] = sequence & 0xff;
  buf[4] = (timestamp >>> 24) & 0xff;
  buf[5] = (timestamp >>> 16) & 0xff;
  buf[6] = (timestamp >>> 8) & 0xff;
  buf[7] = timestamp & 0xff;
  buf[8] = (ssrc >>> 24) & 0xff;
  buf[9] = (ssrc >>> 16) & 0xff;
  buf[10] = (ssrc >>> 8) & 0xff;
  buf[11] = ssrc & 0xff;
}

/** Signed distance from sequence `a` to `b` modulo 2^16 (positive when b is after a). */
export function seqDelta(a: number, b: number): number {
  const d = (b - a) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}

/** Signed distance from timestamp `a` to `b` modulo 2^32. */
export function tsDelta(a: number, b: number): number {
  return (b - a) | 0;
}

/**
 * Reception statistics of one SSRC (RFC 3550 §6.4.1, appendix A.1 and A.8): packets, loss
 * from the extended highest sequence number, interarrival jitter in timestamp units.
 */
export class ReceiverStats {
  packets = 0;
  private baseSeq = -1;
  private cycles = 0;
  private maxSeq = 0;
  private transit = 0;
  private jitterTs = 0;
  private hasTransit = false;

  constructor(
    readonly ssrc: number,
    readonly clockRate: number,
  ) {}

  /** `arrivalMs`: local receive time in milliseconds. */
  update(seq: number, timestamp: number, arrivalMs: number): void {
    this.packets++;
    if (this.baseSeq < 0) {
      this.baseSeq = seq;
      this.maxSeq = seq;
    } else {
      const d = seqDelta(this.maxSeq, seq);
      if (d > 0) {
        if (seq < this.maxSeq) this.cycles += 0x10000;
        this.maxSeq = seq;
      }
    }
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.hasTransit) {
      let d = transit - this.transit;
      if (d < 0) d = -d;
      // Timestamp jumps (a new talk spurt, a new event) are not network jitter.
      if (d < this.clockRate) this.jitterTs += (d - this.jitterTs) / 16;
    }
    this.transit = transit;
    this.hasTransit = true;
  }

  get expected(): number {
    return this.baseSeq < 0 ? 0 : this.cycles + this.maxSeq - this.baseSeq + 1;
  }

  get lost(): number {
    return Math.max(0, this.expected - this.packets);
  }

  get jitterMs(): number {
    return (this.jitterTs * 1000) / this.clockRate;
  }
}
