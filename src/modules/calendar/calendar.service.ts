import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { WorkCalendar, type WorkCalendarConfig } from '../../core/calendar/working-time.ts';
import { instantFromLocal } from '../../core/calendar/zone.ts';
import type { CalendarException, TimeRange } from '../../core/calendar/types.ts';
import { importICalendarExceptions } from '../../core/calendar/ical.ts';
import type { WorkingTime } from '../sla/deadline.service.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ALL_ROLES, requireRole, type Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import type { DeadlineRescheduler } from '../sla/deadline.rescheduler.ts';
import type { Transaction } from 'kysely';
import {
  calendarConfigSchema,
  type CalendarConfigInput,
  type ExceptionBody,
} from './calendar.schema.ts';

// Calendars change rarely (an administrator adds a holiday); computing deadlines happens on
// every forward. Cache compiled calendars briefly so that other app nodes see a change within
// seconds without a query per deadline.
const CACHE_TTL_MS = 5_000;

export class CalendarWorkingTime implements WorkingTime {
  constructor(readonly cal: WorkCalendar) {}
  addWorkingHours(start: Date, hours: number) {
    return this.cal.addWorkingHours(start, hours);
  }
  workingMillisBetween(a: Date, b: Date) {
    return this.cal.workingMillisBetween(a, b);
  }
  endOfWorkingDay(date: string) {
    const info = this.cal.dayInfo(date);
    const last = info.intervals[info.intervals.length - 1];
    return instantFromLocal(date, last ? last[1] : '23:59', this.cal.timezone);
  }
}

export function buildCalendar(
  config: Record<string, unknown>,
  exceptions: CalendarException[],
): WorkCalendar {
  const c = calendarConfigSchema.parse(config);
  const cfg: WorkCalendarConfig = {
    timezone: c.timezone,
    statutoryHolidays: c.statutoryHolidays,
    knownNotices: c.knownNotices,
    exceptions,
    ...(c.seasons ? { seasons: c.seasons as WorkCalendarConfig['seasons'] } : {}),
    ...(c.adjacentNationalDay
      ? {
          adjacentNationalDay: Object.fromEntries(
            Object.entries(c.adjacentNationalDay).map(([y, v]) => [Number(y), v]),
          ),
        }
      : {}),
  };
  return new WorkCalendar(cfg);
}

