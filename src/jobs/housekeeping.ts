/**
 * Housekeeping: rows that only mattered for a moment are removed once nobody can need them,
 * so tables that every login or transfer writes to do not grow for ever. Idempotent plain
 * DELETEs: several workers running it at once remove each row once.
 *
 * - expired sessions (a day after expiry), failed-sign-in streaks quiet for a day, and
 *   devices and addresses that have not signed in for 90 days;
 * - live-call commands (transfer, complete, cancel) after a week: the transfer itself is kept
 *   in `call_transfer`, on the ticket's timeline and in the audit trail.
 */
import type { AppContext } from '../app/context.ts';
import { authRepository } from '../modules/auth/auth.repository.ts';
import { KNOWN_FOR_MS } from '../core/auth/throttle.ts';
import { transferRepository } from '../voice/transfer/transfer.repository.ts';

const DAY_MS = 24 * 3600_000;

export async function housekeeping(
  ctx: Pick<AppContext, 'db' | 'clock'>,
): Promise<{ sessions: number; commands: number }> {
  const now = ctx.clock.now();
  // Failed sign-ins: a streak ends after a quiet day; known devices are forgotten after 90.
  const sessions = await authRepository.purgeExpired(
    ctx.db,
    new Date(now.getTime() - DAY_MS),
    new Date(now.getTime() - KNOWN_FOR_MS),
  );
  const commands = await transferRepository.purgeCommands(
    ctx.db,
    new Date(now.getTime() - 7 * DAY_MS),
  );
  return { sessions, commands };
}
