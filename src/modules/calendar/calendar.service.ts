import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import { WorkCalendar, compileIntervals } from '../../core/calendar/working-time.ts';
import { instantFromLocal } from '../../core/calendar/zone.ts';
import type { CalendarException, TimeRange, WorkingTime } from '../../core/calendar/types.ts';
import { importICalendarExceptions } from '../../core/calendar/ical.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import type { Q } from '../../db/helpers.ts';
import type { Database } from '../../db/schema.ts';
import type { LivePublisher } from '../../realtime/publisher.ts';
import type { Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import { calendarRepository as repo } from './calendar.repository.ts';
import {
  buildCalendar,
  type CalendarBody,
  type CalendarConfig,
  type ExceptionBody,
} from '../../contract/calendar.ts';

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

/** A configuration the engine refuses (seasons leaving days uncovered…) is the caller's error. */
function checkConfig(config: CalendarConfig) {
  try {
    buildCalendar(config, []);
  } catch (err) {
    throw new AppError('validation_failed', [{ path: 'config', message: (err as Error).message }]);
  }
}

/**
 * Whose running deadlines a change concerns: every agency working on a calendar (with
 * `isDefault`, also those without one of their own), or one agency moved to another calendar.
 */
export type CalendarScope = { calendarId: string; isDefault: boolean } | { agencyId: string };

/** One change of working time: who made it, where, and the calendar before and after. */
export interface CalendarChange {
  actor: Actor;
  scope: CalendarScope;
  before: WorkingTime;
  after: WorkingTime;
}

/**
 * Told of every calendar change inside the transaction that makes it, so that what depends on
 * working time follows it atomically (the deadline module moves running deadlines, R-SLA-4).
 * Returns how many things it moved and what to do once the change has committed.
 */
export type CalendarListener = (
  trx: Transaction<Database>,
  change: CalendarChange,
) => Promise<{ moved: number; afterCommit: () => void }>;

/**
 * Working-hours calendars per tenant, overridable per agency (R-SLA-4). Staff read them; the
 * administrator changes them, and every change is audited and passed to the listeners
 * (`onCalendarChanged`) in its transaction.
 */
export class CalendarService {
  private readonly cache = new TtlCache<CalendarWorkingTime>(CACHE_TTL_MS);
  private readonly listeners: CalendarListener[] = [];
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
    private readonly live: LivePublisher,
  ) {}

  /** Registers a listener for every later change (wired once in app/services). */
  onCalendarChanged(listener: CalendarListener): void {
    this.listeners.push(listener);
  }

  /**
   * The compiled calendar. Pass the transaction when inside one: a load on the pool while
   * every pooled connection sits in a transition would wait forever.
   */
  load(calendarId: string | null, q: Q = this.ctx.db): Promise<CalendarWorkingTime> {
    if (!calendarId)
      return this.cache.get('builtin', async () => new CalendarWorkingTime(new WorkCalendar()));
    return this.cache.get(calendarId, () => this.compile(calendarId, q));
  }

  /** The calendar as stored now, bypassing the cache. */
  private async compile(calendarId: string, q: Q): Promise<CalendarWorkingTime> {
    const row = await repo.byId(q, calendarId);
    const ex = await repo.exceptions(q, calendarId);
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
    q: Q = this.ctx.db,
  ): Promise<CalendarWorkingTime> {
    let id: string | null = null;
    if (agencyId) id = (await this.config.agency(agencyId, q))?.calendar_id ?? null;
    id ??= await this.config.defaultCalendarId(tenantId, q);
    return this.load(id, q);
  }

  /** A calendar of its own for agencies whose office hours differ (R-SLA-4). */
  async create(actorIn: Actor | undefined, b: CalendarBody) {
    const actor = requirePermission(actorIn, 'calendar.manage');
    checkConfig(b.config);
    return writeAudited(
      this.ctx.db,
      actor,
      { action: 'calendar.create', entityType: 'calendar', data: b, at: this.ctx.clock.now() },
      (trx) => repo.insert(trx, actor.tenantId, b.name, b.config),
    );
  }

  async list(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'calendar.read');
    return repo.list(this.ctx.db, actor.tenantId);
  }

  private async own(actor: Actor, id: string) {
    const row = await repo.get(this.ctx.db, actor.tenantId, id);
    if (!row) throw new AppError('not_found');
    return row;
  }

  async detail(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'calendar.read');
    const row = await this.own(actor, id);
    return { row, exceptions: await repo.exceptions(this.ctx.db, id) };
  }

  async workingTime(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'calendar.read');
    await this.own(actor, id);
    return this.load(id);
  }

  /**
   * Tells the listeners of a change inside its transaction; returns how many things moved
   * and what to announce after commit (`calendar`: the calendar screens reload).
   */
  private async notify(
    trx: Transaction<Database>,
    change: CalendarChange,
    calendar: { id: string; isDefault: boolean } | undefined,
  ): Promise<{ moved: number; afterCommit: () => void }> {
    const results: Awaited<ReturnType<CalendarListener>>[] = [];
    for (const listener of this.listeners) results.push(await listener(trx, change));
    const tenantId = change.actor.tenantId;
    return {
      moved: results.reduce((n, r) => n + r.moved, 0),
      afterCommit: () => {
        // Countdowns of every screen recompute on the new hours.
        if (calendar)
          this.live.publish('calendar.updated', [`all:${tenantId}`], {
            calendarId: calendar.id,
            isDefault: calendar.isDefault,
          });
        for (const r of results) r.afterCommit();
      },
    };
  }

  /**
   * An agency moves from one calendar to another (null: the tenant's default), inside the
   * transaction that moves it: what runs on its working time follows (R-SLA-4). Returns what
   * to run once that transaction has committed.
   */
  async agencyMoved(
    trx: Transaction<Database>,
    actor: Actor,
    agencyId: string,
    from: string | null,
    to: string | null,
  ): Promise<() => void> {
    const fallback = await this.config.defaultCalendarId(actor.tenantId, trx);
    const before = await this.load(from ?? fallback, trx);
    const after = await this.load(to ?? fallback, trx);
    const now = to ?? fallback;
    const { afterCommit } = await this.notify(
      trx,
      { actor, scope: { agencyId }, before, after },
      now ? { id: now, isDefault: to === null } : undefined,
    );
    return afterCommit;
  }

  /**
   * Every change to a calendar: under a lock on the calendar row, apply it, then tell the
   * listeners (running deadlines move, R-SLA-4) and audit, in one transaction. Returns how
   * many deadlines moved.
   */
  private async change(
    actor: Actor,
    id: string,
    audit: { action: string; data: Record<string, unknown> },
    mutate: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<number> {
    const row = await this.own(actor, id);
    const now = this.ctx.clock.now();
    const calendar = { id, isDefault: row.is_default };
    const done = await this.ctx.db.transaction().execute(async (trx) => {
      await repo.lock(trx, id);
      const before = await this.compile(id, trx);
      await mutate(trx);
      await repo.touch(trx, id, now);
      const after = await this.compile(id, trx);
      const scope = { calendarId: id, isDefault: row.is_default };
      const changed = await this.notify(trx, { actor, scope, before, after }, calendar);
      await auditBy(trx, actor, {
        action: audit.action,
        entityType: 'calendar',
        entityId: id,
        data: { ...audit.data, deadlinesMoved: changed.moved },
        at: now,
      });
      return changed;
    });
    this.cache.delete(id);
    done.afterCommit();
    return done.moved;
  }

  /** New weekly schedule / seasons / holiday rules for a calendar. */
  async updateConfig(actorIn: Actor | undefined, id: string, config: CalendarConfig) {
    const actor = requirePermission(actorIn, 'calendar.manage');
    checkConfig(config);
    return this.change(actor, id, { action: 'calendar.update', data: config }, (trx) =>
      repo.setConfig(trx, id, config),
    );
  }

  /** A holiday, day off, make-up working day or special hours on one date. */
  async upsertException(actorIn: Actor | undefined, id: string, e: ExceptionBody) {
    const actor = requirePermission(actorIn, 'calendar.manage');
    if (e.kind === 'holiday' && e.intervals) {
      throw new AppError('validation_failed', [
        { path: 'intervals', message: 'a holiday has no working intervals' },
      ]);
    }
    // Empty, reversed or overlapping hours are the caller's error, not the engine's (R-SEC-1).
    try {
      if (e.intervals) compileIntervals(e.intervals, 'intervals');
    } catch (err) {
      throw new AppError('validation_failed', [
        { path: 'intervals', message: (err as Error).message },
      ]);
    }
    return this.change(actor, id, { action: 'calendar.exception.upsert', data: { ...e } }, (trx) =>
      repo.upsertException(trx, id, e),
    );
  }

  async deleteException(actorIn: Actor | undefined, id: string, date: string) {
    const actor = requirePermission(actorIn, 'calendar.manage');
    return this.change(
      actor,
      id,
      { action: 'calendar.exception.delete', data: { date } },
      async (trx) => {
        if (!(await repo.deleteException(trx, id, date))) throw new AppError('not_found');
      },
    );
  }

  /** Imports an iCalendar file's days as exceptions (R-SLA-4); all or nothing. */
  async importICalendar(actorIn: Actor | undefined, id: string, text: string) {
    const actor = requirePermission(actorIn, 'calendar.manage');
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
          const nameVi = e.nameVi || e.nameEn || 'Nhập từ iCalendar';
          await repo.upsertException(trx, id, { ...e, nameVi });
        }
      },
    );
    return items.length;
  }
}
