import type { Q } from '../db/helpers.ts';
import type { AgencyKind, Role } from '../db/schema.ts';
import { orgRepository } from '../modules/org/org.repository.ts';
import { demoRepository } from './demo.repository.ts';

/**
 * The demo province's organisation as data: administrative units (two tiers since 1 July
 * 2025, plus a few abolished three-tier units that point at their successors), agencies named
 * after the post-2025 merged departments, the five field groups of R-SC-1 with their fields and
 * default agencies (R-SC-2), the out-of-scope rules of R-SC-3 and one account per role.
 * Everything is fictional: "Tỉnh Demo", code 99, example.vn addresses.
 */

export const DEMO_TENANT = {
  code: 'DEMO',
  name: 'Tỉnh Demo',
  kind: 'province' as const,
  settings: { ticketPrefix: 'PA', sla: { focalPointHours: 8, headHours: 48, warnRatio: 0.75 } },
};

export interface UnitSpec {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  validFrom: string | null;
  validTo: string | null;
  successor: string | null;
}

const NEW = '2025-07-01';
const OLD_END = '2025-06-30';

/** Province → communes/wards (two tiers), and the old city/district with their units. */
export const UNITS: UnitSpec[] = [
  {
    code: '99',
    name: 'Tỉnh Demo',
    level: 'province',
    parent: null,
    validFrom: null,
    validTo: null,
    successor: null,
  },
  ...(
    [
      ['99001', 'Phường An Phú', 'ward'],
      ['99002', 'Phường Bình Minh', 'ward'],
      ['99003', 'Phường Hòa Bình', 'ward'],
      ['99004', 'Phường Tân Thành', 'ward'],
      ['99005', 'Xã Long Hưng', 'commune'],
      ['99006', 'Xã Phú Lộc', 'commune'],
      ['99007', 'Xã Tân Hiệp', 'commune'],
      ['99008', 'Xã Mỹ Thạnh', 'commune'],
      ['99009', 'Xã Thạnh Phú', 'commune'],
      ['99010', 'Xã Đông Sơn', 'commune'],
    ] as const
  ).map(([code, name, level]) => ({
    code,
    name,
    level,
    parent: '99',
    validFrom: NEW,
    validTo: null,
    successor: null,
  })),
  // Three-tier units abolished on 1 July 2025: codes still resolve for old tickets/addresses.
  {
    code: '990',
    name: 'Thành phố Demo',
    level: 'city',
    parent: '99',
    validFrom: null,
    validTo: OLD_END,
    successor: null,
  },
  {
    code: '99101',
    name: 'Phường 1',
    level: 'ward',
    parent: '990',
    validFrom: null,
    validTo: OLD_END,
    successor: '99001',
  },
  {
    code: '99102',
    name: 'Phường 2',
    level: 'ward',
    parent: '990',
    validFrom: null,
    validTo: OLD_END,
    successor: '99001',
  },
  {
    code: '99103',
    name: 'Phường 3',
    level: 'ward',
    parent: '990',
    validFrom: null,
    validTo: OLD_END,
    successor: '99002',
  },
  {
    code: '99104',
    name: 'Xã Hòa Thuận',
    level: 'commune',
    parent: '990',
    validFrom: null,
    validTo: OLD_END,
    successor: '99003',
  },
  {
    code: '991',
    name: 'Huyện Long Hưng',
    level: 'district',
    parent: '99',
    validFrom: null,
    validTo: OLD_END,
    successor: null,
  },
  {
    code: '99111',
    name: 'Thị trấn Long Hưng',
    level: 'township',
    parent: '991',
    validFrom: null,
    validTo: OLD_END,
    successor: '99005',
  },
  {
    code: '99112',
    name: 'Xã Long Phước',
    level: 'commune',
    parent: '991',
    validFrom: null,
    validTo: OLD_END,
    successor: '99005',
  },
  {
    code: '99113',
    name: 'Xã Phú An',
    level: 'commune',
    parent: '991',
    validFrom: null,
    validTo: OLD_END,
    successor: '99006',
  },
  {
    code: '99114',
    name: 'Xã Phú Lộc',
    level: 'commune',
    parent: '991',
    validFrom: null,
    validTo: OLD_END,
    successor: '99006',
  },
];

