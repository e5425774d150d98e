import { Worker } from 'node:worker_threads';

export interface LoadOptions {
  /** Full URL of the endpoint, e.g. http://127.0.0.1:4321/api/v1/tickets. */
  url: string;
  headers?: Record<string, string>;
  /** JSON body sent with every request (POST); none for GET. */
  body?: unknown;
  /** POST (default) or GET. */
  method?: 'GET' | 'POST';
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  /** Requests started and finished inside the measured window. */
  requests: number;
  warmupRequests: number;
  /** Connection-level failures (no HTTP status). */
  errors: number;
  /** HTTP status → count, measured window only. */
  statuses: Record<string, number>;
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  firstFailure?: string;
}

/** Called on the main thread when the measured window starts and ends (±timer precision). */
export interface LoadHooks {
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

/**
 * Closed-loop HTTP load (keep-alive, one connection per concurrent client) for a warm-up,
 * then for a measured window, from a worker thread.
 *
 * ### Examples
 * ```ts
 * const r = await runLoad({ url, body, concurrency: 32, warmupMs: 2000, durationMs: 10_000 });
 * console.log(r.rps, r.p50, r.p99);
 * ```
 */
export function runLoad(options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadResult> {
  // The worker is TypeScript: register tsx's loader in the thread before importing it.
  const loader = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./load-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(loader)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`;
  return new Promise((resolve, reject) => {
    const w = new Worker(boot, { eval: true, workerData: options });
    let result: LoadResult | undefined;
    const timers: NodeJS.Timeout[] = [];
    let endPending = false;
    const end = () => {
      if (!endPending) return;
      endPending = false;
      hooks.onMeasureEnd?.();
    };
    w.on('message', (m: { type: 'start' } | { type: 'result'; result: LoadResult }) => {
      if (m.type === 'result') {
        result = m.result;
        return;
      }
      const { onMeasureStart, onMeasureEnd } = hooks;
      if (onMeasureStart) timers.push(setTimeout(onMeasureStart, options.warmupMs));
      if (onMeasureEnd) {
        endPending = true;
        timers.push(setTimeout(end, options.warmupMs + options.durationMs));
      }
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      for (const t of timers) clearTimeout(t);
      end(); // the worker finished before the timer fired: close the window now
      if (result) resolve(result);
      else reject(new Error(`load generator exited with code ${code} without a result`));
    });
  });
}

/** Throws unless every measured request got one of the expected statuses. */
export function assertStatuses(label: string, r: LoadResult, expected: number[]): void {
  const bad = Object.entries(r.statuses).filter(([s]) => !expected.includes(Number(s)));
  if (r.requests === 0 || r.errors > 0 || bad.length > 0) {
    throw new Error(
      `${label}: ${r.requests} requests, ${r.errors} connection errors, statuses ${JSON.stringify(r.statuses)}` +
        (r.firstFailure ? `; first failure: ${r.firstFailure}` : ''),
    );
  }
}
