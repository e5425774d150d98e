/**
 * Real peers for the telephony tests: SIPp (Debian `sip-tester`) and friends, started on
 * 127.0.0.1 with free ports, stopped by PID, their logs kept for the failure message.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SCENARIOS = path.resolve(import.meta.dirname, '..', 'scenarios');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process we own: waited for, or killed by its PID (never by name). */
export class Peer {
  private readonly child: ChildProcess;
  private out = '';
  private err = '';
  readonly done: Promise<Finished>;

  constructor(cmd: string, args: string[], opts: { cwd?: string } = {}) {
    this.child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.err += d.toString()));
    this.done = new Promise((resolve) => {
      this.child.on('exit', (code) => resolve({ code, stdout: this.out, stderr: this.err }));
      this.child.on('error', (e) => resolve({ code: -1, stdout: this.out, stderr: String(e) }));
    });
  }

  /** Everything it wrote so far (stdout, then stderr). */
  output(): string {
    return this.out + this.err;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * SIGTERM, then SIGKILL if it is still there 3 s later (baresip can hang in its
   * un-REGISTER once our server has gone): no peer outlives the test file.
   */
  stop(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.pid) return;
    const pid = this.child.pid;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const kill = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, 3000);
    void this.done.then(() => clearTimeout(kill));
  }
}

/** A free UDP port pair start (even), for RTP. */
export async function freeUdpPort(even = false): Promise<number> {
  for (;;) {
    const s = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      s.bind(0, '127.0.0.1', () => resolve(s.address().port)),
    );
    s.close();
    if (!even || port % 2 === 0) return port;
  }
}

/**
 * A port free for both UDP and TCP on 127.0.0.1 (SIP peers such as baresip listen on both):
 * a UDP-free port can still be some TCP connection's local port.
 */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freeUdpPort();
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

export interface SippRun {
  /** The SIPp process running now (a new one after a retried start). */
  readonly peer: Peer;
  dir: string;
  result: Promise<Finished & { errors: string; messages: string }>;
}

/**
 * A media port for SIPp (`-mp`; it binds it and the next three for audio and video RTP/RTCP).
 * Taken below Linux's ephemeral range (32768+), where only ports tests pick on purpose live:
 * an ephemeral port can be any other test's socket.
 */
function sippMediaPort(): number {
  return 10000 + Math.floor(Math.random() * 2500) * 4;
}

/**
 * Runs SIPp against `target` with a scenario (`-sn <builtin>` or a file in tests/voice/scenarios).
 * One call, global timeout, message and error traces in a temp directory for diagnostics.
 * SIPp that could not bind its media port before sending anything is started again on
 * another one (another test's peer may hold it), up to three times.
 */
export function sipp(
  target: string,
  scenario: { builtin: string } | { file: string },
  extra: string[] = [],
): SippRun {
  const dir = tempDir('sipp');
  const args = (mediaPort: number) => [
    target,
    ...('builtin' in scenario
      ? ['-sn', scenario.builtin]
      : ['-sf', path.resolve(SCENARIOS, scenario.file)]),
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-mp',
    String(mediaPort),
    '-m',
    '1',
    '-l',
    '1',
    '-timeout',
    '30s',
    '-timeout_error',
    '-recv_timeout',
    '15000',
    '-nostdin',
    '-trace_msg',
    '-message_file',
    path.join(dir, 'messages.log'),
    '-trace_err',
    '-error_file',
    path.join(dir, 'errors.log'),
    ...extra,
  ];
  const read = (n: string) =>
    existsSync(path.join(dir, n)) ? readFileSync(path.join(dir, n), 'utf8') : '';
  let peer = new Peer('sipp', args(sippMediaPort()), { cwd: dir });
  const result = (async () => {
    for (let attempt = 1; ; attempt++) {
      const f = await peer.done;
      const unbound =
        f.code !== 0 &&
        /Unable to bind .*RTP socket/.test(f.stdout + f.stderr) &&
        read('messages.log').trim() === '';
      if (!unbound || attempt === 3)
        return { ...f, errors: read('errors.log'), messages: read('messages.log') };
      peer = new Peer('sipp', args(sippMediaPort()), { cwd: dir });
    }
  })();
  return {
    get peer() {
      return peer;
    },
    dir,
    result,
  };
}

/**
 * Waits for SIPp runs together and asserts that each ended with exit code 0 (the message is
 * its stderr and error log); their results, in order.
 */
export async function succeeded<T extends SippRun[]>(
  ...runs: T
): Promise<{ [K in keyof T]: Awaited<SippRun['result']> }> {
  const results = await Promise.all(runs.map((r) => r.result));
  for (const r of results) assert.equal(r.code, 0, `${r.stderr}\n${r.errors}`);
  // One result per run, in order: the tuple type the caller destructures.
  return results as { [K in keyof T]: Awaited<SippRun['result']> };
}

/** A scenario file with `{{name}}` placeholders filled in, written to a temp directory. */
export function scenarioWith(file: string, values: Record<string, string | number>): string {
  let text = readFileSync(path.join(SCENARIOS, file), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`{{${k}}}`, String(v));
  const out = path.join(tempDir('scenario'), file);
  writeFileSync(out, text);
  return out;
}

/** Vietnamese speech as raw G.711 (espeak-ng, then sox to 8 kHz), padded to whole 20 ms frames. */
export function speech(text: string, law: 'ul' | 'al', dir: string): Buffer {
  const wav = path.join(dir, 'speech.wav');
  const raw = path.join(dir, `speech.${law}`);
  execFileSync('espeak-ng', ['-v', 'vi', '-s', '150', '-w', wav, text]);
  execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-t', law, raw, 'gain', '-n', '-3']);
  const audio = readFileSync(raw);
  const frames = Math.floor(audio.length / 160);
  const trimmed = audio.subarray(0, frames * 160);
  writeFileSync(raw, trimmed);
  return trimmed;
}

/**
 * Polls until `f` gives a value. Not a timed assertion: `gone` says when waiting is pointless
 * (a peer exited), and the runner's own timeout ends a test that truly hangs.
 */
export async function until<T>(
  what: string,
  f: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  gone?: () => string | null,
  /** A wait that never ends is a failure with a name, not a hung test run. */
  timeoutMs = 90_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    const why = gone?.();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
