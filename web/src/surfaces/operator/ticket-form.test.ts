import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS } from '../../../../src/contract/enums.ts';
import {
  emptyForm,
  OPERATOR_CHANNELS,
  normalizePhone,
  serverErrors,
  toCreateBody,
  validateTicket,
  type TicketForm,
} from './ticket-form.ts';
import { translate } from '../../i18n/catalog.ts';
import { createTicketBody } from '../../../../src/contract/ticket.ts';

const valid = (over: Partial<TicketForm> = {}): TicketForm => ({
  ...emptyForm(),
  name: 'Nguyễn Văn An',
  phone: '0912 345 678',
  content: 'Đèn đường hỏng nhiều ngày.',
  ...over,
});
const vi = (
  m: { key: Parameters<typeof translate>[1]; params?: Record<string, string | number> } | undefined,
) => (m ? translate('vi', m.key, m.params) : undefined);

test('an empty form names each missing input in Vietnamese', () => {
  const e = validateTicket(emptyForm());
  assert.equal(vi(e.name), 'Vui lòng nhập thông tin này.');
  assert.equal(vi(e.phone), 'Cần ít nhất số điện thoại hoặc email.');
  assert.equal(vi(e.content), 'Vui lòng nhập thông tin này.');
  assert.deepEqual(Object.keys(e).sort(), ['content', 'name', 'phone']);
});

test('phone numbers as the server normalises them', () => {
  assert.equal(normalizePhone('+84 912.345.678'), '0912345678');
  assert.equal(normalizePhone('84912345678'), '0912345678');
  assert.deepEqual(validateTicket(valid({ phone: '0912-345-678' })), {});
  assert.deepEqual(validateTicket(valid({ phone: '1800 1022' })), {});
  assert.equal(
    vi(validateTicket(valid({ phone: '12345' })).phone)?.startsWith('Số điện thoại không hợp lệ'),
    true,
  );
});

test('email alone is enough; a bad email is named', () => {
  assert.deepEqual(validateTicket(valid({ phone: '', email: 'an@example.vn' })), {});
  assert.equal(vi(validateTicket(valid({ email: 'an@' })).email), 'Địa chỉ email không hợp lệ.');
});

test('lengths mirror the API: content at least 5 characters, name at most 200', () => {
  assert.equal(vi(validateTicket(valid({ content: ' abc ' })).content), 'Cần ít nhất 5 ký tự.');
  assert.equal(vi(validateTicket(valid({ name: 'x'.repeat(201) })).name), 'Tối đa 200 ký tự.');
});

test('a valid form becomes a body the server schema accepts, with empty optionals left out', () => {
  const body = toCreateBody(valid({ email: ' An@Example.VN ', subject: '  ' }), 'key-12345678');
  assert.equal(body.citizen.phone, '0912345678');
  assert.equal(body.citizen.email, 'an@example.vn');
  assert.equal('subject' in body, false);
  assert.equal('fieldId' in body, false);
  const parsed = createTicketBody.safeParse(body);
  assert.equal(parsed.success, true, JSON.stringify(parsed.error?.issues));
});

test('whatever the client accepts, the server accepts too (sample of edge inputs)', () => {
  const samples: Partial<TicketForm>[] = [
    { phone: '+84 912 345 678' },
    { phone: '', email: 'x.y+z@so-xd.gov.vn' },
    { content: '12345' },
    { name: 'A', address: 'x'.repeat(500) },
  ];
  for (const s of samples) {
    const f = valid(s);
    assert.deepEqual(validateTicket(f), {}, JSON.stringify(s));
    const parsed = createTicketBody.safeParse(toCreateBody(f, 'key-12345678'));
    assert.equal(
      parsed.success,
      true,
      `${JSON.stringify(s)}: ${JSON.stringify(parsed.error?.issues)}`,
    );
  }
});

test("the API's validation details land on the right inputs", () => {
  const e = serverErrors([
    { path: 'citizen.phone', message: 'x' },
    { path: 'content', message: 'y' },
    { path: 'unknown', message: 'z' },
  ]);
  assert.deepEqual(Object.keys(e).sort(), ['content', 'phone']);
  assert.deepEqual(serverErrors('nope'), {});
});

test('operators record every channel but open311, which only apps use', () => {
  assert.ok(!OPERATOR_CHANNELS.includes('open311'));
  for (const c of CHANNELS.filter((x) => x !== 'open311'))
    assert.ok(OPERATOR_CHANNELS.includes(c), c);
  const form = { ...emptyForm(), name: 'An', phone: '0912345678', content: 'Đèn đường hỏng' };
  assert.deepEqual(validateTicket({ ...form, channel: 'open311' }), {
    channel: { key: 'validation.required' },
  });
  assert.deepEqual(validateTicket({ ...form, channel: 'letter' }), {});
});
