import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  matchScopeRule,
  normalizeVietnamese,
  parseTicketCode,
  proposeAgency,
  ticketCode,
} from './routing.ts';
import type { FieldRoute, ScopeRule } from './routing.ts';

describe('normalizeVietnamese', () => {
  test('strips tone marks and diacritics, lowercases', () => {
    assert.equal(normalizeVietnamese('Cháy nhà'), 'chay nha');
    assert.equal(normalizeVietnamese('TỐ CÁO'), 'to cao');
    assert.equal(normalizeVietnamese('Khiếu nại'), 'khieu nai');
    assert.equal(normalizeVietnamese('Ủy ban nhân dân'), 'uy ban nhan dan');
    assert.equal(normalizeVietnamese('Sở Tài nguyên và Môi trường'), 'so tai nguyen va moi truong');
    assert.equal(normalizeVietnamese('cấp cứu'), 'cap cuu');
    assert.equal(normalizeVietnamese('Ơn, Ưu, Ăn, Âm, Êm, Ô'), 'on, uu, an, am, em, o');
  });

  test('all five tones on every vowel fold to the bare vowel', () => {
    assert.equal(normalizeVietnamese('aàáảãạ ăằắẳẵặ âầấẩẫậ'), 'aaaaaa aaaaaa aaaaaa');
    assert.equal(normalizeVietnamese('eèéẻẽẹ êềếểễệ iìíỉĩị'), 'eeeeee eeeeee iiiiii');
    assert.equal(normalizeVietnamese('oòóỏõọ ôồốổỗộ ơờớởỡợ'), 'oooooo oooooo oooooo');
    assert.equal(normalizeVietnamese('uùúủũụ ưừứửữự yỳýỷỹỵ'), 'uuuuuu uuuuuu yyyyyy');
    assert.equal(normalizeVietnamese('ÀÁẢÃẠ ỲÝỶỸỴ ỨỪỬỮỰ'), 'aaaaa yyyyy uuuuu');
  });

  test('đ and Đ become d', () => {
    assert.equal(normalizeVietnamese('Đồng Tháp'), 'dong thap');
    assert.equal(normalizeVietnamese('đường điện'), 'duong dien');
    assert.equal(normalizeVietnamese('ĐĂNG KÝ ĐẤT ĐAI'), 'dang ky dat dai');
  });

  test('precomposed (NFC) and decomposed (NFD) input give the same result', () => {
    const nfc = 'Bình Dương trật tự'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    assert.notEqual(nfc, nfd);
    assert.equal(normalizeVietnamese(nfc), normalizeVietnamese(nfd));
    assert.equal(normalizeVietnamese(nfd), 'binh duong trat tu');
  });

  test('collapses whitespace (tabs, newlines, non-breaking spaces) and trims', () => {
    assert.equal(normalizeVietnamese('  Gia \t Lai\n\n  1022  '), 'gia lai 1022');
    assert.equal(normalizeVietnamese('Bình\u00a0Phước'), 'binh phuoc');
    assert.equal(normalizeVietnamese(''), '');
    assert.equal(normalizeVietnamese('   '), '');
  });

  test('keeps digits and punctuation; English is only lowercased', () => {
    assert.equal(normalizeVietnamese('Gọi 113, 114 hoặc 115!'), 'goi 113, 114 hoac 115!');
    assert.equal(normalizeVietnamese('Fire at My House'), 'fire at my house');
  });

  test('is idempotent', () => {
    for (const s of ['Cháy nhà', 'ĐƯỜNG  Hùng Vương', 'tốc độ', 'plain']) {
      const once = normalizeVietnamese(s);
      assert.equal(normalizeVietnamese(once), once);
    }
  });
});

const RULES: ScopeRule[] = [
  {
    code: 'security',
    action: 'redirect',
    redirectTo: '113',
    keywords: ['an ninh', 'trật tự', 'đánh nhau', 'cướp', 'trộm', '113'],
    guidanceVi: 'Vui lòng gọi Công an theo số 113.',
    guidanceEn: 'Please call the police on 113.',
  },
  {
    code: 'fire',
    action: 'redirect',
    redirectTo: '114',
    keywords: ['chay', 'cứu hộ', 'cứu nạn', '114'],
    guidanceVi: 'Vui lòng gọi ngay 114 (Phòng cháy chữa cháy và cứu nạn cứu hộ).',
    guidanceEn: 'Please call 114 (fire and rescue) at once.',
  },
  {
    code: 'ambulance',
    action: 'transfer',
    redirectTo: '115',
    keywords: ['cấp cứu', 'xe cứu thương', '115'],
    guidanceVi: 'Cuộc gọi được chuyển đến Trung tâm cấp cứu 115.',
    guidanceEn: 'The call is transferred to the 115 emergency centre.',
  },
  {
    code: 'complaint',
    action: 'reject',
    redirectTo: null,
    keywords: ['khiếu nại', 'to cao'],
    guidanceVi: 'Đơn khiếu nại, tố cáo được gửi theo Luật Khiếu nại, Luật Tố cáo.',
    guidanceEn: 'Complaints and denunciations follow the Law on Complaints and Denunciations.',
  },
];

