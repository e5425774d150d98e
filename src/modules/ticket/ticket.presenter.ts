import type { TicketRow } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { mustMask } from '../../core/access/permissions.ts';
import { availableActions } from '../../core/ticket/state-machine.ts';
import type { DeadlineKind, Ticket, UploadedAttachment } from '../../contract/ticket.ts';
import { snapshotOf } from './ticket.snapshot.ts';

export function maskPhone(p: string | null): string | null {
  if (!p) return p;
  return p.length <= 4
    ? '*'.repeat(p.length)
    : `${p.slice(0, 3)}${'*'.repeat(p.length - 5)}${p.slice(-2)}`;
}
export function maskEmail(e: string | null): string | null {
  if (!e) return e;
  const [user = '', domain = ''] = e.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}
export function maskName(n: string): string {
  return n
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w.slice(0, 1)}.`)
    .join(' ');
}

/** A ticket row, with what the list joins to it. */
export type ListRow = TicketRow & {
  current_due_at?: Date | null;
  current_deadline_kind?: DeadlineKind | null;
  current_warn_at?: Date | null;
  /** ticket_flag.reasons when the list joined it. */
  flag_reasons?: string[] | null;
};

/**
 * A ticket as `actor` may see it: the citizen masked where the permission table says so
 * (R-PUB-2), and the actions the state machine offers them.
 */
export function presentTicket(t: ListRow, actor: Actor, agencyRequiresApproval = false): Ticket {
  const mask = mustMask(actor.role, t);
  return {
    id: t.id,
    code: t.code,
    channel: t.channel,
    status: t.status,
    escalation: t.escalation,
    subject: t.subject,
    content: t.content,
    urgency: t.urgency,
    fieldId: t.field_id,
    agencyId: t.agency_id,
    subunitId: t.subunit_id,
    citizen: {
      name: mask ? maskName(t.citizen_name) : t.citizen_name,
      phone: mask ? maskPhone(t.citizen_phone) : t.citizen_phone,
      email: mask ? maskEmail(t.citizen_email) : t.citizen_email,
      address: mask ? (t.citizen_address ? '***' : null) : t.citizen_address,
      organization: t.citizen_org,
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
    answer: t.answer,
    agencyAnswer: t.agency_answer,
    rejectReason: t.reject_reason,
    rejectGuidance: t.reject_guidance,
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
