import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';

/** Hotline actions that count as an operator handling a ticket (R-OP-2 workload). */
export const HANDLING_ACTIONS = [
  'answer_directly',
  'answer_citizen',
  'forward',
  'reject',
  'send_to_coordinator',
  'request_supplement',
  'close',
] as const;

export interface OperatorLoadRow {
  id: string;
  display_name: string;
  username: string;
  created_today: number;
  handled_today: number;
  open_held: number;
  last_action_at: Date | null;
  signed_in: boolean;
}

/** SQL of the statistics the supervisor watches. */
export const statsRepository = {
  /**
   * Per active operator of a tenant, in one statement: tickets recorded since `dayStart`,
   * tickets handled since then (distinct tickets with a hotline action of theirs), tickets
   * they hold that wait at the hotline, their last action and whether a session is open.
   */
  async operatorLoad(
    q: Q,
    tenantId: string,
    dayStart: Date,
    now: Date,
  ): Promise<OperatorLoadRow[]> {
    const r = await sql<OperatorLoadRow>`
      SELECT u.id, u.display_name, u.username,
        (SELECT count(*)::int FROM ticket t
          WHERE t.created_by = u.id AND t.created_at >= ${dayStart}) AS created_today,
        (SELECT count(DISTINCT e.ticket_id)::int FROM ticket_event e
          WHERE e.actor_id = u.id AND e.at >= ${dayStart}
            AND e.action = ANY(${[...HANDLING_ACTIONS]}::text[])) AS handled_today,
        (SELECT count(*)::int FROM ticket t
          WHERE t.assignee_id = u.id
            AND (t.status IN ('received', 'agency_answered')
              OR (t.status = 'awaiting_supplement' AND t.agency_id IS NULL))) AS open_held,
        (SELECT max(e.at) FROM ticket_event e WHERE e.actor_id = u.id) AS last_action_at,
        EXISTS (SELECT 1 FROM session s WHERE s.user_id = u.id AND s.expires_at > ${now})
          AS signed_in
      FROM app_user u
      WHERE u.tenant_id = ${tenantId} AND u.role = 'operator' AND u.active
      ORDER BY u.display_name, u.username`.execute(q);
    return r.rows;
  },
};
