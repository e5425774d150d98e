/**
 * GeoReport v2 documents, as plain values (JSON as is; XML through `toXml`, which follows the
 * same structure by the Spark convention). Pure: rows in, documents out. Public: no citizen
 * name, phone, email or home address ever appears, and a ticket whose citizen asked for
 * confidentiality shows neither its content nor its location; flagged and refused tickets
 * show no content.
 */
import type { TicketStatus } from '../../core/ticket/state-machine.ts';
import type { Open311Key } from '../../contract/open311.ts';
import type { XmlObject } from './xml.ts';
import { scrub, scrubText } from './privacy.ts';

export type Lang = 'vi' | 'en';
export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';

const OFFSET_MS = 7 * 3600_000;

/** A W3C datetime in Vietnam's zone (UTC+7, no daylight saving): 2026-03-02T08:00:00+07:00. */
export function w3c(d: Date): string {
  return `${new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** Resolved: answered, closed, or not accepted (with the reason and where to go instead). */
export const CLOSED_STATUSES: readonly TicketStatus[] = ['answered', 'closed', 'rejected'];
export const isClosed = (s: string) => (CLOSED_STATUSES as readonly string[]).includes(s);

const STATUS_NOTES: Record<TicketStatus, { vi: string; en: string }> = {
  received: { vi: 'Tổng đài đã tiếp nhận, đang phân loại.', en: 'Received; being triaged.' },
  rejected: { vi: 'Không tiếp nhận.', en: 'Not accepted.' },
  awaiting_supplement: {
    vi: 'Chờ người phản ánh bổ sung thông tin.',
    en: 'Waiting for more information from the sender.',
  },
  coordinating: {
    vi: 'Đang xác định cơ quan có thẩm quyền.',
    en: 'The responsible agency is being determined.',
  },
  forwarded: {
    vi: 'Đã chuyển cơ quan có thẩm quyền.',
    en: 'Forwarded to the responsible agency.',
  },
  in_progress: { vi: 'Cơ quan đang xử lý.', en: 'Being handled by the agency.' },
  verifying: { vi: 'Cơ quan đang xác minh.', en: 'Being verified by the agency.' },
  pending_approval: {
    vi: 'Câu trả lời đang chờ lãnh đạo duyệt.',
    en: 'The answer is awaiting approval.',
  },
  agency_answered: {
    vi: 'Cơ quan đã trả lời; tổng đài đang hoàn tất phản hồi.',
    en: 'The agency has answered; the hotline is completing the reply.',
  },
  answered: { vi: 'Đã trả lời.', en: 'Answered.' },
  closed: { vi: 'Đã kết thúc.', en: 'Closed.' },
};

const OVERDUE = { vi: ' Đã quá hạn xử lý.', en: ' Overdue.' };

// ---------------------------------------------------------------------------- services

export interface ServiceRow {
  code: string;
  name: string;
  name_en: string;
  group_number: number;
  group_name: string;
  group_name_en: string;
}

const pick = (lang: Lang, vi: string, en: string) => (lang === 'en' && en ? en : vi);

/** GET Service List: one service per active field (lĩnh vực), grouped by its field group. */
export function presentServices(rows: ServiceRow[], lang: Lang) {
  return rows.map((f) => ({
    service_code: f.code,
    service_name: pick(lang, f.name, f.name_en),
    description:
      lang === 'en'
        ? `Questions, reports and suggestions about: ${f.name_en || f.name}.`
        : `Phản ánh, kiến nghị, hỏi đáp về lĩnh vực: ${f.name}.`,
    // Every service takes the attributes below (urgency, confidentiality, …), all optional.
    metadata: true,
    type: 'realtime',
    keywords: [...new Set([f.name, f.name_en, f.group_name, f.group_name_en].filter(Boolean))].join(
      ', ',
    ),
    group: pick(lang, f.group_name, f.group_name_en),
  }));
}

export interface AttributeSpec {
  code: string;
  variable: boolean;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  vi: string;
  en: string;
  values?: { key: string; vi: string; en: string }[];
}

/**
 * The attributes every service takes. What Vietnamese intake records beyond the spec's own
 * fields (R-IN-3): urgency (R-WF-12), confidentiality of personal data (R-PUB-2), the reply
 * language (R-IN-1), the organisation reporting; and, not an input, what the hotline does not
 * handle (R-SC-3), shown to the user before they write.
 */
export const ATTRIBUTES: readonly AttributeSpec[] = [
  {
    code: 'NOTICE',
    variable: false,
    datatype: 'text',
    required: false,
    vi: 'Tổng đài 1022 không tiếp nhận: tin báo an ninh trật tự (gọi 113), cháy nổ, cứu nạn (114), cấp cứu (115), khiếu nại, tố cáo (gửi theo Luật Khiếu nại, Luật Tố cáo). Nội dung phải rõ ràng, bằng tiếng Việt (người nước ngoài có thể dùng tiếng Anh).',
    en: 'The 1022 hotline does not handle: security and public order (call 113), fire and rescue (114), medical emergencies (115), formal complaints and denunciations (filed under the Complaints and Denunciations Laws). Write clearly, in Vietnamese (foreigners may use English).',
  },
  {
    code: 'URGENCY',
    variable: true,
    datatype: 'singlevaluelist',
    required: false,
    vi: 'Mức độ khẩn',
    en: 'Urgency',
    values: [
      { key: 'normal', vi: 'Bình thường', en: 'Normal' },
      { key: 'urgent', vi: 'Khẩn', en: 'Urgent' },
      { key: 'emergency', vi: 'Hoả tốc', en: 'Emergency' },
    ],
  },
  {
    code: 'CONFIDENTIAL',
    variable: true,
    datatype: 'singlevaluelist',
    required: false,
    vi: 'Đề nghị giữ bí mật thông tin cá nhân (nội dung và vị trí không được công khai)',
    en: 'Keep my personal data confidential (the content and location are not published)',
    values: [
      { key: 'false', vi: 'Không', en: 'No' },
      { key: 'true', vi: 'Có', en: 'Yes' },
    ],
  },
  {
    code: 'LANGUAGE',
    variable: true,
    datatype: 'singlevaluelist',
    required: false,
    vi: 'Ngôn ngữ trả lời',
    en: 'Language of the reply',
    values: [
      { key: 'vi', vi: 'Tiếng Việt', en: 'Vietnamese' },
      { key: 'en', vi: 'Tiếng Anh', en: 'English' },
    ],
  },
  {
    code: 'ORGANIZATION',
    variable: true,
    datatype: 'string',
    required: false,
    vi: 'Tên cơ quan, tổ chức, doanh nghiệp (nếu phản ánh thay mặt tổ chức)',
    en: 'Name of the organisation or business (when reporting on its behalf)',
  },
];

/** GET Service Definition. */
export function presentDefinition(serviceCode: string, lang: Lang) {
  return {
    service_code: serviceCode,
    attributes: ATTRIBUTES.map((a, i) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: datatypeDescription(a, lang),
      order: i + 1,
      description: pick(lang, a.vi, a.en),
      ...(a.values
        ? { values: a.values.map((v) => ({ key: v.key, name: pick(lang, v.vi, v.en) })) }
        : {}),
    })),
  };
}

function datatypeDescription(a: AttributeSpec, lang: Lang): string | null {
  if (a.datatype === 'singlevaluelist')
    return lang === 'en' ? 'Choose one value.' : 'Chọn một giá trị.';
  if (a.datatype === 'string')
    return lang === 'en' ? 'At most 300 characters.' : 'Tối đa 300 ký tự.';
  return null;
}

// ---------------------------------------------------------------------------- requests

/** What a public request document is made of: a ticket and what surrounds it. */
export interface RequestRow {
  code: string;
  status: string;
  escalation: string;
  content: string;
  confidential: boolean;
  latitude: number | null;
  longitude: number | null;
  created_at: Date;
  updated_at: Date;
  answered_at: Date | null;
  closed_at: Date | null;
  answer: string | null;
  reject_reason: string | null;
  reject_guidance: string | null;
  citizen_name: string;
  citizen_phone: string | null;
  citizen_email: string | null;
  citizen_address: string | null;
  service_code: string | null;
  field_name: string | null;
  field_name_en: string | null;
  agency_name: string | null;
  agency_name_en: string | null;
  /** The commune or ward the ticket is located in (org_unit), if any. */
  unit_name: string | null;
  /** Open311 submissions: the description as sent, the location as written, media link. */
  o_description: string | null;
  address_string: string | null;
  address_id: string | null;
  media_url: string | null;
  /** The running deadline (R-SLA), if any. */
  due_at: Date | null;
  /** Flagged by the abuse filter (R-AB-1): vulgar or defamatory words are not republished. */
  flagged: boolean;
}

export interface NoticeContext {
  /** Working hours the agency's focal point has to answer (R-SLA-1). */
  focalPointHours: number;
}

export function serviceNotice(ctx: NoticeContext, lang: Lang): string {
  return lang === 'en'
    ? `The request is forwarded to the responsible agency, which must answer within ${ctx.focalPointHours} working hours of receiving it.`
    : `Phản ánh được chuyển đến cơ quan có thẩm quyền; cơ quan phải trả lời trong ${ctx.focalPointHours} giờ làm việc kể từ khi nhận.`;
}

function statusNotes(r: RequestRow, lang: Lang): string {
  const who = {
    name: r.citizen_name,
    phone: r.citizen_phone,
    email: r.citizen_email,
    address: r.citizen_address,
  };
  const base = STATUS_NOTES[r.status as TicketStatus]?.[lang] ?? '';
  if (r.status === 'rejected' && !r.confidential) {
    const parts = [r.reject_reason, r.reject_guidance].filter((x): x is string => !!x);
    if (parts.length) return scrubText(`${base} ${parts.join(' ')}`, who);
  }
  if ((r.status === 'answered' || r.status === 'closed') && r.answer && !r.confidential) {
    return scrubText(r.answer, who);
  }
  return r.escalation === 'overdue' && !isClosed(r.status) ? base + OVERDUE[lang] : base;
}

/** GET Service Request(s): one request, in the spec's order of fields. */
export function presentRequest(r: RequestRow, lang: Lang, notice: NoticeContext): XmlObject {
  const closed = isClosed(r.status);
  const hidden = r.confidential;
  const who = {
    name: r.citizen_name,
    phone: r.citizen_phone,
    email: r.citizen_email,
    address: r.citizen_address,
  };
  // The text is not republished when the citizen asked for confidentiality, when the filter
  // flagged it (vulgar or defamatory words), or when it was not accepted (complaints and
  // denunciations are refused, R-SC-3, and their content is protected by law).
  const withheld = hidden || r.flagged || r.status === 'rejected';
  const description = withheld ? null : scrubText(r.o_description ?? r.content, who) || null;
  const address = hidden ? null : (r.address_string ?? r.unit_name);
  return {
    service_request_id: r.code,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(r, lang) || null,
    service_name: r.field_name ? pick(lang, r.field_name, r.field_name_en ?? '') : null,
    service_code: r.service_code,
    description,
    agency_responsible: r.agency_name ? pick(lang, r.agency_name, r.agency_name_en ?? '') : null,
    service_notice: closed ? null : serviceNotice(notice, lang),
    requested_datetime: w3c(r.created_at),
    // "For requests with status=closed, this will be the date the request was closed."
    updated_datetime: w3c(closed ? (r.closed_at ?? r.answered_at ?? r.updated_at) : r.updated_at),
    expected_datetime: !closed && r.due_at ? w3c(r.due_at) : null,
    address: address ? scrub(address, who) : null,
    address_id: hidden ? null : r.address_id,
    zipcode: null,
    lat: hidden ? null : r.latitude,
    long: hidden ? null : r.longitude,
    media_url: hidden ? null : r.media_url,
  };
}

/** POST Service Request's answer: the ticket code, or a token when it is not written yet. */
export function presentCreated(
  r: { code: string | null; token: string; accountId: string | null },
  notice: string,
) {
  return [
    {
      ...(r.code ? { service_request_id: r.code } : { token: r.token }),
      service_notice: notice,
      account_id: r.accountId,
    },
  ];
}

/** GET service_request_id from a token. */
export function presentToken(token: string, code: string | null) {
  return [{ service_request_id: code, token }];
}

/** The discovery document (Service Discovery spec). */
export function presentDiscovery(d: {
  changeset: Date;
  contact: string;
  keyService: string;
  url: string;
}) {
  return {
    changeset: w3c(d.changeset),
    contact: d.contact,
    key_service: d.keyService,
    endpoints: [
      {
        specification: SPEC_URL,
        url: d.url,
        changeset: w3c(d.changeset),
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** The spec's error document: a list of {code, description}. */
export function presentErrors(list: { code: number; description: string }[]) {
  return list.map((e) => ({ code: e.code, description: e.description }));
}

/** An api_key as administrators see it: never the key itself (shown once, at creation). */
export function presentKey(k: {
  id: string;
  name: string;
  key_prefix: string;
  hourly_limit: number;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): Open311Key {
  return {
    id: k.id,
    name: k.name,
    prefix: k.key_prefix,
    hourlyLimit: k.hourly_limit,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  };
}
