import type { TypedApp } from '../../http/types.ts';
import type { CalendarService } from './calendar.service.ts';
import { formatInstant } from '../../core/calendar/zone.ts';
import { calendarToICalendar } from '../../core/calendar/ical.ts';
import { AppError } from '../../core/errors/codes.ts';
import { idParams } from '../../contract/common.ts';
import {
  calendarBody,
  calendarChanged,
  calendarConfig,
  calendarDetail,
  calendarSummary,
  deadlinePreview,
  exceptionBody,
  exceptionParams,
  icalImported,
  icalText,
  nonWorkingDay,
  previewQuery,
  yearQuery,
} from '../../contract/calendar.ts';
import {
  presentCalendarDetail,
  presentCalendarSummary,
  presentNonWorkingDay,
} from './calendar.presenter.ts';

/** Working-hours calendars (R-SLA-4) under /api/v1/calendars. */
export function calendarRoutes(app: TypedApp, calendars: CalendarService) {
  const tags = ['calendar'];
  app.get(
    '/calendars',
    {
      schema: { tags, response: { 200: calendarSummary.array() } },
      config: { permission: 'calendar.read' },
    },
    async (req) => (await calendars.list(req.actor)).map(presentCalendarSummary),
  );
  app.post(
    '/calendars',
    {
      schema: { tags, body: calendarBody, response: { 201: calendarSummary } },
      config: { permission: 'calendar.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentCalendarSummary(await calendars.create(req.actor, req.body))),
  );
  app.get(
    '/calendars/:id',
    {
      schema: { tags, params: idParams, response: { 200: calendarDetail } },
      config: { permission: 'calendar.read' },
    },
    async (req) => presentCalendarDetail(await calendars.detail(req.actor, req.params.id)),
  );
  app.put(
    '/calendars/:id/config',
    {
      schema: { tags, params: idParams, body: calendarConfig, response: { 200: calendarChanged } },
      config: { permission: 'calendar.manage' },
    },
    async (req) => ({
      ok: true as const,
      deadlinesMoved: await calendars.updateConfig(req.actor, req.params.id, req.body),
    }),
  );
  app.put(
    '/calendars/:id/exceptions',
    {
      schema: { tags, params: idParams, body: exceptionBody, response: { 200: calendarChanged } },
      config: { permission: 'calendar.manage' },
    },
    async (req) => ({
      ok: true as const,
      deadlinesMoved: await calendars.upsertException(req.actor, req.params.id, req.body),
    }),
  );
  app.delete(
    '/calendars/:id/exceptions/:date',
    {
      schema: { tags, params: exceptionParams, response: { 200: calendarChanged } },
      config: { permission: 'calendar.manage' },
    },
    async (req) => ({
      ok: true as const,
      deadlinesMoved: await calendars.deleteException(req.actor, req.params.id, req.params.date),
    }),
  );
  app.get(
    '/calendars/:id/holidays',
    {
      schema: {
        tags,
        params: idParams,
        querystring: yearQuery,
        response: { 200: nonWorkingDay.array() },
      },
      config: { permission: 'calendar.read' },
    },
    async (req) => {
      const wt = await calendars.workingTime(req.actor, req.params.id);
      return wt.cal.nonWorkingDays(req.query.year).map(presentNonWorkingDay);
    },
  );
  app.get(
    '/calendars/:id/preview',
    {
      schema: {
        tags,
        summary: 'When would a deadline of N working hours from an instant fall?',
        params: idParams,
        querystring: previewQuery,
        response: { 200: deadlinePreview },
      },
      config: { permission: 'calendar.read' },
    },
    async (req) => {
      const wt = await calendars.workingTime(req.actor, req.params.id);
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
        querystring: yearQuery,
        produces: ['text/calendar'],
        response: { 200: { content: { 'text/calendar': { schema: icalText } } } },
      },
      config: { permission: 'calendar.read' },
    },
    async (req, reply) => {
      const wt = await calendars.workingTime(req.actor, req.params.id);
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
        consumes: ['text/calendar', 'text/plain'],
        body: icalText,
        response: { 200: icalImported },
      },
      config: { permission: 'calendar.manage' },
      // A JSON body is the wrong kind of file, not a malformed one (415, before validation).
      preValidation: async (req) => {
        if (typeof req.body !== 'string') throw new AppError('unsupported_media_type');
      },
    },
    async (req) => ({
      imported: await calendars.importICalendar(req.actor, req.params.id, req.body),
    }),
  );
}
