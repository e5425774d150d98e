/**
 * Redaction of personal data before an answer is published (R-PUB-2: "thông tin cá nhân của
 * người phản ánh được giữ bí mật"). Pure: finds what looks personal in a text and proposes a
 * replacement for each finding; the approver sees every finding as a reviewable change, may
 * undo any of them and edit the text further before publishing.
 *
 * Found, in this order of priority (a later finding never overlaps an earlier one):
 * - emails;
 * - ID numbers: CMND (9 digits) and CCCD / personal identification numbers (12 digits),
 *   standalone or after "CMND", "CCCD", "căn cước", "chứng minh", "định danh";
 * - phone numbers (0… or +84…, 10–11 digits, spaces, dots and dashes allowed);
 * - what the caller knows to be the citizen's own name, phone, email and address;
 * - house-number addresses: "số 12/3 đường …", "12 Lê Lợi", "hẻm 45 …", "ngõ 7 …";
 * - personal names: after a form of address ("ông", "bà", "anh", "chị", …) one to four
 *   capitalised words, and two to four capitalised words led by a common Vietnamese family
 *   name — unless a word before them makes them a place or an institution ("đường Lê Lợi",
 *   "trường THPT Nguyễn Du", "tỉnh Lâm Đồng").
 * Detection is a proposal: it errs on the side of hiding, and the approver decides.
 */

export const REDACTION_KINDS = ['name', 'phone', 'email', 'id_number', 'address'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export interface Redaction {
  start: number;
  end: number;
  kind: RedactionKind;
  /** The original text of the span. */
  text: string;
  replacement: string;
}

export interface KnownPersonalData {
  names?: (string | null | undefined)[];
  phones?: (string | null | undefined)[];
  emails?: (string | null | undefined)[];
  addresses?: (string | null | undefined)[];
}

export const REPLACEMENTS: Record<RedactionKind, string> = {
  name: '[họ tên]',
  phone: '[số điện thoại]',
  email: '[email]',
  id_number: '[số giấy tờ]',
  address: '[địa chỉ]',
};

/** Common Vietnamese family names (the first word of most full names). */
export const FAMILY_NAMES = new Set(
  (
    'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương ' +
    'Lâm Mai Trịnh Lưu Tạ Cao Châu Thái Hà Tô Quách Kiều Lương Tăng Vương Chu Từ Lạc Thân La ' +
    'Triệu Tống Mạc Đào Đàm Khúc Nghiêm Hứa Diệp Kim Lục Phùng Tôn Giang Bạch Âu Ông Thạch ' +
    'Danh Lã Văn Quan Khổng Mã Ninh Nông Hầu Lò Sơn Tiêu Doãn Phí Khương Viên Vi Yên Công'
  ).split(' '),
);

/** Forms of address that precede a person's name. */
const HONORIFICS =
  'ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|dì|cậu|thím|mợ|ngài|Ông|Bà|Anh|Chị|Em|Cô|Chú|Bác|Cháu|Cụ|Dì|Cậu|Thím|Mợ|Ngài|ÔNG|BÀ|ANH|CHỊ';

/**
 * Words after which capitalised words name a place, a street or an institution, not a person
 * (compared in lower case, the last one or two words before the name).
 */
const PLACE_WORDS = new Set(
  (
    'đường phố phường xã quận huyện tỉnh tp tp. khu ấp thôn bản xóm tổ hẻm ngõ ngách kiệt ' +
    'cầu chợ trường thpt thcs viện sông núi đảo hồ kênh rạch bến cảng lăng đền chùa tuyến ' +
    'trạm ban sở ubnd hội giải quỹ huân miếu'
  ).split(' '),
);
const PLACE_PHRASES = [
  'thị trấn',
  'thị xã',
  'thành phố',
  'tiểu học',
  'đại học',
  'bệnh viện',
  'công viên',
  'văn hóa',
  'nhà thờ',
  'quảng trường',
  'đại lộ',
  'nút giao',
  'vòng xoay',
  'khu phố',
  'dân cư',
  'dự án',
  'chung cư',
  'công ty',
  'doanh nghiệp',
  'hợp tác xã',
  'trung tâm',
  'ủy ban',
  'tòa nhà',
  'khách sạn',
  'siêu thị',
  'cửa hàng',
  'ngân hàng',
  'vận động',
];

/** Capitalised place names that begin with a family name. */
const PLACE_NAMES = new Set([
  'Hà Nội',
  'Hà Giang',
  'Hà Tĩnh',
  'Hà Nam',
  'Hà Tiên',
  'Hà Đông',
  'Cao Bằng',
  'Cao Lãnh',
  'Lâm Đồng',
  'Thái Bình',
  'Thái Nguyên',
  'Kiên Giang',
  'Tiền Giang',
  'Hậu Giang',
  'Hồ Chí Minh',
  'Lào Cai',
  'Châu Đốc',
  'Châu Thành',
  'Châu Phú',
  'Tây Ninh',
  'Long An',
  'Kim Bảng',
  'Kim Sơn',
  'Mai Châu',
  'Quan Hóa',
  'Lý Sơn',
  'Việt Nam',
  'Đồng Tháp',
  'Lê Chân',
  'Ninh Bình',
  'Ninh Thuận',
  'Sơn La',
  'Trần Văn Thời',
  'Bà Rịa',
  'Bà Chiểu',
  'Bà Điểm',
  'Bà Đen',
  'Cô Tô',
  'Ông Lãnh',
  'Bà Triệu',
  'Vũng Tàu',
]);

/** Words that put a number before capitalised words in a legal reference, not an address. */
const NOT_HOUSE_NUMBER_BEFORE =
  /(?:điều|khoản|điểm|chương|mục|phần|ngày|tháng|năm|quyết định|nghị định|thông tư|luật|công văn|tờ trình|kế hoạch|văn bản|số hiệu|phiếu|mã|lớp|tuổi|giờ|phút|lần|thứ|khóa|đợt|quý|tuần)\s*$/iu;

const UPPER = '\\p{Lu}';
const LOWER = '[\\p{Ll}\\p{M}]';
/** A capitalised word: "Nguyễn", "Đ", "Thị". */
const CAP_WORD = `${UPPER}${LOWER}*`;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const ID_AFTER_WORD =
  /(?:CMND|CCCD|CMTND|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|(?:số )?định danh(?: cá nhân)?|hộ chiếu)(?:\s*(?:số|:|là|-))*\s*((?:\d[\s.]?){8,11}\d)(?!\d)/giu;
const ID_PLAIN = /(?<![\d.,/-])(?:\d{12}|\d{9})(?![\d.,/-]*\d)/g;
const PHONE = /(?<![\d+])(?:\+84|84|0)(?:[\s.-]?\d){8,10}(?!\d)/g;
const ADDRESS_PATTERNS: RegExp[] = [
  // "số nhà 12/3A", "nhà số 5", "số 12", optionally followed by the street and its name.
  new RegExp(
    `(?:số nhà|nhà số|Số nhà|Nhà số|số|Số)\\s*\\d+${LOWER}?[A-Za-z]?(?:\\/\\d+[A-Za-z]?)*(?:\\s*,?\\s*(?:đường|phố|hẻm|ngõ|ngách|kiệt|Đường|Phố|Hẻm|Ngõ|Ngách|Kiệt)\\s+[^,.;:\\n]+)?`,
    'gu',
  ),
  // "hẻm 45/2 Trần Hưng Đạo", "ngõ 7 phố Huế".
  /(?:hẻm|ngõ|ngách|kiệt|Hẻm|Ngõ|Ngách|Kiệt)\s+\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)*(?:\s+[^,.;:\n]+)?/gu,
  // "12 đường Lê Lợi", "45/6 phố Hàng Bông".
  /(?<![\d/])\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)*\s+(?:đường|phố|Đường|Phố)\s+[^,.;:\n]+/gu,
  // "123 Lê Lợi", "12A Nguyễn Văn Cừ": a house number before a capitalised street name.
  new RegExp(
    `(?<![\\d/,.])\\d{1,4}[A-Za-z]?(?:\\/\\d+[A-Za-z]?)*\\s+${CAP_WORD}(?:\\s+${CAP_WORD}){1,3}`,
    'gu',
  ),
];
const HONORIFIC_NAME = new RegExp(
  `(?<![\\p{L}])(?:${HONORIFICS})\\s+(${CAP_WORD}(?:\\s+${CAP_WORD}){0,3})`,
  'gu',
);
const CAP_SEQUENCE = new RegExp(`(?<![\\p{L}])${CAP_WORD}(?:\\s+${CAP_WORD}){1,3}`, 'gu');

