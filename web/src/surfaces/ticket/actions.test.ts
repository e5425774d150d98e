import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, RULES } from '../../../../src/core/ticket/state-machine.ts';
import { actionBody } from '../../../../src/contract/ticket.ts';
import { translate } from '../../i18n/catalog.ts';
import {
  inputsFor,
  nextDay,
  orderActions,
  requiredInputs,
  toActionBody,
  validateAction,
} from './actions.ts';

test('each action form asks exactly for what the state machine requires', () => {
  assert.deepEqual(inputsFor('forward'), ['agencyId']);
  assert.deepEqual(inputsFor('reject'), ['reason', 'guidance']);
  assert.deepEqual(inputsFor('route_internal'), ['subunitId']);
  assert.deepEqual(inputsFor('request_verification'), ['promisedDate']);
  assert.deepEqual(inputsFor('answer_citizen'), ['answer']);
  assert.deepEqual(inputsFor('accept'), ['note']);
  for (const a of ACTIONS) {
    const required = (RULES[a].requires ?? []).filter((k) => k !== 'today');
    assert.deepEqual([...requiredInputs(a)].sort(), [...required].sort(), a);
  }
});

test('missing inputs are named; the promised date must be after today', () => {
  const e = validateAction('reject', { reason: ' ' }, '2026-03-02');
  assert.equal(translate('vi', e.reason!.key), 'Vui lòng nhập thông tin này.');
  assert.equal(translate('vi', e.guidance!.key), 'Vui lòng nhập thông tin này.');
  assert.equal(
    translate('vi', validateAction('forward', {}, '2026-03-02').agencyId!.key),
    'Vui lòng chọn một mục.',
  );
  const today = validateAction(
    'request_verification',
    { promisedDate: '2026-03-02' },
    '2026-03-02',
  );
  assert.equal(translate('vi', today.promisedDate!.key), 'Ngày hẹn phải sau ngày hôm nay.');
  assert.deepEqual(
    validateAction('request_verification', { promisedDate: '2026-03-03' }, '2026-03-02'),
    {},
  );
  assert.deepEqual(validateAction('accept', {}, '2026-03-02'), {});
  assert.equal(nextDay('2026-02-28'), '2026-03-01');
});

test('the body carries the inputs and the version, and the server schema accepts it', () => {
  const body = toActionBody(
    'reject',
    { reason: ' Tố cáo ', guidance: 'Gửi đơn đến Thanh tra tỉnh.', answer: 'ignored' },
    7,
  );
  assert.deepEqual(body, { version: 7, reason: 'Tố cáo', guidance: 'Gửi đơn đến Thanh tra tỉnh.' });
  assert.equal(actionBody.safeParse(body).success, true);
});

test('buttons: primary actions first, the sweeper-only action never shown', () => {
  assert.deepEqual(orderActions(['comment', 'mark_overdue', 'forward', 'reject']), [
    'forward',
    'reject',
    'comment',
  ]);
});

test('every action has a label, a help text and a timeline entry in both languages', () => {
  for (const a of ACTIONS) {
    for (const lang of ['vi', 'en'] as const) {
      for (const key of [`action.${a}`, `actionHelp.${a}`, `timeline.${a}`] as const) {
        assert.notEqual(translate(lang, key), key, `${lang} ${key}`);
      }
    }
  }
});
