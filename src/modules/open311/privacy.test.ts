import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrub, scrubText } from './privacy.ts';

test('the citizen’s own name, phone and email are removed wherever they appear', () => {
  assert.equal(
    scrub('Ông Nguyễn Văn An (nguyen.an@example.vn, 0912 345 678) hỏi về đất.', {
      name: 'Nguyễn Văn An',
      phone: '0912345678',
      email: 'Nguyen.An@example.vn',
    }),
    'Ông *** (***, ***) hỏi về đất.',
  );
  // Case, spacing and Unicode form of the name do not matter.
  assert.equal(scrub('NGUYỄN  VĂN AN gọi', { name: 'Nguyễn Văn An' }), '*** gọi');
  assert.equal(scrub('nguye\u0302\u0303n văn an gọi', { name: 'Nguyễn Văn An' }), '*** gọi');
  // The number in its international forms.
  assert.equal(
    scrub('gọi +84 912.345.678 hoặc 84912345678', { phone: '0912345678' }),
    'gọi *** hoặc ***',
  );
});

test('a name is removed only as whole words; one-word names are left alone', () => {
  assert.equal(
    scrub('Ông Lê Văn Annh và Lê Văn An', { name: 'Lê Văn An' }),
    'Ông Lê Văn Annh và ***',
  );
  assert.equal(scrub('Tỉnh An Giang', { name: 'An' }), 'Tỉnh An Giang');
});

test('anything shaped like a phone number or an email goes, dates and amounts stay', () => {
  assert.equal(
    scrub('Liên hệ 028-3822-1234 hoặc 1800 1022 hoặc a.b@c.vn'),
    'Liên hệ *** hoặc *** hoặc ***',
  );
  assert.equal(scrub('Hỏi 0987654321, số khác 0236.3821.234'), 'Hỏi ***, số khác ***');
  const kept =
    'Ngày 02/03/2026, 05.03.2026, phí 1.000.000 đồng, mã 1.001612, 10.4563, 105.6331, năm 1984';
  assert.equal(scrub(kept), kept);
});

test('text keeps its own Unicode form (output must round-trip)', () => {
  const nfd = 'Nghe\u0302\u0323 An';
  assert.equal(scrub(nfd), nfd);
});

test('R-PUB-2: published text loses ID numbers, house addresses and named people too', () => {
  const out = scrubText(
    'Tôi là Phạm Minh Cường, CCCD 079123456789, nhà ở 45 Lê Lợi, phường Thạch Thang. ' +
      'Hàng xóm là bà Lê Thị Hoa. Đèn đường Trần Phú hỏng.',
    { name: 'Phạm Minh Cường', address: '45 Lê Lợi, phường Thạch Thang' },
  );
  for (const v of ['Phạm Minh Cường', '079123456789', '45 Lê Lợi', 'Lê Thị Hoa'])
    assert.ok(!out.includes(v), `${v} left in: ${out}`);
  assert.match(out, /Đèn đường Trần Phú hỏng\.$/);
  // A house number that is not the citizen's locates the problem and stays.
  assert.equal(scrubText('Ổ gà trước 12 Hùng Vương.'), 'Ổ gà trước 12 Hùng Vương.');
  // Text with nothing personal keeps its own Unicode form.
  const nfd = 'Nghe\u0302\u0323 An, đường Đồng Khởi';
  assert.equal(scrubText(nfd), nfd);
});
