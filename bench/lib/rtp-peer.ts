/**
 * The far end of N calls for the voice bench, in its own process: one UDP socket per call,
 * a 20 ms audio frame sent on each every tick, and the frames coming back measured (count,
 * RFC 3550 interarrival jitter). Protocol on stdin/stdout, one JSON line each way:
 *   → {"ports":[…]}             its sockets' ports, once bound
 *   ← {"targets":[…],"ms":N}    the engine's RTP ports; send for N ms
 *   → {"sent":…, "received":…, "expected":…, "jitterMeanMs":…, "jitterMaxMs":…, "jitterP99Ms":…}
 */
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';

const count = Number(process.argv[2] ?? '100');
const sockets: dgram.Socket[] = [];
const stats = Array.from({ length: count }, () => ({
  received: 0,
  transit: 0,
  jitter: 0,
  has: false,
  base: -1,
  max: 0,
  cycles: 0,
}));

for (let i = 0; i < count; i++) {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const st = stats[i]!;
  s.on('message', (m) => {
    st.received++;
    const seq = m.readUInt16BE(2);
    if (st.base < 0) {
      st.base = seq;
      st.max = seq;
    } else {
      const d = (seq - st.max) & 0xffff;
      if (d > 0 && d < 0x8000) {
        if (seq < st.max) st.cycles += 0x10000;
        st.max = seq;
      }
    }
    const ts = m.readUInt32BE(4);
    const arrival = (performance.now() * 8000) / 1000;
    const transit = arrival - ts;
    if (st.has) {
      const d = Math.abs(transit - st.transit);
      if (d < 8000) st.jitter += (d - st.jitter) / 16;
    }
    st.transit = transit;
    st.has = true;
  });
  sockets.push(s);
}
process.stdout.write(`${JSON.stringify({ ports: sockets.map((s) => s.address().port) })}\n`);

const rl = createInterface({ input: process.stdin });
rl.once('line', (line) => {
  const { targets, ms } = JSON.parse(line) as { targets: number[]; ms: number };
  sockets.forEach((s, i) => s.connect(targets[i]!, '127.0.0.1'));
  const packet = sockets.map(() => Buffer.alloc(172, 0xd5));
  let seq = 0;
  let sent = 0;
  const start = performance.now();
  const tick = () => {
    const due = Math.floor((performance.now() - start) / 20);
    while (seq < due) {
      for (let i = 0; i < sockets.length; i++) {
        const b = packet[i]!;
        b[0] = 0x80;
        b[1] = 8;
        b.writeUInt16BE(seq & 0xffff, 2);
        b.writeUInt32BE((seq * 160) >>> 0, 4);
        b.writeUInt32BE(0x1000 + i, 8);
        sockets[i]!.send(b);
        sent++;
      }
      seq++;
    }
    if (performance.now() - start < ms)
      setTimeout(tick, Math.max(0, start + (seq + 1) * 20 - performance.now()));
    else
      setTimeout(() => {
        const received = stats.reduce((a, s) => a + s.received, 0);
        // RFC 3550 A.3: expected from the sequence numbers seen, so what the engine sent
        // before this process listened or after it stopped does not count as lost.
        const expected = stats.reduce(
          (a, s) => a + (s.base < 0 ? 0 : s.cycles + s.max - s.base + 1),
          0,
        );
        const jit = stats.map((s) => (s.jitter * 1000) / 8000);
        process.stdout.write(
          `${JSON.stringify({
            sent,
            received,
            expected,
            jitterMeanMs: jit.reduce((a, b) => a + b, 0) / jit.length,
            jitterMaxMs: Math.max(...jit),
            jitterP99Ms: [...jit].sort((a, b) => a - b)[
              Math.min(jit.length - 1, Math.floor(jit.length * 0.99))
            ],
          })}\n`,
        );
        for (const s of sockets) s.close();
        rl.close();
      }, 300);
  };
  tick();
});