/** Current communes and wards, where citizens live and tickets are located. */
export const CURRENT_COMMUNES = UNITS.filter((u) => u.parent === '99' && u.validTo === null);

export interface AgencySpec {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  parent?: string;
  unit?: string;
  phone: string;
  email: string;
  requiresApproval?: boolean;
  /** Title of the head's account, e.g. 'Giám đốc Sở'. */
  headTitle: string;
}

const mail = (local: string) => `${local}@example.vn`;

export const AGENCIES: AgencySpec[] = [
  {
    code: 'TD1022',
    name: 'Tổng đài Thông tin dịch vụ công 1022',
    nameEn: '1022 Public Service Hotline',
    kind: 'hotline',
    phone: '1022',
    email: mail('1022'),
    headTitle: 'Giám đốc Trung tâm',
  },
  {
    code: 'VPUBND',
    name: 'Văn phòng Ủy ban nhân dân tỉnh',
    nameEn: "Office of the Provincial People's Committee",
    kind: 'coordinator',
    phone: '0299 3822 001',
    email: mail('vpubnd'),
    headTitle: 'Chánh Văn phòng',
  },
  {
    code: 'SNNMT',
    name: 'Sở Nông nghiệp và Môi trường',
    nameEn: 'Department of Agriculture and Environment',
    kind: 'department',
    phone: '0299 3822 101',
    email: mail('snnmt'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SXD',
    name: 'Sở Xây dựng',
    nameEn: 'Department of Construction',
    kind: 'department',
    phone: '0299 3822 102',
    email: mail('sxd'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SYT',
    name: 'Sở Y tế',
    nameEn: 'Department of Health',
    kind: 'department',
    phone: '0299 3822 103',
    email: mail('syt'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SGDDT',
    name: 'Sở Giáo dục và Đào tạo',
    nameEn: 'Department of Education and Training',
    kind: 'department',
    phone: '0299 3822 104',
    email: mail('sgddt'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'STC',
    name: 'Sở Tài chính',
    nameEn: 'Department of Finance',
    kind: 'department',
    phone: '0299 3822 105',
    email: mail('stc'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    nameEn: 'Department of Home Affairs',
    kind: 'department',
    phone: '0299 3822 106',
    email: mail('snv'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SCT',
    name: 'Sở Công Thương',
    nameEn: 'Department of Industry and Trade',
    kind: 'department',
    phone: '0299 3822 107',
    email: mail('sct'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ',
    nameEn: 'Department of Science and Technology',
    kind: 'department',
    phone: '0299 3822 108',
    email: mail('skhcn'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'SVHTTDL',
    name: 'Sở Văn hóa, Thể thao và Du lịch',
    nameEn: 'Department of Culture, Sports and Tourism',
    kind: 'department',
    phone: '0299 3822 109',
    email: mail('svhttdl'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'STP',
    name: 'Sở Tư pháp',
    nameEn: 'Department of Justice',
    kind: 'department',
    phone: '0299 3822 110',
    email: mail('stp'),
    headTitle: 'Giám đốc Sở',
  },
  {
    code: 'BQLKCN',
    name: 'Ban Quản lý các khu công nghiệp tỉnh',
    nameEn: 'Provincial Industrial Zones Authority',
    kind: 'department',
    phone: '0299 3822 111',
    email: mail('bqlkcn'),
    headTitle: 'Trưởng ban',
  },
  {
    code: 'CAT',
    name: 'Công an tỉnh',
    nameEn: 'Provincial Police',
    kind: 'vertical',
    phone: '0299 3822 113',
    email: mail('cat'),
    headTitle: 'Phó Giám đốc Công an tỉnh',
  },
  {
    code: 'BHXH',
    name: 'Bảo hiểm xã hội tỉnh',
    nameEn: 'Provincial Social Security',
    kind: 'vertical',
    phone: '0299 3822 120',
    email: mail('bhxh'),
    headTitle: 'Giám đốc',
  },
  {
    code: 'DIENLUC',
    name: 'Công ty Điện lực Demo',
    nameEn: 'Demo Power Company',
    kind: 'service_provider',
    phone: '1900 1006',
    email: mail('dienluc'),
    headTitle: 'Giám đốc Công ty',
  },
  {
    code: 'CAPNUOC',
    name: 'Công ty Cổ phần Cấp nước Demo',
    nameEn: 'Demo Water Supply JSC',
    kind: 'service_provider',
    phone: '0299 3822 130',
    email: mail('capnuoc'),
    headTitle: 'Tổng Giám đốc',
  },
  {
    code: 'PANPHU',
    name: 'UBND phường An Phú',
    nameEn: "An Phu Ward People's Committee",
    kind: 'committee',
    unit: '99001',
    phone: '0299 3830 001',
    email: mail('anphu'),
    headTitle: 'Chủ tịch UBND phường',
  },
  {
    code: 'PBINHMINH',
    name: 'UBND phường Bình Minh',
    nameEn: "Binh Minh Ward People's Committee",
    kind: 'committee',
    unit: '99002',
    phone: '0299 3830 002',
    email: mail('binhminh'),
    headTitle: 'Chủ tịch UBND phường',
  },
  {
    code: 'PHOABINH',
    name: 'UBND phường Hòa Bình',
    nameEn: "Hoa Binh Ward People's Committee",
    kind: 'committee',
    unit: '99003',
    phone: '0299 3830 003',
    email: mail('hoabinh'),
    headTitle: 'Chủ tịch UBND phường',
  },
  // R-WF-11: answers of this commune need its chairman's approval before they leave.
  {
    code: 'XLONGHUNG',
    name: 'UBND xã Long Hưng',
    nameEn: "Long Hung Commune People's Committee",
    kind: 'committee',
    unit: '99005',
    phone: '0299 3830 005',
    email: mail('longhung'),
    requiresApproval: true,
    headTitle: 'Chủ tịch UBND xã',
  },
  {
    code: 'XPHULOC',
    name: 'UBND xã Phú Lộc',
    nameEn: "Phu Loc Commune People's Committee",
    kind: 'committee',
    unit: '99006',
    phone: '0299 3830 006',
    email: mail('phuloc'),
    headTitle: 'Chủ tịch UBND xã',
  },
  {
    code: 'SXD-QLDT',
    name: 'Phòng Quản lý đô thị',
    nameEn: 'Urban Management Division',
    kind: 'subunit',
    parent: 'SXD',
    phone: '0299 3822 142',
    email: mail('sxd.qldt'),
    headTitle: 'Trưởng phòng',
  },
  {
    code: 'SXD-HTGT',
    name: 'Phòng Quản lý kết cấu hạ tầng giao thông',
    nameEn: 'Transport Infrastructure Division',
    kind: 'subunit',
    parent: 'SXD',
    phone: '0299 3822 143',
    email: mail('sxd.htgt'),
    headTitle: 'Trưởng phòng',
  },
  {
    code: 'SNNMT-QLDD',
    name: 'Phòng Quản lý đất đai',
    nameEn: 'Land Management Division',
    kind: 'subunit',
    parent: 'SNNMT',
    phone: '0299 3822 141',
    email: mail('snnmt.qldd'),
    headTitle: 'Trưởng phòng',
  },
];

/** Agencies whose staff handle forwarded tickets: everything but the hotline itself. */
export const HANDLING_AGENCIES = AGENCIES.filter((a) => a.kind !== 'hotline');

export const FIELD_GROUPS: { number: number; name: string; nameEn: string }[] = [
  {
    number: 1,
    name: 'Thủ tục hành chính các cấp',
    nameEn: 'Administrative procedures at every level',
  },
  {
    number: 2,
    name: 'Kinh tế - xã hội, dịch vụ sự nghiệp công, dịch vụ công ích',
    nameEn: 'Socio-economic and public services',
  },
  {
    number: 3,
    name: 'Sự cố hạ tầng kỹ thuật và phản ánh hiện trường',
    nameEn: 'On-site infrastructure incidents and violations',
  },
  {
    number: 4,
    name: 'Đầu tư, khu công nghiệp, du lịch và sự kiện',
    nameEn: 'Investment, industrial zones, tourism and events',
  },
  { number: 5, name: 'Lĩnh vực khác', nameEn: 'Other matters' },
];

export interface FieldSpec {
  code: string;
  group: number;
  name: string;
  nameEn: string;
  agency: string;
}

export const FIELDS: FieldSpec[] = [
  {
    code: 'TTHC-DD',
    group: 1,
    name: 'Thủ tục đất đai',
    nameEn: 'Land procedures',
    agency: 'SNNMT',
  },
  {
    code: 'TTHC-DKKD',
    group: 1,
    name: 'Đăng ký doanh nghiệp, hộ kinh doanh',
    nameEn: 'Business registration',
    agency: 'STC',
  },
  {
    code: 'TTHC-HT',
    group: 1,
    name: 'Hộ tịch, chứng thực',
    nameEn: 'Civil status and certification',
    agency: 'STP',
  },
  {
    code: 'TTHC-DVC',
    group: 1,
    name: 'Dịch vụ công trực tuyến, tra cứu hồ sơ',
    nameEn: 'Online public services and dossier look-up',
    agency: 'VPUBND',
  },
  {
    code: 'TTHC-XD',
    group: 1,
    name: 'Cấp phép xây dựng',
    nameEn: 'Building permits',
    agency: 'SXD',
  },
  {
    code: 'TTHC-CB',
    group: 1,
    name: 'Tinh thần, thái độ phục vụ của cán bộ, công chức',
    nameEn: 'Conduct of public officials',
    agency: 'SNV',
  },
  { code: 'YT', group: 2, name: 'Y tế, khám chữa bệnh', nameEn: 'Health care', agency: 'SYT' },
  {
    code: 'BHXH',
    group: 2,
    name: 'Bảo hiểm xã hội, bảo hiểm y tế',
    nameEn: 'Social and health insurance',
    agency: 'BHXH',
  },
  {
    code: 'GD',
    group: 2,
    name: 'Giáo dục, tuyển sinh',
    nameEn: 'Education and school enrolment',
    agency: 'SGDDT',
  },
  {
    code: 'LDVL',
    group: 2,
    name: 'Lao động, việc làm, chính sách người có công',
    nameEn: 'Labour, employment and veterans’ policies',
    agency: 'SNV',
  },
  { code: 'ATTP', group: 2, name: 'An toàn thực phẩm', nameEn: 'Food safety', agency: 'SNNMT' },
  { code: 'MT', group: 2, name: 'Môi trường', nameEn: 'Environment', agency: 'SNNMT' },
  {
    code: 'RAC',
    group: 2,
    name: 'Thu gom, xử lý rác thải',
    nameEn: 'Waste collection',
    agency: 'SNNMT',
  },
  {
    code: 'DIEN',
    group: 2,
    name: 'Cung cấp điện',
    nameEn: 'Electricity supply',
    agency: 'DIENLUC',
  },
  { code: 'NUOC', group: 2, name: 'Cấp nước sinh hoạt', nameEn: 'Water supply', agency: 'CAPNUOC' },
  {
    code: 'PCTT',
    group: 2,
    name: 'Phòng, chống thiên tai',
    nameEn: 'Disaster prevention',
    agency: 'SNNMT',
  },
  {
    code: 'GT',
    group: 3,
    name: 'Giao thông, đường sá',
    nameEn: 'Roads and traffic',
    agency: 'SXD',
  },
  {
    code: 'TN',
    group: 3,
    name: 'Thoát nước, ngập úng',
    nameEn: 'Drainage and flooding',
    agency: 'SXD',
  },
  {
    code: 'CSCX',
    group: 3,
    name: 'Chiếu sáng công cộng, cây xanh',
    nameEn: 'Street lighting and trees',
    agency: 'SXD',
  },
  {
    code: 'VT',
    group: 3,
    name: 'Hạ tầng viễn thông',
    nameEn: 'Telecom infrastructure',
    agency: 'SKHCN',
  },
  {
    code: 'BL',
    group: 3,
    name: 'Buôn lậu, gian lận thương mại, hàng giả',
    nameEn: 'Smuggling, trade fraud and counterfeits',
    agency: 'SCT',
  },
  {
    code: 'VTNN',
    group: 3,
    name: 'Chất lượng vật tư nông nghiệp',
    nameEn: 'Agricultural inputs quality',
    agency: 'SNNMT',
  },
  {
    code: 'TTXD',
    group: 3,
    name: 'Trật tự xây dựng',
    nameEn: 'Construction violations',
    agency: 'SXD',
  },
  {
    code: 'VPDD',
    group: 3,
    name: 'Vi phạm đất đai',
    nameEn: 'Land-use violations',
    agency: 'SNNMT',
  },
  {
    code: 'DT',
    group: 4,
    name: 'Chính sách ưu đãi đầu tư',
    nameEn: 'Investment incentives',
    agency: 'STC',
  },
  { code: 'KCN', group: 4, name: 'Khu công nghiệp', nameEn: 'Industrial zones', agency: 'BQLKCN' },
  {
    code: 'DLSK',
    group: 4,
    name: 'Du lịch, sự kiện, lễ hội',
    nameEn: 'Tourism, events and festivals',
    agency: 'SVHTTDL',
  },
  {
    code: 'ANTT',
    group: 5,
    name: 'An ninh trật tự (không khẩn cấp)',
    nameEn: 'Public order (non-emergency)',
    agency: 'CAT',
  },
  { code: 'KHAC', group: 5, name: 'Lĩnh vực khác', nameEn: 'Other', agency: 'VPUBND' },
];

export interface ScopeRuleSpec {
  code: string;
  name: string;
  nameEn: string;
  action: 'reject' | 'redirect' | 'transfer';
  redirectTo: string | null;
  keywords: string[];
  guidanceVi: string;
  guidanceEn: string;
}

/**
 * R-SC-3. Matching folds tones ("cháy" = "chạy"), so keywords are phrases wherever a single
 * syllable would over-match ("tố cáo" would also match "to cao", tall).
 */
export const SCOPE_RULES: ScopeRuleSpec[] = [
  {
    code: '113',
    name: 'An ninh, trật tự — gọi 113',
    nameEn: 'Security and public order — call 113',
    action: 'redirect',
    redirectTo: '113',
    keywords: [
      'ăn trộm',
      'trộm cắp',
      'kẻ gian',
      'cướp giật',
      'ăn cướp',
      'đánh nhau',
      'ẩu đả',
      'đâm chém',
      'bắt cóc',
      'giết người',
      'gây rối trật tự',
      'đe dọa giết',
    ],
    guidanceVi:
      'Nội dung liên quan đến an ninh, trật tự không thuộc phạm vi tiếp nhận của Tổng đài 1022. Đề nghị Quý khách gọi ngay số 113 (Cảnh sát phản ứng nhanh) hoặc đến Công an xã, phường nơi gần nhất để được hỗ trợ kịp thời.',
    guidanceEn:
      'Security and public-order matters are outside the scope of the 1022 hotline. Please call 113 (police rapid response) at once, or go to the nearest commune/ward police station.',
  },
  {
    code: '114',
    name: 'Cháy nổ, cứu nạn, cứu hộ — gọi 114',
    nameEn: 'Fire, rescue — call 114',
    action: 'redirect',
    redirectTo: '114',
    keywords: [
      'cháy nhà',
      'đám cháy',
      'hỏa hoạn',
      'cháy rừng',
      'cháy lớn',
      'bốc cháy',
      'nổ bình gas',
      'cứu nạn',
      'cứu hộ',
      'mắc kẹt',
      'đuối nước',
    ],
    guidanceVi:
      'Tổng đài 1022 không tiếp nhận tin báo cháy, nổ, cứu nạn, cứu hộ. Đề nghị Quý khách gọi ngay số 114 (Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ), giữ an toàn và làm theo hướng dẫn của lực lượng chức năng.',
    guidanceEn:
      'The 1022 hotline does not take fire or rescue calls. Please call 114 (fire and rescue police) now, stay safe and follow the responders’ instructions.',
  },
  {
    code: '115',
    name: 'Cấp cứu y tế — chuyển 115',
    nameEn: 'Medical emergency — transfer to 115',
    // Bình Dương's variant (seed 001): the call is transferred to the health emergency number.
    action: 'transfer',
    redirectTo: '115',
    keywords: [
      'cấp cứu',
      'xe cứu thương',
      'ngất xỉu',
      'bất tỉnh',
      'đột quỵ',
      'khó thở',
      'co giật',
      'bị thương nặng',
    ],
    guidanceVi:
      'Trường hợp cấp cứu y tế, tổng đài viên chuyển ngay cuộc gọi đến Trung tâm Cấp cứu 115. Nếu cuộc gọi bị gián đoạn, Quý khách vui lòng gọi trực tiếp số 115.',
    guidanceEn:
      'For a medical emergency the operator transfers the call to the 115 emergency centre at once. If the call drops, please dial 115 directly.',
  },
  {
    code: 'KNTC',
    name: 'Khiếu nại, tố cáo — hướng dẫn theo Luật Khiếu nại, Luật Tố cáo',
    nameEn: 'Complaints and denunciations — Law on Complaints / Law on Denunciations',
    action: 'reject',
    redirectTo: null,
    keywords: [
      'khiếu nại',
      'khiếu kiện',
      'đơn tố cáo',
      'tố cáo hành vi',
      'tố cáo ông',
      'tố cáo bà',
      'tố cáo cán bộ',
      'muốn tố cáo',
      'làm đơn tố cáo',
    ],
    guidanceVi:
      'Tổng đài 1022 không tiếp nhận đơn khiếu nại, tố cáo. Theo Luật Khiếu nại năm 2011 và Luật Tố cáo năm 2018, Quý khách gửi đơn đến cơ quan, người có thẩm quyền giải quyết hoặc đến Trụ sở Tiếp công dân tỉnh để được hướng dẫn. Người tố cáo được giữ bí mật thông tin theo quy định.',
    guidanceEn:
      'The 1022 hotline does not accept complaints or denunciations. Under the Law on Complaints (2011) and the Law on Denunciations (2018), please send them to the competent authority or to the provincial Citizen Reception Office, which will guide you; denouncers’ identities are protected by law.',
  },
];

export interface UserSpec {
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  title: string;
  isDeputy?: boolean;
  locale?: 'vi' | 'en';
}

/** Staff of the demo province; agency focal points and heads are added per agency below. */
const CORE_USERS: UserSpec[] = [
  {
    username: 'admin',
    displayName: 'Trần Quốc Bảo',
    role: 'admin',
    agency: 'TD1022',
    title: 'Quản trị hệ thống',
  },
  {
    username: 'operator1',
    displayName: 'Nguyễn Thị Ngọc Hân',
    role: 'operator',
    agency: 'TD1022',
    title: 'Tổng đài viên (ca sáng)',
  },
  {
    username: 'operator2',
    displayName: 'Lê Minh Khoa',
    role: 'operator',
    agency: 'TD1022',
    title: 'Tổng đài viên (ca chiều)',
  },
  {
    username: 'operator3',
    displayName: 'Phạm Thu Trang',
    role: 'operator',
    agency: 'TD1022',
    title: 'Tổng đài viên (ca đêm)',
    locale: 'en',
  },
  {
    username: 'supervisor',
    displayName: 'Võ Thanh Tùng',
    role: 'supervisor',
    agency: 'TD1022',
    title: 'Giám sát viên ca trực',
  },
  {
    username: 'coordinator',
    displayName: 'Đặng Hoàng Nam',
    role: 'coordinator',
    agency: 'VPUBND',
    title: 'Phó Chánh Văn phòng UBND tỉnh',
  },
  {
    username: 'leader',
    displayName: 'Huỳnh Văn Phúc',
    role: 'leader',
    agency: null,
    title: 'Phó Chủ tịch UBND tỉnh',
  },
];

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Trương',
];
const STAFF_GIVEN = [
  'Văn Hùng',
  'Thị Mai',
  'Minh Tuấn',
  'Thị Thanh Hương',
  'Quốc Việt',
  'Ngọc Anh',
  'Hữu Phước',
  'Thị Kim Loan',
  'Đức Thắng',
  'Thanh Tâm',
  'Văn Lộc',
  'Thị Bích Ngọc',
  'Hoài Nam',
  'Thị Diễm',
  'Công Danh',
  'Minh Châu',
  'Tấn Phát',
  'Thị Hồng Nhung',
  'Trọng Nghĩa',
  'Phương Thảo',
  'Văn Sang',
  'Thị Yến',
  'Quang Huy',
  'Thị Lan Anh',
  'Đình Khôi',
];

export const usernameFor = (role: 'fp' | 'head', agencyCode: string) =>
  `${role}.${agencyCode.toLowerCase()}`;

/** All demo accounts: the core staff, then a focal point and a head for every agency. */
export function demoUsers(): UserSpec[] {
  const users = [...CORE_USERS];
  let i = 0;
  const person = () => {
    const name = `${FAMILY[(i * 7) % FAMILY.length]} ${STAFF_GIVEN[i % STAFF_GIVEN.length]}`;
    i++;
    return name;
  };
  for (const a of HANDLING_AGENCIES) {
    users.push({
      username: usernameFor('fp', a.code),
      displayName: person(),
      role: 'focal_point',
      agency: a.code,
      title: a.kind === 'subunit' ? 'Chuyên viên' : 'Cán bộ đầu mối',
    });
    if (a.kind === 'subunit') continue;
    users.push({
      username: usernameFor('head', a.code),
      displayName: person(),
      role: 'agency_head',
      agency: a.code,
      title: a.headTitle,
    });
  }
  users.push({
    username: 'deputy.sxd',
    displayName: person(),
    role: 'agency_head',
    agency: 'SXD',
    title: 'Phó Giám đốc Sở',
    isDeputy: true,
  });
  return users;
}

export interface OrgIds {
  tenantId: string;
  calendarId: string;
  units: Map<string, string>;
  agencies: Map<string, { id: string; spec: AgencySpec }>;
  fields: Map<string, { id: string; spec: FieldSpec }>;
  users: Map<string, { id: string; spec: UserSpec }>;
}

/**
 * Inserts the organisation in `trx` through the organisation module's own inserts, except
 * the rows dated `createdAt` (before the first ticket) and the accounts, written at once.
 */
export async function insertOrganisation(
  trx: Q,
  passwordHash: string,
  createdAt: Date,
): Promise<OrgIds> {
  const { id: tenantId } = await demoRepository.insertTenant(trx, DEMO_TENANT, createdAt);
  // Statutory holidays, Art. 111 compensation days and the published notices (Tết 2026,
  // New Year 2026 swaps) are computed by the calendar engine.
  const calendar = await demoRepository.insertDefaultCalendar(
    trx,
    tenantId,
    'Giờ hành chính tỉnh Demo',
    { timezone: 'Asia/Ho_Chi_Minh' },
    createdAt,
  );

  const units = new Map<string, string>();
  // Parents and successors come first in UNITS' order except successors of old units, which
  // are current units listed earlier: one pass suffices.
  for (const u of UNITS) {
    const row = await orgRepository.insertOrgUnit(trx, tenantId, {
      code: u.code,
      name: u.name,
      level: u.level,
      parentId: u.parent ? units.get(u.parent)! : null,
      validFrom: u.validFrom,
      validTo: u.validTo,
      successorId: u.successor ? units.get(u.successor)! : null,
    });
    units.set(u.code, row.id);
  }

  const agencies = new Map<string, { id: string; spec: AgencySpec }>();
  for (const a of AGENCIES) {
    const row = await orgRepository.insertAgency(trx, tenantId, {
      code: a.code,
      name: a.name,
      nameEn: a.nameEn,
      kind: a.kind,
      parentId: a.parent ? agencies.get(a.parent)!.id : null,
      orgUnitId: a.unit ? units.get(a.unit)! : null,
      phone: a.phone,
      email: a.email,
      requiresApproval: a.requiresApproval ?? false,
    });
    agencies.set(a.code, { id: row.id, spec: a });
  }

  const groupId = new Map<number, string>();
  for (const g of FIELD_GROUPS) {
    const row = await orgRepository.upsertFieldGroup(trx, tenantId, g.number, g);
    groupId.set(g.number, row.id);
  }
  const fields = new Map<string, { id: string; spec: FieldSpec }>();
  for (const f of FIELDS) {
    const row = await orgRepository.insertField(trx, tenantId, groupId.get(f.group)!, {
      code: f.code,
      name: f.name,
      nameEn: f.nameEn,
      groupNumber: f.group,
      defaultAgencyId: agencies.get(f.agency)!.id,
    });
    fields.set(f.code, { id: row.id, spec: f });
  }

  for (const r of SCOPE_RULES) await orgRepository.insertScopeRule(trx, tenantId, r);

  const specs = demoUsers();
  const userRows = await demoRepository.insertUsers(
    trx,
    tenantId,
    specs.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      agencyId: u.agency ? agencies.get(u.agency)!.id : null,
      title: u.title,
      isDeputy: u.isDeputy ?? false,
      locale: u.locale ?? 'vi',
    })),
    passwordHash,
    createdAt,
  );
  const users = new Map(
    userRows.map((r) => [
      r.username,
      { id: r.id, spec: specs.find((s) => s.username === r.username)! },
    ]),
  );

  return { tenantId, calendarId: calendar.id, units, agencies, fields, users };
}
