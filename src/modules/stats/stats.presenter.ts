import type { OperatorLoad } from '../../contract/stats.ts';
import type { OperatorLoadRow } from './stats.repository.ts';

export function presentOperatorLoad(r: {
  dayStart: Date;
  now: Date;
  rows: OperatorLoadRow[];
}): OperatorLoad {
  return {
    since: r.dayStart.toISOString(),
    at: r.now.toISOString(),
    operators: r.rows.map((o) => ({
      id: o.id,
      displayName: o.display_name,
      username: o.username,
      createdToday: o.created_today,
      handledToday: o.handled_today,
      openHeld: o.open_held,
      lastActionAt: o.last_action_at?.toISOString() ?? null,
      signedIn: o.signed_in,
    })),
  };
}
