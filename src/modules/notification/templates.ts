/**
 * Notification texts, Vietnamese first. Each template renders a title and a body from the
 * outbox payload; unknown templates fall back to a generic text rather than failing delivery.
 */
import {
  messageClock,
  messageDay,
  renderTemplate as fillPlaceholders,
} from '../../core/template/render.ts';

type Lang = 'vi' | 'en';
interface Payload {
  ticketCode?: string;
  subject?: string;
  dueAt?: string | null;
  note?: string | null;
  promisedDate?: string | null;
  citizenName?: string;
  answer?: string | null;
  link?: string;
  /** An administrator's text with {code}/{name}/{date}/{hotline} placeholders (acknowledgements). */
  text?: string;
  /** The tenant's hotline number at intake ({hotline}). */
  hotline?: string;
  receivedAt?: string;
  /** A signed audit checkpoint (modules/audit/checkpoint.ts: checkpointJson). */
  checkpoint?: Record<string, string>;
  /** Account notices: the address failed sign-ins came from, how many, when. */
  ip?: string;
  failures?: number;
  at?: string;
}

const checkpointLines = (c: Record<string, string> | undefined) =>
  ['sequence', 'hash', 'at', 'algorithm', 'publicKey', 'signature']
    .map((k) => `${k}: ${c?.[k] ?? ''}`)
    .join('\n');

const fmtDue = (iso: string | null | undefined, lang: Lang) => {
  if (!iso) return '';
  const d = new Date(iso);
  const s = `${messageClock(d)} ${messageDay(d)}`;
  return lang === 'vi' ? ` Hạn xử lý: ${s}.` : ` Deadline: ${s} (UTC+7).`;
};

/** dd/mm/yyyy in Vietnam's time (UTC+7, no daylight saving). */
const localDay = (iso: string | undefined) => {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : messageDay(d);
};

/** The administrator's acknowledgement text (R-CH-11), placeholders filled at sending. */
const ackBody = (p: Payload) =>
  fillPlaceholders(p.text ?? '', {
    ...(p.ticketCode ? { code: p.ticketCode } : {}),
    ...(p.citizenName ? { name: p.citizenName } : {}),
    ...(localDay(p.receivedAt) ? { date: localDay(p.receivedAt)! } : {}),
    ...(p.hotline ? { hotline: p.hotline } : {}),
  });

const when = (iso: string | undefined) =>
  iso ? `${messageClock(new Date(iso))} ${messageDay(new Date(iso))}` : '';

