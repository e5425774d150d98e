import type { ChatConversationRow, ChatMessageRow } from '../../db/schema.ts';
import { localDate } from '../ticket/local-time.ts';

export type Lang = 'vi' | 'en';

/** What the bot and the system say in a conversation, Vietnamese first. */
const TEXTS = {
  greeting: {
    vi: 'Xin chào {name}! Tôi là trợ lý tự động của Tổng đài 1022. Hãy nhập câu hỏi: tôi sẽ gợi ý các bài viết liên quan. Cần trao đổi với người thật, Quý khách bấm “Gặp tổng đài viên”.',
    en: 'Hello {name}! I am the 1022 hotline’s automatic assistant. Type your question and I will suggest related articles. To talk to a person, press “Talk to an operator”.',
  },
  suggestions: {
    vi: 'Các bài viết sau có thể giải đáp câu hỏi của Quý khách. Nếu chưa đúng, Quý khách bấm “Gặp tổng đài viên”.',
    en: 'These articles may answer your question. If not, press “Talk to an operator”.',
  },
  nothing_found: {
    vi: 'Chưa tìm thấy bài viết phù hợp. Quý khách có thể diễn đạt lại, hoặc bấm “Gặp tổng đài viên”.',
    en: 'No matching article was found. Rephrase your question, or press “Talk to an operator”.',
  },
  waiting: {
    vi: 'Đang kết nối với tổng đài viên, Quý khách vui lòng chờ trong giây lát…',
    en: 'Connecting you to an operator, please wait a moment…',
  },
  after_hours: {
    vi: 'Hiện ngoài giờ làm việc của tổng đài viên. Nội dung trao đổi được chuyển thành phiếu phản ánh để xử lý trong giờ làm việc.',
    en: 'Operators are not on duty now. Your conversation becomes a request handled during working hours.',
  },
  joined: {
    vi: 'Tổng đài viên đã tham gia cuộc trò chuyện.',
    en: 'An operator has joined the conversation.',
  },
  closed_by_operator: {
    vi: 'Tổng đài viên đã kết thúc cuộc trò chuyện. Cảm ơn Quý khách.',
    en: 'The operator has ended the conversation. Thank you.',
  },
  closed_by_visitor: {
    vi: 'Quý khách đã kết thúc cuộc trò chuyện.',
    en: 'You have ended the conversation.',
  },
} as const;

export function botText(key: keyof typeof TEXTS, lang: Lang, name = ''): string {
  return TEXTS[key][lang].replace('{name}', name);
}

/** The acknowledgement when no administrator wrote one for the chat channel (R-CH-11). */
export function convertedText(lang: Lang, code: string): string {
  return lang === 'en'
    ? `The 1022 hotline has received your request, number ${code}; thank you. Keep this number to follow it up.`
    : `Tổng đài 1022 đã nhận được thông tin góp ý, phản ánh của Quý khách (mã phiếu ${code}), xin cảm ơn. Quý khách lưu mã phiếu để tra cứu kết quả.`;
}

const WHO: Record<ChatMessageRow['author'], string> = {
  visitor: 'Công dân',
  bot: 'Trợ lý tự động',
  operator: 'Tổng đài viên',
  system: 'Hệ thống',
};

function hhmm(d: Date): string {
  // Hotline time (UTC+7, no daylight saving) without a time-zone database lookup.
  return new Date(d.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
}

/** The whole conversation as a text file attached to its ticket. */
export function transcript(c: ChatConversationRow, messages: ChatMessageRow[]): string {
  const lines = [
    `Hội thoại chat trực tuyến / Live chat transcript`,
    `Công dân / Visitor: ${c.visitor_name}`,
    `Bắt đầu / Started: ${localDate(new Date(c.created_at))} ${hhmm(new Date(c.created_at))} (UTC+7)`,
    '',
  ];
  for (const m of messages) {
    lines.push(`[${hhmm(new Date(m.created_at))}] ${WHO[m.author]}: ${m.body}`);
    for (const s of m.suggestions ?? []) lines.push(`    → ${s.title}`);
  }
  return lines.join('\n') + '\n';
}

/** The ticket's content: what the visitor wrote, in order (the transcript has the rest). */
export function ticketContent(c: ChatConversationRow, messages: ChatMessageRow[]): string {
  const said = messages.filter((m) => m.author === 'visitor').map((m) => m.body);
  const text = said.length
    ? `Nội dung trao đổi qua chat trực tuyến:\n${said.join('\n')}`
    : `Công dân ${c.visitor_name} yêu cầu được hỗ trợ qua chat trực tuyến (chưa nêu nội dung).`;
  return [...text].slice(0, 19_000).join('');
}
