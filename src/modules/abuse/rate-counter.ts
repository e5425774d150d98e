import { createHash } from 'node:crypto';
import type { Q } from '../../db/helpers.ts';
import { rateCounterRepository as repo } from './abuse.repository.ts';

/** A limit: at most `limit` hits per `windowMs` for one key of a scope. */
export interface RateRule {
  scope: string;
  limit: number;
  windowMs: number;
}

export interface RateResult {
  allowed: boolean;
  /** The estimated hits in the last window, this one included. */
  count: number;
  /** Seconds until the estimate falls back under the limit (0 when allowed). */
  retryAfterS: number;
}

/** Counter rows older than this are deleted (longer than the longest window used). */
const RETENTION_MS = 2 * 86_400_000;

/**
 * Rate limits shared by every app node, counted in PostgreSQL. Each hit increments the
 * current fixed window in one upsert (row lock held only for that statement) and reads the
 * previous window; the estimate weighs the previous window by how much of it still overlaps
 * the sliding window ending now — the usual sliding-window approximation, which stops the
 * burst of twice the limit that plain fixed windows allow at a boundary.
 *
 * Keys are stored as sha256 digests, never in clear (phone numbers, addresses).
 */
export class RateCounter {
  constructor(private readonly db: Q) {}

  async hit(rule: RateRule, key: string, now: Date): Promise<RateResult> {
    const keyHash = createHash('sha256').update(`${rule.scope}\n${key}`).digest('hex');
    const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
    const cur = new Date(start);
    const prev = new Date(start - rule.windowMs);
    const row = await repo.hit(this.db, {
      scope: rule.scope,
      keyHash,
      current: cur,
      previous: prev,
    });
    const elapsed = (now.getTime() - start) / rule.windowMs;
    const count = Math.floor(row.prev * (1 - elapsed)) + row.cur;
    // Old windows go away now and then: one hit in a hundred sweeps, so no job is needed.
    if (Math.random() < 0.01) await this.sweep(now);
    if (count <= rule.limit) return { allowed: true, count, retryAfterS: 0 };
    // The previous window's weight shrinks linearly; when it cannot bring the count back under
    // the limit, the next window does.
    const over = count - rule.limit;
    const wait =
      row.prev > 0 && over <= row.prev * (1 - elapsed)
        ? Math.ceil(((over / row.prev) * rule.windowMs) / 1000)
        : Math.ceil((start + rule.windowMs - now.getTime()) / 1000);
    return { allowed: false, count, retryAfterS: Math.max(1, wait) };
  }

  async sweep(now: Date): Promise<number> {
    return repo.sweep(this.db, new Date(now.getTime() - RETENTION_MS));
  }
}
