import type { AppContext } from '../../app/context.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Actor } from '../auth/actor.ts';
import { statsRepository as repo } from './stats.repository.ts';

/** Vietnam has no daylight saving: the local day starts at 17:00 UTC the day before. */
export function localDayStart(now: Date): Date {
  const local = new Date(now.getTime() + 7 * 3600_000);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - 7 * 3600_000);
}

/**
 * Statistics for those who run the hotline: the per-operator load of the day (R-OP-2), for
 * supervisors (and coordinators and administrators, who answer for the service).
 */
export class StatsService {
  constructor(private readonly ctx: AppContext) {}

  async operatorLoad(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'stats.operators');
    const now = this.ctx.clock.now();
    const dayStart = localDayStart(now);
    const rows = await repo.operatorLoad(this.ctx.db, actor.tenantId, dayStart, now);
    return { dayStart, now, rows };
  }
}
