import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { runningPostmaster } from '../../src/db/embedded.ts';

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** utime + stime (seconds) of `pid`'s own threads, from /proc/<pid>/stat. */
function procCpu(statText: string): { ppid: number; cpu: number } {
  const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): ppid = field 4, utime = 14, stime = 15.
  return { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / clockTicks() };
}

/** CPU seconds (all threads) used so far by another process, NaN once it has exited. */
export function pidCpuSeconds(pid: number): number {
  try {
    return procCpu(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpu;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by a postmaster and each of its live children, by pid. */
function postgresCpu(postmasterPid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = procCpu(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (Number(name) === postmasterPid || s.ppid === postmasterPid) out.set(Number(name), s.cpu);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU used between two snapshots by processes alive at the second (new ones count fully). */
function pgDelta(a: Map<number, number>, b: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of b) total += cpu - (a.get(pid) ?? 0);
  return total;
}

/** CPU seconds of this process's main thread (its tid is the pid): the server's thread. */
function mainThreadCpu(): number {
  try {
    return procCpu(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')).cpu;
  } catch {
    return Number.NaN;
  }
}

export interface CpuSnapshot {
  wall: number;
  node: NodeJS.CpuUsage;
  mainThread: number;
  /** pid → CPU seconds; processes that exit during a window drop out of it. */
  pg: Map<number, number>;
  elu: EventLoopUtilization;
}

export interface CpuDelta {
  seconds: number;
  /** CPU seconds per wall second (2 cores → at most 2). */
  nodeCores: number;
  /** The main thread only: the server's JavaScript, the pg client, syscalls. */
  mainThreadCores: number;
  pgCores: number;
  /** Share of time this (the server's) event loop was busy, 0..1. */
  eventLoopUtilization: number;
}

/**
 * Where CPU goes during a load window: this Node process (server + load-generator thread),
 * its main thread alone (the server), the PostgreSQL processes of the bench cluster, and the
 * main thread's event-loop utilisation (busy wall time, inflated when the CPU is contended).
 */
export class CpuMeter {
  private readonly pid: number | undefined;
  constructor(dataDir: string) {
    this.pid = runningPostmaster(path.join(dataDir, 'db'))?.pid;
  }
  snapshot(): CpuSnapshot {
    return {
      wall: performance.now(),
      node: process.cpuUsage(),
      mainThread: mainThreadCpu(),
      pg: this.pid ? postgresCpu(this.pid) : new Map(),
      elu: performance.eventLoopUtilization(),
    };
  }
  delta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
    const seconds = (b.wall - a.wall) / 1000;
    const nodeNow = b.node.user + b.node.system - (a.node.user + a.node.system);
    return {
      seconds,
      nodeCores: nodeNow / 1e6 / seconds,
      mainThreadCores: (b.mainThread - a.mainThread) / seconds,
      pgCores: this.pid ? pgDelta(a.pg, b.pg) / seconds : Number.NaN,
      eventLoopUtilization: performance.eventLoopUtilization(b.elu, a.elu).utilization,
    };
  }
}

/** Hooks for `runLoad` that measure CPU over its measured window. */
export function cpuHooks(meter: CpuMeter): {
  onMeasureStart: () => void;
  onMeasureEnd: () => void;
  result: () => CpuDelta | undefined;
} {
  let a: CpuSnapshot | undefined;
  let d: CpuDelta | undefined;
  return {
    onMeasureStart: () => (a = meter.snapshot()),
    onMeasureEnd: () => {
      if (a) d = meter.delta(a, meter.snapshot());
    },
    result: () => d,
  };
}
