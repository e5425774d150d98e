/**
 * Voicemails and call-back requests become tickets (R-TEL-3's overflow, "accepted input is
 * never lost"): a caller nobody could answer left a message, or asked to be called back, and
 * that is work an operator must see in the ticket list like any other contact. The worker
 * role sweeps ended calls with such an outcome and no ticket; each becomes a `phone` ticket
 * written by the system, bound to the call (its recording plays from the ticket's timeline).
 * The ticket's idempotency key (`call:<id>`, as for "a ticket from this call") makes a crash
 * between the ticket and the binding, or two workers at once, end with one ticket.
 */
import type { AppContext } from '../../app/context.ts';
import { messageClock, messageDay } from '../../core/template/render.ts';
import type { TicketService } from '../../modules/ticket/ticket.service.ts';
import { callsRepository as repo } from './calls.repository.ts';

/** Calls older than this are left alone (a restored old backup must not flood the list). */
const LOOKBACK_MS = 7 * 24 * 3600_000;

export interface OverflowCall {
  outcome: string;
  caller: string;
  caller_name: string | null;
  started_at: Date;
  recording_ms: number | null;
  queue: string | null;
  queue_name: string | null;
}

/** The caller's number when it is one we could call back (not "anonymous", not a SIP name). */
export function callbackNumber(caller: string): string | undefined {
  return /^\+?[0-9]{6,15}$/.test(caller) ? caller : undefined;
}

/** Subject and content of the ticket for an overflow call, in Vietnamese (the ticket's text). */
export function overflowTicketText(c: OverflowCall): { subject: string; content: string } {
  const when = `${messageClock(c.started_at)} ngày ${messageDay(c.started_at)}`;
  const queue = c.queue_name ?? c.queue;
  const where = queue ? ` (hàng đợi: ${queue})` : '';
  const number = callbackNumber(c.caller);
  const from = number ? `từ số ${number}` : 'từ số ẩn (không gọi lại được)';
  if (c.outcome === 'voicemail')
    return {
      subject: 'Tin nhắn thoại',
      content:
        `Người dân gọi tổng đài lúc ${when} ${from}${where}, không có tổng đài viên trả lời và ` +
        `đã để lại tin nhắn thoại. Nghe ghi âm ở lịch sử phiếu, ghi nhận nội dung ` +
        `rồi xử lý như phiếu thông thường.`,
    };
  return {
    subject: 'Yêu cầu gọi lại',
    content:
      `Người dân gọi tổng đài lúc ${when} ${from}${where}, không có tổng đài viên trả lời và ` +
      `đề nghị được gọi lại. Gọi lại người dân, ghi nhận nội dung rồi xử lý như phiếu thông thường.`,
  };
}

/**
 * Writes the tickets of overflow calls still without one; returns how many calls were bound.
 * Safe to run on several workers at once.
 */
export async function ticketOverflowCalls(
  ctx: Pick<AppContext, 'db' | 'clock' | 'log'>,
  tickets: Pick<TicketService, 'createAs'>,
  limit = 50,
): Promise<number> {
  const now = ctx.clock.now();
  const due = await repo.overflowWithoutTicket(
    ctx.db,
    new Date(now.getTime() - LOOKBACK_MS),
    limit,
  );
  let n = 0;
  for (const c of due) {
    try {
      const { subject, content } = overflowTicketText(c);
      const phone = callbackNumber(c.caller);
      const { ticket } = await tickets.createAs(
        { system: true, tenantId: c.tenant_id, label: 'telephony' },
        {
          channel: 'phone',
          subject,
          content,
          citizen: {
            name: c.caller_name?.trim() || 'Người gọi tổng đài',
            ...(phone ? { phone } : {}),
            language: 'vi',
          },
          urgency: 'normal',
          confidential: false,
          attachmentIds: [],
          idempotencyKey: `call:${c.id}`,
        },
      );
      const bound = await ctx.db.transaction().execute((trx) =>
        repo.bind(trx, c.tenant_id, c.id, ticket.id, {
          actorId: null,
          actorRole: 'system',
          at: ctx.clock.now(),
          data: { overflow: c.outcome },
        }),
      );
      if (bound === 'bound') n++;
      // Bound to another ticket meanwhile (an operator recorded it by hand): theirs stands.
      else if (bound === 'taken')
        ctx.log.warn({ call: c.id, ticket: ticket.id }, 'overflow call bound elsewhere');
    } catch (err) {
      ctx.log.error({ err, call: c.id }, 'overflow call: ticket not written');
    }
  }
  return n;
}