const T: Record<string, Record<Lang, (p: Payload) => [string, string]>> = {
  // Issue #12 finding 5: the owner hears that someone keeps trying their password.
  account_signin_throttled: {
    vi: (p) => [
      'Có người đăng nhập sai nhiều lần vào tài khoản của bạn',
      `${p.failures ?? ''} lần nhập sai mật khẩu liên tiếp từ địa chỉ ${p.ip ?? '?'} lúc ${when(p.at)}. Đăng nhập từ nơi đó tạm thời bị làm chậm; bạn vẫn đăng nhập được từ thiết bị quen thuộc. Nếu không phải bạn, hãy đổi mật khẩu và báo quản trị viên.`,
    ],
    en: (p) => [
      'Repeated failed sign-ins to your account',
      `${p.failures ?? ''} wrong passwords in a row from address ${p.ip ?? '?'} at ${when(p.at)} (UTC+7). Sign-ins from there are slowed down for a while; you can still sign in from your usual devices. If this was not you, change your password and tell an administrator.`,
    ],
  },
  account_password_changed: {
    vi: (p) => [
      'Mật khẩu của bạn đã được đổi',
      `Mật khẩu tài khoản của bạn được đổi lúc ${when(p.at)}; các phiên đăng nhập khác và mọi mã truy cập API đã bị thu hồi. Nếu không phải bạn, hãy báo ngay quản trị viên.`,
    ],
    en: (p) => [
      'Your password was changed',
      `Your account's password was changed at ${when(p.at)} (UTC+7); your other sessions and all API tokens were revoked. If this was not you, tell an administrator at once.`,
    ],
  },
  agency_forwarded: {
    vi: (p) => [
      `Phiếu mới ${p.ticketCode} chuyển đến đơn vị`,
      `Tổng đài 1022 chuyển phiếu ${p.ticketCode}: "${p.subject}".${fmtDue(p.dueAt, 'vi')}`,
    ],
    en: (p) => [
      `New ticket ${p.ticketCode} forwarded`,
      `The 1022 hotline forwarded ticket ${p.ticketCode}: "${p.subject}".${fmtDue(p.dueAt, 'en')}`,
    ],
  },
  head_escalated: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} quá hạn cán bộ đầu mối — chuyển Thủ trưởng`,
      `Cán bộ đầu mối chưa xử lý phiếu ${p.ticketCode} trong thời hạn. Đề nghị Thủ trưởng chỉ đạo xử lý.${fmtDue(p.dueAt, 'vi')}`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} escalated to the agency head`,
      `The focal point did not answer ticket ${p.ticketCode} in time. Please see to it.${fmtDue(p.dueAt, 'en')}`,
    ],
  },
  head_overdue: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} trễ hạn`,
      `Phiếu ${p.ticketCode} đã trễ hạn — đang chờ xử lý. Đã báo cáo lãnh đạo.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} is overdue`,
      `Ticket ${p.ticketCode} is overdue and still waiting. Leadership has been informed.`,
    ],
  },
  coordinator_overdue: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} trễ hạn`,
      `Phiếu ${p.ticketCode} "${p.subject}" đã trễ hạn — đang chờ xử lý.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} is overdue`,
      `Ticket ${p.ticketCode} "${p.subject}" is overdue and still waiting.`,
    ],
  },
  leaders_overdue: {
    vi: (p) => [
      `Báo cáo phiếu trễ hạn ${p.ticketCode}`,
      `Phiếu ${p.ticketCode} "${p.subject}" đã trễ hạn xử lý.`,
    ],
    en: (p) => [
      `Overdue ticket ${p.ticketCode}`,
      `Ticket ${p.ticketCode} "${p.subject}" is overdue.`,
    ],
  },
  deadline_warning: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} sắp đến hạn`,
      `Phiếu ${p.ticketCode} sắp đến hạn xử lý.${fmtDue(p.dueAt, 'vi')}`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} is nearly due`,
      `Ticket ${p.ticketCode} is nearly due.${fmtDue(p.dueAt, 'en')}`,
    ],
  },
  coordinator_new: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} cần xác định thẩm quyền`,
      `Tổng đài đề nghị xác định cơ quan xử lý phiếu ${p.ticketCode}: "${p.subject}".`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} needs a jurisdiction decision`,
      `The hotline asks which agency should handle ticket ${p.ticketCode}: "${p.subject}".`,
    ],
  },
  hotline_agency_answered: {
    vi: (p) => [
      `Đơn vị đã trả lời phiếu ${p.ticketCode}`,
      `Đơn vị đã gửi kết quả xử lý phiếu ${p.ticketCode}. Đề nghị trả lời công dân.`,
    ],
    en: (p) => [
      `Agency answered ticket ${p.ticketCode}`,
      `The agency replied to ticket ${p.ticketCode}. Please answer the citizen.`,
    ],
  },
  hotline_returned: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} bị trả lại`,
      `Đơn vị trả lại phiếu ${p.ticketCode} (không đúng thẩm quyền): ${p.note ?? ''}`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} returned`,
      `The agency returned ticket ${p.ticketCode} as misrouted: ${p.note ?? ''}`,
    ],
  },
  hotline_verification: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} cần xác minh`,
      `Đơn vị hẹn hoàn thành xác minh phiếu ${p.ticketCode} trước ngày ${p.promisedDate}.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} needs verification`,
      `The agency promised to complete ticket ${p.ticketCode} by ${p.promisedDate}.`,
    ],
  },
  hotline_reopened: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} được mở lại`,
      `Công dân chưa hài lòng; phiếu ${p.ticketCode} được mở lại.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} reopened`,
      `The citizen was not satisfied; ticket ${p.ticketCode} was reopened.`,
    ],
  },
  // R-WF-10: the coordinator (or a leader) reminds an agency or asks it to explain a delay.
  agency_reminded: {
    vi: (p) => [
      `Nhắc nhở xử lý phiếu ${p.ticketCode}`,
      `Cơ quan điều phối đề nghị đơn vị khẩn trương xử lý phiếu ${p.ticketCode} "${p.subject ?? ''}": ${p.note ?? ''}${fmtDue(p.dueAt, 'vi')}`,
    ],
    en: (p) => [
      `Reminder: ticket ${p.ticketCode}`,
      `The coordinator asks the agency to deal with ticket ${p.ticketCode} "${p.subject ?? ''}" without delay: ${p.note ?? ''}${fmtDue(p.dueAt, 'en')}`,
    ],
  },
  agency_supplemented: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} đã được bổ sung`,
      `Công dân đã bổ sung thông tin cho phiếu ${p.ticketCode}; đề nghị đơn vị tiếp tục xử lý.${fmtDue(p.dueAt, 'vi')}`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} supplemented`,
      `The citizen added the information requested for ticket ${p.ticketCode}; please carry on.${fmtDue(p.dueAt, 'en')}`,
    ],
  },
  subunit_routed: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} giao đơn vị trực thuộc`,
      `Đơn vị chủ quản giao phiếu ${p.ticketCode} "${p.subject ?? ''}" để xử lý và báo cáo kết quả.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} assigned to your unit`,
      `Your parent agency assigned ticket ${p.ticketCode} "${p.subject ?? ''}" to you: please handle it and report back.`,
    ],
  },
  subunit_replied: {
    vi: (p) => [
      `Đơn vị trực thuộc đã báo cáo phiếu ${p.ticketCode}`,
      `Đơn vị trực thuộc đã gửi kết quả xử lý phiếu ${p.ticketCode}; đề nghị trả lời Tổng đài.`,
    ],
    en: (p) => [
      `Sub-unit reported on ticket ${p.ticketCode}`,
      `The sub-unit sent its result for ticket ${p.ticketCode}; please answer the hotline.`,
    ],
  },
  head_approval_needed: {
    vi: (p) => [
      `Phiếu ${p.ticketCode} chờ Thủ trưởng duyệt`,
      `Cán bộ đầu mối đã soạn trả lời phiếu ${p.ticketCode}; đề nghị Thủ trưởng duyệt trước khi gửi Tổng đài.`,
    ],
    en: (p) => [
      `Ticket ${p.ticketCode} awaits your approval`,
      `The focal point drafted the answer to ticket ${p.ticketCode}; please approve it before it goes to the hotline.`,
    ],
  },
  agency_answer_rejected: {
    vi: (p) => [
      `Trả lời phiếu ${p.ticketCode} chưa được duyệt`,
      `Thủ trưởng chưa duyệt trả lời phiếu ${p.ticketCode}: ${p.note ?? ''}`,
    ],
    en: (p) => [
      `Answer to ticket ${p.ticketCode} not approved`,
      `The head did not approve the answer to ticket ${p.ticketCode}: ${p.note ?? ''}`,
    ],
  },
  citizen_acknowledgement: {
    vi: (p) => [`Tổng đài 1022 đã nhận phản ánh ${p.ticketCode}`, ackBody(p)],
    en: (p) => [`The 1022 hotline received your request ${p.ticketCode}`, ackBody(p)],
  },
  citizen_answered: {
    vi: (p) => [
      `Trả lời phản ánh ${p.ticketCode}`,
      `Kính gửi ${p.citizenName ?? 'Quý khách'},\n\nTổng đài 1022 trả lời phản ánh, kiến nghị ${p.ticketCode} của Quý khách:\n\n${p.answer ?? ''}\n\nXin cảm ơn.`,
    ],
    en: (p) => [
      `Answer to request ${p.ticketCode}`,
      `Dear ${p.citizenName ?? 'citizen'},\n\nThe 1022 hotline answers your request ${p.ticketCode}:\n\n${p.answer ?? ''}\n\nThank you.`,
    ],
  },
  citizen_rejected: {
    vi: (p) => [
      `Phản ánh ${p.ticketCode} không được tiếp nhận`,
      `Tổng đài 1022 không tiếp nhận phản ánh ${p.ticketCode}: ${p.note ?? ''}`,
    ],
    en: (p) => [
      `Request ${p.ticketCode} not accepted`,
      `The 1022 hotline cannot accept request ${p.ticketCode}: ${p.note ?? ''}`,
    ],
  },
  citizen_supplement_requested: {
    vi: (p) => [
      `Đề nghị bổ sung thông tin ${p.ticketCode}`,
      `Đề nghị Quý khách bổ sung thông tin cho phản ánh ${p.ticketCode}: ${p.note ?? ''}`,
    ],
    en: (p) => [
      `Please add information to ${p.ticketCode}`,
      `Please add information to your request ${p.ticketCode}: ${p.note ?? ''}`,
    ],
  },
  audit_checkpoint: {
    vi: (p) => [
      `Điểm kiểm tra nhật ký kiểm toán #${p.checkpoint?.sequence ?? ''}`,
      `Điểm kiểm tra mới của chuỗi nhật ký kiểm toán, đã ký Ed25519. Xin lưu thư này ngoài hệ thống: \`npm run audit:verify\` đối chiếu chuỗi với nó.\n\n${checkpointLines(p.checkpoint)}`,
    ],
    en: (p) => [
      `Audit trail checkpoint #${p.checkpoint?.sequence ?? ''}`,
      `A new Ed25519-signed checkpoint of the audit chain. Keep this message outside the system: \`npm run audit:verify\` checks the chain against it.\n\n${checkpointLines(p.checkpoint)}`,
    ],
  },
  citizen_verification: {
    vi: (p) => [
      `Phản ánh ${p.ticketCode} đang được xác minh`,
      `Phản ánh ${p.ticketCode} cần xác minh; dự kiến hoàn thành trước ngày ${p.promisedDate}.`,
    ],
    en: (p) => [
      `Request ${p.ticketCode} is being verified`,
      `Request ${p.ticketCode} needs verification; expected by ${p.promisedDate}.`,
    ],
  },
};

/** Whether a template has a text of its own (the rest fall back to a generic one). */
export function hasTemplate(template: string): boolean {
  return Object.hasOwn(T, template);
}

export function renderTemplate(
  template: string,
  payload: Record<string, unknown>,
  lang: Lang,
): { title: string; body: string } {
  const t = T[template];
  const p = payload as Payload;
  if (!t) {
    return lang === 'vi'
      ? {
          title: `Cập nhật phiếu ${p.ticketCode ?? ''}`,
          body: `Phiếu ${p.ticketCode ?? ''} có cập nhật mới.`,
        }
      : {
          title: `Ticket ${p.ticketCode ?? ''} updated`,
          body: `Ticket ${p.ticketCode ?? ''} has an update.`,
        };
  }
  const [title, body] = t[lang](p);
  return { title, body };
}
