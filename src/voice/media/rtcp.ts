/**
 * RTCP (RFC 3550 §6): a sender report with one reception report and an SDES CNAME, built
 * into a caller-owned buffer; incoming compound packets are walked for their types only
 * (SR/RR for liveness, BYE for the end of a stream).
 */

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  cumulativeLost: number;
  highestSeq: number;
  jitter: number;
}

export interface SenderInfo {
  ssrc: number;
  ntpMs: number;
  rtpTimestamp: number;
  packets: number;
  octets: number;
}

/** Writes SR (or RR when `sender.packets` is 0) + SDES CNAME; returns the length. */
export function writeReport(
  buf: Buffer,
  sender: SenderInfo,
  block: ReportBlock | null,
  cname: string,
): number {
  const isSr = sender.packets > 0;
  const blocks = block ? 1 : 0;
  let o = 0;
  const words = (isSr ? 6 : 1) + blocks * 6; // length in 32-bit words minus one
  buf[o++] = 0x80 | blocks;
  buf[o++] = isSr ? RTCP_SR : RTCP_RR;
  buf.writeUInt16BE(words, o);
  o += 2;
  buf.writeUInt32BE(sender.ssrc >>> 0, o);
  o += 4;
  if (isSr) {
    const ntpSeconds = Math.floor(sender.ntpMs / 1000) + 2208988800;
    const fraction = Math.floor(((sender.ntpMs % 1000) / 1000) * 0x100000000);
    buf.writeUInt32BE(ntpSeconds >>> 0, o);
    buf.writeUInt32BE(fraction >>> 0, o + 4);
    buf.writeUInt32BE(sender.rtpTimestamp >>> 0, o + 8);
    buf.writeUInt32BE(sender.packets >>> 0, o + 12);
    buf.writeUInt32BE(sender.octets >>> 0, o + 16);
    o += 20;
  }
  if (block) {
    buf.writeUInt32BE(block.ssrc >>> 0, o);
    buf[o + 4] = block.fractionLost & 0xff;
    buf.writeUIntBE(Math.min(block.cumulativeLost, 0x7fffff), o + 5, 3);
    buf.writeUInt32BE(block.highestSeq >>> 0, o + 8);
    buf.writeUInt32BE(Math.round(block.jitter) >>> 0, o + 12);
    buf.writeUInt32BE(0, o + 16); // LSR: not tracked
    buf.writeUInt32BE(0, o + 20); // DLSR
    o += 24;
  }
  // SDES with one chunk: SSRC, CNAME item, END, padded to a word.
  const name = Buffer.from(cname, 'utf8').subarray(0, 255);
  const chunk = 4 + 2 + name.length + 1;
  const padded = (chunk + 3) & ~3;
  buf[o] = 0x81;
  buf[o + 1] = RTCP_SDES;
  buf.writeUInt16BE(padded / 4, o + 2);
  buf.writeUInt32BE(sender.ssrc >>> 0, o + 4);
  buf[o + 8] = 1; // CNAME
  buf[o + 9] = name.length;
  name.copy(buf, o + 10);
  buf.fill(0, o + 10 + name.length, o + 4 + padded);
  return o + 4 + padded;
}

/** Packet types of a compound RTCP packet, or null if it is not RTCP. */
export function rtcpTypes(buf: Uint8Array): number[] | null {
  const types: number[] = [];
  let o = 0;
  while (o + 4 <= buf.length) {
    if (buf[o]! >> 6 !== 2) return null;
    const pt = buf[o + 1]!;
    if (pt < 192 || pt > 223) return null;
    types.push(pt);
    o += (((buf[o + 2]! << 8) | buf[o + 3]!) + 1) * 4;
  }
  return o === buf.length && types.length > 0 ? types : null;
}
