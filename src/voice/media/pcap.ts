import { readFileSync } from 'node:fs';

/**
 * The UDP payloads of a classic libpcap file (Ethernet + IPv4), e.g. the RTP captures SIPp
 * ships in /usr/share/sip-tester. Used by tests and diagnostics; not on any hot path.
 */
export function pcapUdpPayloads(file: string): Buffer[] {
  const d = readFileSync(file);
  if (d.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`${file}: not a little-endian pcap file`);
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= d.length;) {
    const incl = d.readUInt32LE(off + 8);
    const pkt = d.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    if (pkt.readUInt16BE(12) !== 0x0800 || pkt[23] !== 17) continue; // IPv4 + UDP only
    const ihl = (pkt[14]! & 0x0f) * 4;
    out.push(pkt.subarray(14 + ihl + 8));
  }
  return out;
}
