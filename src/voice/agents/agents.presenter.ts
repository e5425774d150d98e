import type { Agent, WaitingCall } from '../../contract/agents.ts';
import type { Role } from '../../contract/enums.ts';
import type { AgentStateName } from '../../db/schema.ts';

/** An operator as the supervisor's wallboard and the operator's own phone bar see them. */
export function presentAgent(a: {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  sip_username: string | null;
  state: AgentStateName | null;
  since: Date | null;
  wrap_up_until: Date | null;
  queues: string[] | null;
  reason: string | null;
  missed_calls: number | null;
  registrations: string | number | null;
}): Agent {
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    role: a.role,
    sipUsername: a.sip_username,
    state: a.state ?? 'offline',
    since: a.since?.toISOString() ?? null,
    wrapUpUntil: a.wrap_up_until?.toISOString() ?? null,
    queues: a.queues ?? [],
    reason: a.reason,
    missedCalls: a.missed_calls ?? 0,
    registered: Number(a.registrations ?? 0) > 0,
  };
}

/** A caller waiting in a queue (no number: the wallboard shows how many and how long). */
export function presentWaiting(w: {
  call_id: string;
  queue: string;
  entered_at: Date;
}): WaitingCall {
  return { callId: w.call_id, queue: w.queue, enteredAt: w.entered_at.toISOString() };
}
