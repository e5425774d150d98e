import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callbackNumber, overflowTicketText, type OverflowCall } from './overflow.ts';

const call = (over: Partial<OverflowCall>): OverflowCall => ({
  outcome: 'voicemail',
  caller: '0935111222',
  caller_name: null,
  // 07:05 UTC is 14:05 in Vietnam.
  started_at: new Date('2026-03-02T07:05:00Z'),
  recording_ms: 12000,
  queue: 'tiep-nhan',
  queue_name: 'Tiếp nhận chung',
  ...over,
});

test('a voicemail ticket says when (Vietnam time), from which number, and where to listen', () => {
  const t = overflowTicketText(call({}));
  assert.equal(t.subject, 'Tin nhắn thoại');
  assert.match(
    t.content,
    /lúc 14:05 ngày 02\/03\/2026 từ số 0935111222 \(hàng đợi: Tiếp nhận chung\)/,
  );
  assert.match(t.content, /Nghe ghi âm ở lịch sử phiếu/);
});

test('a call-back ticket asks to call back; a hidden number says it cannot be called back', () => {
  const t = overflowTicketText(call({ outcome: 'callback' }));
  assert.equal(t.subject, 'Yêu cầu gọi lại');
  assert.match(t.content, /đề nghị được gọi lại/);
  const hidden = overflowTicketText(call({ outcome: 'callback', caller: 'anonymous' }));
  assert.match(hidden.content, /từ số ẩn \(không gọi lại được\)/);
  // Without a queue name, its code; without either, no queue at all.
  assert.match(overflowTicketText(call({ queue_name: null })).content, /hàng đợi: tiep-nhan/);
  assert.doesNotMatch(
    overflowTicketText(call({ queue_name: null, queue: null })).content,
    /hàng đợi/,
  );
});

test('after midnight in Vietnam is already the next day', () => {
  const t = overflowTicketText(call({ started_at: new Date('2026-03-02T17:30:00Z') }));
  assert.match(t.content, /lúc 00:30 ngày 03\/03\/2026/);
});

test('only a telephone number can be called back', () => {
  assert.equal(callbackNumber('0935111222'), '0935111222');
  assert.equal(callbackNumber('+84935111222'), '+84935111222');
  for (const x of ['anonymous', 'sipp', '', '12345', '0935-111-222'])
    assert.equal(callbackNumber(x), undefined, x);
});
