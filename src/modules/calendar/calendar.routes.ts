import { z } from 'zod';
import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import { formatInstant } from '../../core/calendar/zone.ts';
import { calendarToICalendar } from '../../core/calendar/ical.ts';
import { AppError } from '../../core/errors/codes.ts';
import { calendarConfigSchema, exceptionBody } from './calendar.schema.ts';

const idParams = z.object({ id: z.uuid() });

export function calendarRoutes(app: TypedApp, s: Services) {
  const tags = ['calendar'];
  app.get('/calendars', { schema: { tags } }, async (req) =>
    (await s.calendars.list(req.actor)).map((c) => ({
      id: c.id,
      name: c.name,
      isDefault: c.is_default,
    })),
  );
  app.post(
    '/calendars',
    {
      schema: {
        tags,
        body: z.object({ name: z.string().trim().min(1).max(200), config: calendarConfigSchema }),
      },
    },
    async (req, reply) => {
      const c = await s.calendars.create(req.actor, req.body.name, req.body.config);
      return reply.status(201).send({ id: c.id, name: c.name, isDefault: c.is_default });
    },
  );
  app.get('/calendars/:id', { schema: { tags, params: idParams } }, async (req) => {
    const { row, exceptions } = await s.calendars.detail(req.actor, req.params.id);
    return {
      id: row.id,
      name: row.name,
      isDefault: row.is_default,
      config: row.config,
      exceptions: exceptions.map((e) => ({
        date: e.date,
        kind: e.kind,
        nameVi: e.name_vi,
        nameEn: e.name_en,
        intervals: e.intervals,
      })),
    };
  });
  app.put(
    '/calendars/:id/config',
    { schema: { tags, params: idParams, body: calendarConfigSchema } },
    async (req) => {
      const deadlinesMoved = await s.calendars.updateConfig(req.actor, req.params.id, req.body);
      return { ok: true, deadlinesMoved };
    },
  );
  app.put(
    '/calendars/:id/exceptions',
    { schema: { tags, params: idParams, body: exceptionBody } },
    async (req) => {
      const deadlinesMoved = await s.calendars.upsertException(req.actor, req.params.id, req.body);
      return { ok: true, deadlinesMoved };
    },
  );
  app.delete(
    '/calendars/:id/exceptions/:date',
    { schema: { tags, params: z.object({ id: z.uuid(), date: z.iso.date() }) } },
    async (req) => {
      const deadlinesMoved = await s.calendars.deleteException(
        req.actor,
        req.params.id,
        req.params.date,
      );
      return { ok: true, deadlinesMoved };
    },
  );
  app.get(
    '/calendars/:id/holidays',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2199) }),
      },
    },
    async (req) => {
      const wt = await s.calendars.workingTime(req.actor, req.params.id);
      return wt.cal.nonWorkingDays(req.query.year);
    },
  );
  app.get(
    '/calendars/:id/preview',
    {
      schema: {
        tags,
        summary: 'When would a deadline of N working hours from an instant fall?',
        params: idParams,
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional(),
          hours: z.coerce.number().positive().max(10_000),
        }),
      },
    },
    async (req) => {
      const wt = await s.calendars.workingTime(req.actor, req.params.id);
      const from = req.query.from ? new Date(req.query.from) : new Date();
      const due = wt.addWorkingHours(from, req.query.hours);
      return {
        from: formatInstant(from, wt.cal.timezone),
        hours: req.query.hours,
        dueAt: formatInstant(due, wt.cal.timezone),
      };
    },
  );

  app.get(
    '/calendars/:id/ical',
    {
      schema: {
        tags,
        summary: 'Export special days as iCalendar',
        params: idParams,
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2199) }),
      },
    },
    async (req, reply) => {
      const wt = await s.calendars.workingTime(req.actor, req.params.id);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="open1022-${req.query.year}.ics"`)
        .send(
          calendarToICalendar(wt.cal, req.query.year, {
            calendarName: `open1022 ${req.query.year}`,
          }),
        );
    },
  );
  app.post(
    '/calendars/:id/ical',
    {
      schema: {
        tags,
        summary: 'Import days off / make-up days from an iCalendar file (text/calendar body)',
        params: idParams,
      },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('unsupported_media_type');
      return { imported: await s.calendars.importICalendar(req.actor, req.params.id, req.body) };
    },
  );
}
