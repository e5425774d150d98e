/**
 * RTP seen on the wire: `dumpcap` (Debian `tshark` package) captures loopback traffic with a BPF
 * filter, `tshark -z rtp,streams` analyses it per stream (sequence gaps, inter-arrival deltas,
 * RFC 3550 jitter from capture timestamps and RTP timestamps). Neither is needed by the server:
 * a bench without them reports what it can and says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export function hasTool(name: string): boolean {
  const r = spawnSync(name, ['-v'], { stdio: 'ignore' });
  return !r.error;
}

export interface CaptureResult {
  captured: number;
  /** Packets the kernel or dumpcap dropped: a capture with drops under-reports loss and jitter. */
  dropped: number;
  /** dumpcap's own summary line, for the figures' notes. */
  summary: string;
}

export interface Capture {
  readonly pid: number;
  stop(): Promise<CaptureResult>;
}

/** Starts dumpcap on `lo`; resolves once it is capturing. */
export function startCapture(file: string, filter: string): Promise<Capture> {
  // 128 bytes keep the RTP header (42 bytes of link/IP/UDP before it) and spare the disk;
  // a 64 MB buffer rides out a busy second at 300 calls (≈ 15 000 packets/s each way).
  const child: ChildProcess = spawn(
    'dumpcap',
    ['-i', 'lo', '-f', filter, '-s', '128', '-B', '64', '-q', '-w', file],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  const orphan = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
  };
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (e) => {
      err += String(e);
      resolve(-1);
    });
  });
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/Capturing on/.test(err) && child.pid)
        resolve({
          pid: child.pid,
          async stop() {
            if (child.exitCode === null) process.kill(child.pid!, 'SIGTERM');
            const code = await exited;
            const m =
              /received\/dropped on interface '[^']*': (\d+)\/(\d+) \(pcap:(\d+)\/dumpcap:(\d+)\/flushed:(\d+)\/ps_ifdrop:(\d+)\)/.exec(
                err,
              );
            if (!m) throw new Error(`dumpcap ended (${code}) without statistics: ${err.trim()}`);
            const dropped = [2, 3, 4, 5, 6].reduce((a, i) => a + Number(m[i]), 0);
            return { captured: Number(m[1]), dropped, summary: m[0] };
          },
        });
    });
    void exited.then((code) => reject(new Error(`dumpcap exited (${code}): ${err.trim()}`)));
  });
}

export interface RtpStream {
  src: string;
  dst: string;
  ssrc: string;
  packets: number;
  /** From sequence numbers (negative: duplicates). */
  lost: number;
  maxDeltaMs: number;
  meanJitterMs: number;
  maxJitterMs: number;
}

/**
 * The RTP streams of a capture; `rtpPorts` (e.g. `40000-40700`) are decoded as RTP, since the
 * heuristic dissector loses ports to other protocols (26000 decodes as Quake).
 */
export function rtpStreams(file: string, rtpPorts: string): RtpStream[] {
  const r = spawnSync(
    'tshark',
    ['-r', file, '-q', '-d', `udp.port==${rtpPorts},rtp`, '-z', 'rtp,streams'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr}`);
  const out: RtpStream[] = [];
  // Start End SrcIP SrcPort DstIP DstPort SSRC Payload Pkts Lost (pct%) MinΔ MeanΔ MaxΔ MinJ MeanJ MaxJ [X]
  const line =
    /^\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+\S+\s+(\d+)\s+(-?\d+)\s+\([^)]*\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/;
  for (const l of r.stdout.split('\n')) {
    const m = line.exec(l);
    if (!m) continue;
    out.push({
      src: `${m[1]}:${m[2]}`,
      dst: `${m[3]}:${m[4]}`,
      ssrc: m[5]!,
      packets: Number(m[6]),
      lost: Number(m[7]),
      maxDeltaMs: Number(m[10]),
      meanJitterMs: Number(m[12]),
      maxJitterMs: Number(m[13]),
    });
  }
  return out;
}
