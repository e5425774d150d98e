import type { TicketRow } from '../../db/schema.ts';
import type { Escalation, TicketSnapshot, TicketStatus } from '../../core/ticket/state-machine.ts';

/** The state machine's view of a ticket row. */
export function snapshotOf(t: TicketRow, agencyRequiresApproval: boolean): TicketSnapshot {
  return {
    status: t.status as TicketStatus,
    escalation: t.escalation as Escalation,
    agencyId: t.agency_id,
    subunitId: t.subunit_id,
    supplementRequested: t.supplement_requested,
    resumeStatus: (t.resume_status as TicketStatus | null) ?? null,
    agencyRequiresApproval,
  };
}
