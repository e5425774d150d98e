import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DtmfDetector, parseDtmf, writeDtmf } from './dtmf.ts';
import { emptyPacket, parseRtp } from './rtp.ts';
import { pcapUdpPayloads as pcapRtp } from './pcap.ts';

/** Feeds packets (timestamp, payload) and collects what the detector reports. */
function detect(packets: Buffer[], detector = new DtmfDetector()): string {
  let out = '';
  const p = emptyPacket();
  packets.forEach((pkt, i) => {
    assert.ok(parseRtp(pkt, p));
    const d = parseDtmf(pkt, p.payloadOffset, p.payloadLength)!;
    out += detector.push(p.timestamp, d, i * 20) ?? '';
  });
  return out;
}

const pcap = (name: string) => pcapRtp(`/usr/share/sip-tester/dtmf_2833_${name}.pcap`);

test('each SIPp pcap is one digit, reported once despite three end packets', () => {
  const names: [string, string][] = [
    ['0', '0'],
    ['1', '1'],
    ['2', '2'],
    ['3', '3'],
    ['4', '4'],
    ['5', '5'],
    ['6', '6'],
    ['7', '7'],
    ['8', '8'],
    ['9', '9'],
    ['star', '*'],
    ['pound', '#'],
  ];
  for (const [file, digit] of names) assert.equal(detect(pcap(file)), digit, file);
});

test('a sequence of presses, the same key twice with the same timestamp included', () => {
  const seq = [...pcap('1'), ...pcap('0'), ...pcap('2'), ...pcap('2'), ...pcap('pound')];
  assert.equal(detect(seq), '1022#');
});

test('lost end packets: reported when the next press starts, or by flush after a pause', () => {
  const noEnd = (name: string) => pcap(name).slice(0, 7);
  assert.equal(detect([...noEnd('1'), ...pcap('2')]), '12');
  const d = new DtmfDetector();
  assert.equal(detect(noEnd('5'), d), '');
  assert.equal(d.flush(200), null); // not quiet long enough (last packet at 120 ms)
  assert.equal(d.flush(400), '5');
  assert.equal(d.flush(1000), null);
});

test('a retransmitted end packet after flush does not repeat the digit', () => {
  const d = new DtmfDetector();
  const packets = pcap('7');
  assert.equal(detect(packets.slice(0, 7), d), '');
  assert.equal(d.flush(10_000), '7');
  assert.equal(detect(packets.slice(7), d), '');
});

test('payload parse/write round trip and short payloads', () => {
  const b = Buffer.alloc(4);
  writeDtmf(b, 0, { event: 11, end: true, volume: 10, duration: 1280 });
  assert.deepEqual(parseDtmf(b, 0, 4), { event: 11, end: true, volume: 10, duration: 1280 });
  assert.equal(parseDtmf(b, 0, 3), null);
});
