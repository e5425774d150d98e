/**
 * Self-service status by phone (R-TEL-2, R-PUB-3): what the caller keys in becomes a ticket
 * code, and the answer is read back from fixed phrases and digit words, all rendered once with
 * the flow's prompts (no speech is synthesised during a call). Pure: no I/O.
 */
import { parseTicketCode } from '../../core/routing/routing.ts';

/** Vietnamese digit words, read one by one ("một hai ba"). */
export const DIGIT_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Said before the number: "Phản ánh số …". */
export const STATUS_INTRO = 'Phản ánh số';

/** What a caller hears per ticket status; internal steps are not told apart. */
export const STATUS_PHRASES: Record<string, string> = {
  received: 'đã được tiếp nhận và đang được xem xét.',
  rejected: 'không thuộc phạm vi tiếp nhận của tổng đài. Hướng dẫn nơi gửi đã được gửi cho bạn.',
  awaiting_supplement: 'đang chờ bạn bổ sung thông tin.',
  in_agency: 'đã được chuyển đến cơ quan có thẩm quyền và đang được xử lý.',
  verifying: 'đang được cơ quan xử lý xác minh. Ngày hẹn có kết quả đã được gửi cho bạn.',
  answered: 'đã có kết quả trả lời. Kết quả đã được gửi cho bạn.',
};

/** Every text a readout may use, to render with the flow's prompts. */
export function statusTexts(): string[] {
  return [STATUS_INTRO, ...DIGIT_WORDS, ...Object.values(STATUS_PHRASES)];
}

/** The phrase group of a ticket status. */
export function statusGroup(status: string): keyof typeof STATUS_PHRASES {
  switch (status) {
    case 'received':
    case 'rejected':
    case 'awaiting_supplement':
    case 'verifying':
    case 'answered':
      return status;
    case 'closed':
      return 'answered';
    default:
      return 'in_agency';
  }
}

/** What the caller hears for a ticket: intro, the number digit by digit, the status. */
export function statusReadout(code: string, status: string): string[] {
  const parsed = parseTicketCode(code);
  const digits = parsed ? String(parsed.n) : '';
  return [
    STATUS_INTRO,
    ...[...digits].map((d) => DIGIT_WORDS[Number(d)]!),
    STATUS_PHRASES[statusGroup(status)]!,
  ];
}