class Spans {
  readonly list: Redaction[] = [];
  constructor(private readonly text: string) {}
  free(start: number, end: number) {
    return this.list.every((r) => end <= r.start || start >= r.end);
  }
  add(start: number, end: number, kind: RedactionKind) {
    // Trailing spaces are not part of a finding.
    while (end > start && /\s/.test(this.text[end - 1]!)) end--;
    if (end <= start || !this.free(start, end)) return false;
    this.list.push({
      start,
      end,
      kind,
      text: this.text.slice(start, end),
      replacement: REPLACEMENTS[kind],
    });
    return true;
  }
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const digitsOf = (s: string) => s.replace(/\D/g, '').replace(/^84(?=\d{9,10}$)/, '0');

/** The one or two lower-cased words before `index`. */
function wordsBefore(text: string, index: number): { one: string; two: string } {
  const before = text.slice(Math.max(0, index - 40), index).toLowerCase();
  const words = before.split(/[^\p{L}\p{M}.]+/u).filter(Boolean);
  const one = words.at(-1) ?? '';
  const two = words.slice(-2).join(' ');
  return { one, two };
}

function isPlaceContext(text: string, index: number): boolean {
  const { one, two } = wordsBefore(text, index);
  return PLACE_WORDS.has(one) || PLACE_PHRASES.includes(two) || PLACE_WORDS.has(two);
}

/** Finds what to redact in `input` (NFC-normalised first; offsets refer to the NFC text). */
export function findRedactions(
  input: string,
  known: KnownPersonalData = {},
  /** false: only what `known` names (the check before publishing), not the patterns. */
  generic = true,
): Redaction[] {
  const text = input.normalize('NFC');
  const spans = new Spans(text);
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) fn(m as RegExpExecArray);
  };

  if (generic) {
    each(EMAIL, (m) => spans.add(m.index, m.index + m[0].length, 'email'));
    each(ID_AFTER_WORD, (m) => {
      const digits = m[1]!;
      const start = m.index + m[0].length - digits.length;
      const n = digitsOf(digits).length;
      if (n === 9 || n === 12) spans.add(start, start + digits.length, 'id_number');
    });
    each(ID_PLAIN, (m) => spans.add(m.index, m.index + m[0].length, 'id_number'));
    each(PHONE, (m) => {
      const n = m[0].replace(/\D/g, '').replace(/^84/, '0').length;
      if (n === 10 || n === 11) spans.add(m.index, m.index + m[0].length, 'phone');
    });
  }

  // What the caller knows about the citizen, wherever it appears.
  const knownPhones = (known.phones ?? []).filter((p): p is string => !!p).map(digitsOf);
  if (knownPhones.length) {
    each(/\+?\d[\d\s.-]{6,16}\d/g, (m) => {
      if (knownPhones.includes(digitsOf(m[0]))) spans.add(m.index, m.index + m[0].length, 'phone');
    });
  }
  for (const e of known.emails ?? []) {
    if (!e) continue;
    each(new RegExp(escapeRegExp(e), 'giu'), (m) =>
      spans.add(m.index, m.index + m[0].length, 'email'),
    );
  }
  for (const a of known.addresses ?? []) {
    const addr = a?.normalize('NFC').trim();
    if (!addr || addr.length < 4) continue;
    each(new RegExp(escapeRegExp(addr), 'giu'), (m) =>
      spans.add(m.index, m.index + m[0].length, 'address'),
    );
  }
  for (const n of known.names ?? []) {
    const name = n?.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!name || name.length < 2) continue;
    const pattern = name.split(' ').map(escapeRegExp).join('\\s+');
    each(new RegExp(`(?<![\\p{L}])${pattern}(?![\\p{L}])`, 'giu'), (m) =>
      spans.add(m.index, m.index + m[0].length, 'name'),
    );
    // The given name alone after a form of address: "anh An", "chị Lan".
    const given = name.split(' ').at(-1)!;
    if (given.length >= 2 && name.includes(' ')) {
      each(
        new RegExp(`(?<![\\p{L}])(?:${HONORIFICS})\\s+(${escapeRegExp(given)})(?![\\p{L}])`, 'gu'),
        (m) => {
          const start = m.index + m[0].length - m[1]!.length;
          spans.add(start, start + m[1]!.length, 'name');
        },
      );
    }
  }

  if (!generic) return spans.list.sort((a, b) => a.start - b.start);

  for (const re of ADDRESS_PATTERNS) {
    each(re, (m) => {
      if (NOT_HOUSE_NUMBER_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) return;
      // "số 12" alone is as often a document number as a house: needs a street after it or
      // a place word before it.
      if (/^(?:số|Số)\s*\d/.test(m[0]) && !/\s(?:đường|phố|hẻm|ngõ|ngách|kiệt)\s/iu.test(m[0])) {
        const { one, two } = wordsBefore(text, m.index);
        if (!['nhà', 'tại', 'ở', 'địa chỉ', 'chỉ'].includes(one) && two !== 'địa chỉ') return;
      }
      spans.add(m.index, m.index + m[0].length, 'address');
    });
  }

  each(HONORIFIC_NAME, (m) => {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    const whole = m[0].replace(/\s+/g, ' ');
    if (PLACE_NAMES.has(name) || PLACE_NAMES.has(whole) || isPlaceContext(text, m.index)) return;
    spans.add(start, start + name.length, 'name');
  });
  each(CAP_SEQUENCE, (m) => {
    const words = [...m[0].matchAll(/\S+/gu)];
    // A family name inside the run starts the name ("Gia đình Nguyễn Văn An").
    const first = words.findIndex((w) => FAMILY_NAMES.has(w[0]));
    if (first < 0 || words.length - first < 2) return;
    const start = m.index + words[first]!.index;
    const name = text.slice(start, m.index + m[0].length);
    if (PLACE_NAMES.has(name) || [...PLACE_NAMES].some((p) => name.startsWith(`${p} `))) return;
    if (isPlaceContext(text, start)) return;
    spans.add(start, m.index + m[0].length, 'name');
  });

  return spans.list.sort((a, b) => a.start - b.start);
}

/** The text with the given findings replaced (findings must not overlap; any order). */
export function applyRedactions(input: string, redactions: readonly Redaction[]): string {
  const text = input.normalize('NFC');
  let out = '';
  let at = 0;
  for (const r of [...redactions].sort((a, b) => a.start - b.start)) {
    if (r.start < at) continue;
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}

/** Finds and applies: the proposal an approver starts from. */
export function redact(input: string, known: KnownPersonalData = {}) {
  const redactions = findRedactions(input, known);
  return { text: applyRedactions(input, redactions), redactions };
}