/** Working-hours calendars per tenant, overridable per agency (R-SLA-4). */
export class CalendarService {
  private readonly cache = new TtlCache<CalendarWorkingTime>(CACHE_TTL_MS);
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
    private readonly rescheduler: DeadlineRescheduler,
  ) {}

  /**
   * The compiled calendar. Pass the transaction when inside one: a load on the pool while
   * every pooled connection sits in a transition would wait forever.
   */
  load(calendarId: string | null, q: Kysely<Database> = this.ctx.db): Promise<CalendarWorkingTime> {
    if (!calendarId)
      return this.cache.get('builtin', async () => new CalendarWorkingTime(new WorkCalendar()));
    return this.cache.get(calendarId, () => this.compile(calendarId, q));
  }

  /** The calendar as stored now, bypassing the cache. */
  private async compile(calendarId: string, q: Kysely<Database>): Promise<CalendarWorkingTime> {
    const row = await q
      .selectFrom('calendar')
      .selectAll()
      .where('id', '=', calendarId)
      .executeTakeFirstOrThrow();
    const ex = await q
      .selectFrom('calendar_exception')
      .selectAll()
      .where('calendar_id', '=', calendarId)
      .orderBy('date')
      .execute();
    return new CalendarWorkingTime(
      buildCalendar(
        row.config,
        ex.map((e) => ({
          date: e.date,
          kind: e.kind,
          nameVi: e.name_vi,
          nameEn: e.name_en,
          ...(e.intervals ? { intervals: e.intervals as TimeRange[] } : {}),
        })),
      ),
    );
  }

  /** The calendar an agency's deadlines run on: its own, else the tenant's default. */
  async forAgency(
    tenantId: string,
    agencyId: string | null,
    q: Kysely<Database> = this.ctx.db,
  ): Promise<CalendarWorkingTime> {
    let id: string | null = null;
    if (agencyId) id = (await this.config.agency(agencyId, q))?.calendar_id ?? null;
    id ??= await this.config.defaultCalendarId(tenantId, q);
    return this.load(id, q);
  }

  /** A calendar of its own for agencies whose office hours differ (R-SLA-4). */
  async create(actorIn: Actor | undefined, name: string, config: CalendarConfigInput) {
    const actor = requireRole(actorIn, ['admin']);
    try {
      buildCalendar(config, []);
    } catch (err) {
      throw new AppError('validation_failed', [
        { path: 'config', message: (err as Error).message },
      ]);
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('calendar')
        .values({ tenant_id: actor.tenantId, name, config: JSON.stringify(config) })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditBy(trx, actor, {
        action: 'calendar.create',
        entityType: 'calendar',
        entityId: row.id,
        data: { name, config },
        at: this.ctx.clock.now(),
      });
      return row;
    });
  }

  async list(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ALL_ROLES);
    return this.ctx.db
      .selectFrom('calendar')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('name')
      .execute();
  }

  private async own(actor: Actor, id: string) {
    const row = await this.ctx.db
      .selectFrom('calendar')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    return row;
  }

  async detail(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const row = await this.own(actor, id);
    const exceptions = await this.ctx.db
      .selectFrom('calendar_exception')
      .selectAll()
      .where('calendar_id', '=', id)
      .orderBy('date')
      .execute();
    return { row, exceptions };
  }

  async workingTime(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, ALL_ROLES);
    await this.own(actor, id);
    return this.load(id);
  }

  private invalidate(id: string) {
    this.cache.delete(id);
  }

  /**
   * Every change to a calendar: under a lock on the calendar row, apply it, then move the
   * running deadlines on that calendar (R-SLA-4) and audit both, in one transaction. Returns
   * how many deadlines moved.
   */
  private async change(
    actor: Actor,
    id: string,
    audit: { action: string; data: Record<string, unknown> },
    mutate: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<number> {
    const row = await this.own(actor, id);
    const now = this.ctx.clock.now();
    const moved = await this.ctx.db.transaction().execute(async (trx) => {
      await trx.selectFrom('calendar').select('id').where('id', '=', id).forUpdate().execute();
      const before = await this.compile(id, trx);
      await mutate(trx);
      await trx.updateTable('calendar').set({ updated_at: now }).where('id', '=', id).execute();
      const after = await this.compile(id, trx);
      const moved = await this.rescheduler.reschedule(
        trx,
        actor,
        { calendarId: id, isDefault: row.is_default },
        before,
        after,
      );
      await auditBy(trx, actor, {
        action: audit.action,
        entityType: 'calendar',
        entityId: id,
        data: { ...audit.data, deadlinesMoved: moved.length },
        at: now,
      });
      return moved;
    });
    this.invalidate(id);
    this.rescheduler.announce(actor.tenantId, moved, { id, isDefault: row.is_default });
    return moved.length;
  }

  /** New weekly schedule / seasons / holiday rules for a calendar. */
  async updateConfig(actorIn: Actor | undefined, id: string, config: CalendarConfigInput) {
    const actor = requireRole(actorIn, ['admin']);
    try {
      buildCalendar(config, []);
    } catch (err) {
      throw new AppError('validation_failed', [
        { path: 'config', message: (err as Error).message },
      ]);
    }
    return this.change(actor, id, { action: 'calendar.update', data: config }, async (trx) => {
      await trx
        .updateTable('calendar')
        .set({ config: JSON.stringify(config) })
        .where('id', '=', id)
        .execute();
    });
  }

  /** A holiday, day off, make-up working day or special hours on one date. */
  async upsertException(actorIn: Actor | undefined, id: string, e: ExceptionBody) {
    const actor = requireRole(actorIn, ['admin']);
    if (e.kind === 'holiday' && e.intervals) {
      throw new AppError('validation_failed', [
        { path: 'intervals', message: 'a holiday has no working intervals' },
      ]);
    }
    return this.change(
      actor,
      id,
      { action: 'calendar.exception.upsert', data: { ...e } },
      async (trx) => {
        await trx
          .insertInto('calendar_exception')
          .values({
            calendar_id: id,
            date: e.date,
            kind: e.kind,
            name_vi: e.nameVi,
            name_en: e.nameEn,
            intervals: e.intervals ? JSON.stringify(e.intervals) : null,
          })
          .onConflict((oc) =>
            oc.columns(['calendar_id', 'date']).doUpdateSet({
              kind: e.kind,
              name_vi: e.nameVi,
              name_en: e.nameEn,
              intervals: e.intervals ? JSON.stringify(e.intervals) : null,
            }),
          )
          .execute();
      },
    );
  }

  async deleteException(actorIn: Actor | undefined, id: string, date: string) {
    const actor = requireRole(actorIn, ['admin']);
    return this.change(
      actor,
      id,
      { action: 'calendar.exception.delete', data: { date } },
      async (trx) => {
        const r = await trx
          .deleteFrom('calendar_exception')
          .where('calendar_id', '=', id)
          .where('date', '=', date)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) throw new AppError('not_found');
      },
    );
  }

  /** Imports an iCalendar file's days as exceptions (R-SLA-4); all or nothing. */
  async importICalendar(actorIn: Actor | undefined, id: string, text: string) {
    const actor = requireRole(actorIn, ['admin']);
    let items: CalendarException[];
    try {
      items = importICalendarExceptions(text);
    } catch (err) {
      throw new AppError('validation_failed', [{ path: 'body', message: (err as Error).message }]);
    }
    await this.change(
      actor,
      id,
      {
        action: 'calendar.import',
        data: { count: items.length, dates: items.map((i) => i.date) },
      },
      async (trx) => {
        for (const e of items) {
          const intervals = e.intervals ? JSON.stringify(e.intervals) : null;
          const nameVi = e.nameVi || e.nameEn || 'Nhập từ iCalendar';
          await trx
            .insertInto('calendar_exception')
            .values({
              calendar_id: id,
              date: e.date,
              kind: e.kind,
              name_vi: nameVi,
              name_en: e.nameEn,
              intervals,
            })
            .onConflict((oc) =>
              oc
                .columns(['calendar_id', 'date'])
                .doUpdateSet({ kind: e.kind, name_vi: nameVi, name_en: e.nameEn, intervals }),
            )
            .execute();
        }
      },
    );
    return items.length;
  }
}
