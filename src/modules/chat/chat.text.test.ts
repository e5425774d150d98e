import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatConversationRow, ChatMessageRow } from '../../db/schema.ts';
import { botText, convertedText, ticketContent, transcript } from './chat.text.ts';

const at = new Date('2026-03-02T02:05:00Z'); // 09:05 in Vietnam
const conv = {
  id: 'c1',
  visitor_name: 'Lê Thị Hạnh',
  created_at: at,
} as ChatConversationRow;
let seq = 0;
const msg = (author: ChatMessageRow['author'], body: string, extra: Partial<ChatMessageRow> = {}) =>
  ({
    id: `m${++seq}`,
    conversation_id: 'c1',
    seq,
    author,
    body,
    suggestions: null,
    operator_id: null,
    client_id: null,
    flagged: false,
    created_at: at,
    ...extra,
  }) as ChatMessageRow;

test('the transcript names every speaker, in hotline time, with the articles the bot offered', () => {
  const text = transcript(conv, [
    msg('bot', 'Xin chào'),
    msg('visitor', 'Hỏi về khai sinh'),
    msg('bot', 'Các bài viết sau', {
      suggestions: [{ id: 'a', title: 'Đăng ký khai sinh', summary: '…' }],
    }),
    msg('operator', 'Chào chị'),
    msg('system', 'Đã chuyển thành phiếu'),
  ]);
  assert.match(text, /Công dân \/ Visitor: Lê Thị Hạnh/);
  assert.match(text, /Bắt đầu \/ Started: 2026-03-02 09:05 \(UTC\+7\)/);
  assert.deepEqual(text.trim().split('\n').slice(4), [
    '[09:05] Trợ lý tự động: Xin chào',
    '[09:05] Công dân: Hỏi về khai sinh',
    '[09:05] Trợ lý tự động: Các bài viết sau',
    '    → Đăng ký khai sinh',
    '[09:05] Tổng đài viên: Chào chị',
    '[09:05] Hệ thống: Đã chuyển thành phiếu',
  ]);
});

test('the ticket content is what the visitor wrote; a silent visitor still gets valid content', () => {
  const c = ticketContent(conv, [msg('bot', 'Xin chào'), msg('visitor', 'A'), msg('visitor', 'B')]);
  assert.equal(c, 'Nội dung trao đổi qua chat trực tuyến:\nA\nB');
  const silent = ticketContent(conv, [msg('bot', 'Xin chào')]);
  assert.match(silent, /Lê Thị Hạnh yêu cầu được hỗ trợ/);
  assert.ok(silent.length >= 5, 'the intake needs 5 characters');
  const long = ticketContent(conv, [msg('visitor', 'ạ'.repeat(25_000))]);
  assert.equal([...long].length, 19_000, 'within the intake’s 20 000');
});

test('texts are Vietnamese first, English on request', () => {
  assert.match(botText('greeting', 'vi', 'An'), /^Xin chào An!/);
  assert.match(botText('greeting', 'en', 'An'), /^Hello An!/);
  assert.match(convertedText('vi', 'PA-2026-000001'), /mã phiếu PA-2026-000001/);
  assert.match(convertedText('en', 'PA-2026-000001'), /number PA-2026-000001/);
});
