import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUSES } from '../../core/ticket/state-machine.ts';
import { isClosed, presentRequest, w3c, type RequestRow } from './open311.presenter.ts';

const row = (over: Partial<RequestRow> = {}): RequestRow => ({
  code: 'PA-2026-000001',
  status: 'received',
  escalation: 'none',
  content: 'Đèn đường hỏng; gọi Nguyễn Văn An 0912345678',
  confidential: false,
  latitude: 10.1,
  longitude: 105.2,
  created_at: new Date('2026-03-02T01:00:00Z'),
  updated_at: new Date('2026-03-02T02:00:00Z'),
  answered_at: null,
  closed_at: null,
  answer: null,
  reject_reason: null,
  reject_guidance: null,
  citizen_name: 'Nguyễn Văn An',
  citizen_phone: '0912345678',
  citizen_email: null,
  citizen_address: null,
  service_code: 'HT',
  field_name: 'Hạ tầng',
  field_name_en: 'Infrastructure',
  agency_name: null,
  agency_name_en: null,
  unit_name: 'Phường 1',
  o_description: null,
  address_string: null,
  address_id: null,
  media_url: null,
  due_at: null,
  flagged: false,
  ...over,
});
const notice = { focalPointHours: 8 };

test('W3C datetimes in Vietnam’s zone', () => {
  assert.equal(w3c(new Date('2026-03-01T17:30:00Z')), '2026-03-02T00:30:00+07:00');
});

test('open and closed: answered, closed and rejected tickets are resolved', () => {
  assert.deepEqual(STATUSES.filter(isClosed), ['rejected', 'answered', 'closed']);
});

test('a request: content scrubbed, the commune as address when no address was written', () => {
  const r = presentRequest(row(), 'vi', notice);
  assert.equal(r.description, 'Đèn đường hỏng; gọi *** ***');
  assert.equal(r.address, 'Phường 1');
  assert.equal(r.status, 'open');
});

test('rejected: closed, with the reason and guidance as notes; overdue is said in words', () => {
  const r = presentRequest(
    row({ status: 'rejected', reject_reason: 'Ngoài phạm vi.', reject_guidance: 'Gọi 113.' }),
    'en',
    notice,
  );
  assert.equal(r.status, 'closed');
  assert.equal(r.status_notes, 'Not accepted. Ngoài phạm vi. Gọi 113.');
  assert.equal(
    r.description,
    null,
    'refused content (complaints, denunciations) is not republished',
  );
  assert.equal(r.service_notice, null);
  const late = presentRequest(row({ status: 'in_progress', escalation: 'overdue' }), 'vi', notice);
  assert.equal(late.status_notes, 'Cơ quan đang xử lý. Đã quá hạn xử lý.');
});

test('flagged: the words are not republished; the rest of the request is', () => {
  const r = presentRequest(row({ flagged: true }), 'vi', notice);
  assert.equal(r.description, null);
  assert.equal(r.address, 'Phường 1');
  assert.equal(r.lat, 10.1);
});

test('confidential: no content, location, media or answer; status and service stay', () => {
  const r = presentRequest(
    row({
      confidential: true,
      status: 'answered',
      answer: 'Trả lời riêng',
      address_string: 'x',
      media_url: 'https://a/b.jpg',
      address_id: 'A1',
    }),
    'vi',
    notice,
  );
  assert.deepEqual(
    [r.description, r.address, r.address_id, r.lat, r.long, r.media_url],
    [null, null, null, null, null, null],
  );
  assert.equal(r.status_notes, 'Đã trả lời.');
  assert.equal(r.service_code, 'HT');
});
