import type { Escalation, TicketStatus } from '../../contract/enums.ts';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import type { LivePublisher } from '../../realtime/publisher.ts';
import { ticketRooms } from '../../realtime/events.ts';
import { ticketRepository } from '../ticket/ticket.repository.ts';
import type { CalendarChange, CalendarListener } from '../calendar/calendar.service.ts';
import { deadlineRepository } from './deadline.repository.ts';
import { rescheduleDeadline } from './reschedule.ts';
import { appendAuditMany } from '../audit/audit.repository.ts';

export interface MovedDeadline {
  ticketId: string;
  code: string;
  status: TicketStatus;
  escalation: Escalation;
  agencyId: string | null;
  subunitId: string | null;
  kind: string;
  from: Date;
  to: Date;
}

/**
 * Keeps running deadlines true to the calendar they run on (R-SLA-4): when an administrator
 * declares a holiday, swaps a day or changes office hours — or moves an agency to another
 * calendar — every pending deadline on it is laid out again (see `rescheduleDeadline`), in the
 * same transaction as the change, with a timeline event on each ticket saying why. It listens to
 * the calendar module (`CalendarService.onCalendarChanged`, wired in app/services), which
 * knows nothing of deadlines.
 */
export class DeadlineRescheduler {
  private readonly tickets = ticketRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly live: LivePublisher,
  ) {}

  /** The calendar listener: moves the deadlines in the change's transaction, announces after. */
  readonly calendarChanged: CalendarListener = async (trx, change) => {
    const moved = await this.reschedule(trx, change);
    return {
      moved: moved.length,
      afterCommit: () => this.announce(change.actor.tenantId, moved),
    };
  };

  /** Moves the deadlines; call inside the transaction that changes the calendar. */
  async reschedule(
    trx: Transaction<Database>,
    { actor, scope, before, after }: CalendarChange,
  ): Promise<MovedDeadline[]> {
    const now = this.ctx.clock.now();
    const running = await deadlineRepository.runningOn(trx, actor.tenantId, scope);
    const moves: { id: string; dueAt: Date; warnAt: Date | null }[] = [];
    const moved: MovedDeadline[] = [];
    for (const d of running) {
      const to = rescheduleDeadline(
        { dueAt: d.due_at, warnAt: d.warn_at, warnedAt: d.warned_at },
        before,
        after,
        now,
      );
      if (!to) continue;
      moves.push({ id: d.id, ...to });
      moved.push({
        ticketId: d.ticket_id,
        code: d.code,
        status: d.status,
        escalation: d.escalation,
        agencyId: d.agency_id,
        subunitId: d.subunit_id,
        kind: d.kind,
        from: d.due_at,
        to: to.dueAt,
      });
    }
    await deadlineRepository.moveMany(trx, moves);
    const cause =
      'agencyId' in scope ? { agencyId: scope.agencyId } : { calendarId: scope.calendarId };
    const eventIds = await this.tickets.insertEvents(
      trx,
      moved.map((m) => ({
        ticketId: m.ticketId,
        tenantId: actor.tenantId,
        action: 'deadline_rescheduled',
        fromStatus: m.status,
        toStatus: m.status,
        actorId: actor.userId,
        actorRole: actor.role,
        agencyId: m.agencyId,
        note: null,
        data: { kind: m.kind, from: m.from.toISOString(), to: m.to.toISOString(), ...cause },
        at: now,
      })),
    );
    await appendAuditMany(
      trx,
      moved.map((m, i) => ({
        tenantId: actor.tenantId,
        actorId: actor.userId,
        actorLabel: actor.username,
        action: 'ticket.deadline_rescheduled',
        entityType: 'ticket',
        entityId: m.ticketId,
        data: {
          code: m.code,
          kind: m.kind,
          from: m.from.toISOString(),
          to: m.to.toISOString(),
          ...cause,
          eventId: eventIds[i],
        },
        at: now,
      })),
    );
    return moved;
  }

  /** After commit: tells the screens showing those tickets (their countdowns move). */
  announce(tenantId: string, moved: MovedDeadline[]) {
    for (const m of moved) {
      this.live.publish('ticket.updated', ticketRooms(tenantId, [m.agencyId, m.subunitId]), {
        ticketId: m.ticketId,
        code: m.code,
        status: m.status,
        escalation: m.escalation,
        agencyId: m.agencyId,
        subunitId: m.subunitId,
        action: 'deadline_rescheduled',
      });
    }
  }
}
