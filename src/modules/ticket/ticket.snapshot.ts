import type { TicketRow } from '../../db/schema.ts';
import type { TicketSnapshot } from '../../core/ticket/state-machine.ts';
import type { ScopedRow } from '../../core/access/permissions.ts';

/** The state machine's view of a ticket row. */
export function snapshotOf(t: TicketRow, agencyRequiresApproval: boolean): TicketSnapshot {
  return {
    status: t.status,
    escalation: t.escalation,
    agencyId: t.agency_id,
    subunitId: t.subunit_id,
    supplementRequested: t.supplement_requested,
    resumeStatus: t.resume_status,
    agencyRequiresApproval,
  };
}

/** The part of a ticket row that decides who reaches it (permission scopes). */
export function scopeOf(t: Pick<TicketRow, 'agency_id' | 'subunit_id'>): ScopedRow {
  return { agencyId: t.agency_id, subunitId: t.subunit_id };
}
