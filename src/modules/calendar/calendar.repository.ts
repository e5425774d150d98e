import type { Q } from '../../db/helpers.ts';
import type { CalendarConfig } from '../../contract/calendar.ts';
import type { CalendarException } from '../../core/calendar/types.ts';

/** SQL about working-hours calendars and their exceptions (R-SLA-4). */
export const calendarRepository = {
  /** A calendar of the tenant (undefined for another tenant's). */
  get(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('calendar')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** A calendar by id alone: for compiling one that a row already refers to. */
  byId(q: Q, id: string) {
    return q.selectFrom('calendar').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  },

  /** The calendar agencies without one of their own work on, if the tenant set one. */
  async defaultId(q: Q, tenantId: string): Promise<string | null> {
    const r = await q
      .selectFrom('calendar')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('is_default', '=', true)
      .executeTakeFirst();
    return r?.id ?? null;
  },

  list(q: Q, tenantId: string) {
    return q
      .selectFrom('calendar')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
  },

  insert(q: Q, tenantId: string, name: string, config: CalendarConfig) {
    return q
      .insertInto('calendar')
      .values({ tenant_id: tenantId, name, config: JSON.stringify(config) })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Serialises changes to one calendar until the caller's transaction ends. */
  async lock(q: Q, id: string) {
    await q.selectFrom('calendar').select('id').where('id', '=', id).forUpdate().execute();
  },

  async touch(q: Q, id: string, now: Date) {
    await q.updateTable('calendar').set({ updated_at: now }).where('id', '=', id).execute();
  },

  async setConfig(q: Q, id: string, config: CalendarConfig) {
    await q
      .updateTable('calendar')
      .set({ config: JSON.stringify(config) })
      .where('id', '=', id)
      .execute();
  },

  exceptions(q: Q, calendarId: string) {
    return q
      .selectFrom('calendar_exception')
      .selectAll()
      .where('calendar_id', '=', calendarId)
      .orderBy('date')
      .execute();
  },

  /** Sets the exception of one date, replacing the one it had. */
  async upsertException(q: Q, calendarId: string, e: CalendarException) {
    const row = {
      kind: e.kind,
      name_vi: e.nameVi,
      name_en: e.nameEn,
      intervals: e.intervals ? JSON.stringify(e.intervals) : null,
    };
    await q
      .insertInto('calendar_exception')
      .values({ calendar_id: calendarId, date: e.date, ...row })
      .onConflict((oc) => oc.columns(['calendar_id', 'date']).doUpdateSet(row))
      .execute();
  },

  /** Removes the exception of one date; returns whether there was one. */
  async deleteException(q: Q, calendarId: string, date: string): Promise<boolean> {
    const r = await q
      .deleteFrom('calendar_exception')
      .where('calendar_id', '=', calendarId)
      .where('date', '=', date)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
};
