import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pcapUdpPayloads } from './pcap.ts';
import { emptyPacket, parseRtp, ReceiverStats, seqDelta, tsDelta, writeRtpHeader } from './rtp.ts';
import { RTCP_SDES, RTCP_SR, rtcpTypes, writeReport } from './rtcp.ts';

const pcapRtp = pcapUdpPayloads;

test('parse the RTP of SIPp shipped pcaps: A-law audio and telephone-events', () => {
  const p = emptyPacket();
  const audio = pcapRtp('/usr/share/sip-tester/g711a.pcap');
  assert.equal(audio.length, 236);
  assert.ok(parseRtp(audio[0]!, p));
  assert.deepEqual(p, {
    marker: true,
    payloadType: 8,
    sequence: 59133,
    timestamp: 240,
    ssrc: 0xdee0ee8f,
    payloadOffset: 12,
    payloadLength: 240,
  });
  const dtmf = pcapRtp('/usr/share/sip-tester/dtmf_2833_1.pcap');
  assert.ok(parseRtp(dtmf[0]!, p));
  assert.equal(p.payloadType, 101);
  assert.equal(p.marker, true);
  assert.equal(p.payloadLength, 4);
});

test('CSRCs, header extension and padding move and shrink the payload', () => {
  const b = Buffer.alloc(12 + 8 + 4 + 8 + 10 + 3);
  writeRtpHeader(b, true, 0, 65535, 0xfffffff0, 0x01020304);
  b[0] = 0x80 | 0x20 | 0x10 | 2; // padding, extension, 2 CSRCs
  b.writeUInt16BE(2, 12 + 8 + 2); // extension length: 2 words
  b[b.length - 1] = 3;
  const p = emptyPacket();
  assert.ok(parseRtp(b, p));
  assert.equal(p.payloadOffset, 12 + 8 + 4 + 8);
  assert.equal(p.payloadLength, 10);
  assert.equal(p.sequence, 65535);
  assert.equal(p.timestamp, 0xfffffff0);
  assert.equal(p.ssrc, 0x01020304);
  assert.equal(p.marker, true);
});

test('malformed and non-RTP datagrams are refused', () => {
  const p = emptyPacket();
  const ok = Buffer.alloc(20);
  writeRtpHeader(ok, false, 8, 1, 2, 3);
  assert.ok(parseRtp(ok, p));
  const cases: [string, Buffer][] = [
    ['short', Buffer.alloc(11, 0x80)],
    ['version 1', Buffer.from([0x40, ...ok.subarray(1)])],
    ['CSRC beyond end', Buffer.from([0x8f, ...ok.subarray(1)])],
    [
      'extension beyond end',
      Buffer.concat([Buffer.from([0x90]), ok.subarray(1, 12), Buffer.from([0, 0, 0, 9])]),
    ],
    ['padding 0', Buffer.concat([Buffer.from([0xa0]), ok.subarray(1, 19), Buffer.from([0])])],
    [
      'padding too long',
      Buffer.concat([Buffer.from([0xa0]), ok.subarray(1, 19), Buffer.from([50])]),
    ],
    ['RTCP SR on the RTP port', Buffer.from([0x80, 200, ...ok.subarray(2)])],
  ];
  for (const [name, b] of cases) assert.equal(parseRtp(b, p), false, name);
});

test('sequence and timestamp arithmetic wraps', () => {
  assert.equal(seqDelta(65535, 0), 1);
  assert.equal(seqDelta(0, 65535), -1);
  assert.equal(seqDelta(100, 40100), 40000 - 65536);
  assert.equal(tsDelta(0xffffff60, 0x00000040), 0xe0);
  assert.equal(tsDelta(160, 0), -160);
});

test('receiver statistics: loss across a sequence wrap, jitter of a steady stream is 0', () => {
  const s = new ReceiverStats(1, 8000);
  let seq = 65530;
  let ts = 1000;
  for (let i = 0; i < 20; i++) {
    if (i !== 7 && i !== 8) s.update(seq & 0xffff, ts >>> 0, i * 20);
    seq++;
    ts += 160;
  }
  assert.equal(s.packets, 18);
  assert.equal(s.expected, 20);
  assert.equal(s.lost, 2);
  assert.equal(s.jitterMs, 0);
  const j = new ReceiverStats(2, 8000);
  for (let i = 0; i < 200; i++) j.update(i, i * 160, i * 20 + (i % 2 ? 4 : 0));
  assert.ok(j.jitterMs > 3 && j.jitterMs < 4.5, String(j.jitterMs));
});

test('RTCP: SR + SDES written is a valid compound packet; RR without sent packets', () => {
  const buf = Buffer.alloc(256);
  const n = writeReport(
    buf,
    {
      ssrc: 0x11223344,
      ntpMs: Date.UTC(2026, 0, 1),
      rtpTimestamp: 8000,
      packets: 50,
      octets: 8000,
    },
    { ssrc: 0x55667788, fractionLost: 0, cumulativeLost: 2, highestSeq: 70000, jitter: 12 },
    'open1022@tongdai',
  );
  assert.deepEqual(rtcpTypes(buf.subarray(0, n)), [RTCP_SR, RTCP_SDES]);
  assert.equal(buf.readUInt32BE(4), 0x11223344);
  assert.equal(buf.readUInt32BE(8), Math.floor(Date.UTC(2026, 0, 1) / 1000) + 2208988800);
  assert.equal(buf.readUInt32BE(28), 0x55667788);
  const r = writeReport(
    buf,
    { ssrc: 1, ntpMs: 0, rtpTimestamp: 0, packets: 0, octets: 0 },
    null,
    'x',
  );
  assert.deepEqual(rtcpTypes(buf.subarray(0, r)), [201, RTCP_SDES]);
  assert.equal(rtcpTypes(Buffer.from([0x80, 0, 0, 0])), null);
  assert.equal(rtcpTypes(Buffer.from([0x81, 200, 0, 9])), null);
});
