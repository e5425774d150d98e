import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Masker, knownOf, maskedDownload, maskedRows } from './mask.ts';

const row = {
  citizen_name: 'Phạm Minh Cường',
  citizen_phone: '0981234548',
  citizen_email: 'cuong.pham@example.com',
  citizen_address: 'ấp Long Hưng, xã Phú Lộc',
};
const known = knownOf(row);

test('R-PUB-2: a leader sees an answer greeting the citizen with every personal datum masked', () => {
  const m = Masker.for('leader', { confidential: false }, known);
  assert.equal(m.masked, true);
  const answer =
    'Kính gửi ông/bà Phạm Minh Cường. Ông Cường (SĐT 098 123 4548, cuong.pham@example.com, ' +
    'CCCD 079123456789) ở ấp Long Hưng, xã Phú Lộc đã được Sở Xây dựng trả lời.';
  const out = m.text(answer);
  for (const v of ['Phạm Minh Cường', 'Cường', '098 123 4548', 'cuong.pham', '079123456789'])
    assert.ok(!out.includes(v), `${v} left in: ${out}`);
  assert.ok(!out.includes('ấp Long Hưng, xã Phú Lộc'), out);
  // What is not personal stays readable.
  assert.match(out, /Kính gửi ông\/bà \[họ tên\]/);
  assert.match(out, /Sở Xây dựng đã được|đã được Sở Xây dựng trả lời/);
});

test('R-PUB-2: hotline roles and the coordinator see the text as written', () => {
  for (const role of ['operator', 'supervisor', 'coordinator']) {
    const m = Masker.for(role, { confidential: true }, known);
    assert.equal(m.masked, false);
    assert.equal(m.text('Ông Phạm Minh Cường, 0981234548'), 'Ông Phạm Minh Cường, 0981234548');
    assert.equal(m.phone('0981234548'), '0981234548');
  }
});

test('R-PUB-2: agency staff see only confidential tickets masked', () => {
  assert.equal(Masker.for('focal_point', { confidential: false }, known).masked, false);
  assert.equal(Masker.for('agency_head', { confidential: true }, known).masked, true);
  assert.equal(maskedRows('leader'), 'all');
  assert.equal(maskedRows('admin'), 'all');
  assert.equal(maskedRows('focal_point'), 'confidential');
  assert.equal(maskedRows('operator'), 'none');
  assert.equal(maskedRows('coordinator'), 'none');
});

test('R-PUB-2: JSON data is masked string by string; ids, instants and numbers stay', () => {
  const m = Masker.for('admin', { confidential: false }, known);
  const id = '3f2a9c1e-0b7d-4c55-9e21-123456789012';
  const data = {
    answer: 'Gửi ông Phạm Minh Cường',
    callId: id,
    dueAt: '2026-03-02T08:00:00.000Z',
    promisedDate: '2026-03-09',
    rating: 4,
    nested: [{ comment: 'gọi lại 0981234548' }, null, true],
  };
  assert.deepEqual(m.json(data), {
    answer: 'Gửi ông [họ tên]',
    callId: id,
    dueAt: '2026-03-02T08:00:00.000Z',
    promisedDate: '2026-03-09',
    rating: 4,
    nested: [{ comment: 'gọi lại [số điện thoại]' }, null, true],
  });
  assert.equal(Masker.identity.json(data), data);
});

test('R-PUB-2: the citizen block and file names of a masked viewer', () => {
  const m = Masker.for('leader', { confidential: false }, known);
  assert.equal(m.name('Phạm Minh Cường'), 'P. M. C.');
  assert.equal(m.phone('0981234548'), '098*****48');
  assert.equal(m.email('cuong.pham@example.com'), 'c***@example.com');
  assert.equal(m.address('ấp Long Hưng'), '***');
  assert.equal(m.address(null), null);
  const id = '3f2a9c1e-0b7d-4c55-9e21-123456789012';
  assert.equal(m.filename('cccd-pham-minh-cuong.JPG', id), 'tep-3f2a9c1e.jpg');
  assert.equal(m.filename('ghi-chu', id), 'tep-3f2a9c1e');
  assert.equal(Masker.identity.filename('cccd.jpg', id), 'cccd.jpg');
});

test('R-PUB-2: a masked viewer downloads plain texts (masked) and nothing else', () => {
  assert.equal(maskedDownload('text/plain'), 'text');
  assert.equal(maskedDownload('text/plain; charset=utf-8'), 'text');
  for (const t of ['image/jpeg', 'application/pdf', 'audio/wav', 'application/zip', 'text/html'])
    assert.equal(maskedDownload(t), 'refused');
});

test('R-PUB-2: keyed digits keep a menu choice and lose a number keyed in', () => {
  const m = Masker.for('leader', { confidential: false });
  assert.equal(m.digits('12'), '12');
  assert.equal(m.digits('1025123456'), '**********');
  assert.equal(Masker.identity.digits('1025123456'), '1025123456');
});
