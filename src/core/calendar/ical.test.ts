import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ICalendarParseError,
  calendarToICalendar,
  escapeText,
  exportICalendar,
  foldContentLine,
  importICalendarExceptions,
  parseICalendar,
  unescapeText,
} from './ical.ts';
import { WorkCalendar, createWorkCalendar } from './working-time.ts';
import type { SpecialDay } from './types.ts';

const STAMP = new Date('2026-01-01T00:00:00Z');
const cal = createWorkCalendar({
  exceptions: [
    {
      date: '2026-03-07',
      kind: 'working',
      nameVi: 'Làm bù; ca sáng, chiều',
      nameEn: 'Make-up day, morning; afternoon',
      intervals: [
        ['08:00', '12:00'],
        ['13:00', '16:00'],
      ],
    },
  ],
});

/** Wraps VEVENT lines into a minimal calendar with the given line ending. */
function wrap(events: string[], eol = '\r\n'): string {
  return (
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join(eol) +
    eol
  );
}

function assertParseError(text: string, pattern: RegExp, line?: number): void {
  assert.throws(
    () => parseICalendar(text),
    (e: unknown) => {
      assert.ok(e instanceof ICalendarParseError, `not an ICalendarParseError: ${String(e)}`);
      assert.match(e.message, pattern);
      if (line !== undefined) assert.equal(e.line, line);
      return true;
    },
  );
}

describe('export', () => {
  const text = calendarToICalendar(cal, 2026, { timestamp: STAMP, calendarName: 'Lịch nghỉ 2026' });

  test('is a CRLF-terminated VCALENDAR with one all-day VEVENT per special day', () => {
    assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'));
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'bare LF found');
    const events = text.split('BEGIN:VEVENT').length - 1;
    assert.equal(events, cal.specialDays('2026-01-01', '2026-12-31').length);
    assert.equal(events, 15); // 13 non-working days + Saturday 10/1 + Saturday 7/3
  });

  test('each event has DTSTART;VALUE=DATE, DTEND the next day, SUMMARY, UID and kind', () => {
    const unfolded = text.replace(/\r\n /g, '');
    assert.match(
      unfolded,
      /BEGIN:VEVENT\r\nUID:20260427-compensation@open1022\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260427\r\nDTEND;VALUE=DATE:20260428\r\nSUMMARY:Nghỉ bù Giỗ Tổ Hùng Vương\r\n/,
    );
    assert.match(unfolded, /DTSTART;VALUE=DATE:20260110\r\nDTEND;VALUE=DATE:20260111\r\n/);
    assert.match(unfolded, /UID:20260110-working@open1022[\s\S]*?X-OPEN1022-KIND:working/);
    assert.match(unfolded, /UID:20260102-holiday@open1022[\s\S]*?X-OPEN1022-KIND:holiday/);
    assert.match(unfolded, /UID:20260101-statutory@open1022[\s\S]*?X-OPEN1022-KIND:statutory/);
    assert.match(unfolded, /X-OPEN1022-INTERVALS:08:00-12:00 13:00-16:00/);
    assert.match(unfolded, /X-WR-CALNAME:Lịch nghỉ 2026/);
  });

  test('UIDs are stable across exports; DTEND rolls over the year end', () => {
    const again = calendarToICalendar(cal, 2026, { timestamp: new Date() });
    const uids = (s: string): string[] => s.match(/^UID:.*$/gm) ?? [];
    assert.deepEqual(uids(again), uids(text));
    const nye = exportICalendar(
      [{ date: '2026-12-31', kind: 'holiday', nameVi: 'Cuối năm', nameEn: "New Year's Eve" }],
      { timestamp: STAMP },
    );
    assert.match(nye, /DTEND;VALUE=DATE:20270101/);
  });

  test('long lines are folded at 75 octets without splitting UTF-8 characters', () => {
    const name =
      'Nghỉ lễ kỷ niệm ngày thành lập tỉnh và hội nghị tổng kết công tác năm 🎉 — đặc biệt dài';
    const out = exportICalendar(
      [{ date: '2026-06-15', kind: 'holiday', nameVi: name, nameEn: name }],
      {
        timestamp: STAMP,
      },
    );
    const bytes = Buffer.from(out, 'utf8');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    let folded = 0;
    for (let i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        const line = bytes.subarray(start, i);
        assert.ok(line.length <= 75, `line of ${line.length} octets`);
        decoder.decode(line); // throws if a character was cut in half
        if (line[0] === 0x20) folded++;
        start = i + 2;
      }
    }
    assert.ok(folded >= 2, 'expected continuation lines');
    assert.equal(parseICalendar(out)[0]?.nameVi, name);
  });

  test('foldContentLine and TEXT escaping', () => {
    assert.equal(foldContentLine('A'.repeat(75)), 'A'.repeat(75));
    assert.equal(foldContentLine('A'.repeat(76)), `${'A'.repeat(75)}\r\n A`);
    assert.equal(
      foldContentLine('B'.repeat(75 + 74 + 1)),
      `${'B'.repeat(75)}\r\n ${'B'.repeat(74)}\r\n B`,
    );
    // 'ệ' is 3 octets: 73 ASCII + 'ệ' would be 76, so it moves to the next line.
    assert.equal(foldContentLine(`${'x'.repeat(73)}ệ`), `${'x'.repeat(73)}\r\n ệ`);
    assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
    assert.equal(unescapeText('a\\,b\\;c\\\\d\\ne\\Nf'), 'a,b;c\\d\ne\nf');
  });
});

