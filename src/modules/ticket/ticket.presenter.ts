import type { TicketRow } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { Masker, knownOf } from '../../core/privacy/mask.ts';
import { availableActions } from '../../core/ticket/state-machine.ts';
import type { DeadlineKind, Ticket, UploadedAttachment } from '../../contract/ticket.ts';
import { snapshotOf } from './ticket.snapshot.ts';

/** A ticket row, with what the list joins to it. */
export type ListRow = TicketRow & {
  current_due_at?: Date | null;
  current_deadline_kind?: DeadlineKind | null;
  current_warn_at?: Date | null;
  /** ticket_flag.reasons when the list joined it. */
  flag_reasons?: string[] | null;
};

/**
 * The masker of `actor` for a ticket: the permission table decides whether they see it masked
 * (R-PUB-2), the ticket's own citizen data is what the finder looks for besides its patterns.
 */
export function maskerOf(
  t: Pick<
    TicketRow,
    'confidential' | 'citizen_name' | 'citizen_phone' | 'citizen_email' | 'citizen_address'
  >,
  actor: Pick<Actor, 'role'>,
): Masker {
  return Masker.for(actor.role, t, knownOf(t));
}

/**
 * A ticket as `actor` may see it: for a viewer who must see it masked (R-PUB-2), the citizen
 * block masked and every free text (subject, content, answers, reasons) through the same
 * masker; and the actions the state machine offers them.
 */
export function presentTicket(
  t: ListRow,
  actor: Actor,
  agencyRequiresApproval = false,
  m: Masker = maskerOf(t, actor),
): Ticket {
  const mask = m.masked;
  return {
    id: t.id,
    code: t.code,
    channel: t.channel,
    status: t.status,
    escalation: t.escalation,
    subject: m.text(t.subject),
    content: m.text(t.content),
    urgency: t.urgency,
    fieldId: t.field_id,
    agencyId: t.agency_id,
    subunitId: t.subunit_id,
    citizen: {
      name: m.name(t.citizen_name),
      phone: m.phone(t.citizen_phone),
      email: m.email(t.citizen_email),
      address: m.address(t.citizen_address),
      organization: m.nullable(t.citizen_org),
      language: t.citizen_language,
    },
    masked: mask,
    confidential: t.confidential,
    flags: t.flag_reasons ?? [],
    location:
      t.latitude !== null || t.org_unit_id
        ? { latitude: t.latitude, longitude: t.longitude, orgUnitId: t.org_unit_id }
        : null,
    supplementRequested: t.supplement_requested,
    promisedDate: t.promised_date,
    answer: m.nullable(t.answer),
    agencyAnswer: m.nullable(t.agency_answer),
    rejectReason: m.nullable(t.reject_reason),
    rejectGuidance: m.nullable(t.reject_guidance),
    reopenCount: t.reopen_count,
    version: t.version,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    forwardedAt: t.forwarded_at?.toISOString() ?? null,
    answeredAt: t.answered_at?.toISOString() ?? null,
    closedAt: t.closed_at?.toISOString() ?? null,
    // Only a running clock has a due time (the list joins pending deadlines only).
    deadline:
      t.current_due_at && t.current_deadline_kind
        ? {
            kind: t.current_deadline_kind,
            dueAt: t.current_due_at.toISOString(),
            warnAt: t.current_warn_at?.toISOString() ?? null,
          }
        : undefined,
    actions: availableActions(snapshotOf(t, agencyRequiresApproval), {
      role: actor.role,
      userId: actor.userId,
      agencyId: actor.agencyId,
    }),
  };
}

/** A file just uploaded, to be linked by its id. */
export function presentUpload(a: {
  id: string;
  filename: string;
  content_type: string;
  size: string;
  sha256: string;
}): UploadedAttachment {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: Number(a.size),
    sha256: a.sha256,
  };
}
