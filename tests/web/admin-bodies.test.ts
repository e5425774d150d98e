/**
 * What the administration screens send, the server accepts: the bodies the admin area's pure
 * form modules build (web/src/surfaces/admin) checked against the server's own request
 * schemas and calendar engine. Here rather than beside the web code because the web app may
 * import only src/contract and src/core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userBody, scopeRuleBody } from '../../src/contract/org.ts';
import {
  buildCalendar,
  calendarConfig as calendarConfigSchema,
} from '../../src/contract/calendar.ts';
import { createBody, emptyUserForm } from '../../web/src/surfaces/admin/users/users.ts';
import { emptyRuleForm, ruleBody } from '../../web/src/surfaces/admin/scope-rules/scope.ts';
import {
  configFromDraft,
  draftFromConfig,
  standardSeason,
  validateDraft,
  type DraftCalendar,
} from '../../web/src/surfaces/admin/calendars/schedule.ts';

test('user form: what the editor accepts the server accepts', () => {
  const ok = emptyUserForm({
    username: 'fp.sxd2',
    displayName: 'Trần Văn Hải',
    role: 'focal_point',
    agencyId: '6f1c1f55-3c2e-4f4f-9b1e-0a8d5c1e2b3a',
    password: 'abcdefghijkl',
    email: 'hai@sxd.gov.vn',
  });
  assert.ok(userBody.safeParse(createBody(ok)).success);
  const opBody = createBody({ ...ok, role: 'operator', agencyId: '', isDeputy: true });
  assert.ok(userBody.safeParse(opBody).success);
});

test('scope rules: the body of a valid rule is valid', () => {
  const ok = {
    ...emptyRuleForm(),
    code: 'CC',
    name: 'Cháy nổ',
    action: 'redirect' as const,
    guidanceVi: 'Gọi 114',
    keywords: 'cháy',
    redirectTo: '114',
  };
  assert.ok(scopeRuleBody.safeParse(ruleBody(ok)).success);
});

function draft(over: Partial<DraftCalendar> = {}): DraftCalendar {
  return { ...draftFromConfig({}), ...over };
}

test('draft → stored configuration → draft keeps everything, and the server accepts it', () => {
  const stored = {
    timezone: 'Asia/Ho_Chi_Minh',
    seasons: [
      {
        name: 'summer',
        from: '04-15',
        to: '10-14',
        week: {
          '1': [
            ['07:00', '11:00'],
            ['13:30', '17:00'],
          ],
          '6': [['07:00', '11:00']],
        },
      },
      { name: 'winter', from: '10-15', to: '04-14', week: { '1': [['07:30', '17:00']] } },
    ],
    statutoryHolidays: false,
    knownNotices: true,
    adjacentNationalDay: { '2026': '09-01' },
  };
  const d = draftFromConfig(stored);
  assert.deepEqual(configFromDraft(d), stored);
  assert.deepEqual(validateDraft(d), []);
  assert.ok(calendarConfigSchema.safeParse(configFromDraft(d)).success);
  assert.ok(buildCalendar(configFromDraft(d), []));
});

test('what the editor accepts, the server accepts; what it refuses, the engine refuses', () => {
  const drafts: DraftCalendar[] = [];
  const base = standardSeason();
  const variants: [number, { start: string; end: string }[]][] = [
    [1, [{ start: '07:30', end: '11:30' }]],
    [1, [{ start: '11:30', end: '07:30' }]],
    [2, [{ start: '25:00', end: '26:00' }]],
    [3, [{ start: '08:00', end: '24:00' }]],
    [
      4,
      [
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '17:00' },
      ],
    ],
    [
      5,
      [
        { start: '08:00', end: '12:00' },
        { start: '11:59', end: '17:00' },
      ],
    ],
    [6, [{ start: '08:00', end: '08:00' }]],
  ];
  for (const [wd, intervals] of variants) {
    const s = { ...base, days: base.days.map((d, i) => (i === wd ? intervals : d)) };
    drafts.push(draft({ seasons: [s] }));
  }
  drafts.push(draft({ seasons: [{ ...base, from: '03-01' }] }));
  for (const d of drafts) {
    const ours = validateDraft(d).length === 0;
    let engine = true;
    try {
      buildCalendar(configFromDraft(d), []);
    } catch {
      engine = false;
    }
    const schema = calendarConfigSchema.safeParse(configFromDraft(d)).success;
    assert.equal(ours, engine && schema, JSON.stringify(configFromDraft(d).seasons));
  }
});
