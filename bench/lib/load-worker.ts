/**
 * The load generator's thread: `concurrency` closed loops, each on its own keep-alive
 * connection, sending the same request until the time is up. Runs in a worker thread so that
 * building requests and reading replies does not share an event loop with the server.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { percentile } from './figures.ts';
import type { LoadOptions, LoadResult } from './load.ts';

const o = workerData as LoadOptions;
const target = new URL(o.url);
const method = o.method ?? 'POST';
const body = method === 'POST' ? Buffer.from(JSON.stringify(o.body)) : undefined;
const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
const headers: http.OutgoingHttpHeaders = {
  ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
  ...o.headers,
};

function send(): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

parentPort!.postMessage({ type: 'start' });
const t0 = performance.now();
const measureFrom = t0 + o.warmupMs;
const end = measureFrom + o.durationMs;
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
let warmupRequests = 0;
let firstFailure: string | undefined;

async function loop(): Promise<void> {
  for (;;) {
    const start = performance.now();
    if (start >= end) return;
    let status: number;
    try {
      const r = await send();
      status = r.status;
      if (status >= 300 && firstFailure === undefined) {
        firstFailure = `${status} ${r.text.slice(0, 300)}`;
      }
    } catch (err) {
      errors++;
      firstFailure ??= String(err);
      await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    const done = performance.now();
    if (start >= measureFrom && done <= end) {
      latencies.push(done - start);
      statuses[status] = (statuses[status] ?? 0) + 1;
    } else if (start < measureFrom) {
      warmupRequests++;
    }
  }
}

await Promise.all(Array.from({ length: o.concurrency }, () => loop()));
agent.destroy();
latencies.sort((a, b) => a - b);
const result: LoadResult = {
  requests: latencies.length,
  warmupRequests,
  errors,
  statuses,
  rps: latencies.length / (o.durationMs / 1000),
  p50: percentile(latencies, 50),
  p90: percentile(latencies, 90),
  p99: percentile(latencies, 99),
  max: latencies.length ? latencies[latencies.length - 1]! : Number.NaN,
  ...(firstFailure === undefined ? {} : { firstFailure }),
};
parentPort!.postMessage({ type: 'result', result });
