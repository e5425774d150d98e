import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRedactions, findRedactions, redact, type KnownPersonalData } from './redact.ts';

/** [input, expected published text, known personal data]. */
const CASES: [string, string, KnownPersonalData?][] = [
  // Phone numbers in the usual ways of writing them.
  ['Liên hệ 0912345678 để biết thêm.', 'Liên hệ [số điện thoại] để biết thêm.'],
  ['Gọi 0912 345 678 giúp tôi', 'Gọi [số điện thoại] giúp tôi'],
  ['SĐT: 0912.345.678.', 'SĐT: [số điện thoại].'],
  ['số +84 912 345 678', 'số [số điện thoại]'],
  ['máy bàn 0277-3851-234', 'máy bàn [số điện thoại]'],
  // Service numbers are public, not personal.
  ['Gọi tổng đài 1022 hoặc 1900 1234', 'Gọi tổng đài 1022 hoặc 1900 1234'],
  // Emails.
  ['Email: nguyen.an@gmail.com', 'Email: [email]'],
  ['gửi về an_tran-99@mail.example.vn nhé', 'gửi về [email] nhé'],
  // ID numbers: CMND 9 digits, CCCD 12 digits.
  ['CCCD số 079123456789 cấp ngày 1/1/2022', 'CCCD số [số giấy tờ] cấp ngày 1/1/2022'],
  ['CMND: 123456789', 'CMND: [số giấy tờ]'],
  ['căn cước công dân 079 123 456 789', 'căn cước công dân [số giấy tờ]'],
  ['mã định danh 001099012345', 'mã định danh [số giấy tờ]'],
  // Dates and document numbers are not IDs or addresses.
  [
    'Theo Quyết định số 478/QĐ-UBND ngày 12/3/2021 và Điều 12 Luật Đất đai',
    'Theo Quyết định số 478/QĐ-UBND ngày 12/3/2021 và Điều 12 Luật Đất đai',
  ],
  ['Thời hạn giải quyết 15 ngày làm việc.', 'Thời hạn giải quyết 15 ngày làm việc.'],
  // House-number addresses.
  ['Nhà tôi ở số 12/3 đường Lê Lợi, phường An Phú', 'Nhà tôi ở [địa chỉ], phường An Phú'],
  ['địa chỉ 123 Nguyễn Văn Cừ, Phường 1', 'địa chỉ [địa chỉ], Phường 1'],
  ['tại hẻm 45/2 Trần Hưng Đạo bị ngập', 'tại [địa chỉ]'],
  ['ngõ 7 phố Huế, Hà Nội', '[địa chỉ], Hà Nội'],
  ['trước nhà 45 đường Hùng Vương', 'trước nhà [địa chỉ]'],
  // Streets and places named after people are not personal names.
  ['Đèn đường Lê Lợi bị hỏng', 'Đèn đường Lê Lợi bị hỏng'],
  ['Trường THPT Nguyễn Du và chợ Bà Chiểu', 'Trường THPT Nguyễn Du và chợ Bà Chiểu'],
  ['tỉnh Lâm Đồng, thành phố Hồ Chí Minh, Hà Nội', 'tỉnh Lâm Đồng, thành phố Hồ Chí Minh, Hà Nội'],
  ['Sở Xây dựng đã kiểm tra', 'Sở Xây dựng đã kiểm tra'],
  // Personal names.
  ['Ông Nguyễn Văn An phản ánh', 'Ông [họ tên] phản ánh'],
  ['bà Lan ở tổ 3 cho biết', 'bà [họ tên] ở tổ 3 cho biết'],
  ['Trần Thị Bích Ngọc gửi phản ánh', '[họ tên] gửi phản ánh'],
  ['Gia đình Phạm Minh Tuấn bị ảnh hưởng', 'Gia đình [họ tên] bị ảnh hưởng'],
  ['chị Hoàng Thị Mai và anh Đỗ Hùng', 'chị [họ tên] và anh [họ tên]'],
  // A capitalised word at a sentence start is not a name.
  ['Trần nhà bị dột. Nguyễn nhân chưa rõ', 'Trần nhà bị dột. Nguyễn nhân chưa rõ'],
  // The citizen's own data, however it is written.
  [
    'Tôi là Lò Thị Xuân, số 0987-654-321, hỏi về thủ tục. Chị Xuân cảm ơn.',
    'Tôi là [họ tên], số [số điện thoại], hỏi về thủ tục. Chị [họ tên] cảm ơn.',
    { names: ['Lò Thị Xuân'], phones: ['0987654321'] },
  ],
  [
    'Người gửi: y blao ê ban, ở thôn 2',
    'Người gửi: [họ tên], ở thôn 2',
    { names: ['Y Blao Ê Ban'] },
  ],
  [
    'Địa chỉ: thôn Tân Lập, xã Phú Lộc',
    'Địa chỉ: [địa chỉ]',
    { addresses: ['thôn Tân Lập, xã Phú Lộc'] },
  ],
  ['liên hệ AN@EXAMPLE.VN', 'liên hệ [email]', { emails: ['an@example.vn'] }],
  // Decomposed (NFD) input is handled as composed text.
  ['Ông Nguyễn Văn An'.normalize('NFD'), 'Ông [họ tên]'],
];

test('redaction: a table of Vietnamese cases', () => {
  const failures: string[] = [];
  for (const [input, expected, known] of CASES) {
    const got = redact(input, known).text;
    if (got !== expected) failures.push(`${input}\n   got: ${got}\n  want: ${expected}`);
  }
  assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
});

test('redaction: findings carry their kind, span and original text, never overlap', () => {
  const text = 'Ông Nguyễn Văn An, SĐT 0912345678, email an@x.vn, CCCD 079123456789';
  const found = findRedactions(text);
  assert.deepEqual(
    found.map((r) => [r.kind, r.text]),
    [
      ['name', 'Nguyễn Văn An'],
      ['phone', '0912345678'],
      ['email', 'an@x.vn'],
      ['id_number', '079123456789'],
    ],
  );
  for (const r of found) assert.equal(text.slice(r.start, r.end), r.text);
  for (let i = 1; i < found.length; i++) assert.ok(found[i]!.start >= found[i - 1]!.end);
});

test('redaction: an approver may keep some findings and undo others', () => {
  const text = 'Anh Trần Văn Bình, 0912345678';
  const found = findRedactions(text);
  assert.equal(
    applyRedactions(
      text,
      found.filter((r) => r.kind === 'phone'),
    ),
    'Anh Trần Văn Bình, [số điện thoại]',
  );
  assert.equal(applyRedactions(text, []), text);
});

test('redaction: words that look like place words inside ordinary phrases do not hide a name', () => {
  assert.equal(redact('Người dân Võ Thị Sáu ở nhà').text, 'Người dân [họ tên] ở nhà');
  assert.equal(redact('Nhà văn hóa Trần Phú').text, 'Nhà văn hóa Trần Phú');
});

test('redaction: the pre-publication check finds only the citizen’s own data', () => {
  const known = { names: ['Lê Thị Hoa'], phones: ['0912345678'], emails: ['hoa@x.vn'] };
  assert.deepEqual(findRedactions('Ông Trần Văn Bình, 0987654321', known, false), []);
  assert.deepEqual(
    findRedactions('Chị Hoa gọi số 0912.345.678 và gửi hoa@x.vn', known, false).map((r) => r.kind),
    ['name', 'phone', 'email'],
  );
});