const code = (text: string): string | null => matchScopeRule(text, RULES)?.code ?? null;

describe('matchScopeRule (R-SC-3)', () => {
  test('matches keywords whatever the tone marks on either side', () => {
    assert.equal(code('Nhà tôi đang cháy!'), 'fire');
    assert.equal(code('cháy nhà ở phường 3'), 'fire');
    assert.equal(code('CHÁY RỪNG'), 'fire');
    assert.equal(code('Tôi muốn tố cáo cán bộ xã'), 'complaint');
    assert.equal(code('Gửi đơn KHIẾU NẠI về đất đai'), 'complaint');
    assert.equal(code('Có người bị tai nạn cần cấp cứu gấp'), 'ambulance');
    assert.equal(code('Nhóm thanh niên đánh nhau trước cổng trường'), 'security');
    assert.equal(code('mat trat tu khu pho'), 'security', 'unaccented text matches too');
  });

  test('"tốc độ" does not match the syllable "to", nor other words that merely contain it', () => {
    const rules: ScopeRule[] = [{ ...RULES[3]!, keywords: ['to'] }];
    assert.equal(matchScopeRule('Tốc độ xử lý hồ sơ quá chậm', rules), null);
    assert.equal(matchScopeRule('Đường Tô Hiến Thành bị ngập', rules)?.code, 'complaint');
    assert.equal(matchScopeRule('tổ dân phố 5', rules)?.code, 'complaint');
    assert.equal(matchScopeRule('toàn bộ hồ sơ', rules), null);
  });

  test('matches whole words only', () => {
    assert.equal(code('Cháy'), 'fire');
    assert.equal(code('Chaytrong'), null);
    assert.equal(code('Gọi số 1130 không được'), null);
    // 'cap cuu' (ambulance) and 'cuu ho' (fire) overlap here: the earlier rule wins.
    assert.equal(code('Hỏi về thủ tục cấp cứu hộ'), 'fire');
    assert.equal(code('Trộm cắp xe máy'), 'security');
    assert.equal(code('Hỏi thủ tục trợ cấp'), null);
  });

  test('multi-word keywords must appear as a contiguous phrase', () => {
    assert.equal(code('Tôi xin tố cáo'), 'complaint');
    assert.equal(code('tố giác, cáo buộc'), null);
    assert.equal(code('Cần gọi xe cứu thương'), 'ambulance');
    assert.equal(code('xe bị hỏng, cứu với, thương quá'), null);
  });

  test('punctuation and line breaks are word boundaries', () => {
    assert.equal(code('Báo cháy!!!'), 'fire');
    assert.equal(code('"cháy"'), 'fire');
    assert.equal(code('(114)'), 'fire');
    assert.equal(code('tố\ncáo'), 'complaint');
    assert.equal(code('tố, cáo'), 'complaint');
    assert.equal(code('đánh-nhau'), 'security');
  });

  test('numbers of the emergency services', () => {
    assert.equal(code('Xin số 113'), 'security');
    assert.equal(code('Gọi 114 không được'), 'fire');
    assert.equal(code('115?'), 'ambulance');
  });

  test('returns the first rule in order when several match', () => {
    const text = 'Cháy nhà, có người cần cấp cứu';
    assert.equal(code(text), 'fire');
    assert.equal(matchScopeRule(text, [...RULES].reverse())?.code, 'ambulance');
  });

  test('returns the rule object itself, with its guidance and action', () => {
    const rule = matchScopeRule('Có cháy', RULES);
    assert.equal(rule, RULES[1]);
    assert.equal(rule?.action, 'redirect');
    assert.equal(rule?.redirectTo, '114');
    assert.match(rule?.guidanceVi ?? '', /114/);
  });

  test('keeps extra properties of the caller’s rule type', () => {
    const rules = RULES.map((r, i) => ({ ...r, priority: i }));
    const rule = matchScopeRule('khiếu nại', rules);
    assert.equal(rule?.priority, 3);
  });

  test('in-scope requests match nothing', () => {
    for (const text of [
      'Hỏi thủ tục cấp đổi giấy phép lái xe',
      'Đèn đường trên quốc lộ 14 bị hỏng',
      'Đề nghị kiểm tra an toàn thực phẩm ở chợ',
      'Cây xanh ngã đổ trên đường Lê Lợi',
      'How do I renew my work permit?',
      '',
      '   ',
    ]) {
      assert.equal(code(text), null, text);
    }
  });

  test('keywords are normalised too: accented, upper case, padded', () => {
    const rules: ScopeRule[] = [{ ...RULES[0]!, keywords: ['  AN   NINH  '] }];
    assert.equal(matchScopeRule('mất an ninh trật tự', rules)?.code, 'security');
    const accented: ScopeRule[] = [{ ...RULES[1]!, keywords: ['Cháy'] }];
    assert.equal(matchScopeRule('chay nha', accented)?.code, 'fire');
  });

  test('empty keywords and empty rule lists never match', () => {
    const rules: ScopeRule[] = [{ ...RULES[0]!, keywords: ['', '   ', '!!!'] }];
    assert.equal(matchScopeRule('bất cứ nội dung gì', rules), null);
    assert.equal(matchScopeRule('cháy', []), null);
    assert.equal(matchScopeRule('cháy', [{ ...RULES[1]!, keywords: [] }]), null);
  });

  test('tone folding is deliberately lossy: "chạy" (run) also matches "chay"', () => {
    // Documented: use multi-word keywords ("chay nha", "chay rung") to be precise.
    assert.equal(code('Xe buýt chạy trễ giờ'), 'fire');
    const precise: ScopeRule[] = [{ ...RULES[1]!, keywords: ['chay nha', 'chay rung'] }];
    assert.equal(matchScopeRule('Xe buýt chạy trễ giờ', precise), null);
    assert.equal(matchScopeRule('Cháy nhà!', precise)?.code, 'fire');
  });
});