describe('round trip', () => {
  test('export → parse reproduces the special days exactly', () => {
    const days = cal.specialDays('2026-01-01', '2026-12-31');
    const parsed = parseICalendar(calendarToICalendar(cal, 2026, { timestamp: STAMP }));
    assert.deepEqual(parsed, days);
  });

  test('imported exceptions rebuild the same closures on a bare calendar', () => {
    const exceptions = importICalendarExceptions(calendarToICalendar(cal, 2026));
    const rebuilt = new WorkCalendar({ statutoryHolidays: false, knownNotices: false, exceptions });
    for (const date of ['2026-01-01', '2026-02-17', '2026-04-27', '2026-09-01']) {
      assert.equal(rebuilt.dayInfo(date).working, false, date);
    }
    assert.equal(rebuilt.dayInfo('2026-01-10').kind, 'working');
    assert.deepEqual(rebuilt.dayInfo('2026-03-07').intervals, [
      ['08:00', '12:00'],
      ['13:00', '16:00'],
    ]);
    assert.equal(exceptions.find((e) => e.date === '2026-04-27')?.kind, 'holiday');
    assert.equal(rebuilt.nonWorkingDays(2026).length, cal.nonWorkingDays(2026).length);
  });

  test('special characters survive', () => {
    const days: SpecialDay[] = [
      { date: '2026-05-19', kind: 'holiday', nameVi: 'A, B; C\\D\nE', nameEn: 'x,y' },
    ];
    assert.deepEqual(parseICalendar(exportICalendar(days, { timestamp: STAMP })), days);
  });
});

describe('import of third-party files', () => {
  test('a Google Calendar holiday file (LF endings, multi-day and cancelled events)', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'X-WR-CALNAME:Holidays in Vietnam',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260216',
      'DTEND;VALUE=DATE:20260221',
      'DTSTAMP:20250101T000000Z',
      'UID:20260216_tet@google.com',
      'DESCRIPTION:Public holiday',
      'STATUS:CONFIRMED',
      'SUMMARY:Vietnamese New Year\\, Tết',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260426',
      'DTEND;VALUE=DATE:20260427',
      'UID:hung@google.com',
      'SUMMARY:Hung Kings',
      '\tCommemorations',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260501',
      'UID:cancelled@google.com',
      'STATUS:CANCELLED',
      'SUMMARY:Gone',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\n');
    const days = parseICalendar(text);
    assert.deepEqual(
      days.map((d) => [d.date, d.kind, d.nameVi]),
      [
        ['2026-02-16', 'holiday', 'Vietnamese New Year, Tết'],
        ['2026-02-17', 'holiday', 'Vietnamese New Year, Tết'],
        ['2026-02-18', 'holiday', 'Vietnamese New Year, Tết'],
        ['2026-02-19', 'holiday', 'Vietnamese New Year, Tết'],
        ['2026-02-20', 'holiday', 'Vietnamese New Year, Tết'],
        ['2026-04-26', 'holiday', 'Hung KingsCommemorations'],
      ],
    );
    assert.equal(days[0]?.nameEn, 'Vietnamese New Year, Tết');
  });

  test('an Outlook export (VTIMEZONE, VALARM, midnight all-day date-times, parameters)', () => {
    const text = wrap([
      'BEGIN:VTIMEZONE',
      'TZID:SE Asia Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T000000',
      'TZOFFSETFROM:+0700',
      'TZOFFSETTO:+0700',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'CLASS:PUBLIC',
      'DTEND;TZID="SE Asia Standard Time":20260429T000000',
      'DTSTART;TZID="SE Asia Standard Time":20260427T000000',
      'SUMMARY;LANGUAGE=vi:Nghỉ bù Giỗ Tổ',
      'UID:040000008200E00074C5B7101A82E008',
      'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'ACTION:DISPLAY',
      'DESCRIPTION:Reminder',
      'END:VALARM',
      'END:VEVENT',
    ]);
    assert.deepEqual(
      importICalendarExceptions(text).map((e) => [e.date, e.kind, e.nameVi]),
      [
        ['2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ'],
        ['2026-04-28', 'holiday', 'Nghỉ bù Giỗ Tổ'],
      ],
    );
  });

  test('DURATION, default kind and skipping timed events', () => {
    const text = wrap([
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260302',
      'DURATION:P2D',
      'SUMMARY:Trực',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260305T090000Z',
      'DTEND:20260305T100000Z',
      'SUMMARY:Meeting',
      'END:VEVENT',
    ]);
    assertParseError(text, /only all-day events/, 10);
    // A midnight date-time is only all-day when Outlook flags it so.
    assertParseError(
      wrap(['BEGIN:VEVENT', 'DTSTART:20260305T000000', 'DTEND:20260306T000000', 'END:VEVENT']),
      /only all-day events/,
      5,
    );
    const days = parseICalendar(text, { skipTimedEvents: true, defaultKind: 'working' });
    assert.deepEqual(
      days.map((d) => [d.date, d.kind]),
      [
        ['2026-03-02', 'working'],
        ['2026-03-03', 'working'],
      ],
    );
  });

  test('a date listed twice keeps the first event; contradicting kinds are rejected', () => {
    const dup = wrap([
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      'SUMMARY:Tết Dương lịch',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      "SUMMARY:New Year's Day",
      'END:VEVENT',
    ]);
    assert.deepEqual(
      parseICalendar(dup).map((d) => d.nameVi),
      ['Tết Dương lịch'],
    );
    const clash = wrap([
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      'SUMMARY:Off',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      'SUMMARY:On',
      'X-OPEN1022-KIND:working',
      'END:VEVENT',
    ]);
    assertParseError(clash, /contradict/);
  });
});

