/**
 * Working-hours calendar for administrators.
 *
 *   npm run -s calendar -- add <ISO-instant> <hours>   → the instant N working hours later
 *   npm run -s calendar -- between <ISO-instant> <ISO-instant> → working hours between
 *   npm run -s calendar -- holidays <year>              → the year's non-working days
 *   npm run -s calendar -- export <year>                → iCalendar of the year's special days
 *
 * Uses the tenant's default calendar from the database (the server's configuration).
 */
import { formatInstant } from '../core/calendar/zone.ts';
import { orgRepository } from '../modules/org/org.repository.ts';
import { buildServices } from '../app/services.ts';
import { openCli, fail } from './shared.ts';

const [cmd, a, b] = process.argv.slice(2);
const usage =
  'usage: calendar add <ISO-instant> <hours> | between <from> <to> | holidays <year> | export <year>';
if (!cmd) fail(usage);

function parseInstant(s: string | undefined): Date {
  // An instant needs a zone: a bare local time would be read in the machine's zone.
  if (!s || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    fail(`invalid instant "${s ?? ''}": use ISO-8601 with a zone, e.g. 2026-02-13T16:00:00+07:00`);
  }
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) fail(`invalid instant "${s}"`);
  return d;
}

const { ctx, conn } = await openCli();
try {
  const tenant = await orgRepository.firstTenant(ctx.db);
  const wt = await buildServices(ctx).calendars.forAgency(
    tenant?.id ?? '00000000-0000-0000-0000-000000000000',
    null,
  );
  const tz = wt.cal.timezone;
  switch (cmd) {
    case 'add': {
      const start = parseInstant(a);
      const hours = Number(b);
      if (!b || !Number.isFinite(hours) || hours < 0) fail(`invalid hours "${b ?? ''}"`);
      process.stdout.write(`${formatInstant(wt.addWorkingHours(start, hours), tz)}\n`);
      break;
    }
    case 'between': {
      const ms = wt.workingMillisBetween(parseInstant(a), parseInstant(b));
      process.stdout.write(`${(ms / 3_600_000).toFixed(2)}\n`);
      break;
    }
    case 'holidays': {
      const year = Number(a);
      if (!Number.isInteger(year) || year < 1900 || year > 2199) fail(`invalid year "${a ?? ''}"`);
      for (const d of wt.cal.nonWorkingDays(year)) {
        process.stdout.write(`${d.date}\t${d.kind}\t${d.nameVi}\t${d.nameEn}\n`);
      }
      break;
    }
    case 'export': {
      const year = Number(a);
      if (!Number.isInteger(year)) fail(`invalid year "${a ?? ''}"`);
      const { calendarToICalendar } = await import('../core/calendar/ical.ts');
      process.stdout.write(calendarToICalendar(wt.cal, year, { calendarName: `open1022 ${year}` }));
      break;
    }
    default:
      fail(usage);
  }
} finally {
  await conn.close();
}
