import type { Transaction } from 'kysely';
import type { Database, DeadlineKind, DeadlineRow, TicketRow } from '../../db/schema.ts';
import type { AppContext } from '../../app/context.ts';
import type { Q } from '../../db/helpers.ts';
import type { Effect } from '../../core/ticket/state-machine.ts';
import { deadlineRepository } from './deadline.repository.ts';
import { slaSettings, type SlaSettings } from './sla.settings.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { ConfigCache } from '../../app/config-cache.ts';

export type { WorkingTime } from '../../core/calendar/types.ts';

/**
 * Applies the deadline effects of a transition (R-SLA-1..4): start the focal-point or head
 * clock in working hours, pause it while the citizen supplements, close it when answered.
 */
export class DeadlineService {
  /** The deadline rows, for the sweeper (which claims and fires them). */
  readonly repo = deadlineRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly calendars: CalendarService,
    private readonly config: ConfigCache,
  ) {}

  /** Inside a transaction, pass it: a second pool connection per transition can exhaust the pool. */
  async settings(tenantId: string, q: Q = this.ctx.db): Promise<SlaSettings> {
    const t = await this.config.tenant(tenantId, q);
    return slaSettings(t?.settings);
  }

  async apply(
    trx: Transaction<Database>,
    ticket: TicketRow,
    effects: Effect[],
    now: Date,
  ): Promise<DeadlineRow[]> {
    const started: DeadlineRow[] = [];
    for (const e of effects) {
      switch (e.type) {
        case 'cancel_deadlines':
          await this.repo.close(trx, ticket.id, 'cancelled', now);
          break;
        case 'complete_deadlines':
          await this.repo.close(trx, ticket.id, 'met', now);
          break;
        case 'start_deadline':
          started.push(await this.start(trx, ticket, e.kind, now));
          break;
        case 'pause_deadlines': {
          const cal = await this.calendars.forAgency(ticket.tenant_id, ticket.agency_id, trx);
          for (const d of await this.repo.open(trx, ticket.id, ['pending'])) {
            await this.repo.pause(trx, d.id, Math.max(0, cal.workingMillisBetween(now, d.due_at)));
          }
          break;
        }
        case 'resume_deadlines': {
          const cal = await this.calendars.forAgency(ticket.tenant_id, ticket.agency_id, trx);
          const sla = await this.settings(ticket.tenant_id, trx);
          for (const d of await this.repo.open(trx, ticket.id, ['paused'])) {
            const remainingH = Number(d.remaining_ms ?? 0) / 3_600_000;
            const due = cal.addWorkingHours(now, remainingH);
            const total = this.hoursFor(d.kind, sla);
            const warnLeftH = total * (1 - sla.warnRatio);
            const warn =
              d.warn_at && !d.warned_at && remainingH > warnLeftH && sla.warnRatio > 0
                ? cal.addWorkingHours(now, remainingH - warnLeftH)
                : null;
            await this.repo.resume(trx, d.id, due, warn);
          }
          break;
        }
        case 'notify':
          break;
      }
    }
    return started;
  }

  private hoursFor(kind: DeadlineKind, sla: SlaSettings): number {
    return kind === 'head' ? sla.headHours : sla.focalPointHours;
  }

  private async start(
    trx: Transaction<Database>,
    ticket: TicketRow,
    kind: DeadlineKind,
    now: Date,
  ) {
    const cal = await this.calendars.forAgency(ticket.tenant_id, ticket.agency_id, trx);
    if (kind === 'promised') {
      if (!ticket.promised_date) throw new Error('promised deadline without a promised date');
      return this.repo.insert(trx, {
        tenantId: ticket.tenant_id,
        ticketId: ticket.id,
        kind,
        startsAt: now,
        warnAt: null,
        dueAt: cal.endOfWorkingDay(ticket.promised_date),
      });
    }
    const sla = await this.settings(ticket.tenant_id, trx);
    const hours = this.hoursFor(kind, sla);
    return this.repo.insert(trx, {
      tenantId: ticket.tenant_id,
      ticketId: ticket.id,
      kind,
      startsAt: now,
      warnAt: sla.warnRatio > 0 ? cal.addWorkingHours(now, hours * sla.warnRatio) : null,
      dueAt: cal.addWorkingHours(now, hours),
    });
  }
}