describe('import errors', () => {
  const event = (...lines: string[]): string => wrap(['BEGIN:VEVENT', ...lines, 'END:VEVENT']);

  test('empty input and missing VCALENDAR', () => {
    assertParseError('', /empty/);
    assertParseError('\r\n\r\n', /empty/);
    assertParseError('BEGIN:VEVENT\r\nEND:VEVENT\r\n', /expected BEGIN:VCALENDAR/, 1);
    assertParseError('VERSION:2.0\r\n', /outside of VCALENDAR/, 1);
  });

  test('unbalanced components', () => {
    assertParseError(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n',
      /never closed/,
    );
    assertParseError(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n',
      /END:VTODO does not match BEGIN:VEVENT on line 2/,
      3,
    );
    assertParseError(
      'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n',
      /without matching BEGIN/,
      3,
    );
  });

  test('malformed content lines', () => {
    assertParseError(wrap(['this is not a property']), /expected ":"/, 4);
    assertParseError(wrap([':no name']), /malformed content line/, 4);
    assertParseError(' continuation first\r\nBEGIN:VCALENDAR\r\n', /continuation line/, 1);
    assertParseError(wrap(['X-A;P="unterminated:1']), /unterminated quoted/, 4);
  });

  test('missing or invalid dates', () => {
    assertParseError(event('SUMMARY:x'), /no DTSTART/, 4);
    assertParseError(event('DTSTART;VALUE=DATE:20260230'), /not a valid DATE/, 5);
    assertParseError(event('DTSTART;VALUE=DATE:2026-01-01'), /not a valid DATE/, 5);
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'DTEND;VALUE=DATE:20260105'),
      /DTEND must be after DTSTART/,
      6,
    );
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'DTEND;VALUE=DATE:20260107', 'DURATION:P2D'),
      /both DTEND and DURATION/,
    );
    assertParseError(event('DTSTART;VALUE=DATE:20260105', 'DURATION:PT3H'), /whole number of days/);
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'DTSTART;VALUE=DATE:20260106'),
      /duplicate DTSTART/,
      6,
    );
    assertParseError(
      event('DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20280101'),
      /spans 730 days/,
    );
  });

  test('unsupported features and unknown values', () => {
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=YEARLY'),
      /recurring events \(RRULE\) are not supported/,
      6,
    );
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'X-OPEN1022-KIND:party'),
      /unknown X-OPEN1022-KIND "party"/,
      6,
    );
    assertParseError(
      event(
        'DTSTART;VALUE=DATE:20260105',
        'X-OPEN1022-KIND:holiday',
        'X-OPEN1022-INTERVALS:08:00-12:00',
      ),
      /only allowed on working days/,
    );
    assertParseError(
      event('DTSTART;VALUE=DATE:20260105', 'X-OPEN1022-KIND:working', 'X-OPEN1022-INTERVALS:8-12'),
      /invalid interval "8-12"/,
    );
  });
});
