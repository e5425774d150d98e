import type { Actor } from '../auth/actor.ts';
import type { TicketDetail } from '../../contract/ticket.ts';
import type { TicketDetailRows } from './ticket.service.ts';
import { maskerOf, presentTicket } from './ticket.presenter.ts';

/**
 * A ticket with its complete timeline, deadlines and attachments. A viewer who must see the
 * ticket masked (R-PUB-2) gets every note, event datum and file name through the ticket's one
 * masker, as the ticket's own texts.
 */
export function presentTicketDetail(d: TicketDetailRows, actor: Actor): TicketDetail {
  const m = maskerOf(d.ticket, actor);
  const open = d.deadlines.find((x) => x.status === 'pending' || x.status === 'paused');
  return {
    ...presentTicket(
      {
        ...d.ticket,
        current_due_at: open?.status === 'pending' ? open.due_at : null,
        current_deadline_kind: open?.kind ?? null,
        current_warn_at: open?.warn_at ?? null,
        flag_reasons: d.flags,
      },
      actor,
      d.requiresApproval,
      m,
    ),
    timeline: d.events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor_name ?? (e.actor_role === 'system' ? 'system' : null),
      actorRole: e.actor_role,
      agency: e.agency_name,
      note: m.nullable(e.note),
      data: m.json(e.data),
      at: e.at.toISOString(),
    })),
    deadlines: d.deadlines.map((x) => ({
      id: x.id,
      kind: x.kind,
      status: x.status,
      startsAt: x.starts_at.toISOString(),
      warnAt: x.warn_at?.toISOString() ?? null,
      dueAt: x.due_at.toISOString(),
      remainingMs: x.remaining_ms === null ? null : Number(x.remaining_ms),
      firedAt: x.fired_at?.toISOString() ?? null,
      closedAt: x.closed_at?.toISOString() ?? null,
    })),
    attachments: d.attachments.map((a) => ({
      id: a.id,
      eventId: a.event_id,
      filename: m.filename(a.filename, a.id),
      contentType: a.content_type,
      size: Number(a.size),
      sha256: a.sha256,
      createdAt: a.created_at.toISOString(),
    })),
  };
}
