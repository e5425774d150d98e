import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSearchFields, procedureText } from './document.ts';

const procedure = {
  level: 'commune' as const,
  implementingAgency: 'UBND cấp xã',
  steps: ['Nộp hồ sơ', 'Nhận kết quả'],
  dossier: ['Tờ khai'],
  processingTime: '03 ngày làm việc',
  fees: '100.000 đồng',
  legalBasis: ['Nghị định 168/2025/NĐ-CP'],
};

test('procedure fields become labelled text', () => {
  const t = procedureText(procedure);
  assert.match(t, /^Cấp thực hiện: Cấp xã\./);
  assert.match(t, /Thời hạn giải quyết: 03 ngày làm việc\./);
  assert.match(t, /Phí, lệ phí: 100\.000 đồng\./);
});

test('search fields: title A with code words, summary/keywords B, body and fields C', () => {
  const f = buildSearchFields({
    kind: 'procedure',
    code: '1.001612',
    title: 'Đăng ký hộ kinh doanh',
    summary: 'Tóm tắt',
    body: 'Nội dung',
    keywords: ['mở quán', 'GPKD'],
    procedure,
  });
  assert.equal(f.title, 'dang ki ho kinh doanh');
  assert.equal(f.a, 'dang ki zzhkd ho kinh doanh zzhkd 1 001612');
  assert.match(f.b, /^tom tat mo quan zzgpkd gpkd zzgpkd zztthc thu tuc hanh chinh zztthc$/);
  assert.match(f.c, /zzthoihan thoi han giai quyet zzthoihan 03 ngay lam viec/);
  assert.match(f.c, /zzlephi/);
  assert.equal(f.codeNorm, '1.001612');
  assert.ok(f.terms.includes('zzhkd') && f.terms.includes('001612'));
});
