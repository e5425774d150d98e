import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import type { LivePublisher } from '../../realtime/publisher.ts';
import { ticketRooms } from '../../realtime/events.ts';
import { ticketRepository } from '../ticket/ticket.repository.ts';
import { DeadlineRepository } from './deadline.repository.ts';
import type { WorkingTime } from './deadline.service.ts';
import { rescheduleDeadline } from './reschedule.ts';
import { appendAuditMany } from '../audit/audit.repository.ts';

export interface MovedDeadline {
  ticketId: string;
  code: string;
  status: string;
  escalation: string;
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
 * same transaction as the change, with a timeline event on each ticket saying why.
 */
export class DeadlineRescheduler {
  private readonly deadlines: DeadlineRepository;
  private readonly tickets = ticketRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly live: LivePublisher,
  ) {
    this.deadlines = new DeadlineRepository(ctx.db);
  }

  /** Moves the deadlines; call inside the transaction that changes the calendar. */
  async reschedule(
    trx: Transaction<Database>,
    actor: Actor,
    scope: { calendarId: string; isDefault: boolean } | { agencyId: string },
    before: WorkingTime,
    after: WorkingTime,
  ): Promise<MovedDeadline[]> {
    const now = this.ctx.clock.now();
    const running = await this.deadlines.runningOn(trx, actor.tenantId, scope);
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
    await this.deadlines.moveMany(trx, moves);
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

  /**
   * After commit: tells the screens showing those tickets (their countdowns move) and, for a
   * calendar change, every screen (countdowns of other tickets recompute on the new hours).
   */
  announce(
    tenantId: string,
    moved: MovedDeadline[],
    calendar?: { id: string; isDefault: boolean },
  ) {
    if (calendar)
      this.live.publish('calendar.updated', [`all:${tenantId}`], {
        calendarId: calendar.id,
        isDefault: calendar.isDefault,
      });
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
