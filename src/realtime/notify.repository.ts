import { sql } from 'kysely';
import type { Q } from '../db/helpers.ts';

/**
 * The NOTIFY statements live events ride on. Inside a transaction PostgreSQL delivers a NOTIFY
 * only at commit; on the database itself, at once.
 */
export const notifyRepository = {
  /** One notification on `channel`. */
  async notify(q: Q, channel: string, payload: string): Promise<void> {
    await sql`SELECT pg_notify(${channel}, ${payload})`.execute(q);
  },

  /**
   * Many payloads on `channel` in one statement, and optionally one empty notification on
   * `wakeChannel` with them.
   */
  async notifyMany(
    q: Q,
    channel: string,
    payloads: string[],
    wake: { channel: string; now: boolean },
  ): Promise<void> {
    await sql`SELECT pg_notify(${channel}, e) FROM unnest(${payloads}::text[]) AS e
      UNION ALL SELECT pg_notify(${wake.channel}, '') WHERE ${wake.now}::boolean`.execute(q);
  },
};
