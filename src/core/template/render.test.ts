import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  messageClock,
  messageDay,
  pickAcknowledgement,
  placeholdersIn,
  renderTemplate,
  unknownPlaceholders,
} from './render.ts';

test('placeholders are filled where a value is given and kept as written otherwise', () => {
  const text = 'Kính gửi {name}, phiếu {code} đã được tiếp nhận. {code} / {date}';
  assert.equal(
    renderTemplate(text, { name: 'Ông An', code: 'PA-2026-000012' }),
    'Kính gửi Ông An, phiếu PA-2026-000012 đã được tiếp nhận. PA-2026-000012 / {date}',
  );
  assert.equal(renderTemplate('Không có biến', { code: 'x' }), 'Không có biến');
  // A value that looks like a placeholder is inserted verbatim, not expanded again.
  assert.equal(renderTemplate('{name}', { name: '{code}', code: 'X' }), '{code}');
  // Braces that are not placeholders are left alone.
  assert.equal(renderTemplate('{ code } {1x} {}', { code: 'X' }), '{ code } {1x} {}');
});

test('placeholders are listed once, unknown ones are reported', () => {
  assert.deepEqual(placeholdersIn('{code} {name} {code}'), ['code', 'name']);
  assert.deepEqual(unknownPlaceholders('{code} {ma_phieu} {Name}'), ['ma_phieu', 'Name']);
  assert.deepEqual(unknownPlaceholders('Mã {code}, ngày {date}, tổng đài {hotline}'), []);
});

test("a channel's own active acknowledgement wins over the default; inactive ones never", () => {
  const all = [
    { id: 'default', kind: 'acknowledgement', channel: null, active: true },
    { id: 'sms', kind: 'acknowledgement', channel: 'sms', active: true },
    { id: 'zalo-off', kind: 'acknowledgement', channel: 'zalo', active: false },
    { id: 'reply', kind: 'reply', channel: null, active: true },
  ];
  assert.equal(pickAcknowledgement(all, 'sms')?.id, 'sms');
  assert.equal(pickAcknowledgement(all, 'zalo')?.id, 'default');
  assert.equal(pickAcknowledgement(all, 'email')?.id, 'default');
  assert.equal(pickAcknowledgement(all.slice(1), 'email'), null);
});

test('messages write dates and times on Vietnam’s clock (UTC+7 all year)', () => {
  assert.equal(messageDay(new Date('2026-03-02T07:05:00Z')), '02/03/2026');
  assert.equal(messageClock(new Date('2026-03-02T07:05:00Z')), '14:05');
  // 17:30 UTC is already the next day in Vietnam.
  assert.equal(messageDay(new Date('2026-12-31T17:30:00Z')), '01/01/2027');
  assert.equal(messageClock(new Date('2026-12-31T17:30:00Z')), '00:30');
});