describe('proposeAgency (R-SC-2)', () => {
  const fields: FieldRoute[] = [
    { id: 'moi-truong', defaultAgencyId: 'so-nnmt', active: true },
    { id: 'xay-dung', defaultAgencyId: 'so-xd', active: true },
    { id: 'giao-thong', defaultAgencyId: 'so-xd', active: true },
    { id: 'an-toan-thuc-pham', defaultAgencyId: null, active: true },
    { id: 'thong-tin-truyen-thong', defaultAgencyId: 'so-tttt', active: false },
  ];

  test("returns the field's default agency", () => {
    assert.equal(proposeAgency('moi-truong', fields), 'so-nnmt');
    assert.equal(proposeAgency('xay-dung', fields), 'so-xd');
    assert.equal(proposeAgency('giao-thong', fields), 'so-xd');
  });

  test('null for an unknown field, a field without default, an inactive field or no field', () => {
    assert.equal(proposeAgency('khong-co', fields), null);
    assert.equal(proposeAgency('an-toan-thuc-pham', fields), null);
    assert.equal(proposeAgency('thong-tin-truyen-thong', fields), null);
    assert.equal(proposeAgency(null, fields), null);
    assert.equal(proposeAgency('moi-truong', []), null);
  });

  test('ids are compared exactly', () => {
    assert.equal(proposeAgency('Moi-Truong', fields), null);
    assert.equal(proposeAgency(' moi-truong', fields), null);
  });
});

describe('ticketCode / parseTicketCode', () => {
  test('pads the number to 6 digits', () => {
    assert.equal(ticketCode('PA', 2026, 123), 'PA-2026-000123');
    assert.equal(ticketCode('PA', 2026, 1), 'PA-2026-000001');
    assert.equal(ticketCode('PA', 2026, 999_999), 'PA-2026-999999');
    assert.equal(ticketCode('KN1', 2025, 42), 'KN1-2025-000042');
  });

  test('grows past 6 digits from one million', () => {
    assert.equal(ticketCode('PA', 2026, 1_000_000), 'PA-2026-1000000');
    assert.equal(ticketCode('PA', 2026, 12_345_678), 'PA-2026-12345678');
  });

  test('rejects invalid parts', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(() => ticketCode('PA', 2026, n), RangeError, String(n));
    }
    for (const year of [999, 10_000, 2026.5, Number.NaN]) {
      assert.throws(() => ticketCode('PA', year, 1), RangeError, String(year));
    }
    for (const prefix of ['', 'pa', 'P-A', '1PA', 'PHẢN', 'ABCDEFGHIJK', 'P A']) {
      assert.throws(() => ticketCode(prefix, 2026, 1), RangeError, prefix);
    }
  });

  test('parses what ticketCode produces (round trip)', () => {
    for (const [prefix, year, n] of [
      ['PA', 2026, 123],
      ['PA', 2026, 1],
      ['PA', 2026, 999_999],
      ['PA', 2026, 1_000_000],
      ['KN1', 1999, 7],
      ['ABCDEFGHIJ', 9999, 123_456_789],
    ] as const) {
      assert.deepEqual(parseTicketCode(ticketCode(prefix, year, n)), { prefix, year, n });
    }
  });

  test('tolerates spaces and lower case as a citizen may type it', () => {
    assert.deepEqual(parseTicketCode('  pa-2026-000123 '), { prefix: 'PA', year: 2026, n: 123 });
  });

  test('refuses anything but the canonical form', () => {
    for (const bad of [
      '',
      'PA',
      'PA-2026',
      'PA-2026-123', // fewer than 6 digits
      'PA-2026-00123',
      'PA-2026-000000', // numbers start at 1
      'PA-2026-0000123', // 7 digits with a leading zero is not canonical
      'PA-26-000123',
      'PA-0999-000123',
      'PA 2026 000123',
      'PA_2026_000123',
      'PA-2026-000123-1',
      'PA--2026-000123',
      '-2026-000123',
      '1PA-2026-000123',
      'PA-2026-00012a',
      'PA-２０２６-000123', // full-width digits
      'PA-2026-99999999999999999999', // beyond safe integers
    ]) {
      assert.equal(parseTicketCode(bad), null, bad);
    }
  });
});
