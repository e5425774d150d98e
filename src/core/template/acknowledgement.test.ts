import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS } from '../ticket/channels.ts';
import { acknowledgementRoute } from './acknowledgement.ts';
import { MESSAGE_CHANNELS } from './render.ts';

const both = { email: 'an@example.vn', phone: '0912345678' };

test('an SMS is acknowledged by SMS, an email by email', () => {
  assert.deepEqual(acknowledgementRoute('sms', both), { channel: 'sms', recipient: '0912345678' });
  assert.deepEqual(acknowledgementRoute('email', both), {
    channel: 'email',
    recipient: 'an@example.vn',
  });
});

test('other message channels answer by email when there is one, else by SMS', () => {
  for (const c of ['web', 'app', 'chat', 'zalo', 'messenger']) {
    assert.deepEqual(
      acknowledgementRoute(c, both),
      { channel: 'email', recipient: 'an@example.vn' },
      c,
    );
    assert.deepEqual(acknowledgementRoute(c, { phone: '0912345678' }), {
      channel: 'sms',
      recipient: '0912345678',
    });
  }
  assert.deepEqual(acknowledgementRoute('sms', { email: 'an@example.vn', phone: null }), {
    channel: 'email',
    recipient: 'an@example.vn',
  });
});

test('calls, letters, walk-ins, portal referrals and Open311 apps get none; nor does a message without contact', () => {
  for (const c of CHANNELS.filter((x) => !(MESSAGE_CHANNELS as readonly string[]).includes(x)))
    assert.equal(acknowledgementRoute(c, both), null, c);
  assert.ok(
    ['phone', 'letter', 'walk_in', 'portal', 'open311'].every(
      (c) => acknowledgementRoute(c, both) === null,
    ),
  );
  assert.equal(acknowledgementRoute('email', { email: '  ', phone: '' }), null);
  assert.equal(acknowledgementRoute('unknown', both), null);
});
