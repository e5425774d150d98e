/**
 * Open311 GeoReport v2, endpoint by endpoint, in JSON and XML, following the examples of the
 * specification (wiki.open311.org/GeoReport_v2 and /Service_Discovery): the same documents,
 * with our services (fields), tickets and api_keys behind them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../helpers/app.ts';
import { buildTenant } from '../factories.ts';
import { signIn } from './support.ts';
import {
  call,
  errorsOf,
  seedFields,
  stored,
  xmllintAll,
  type O311Response,
} from './open311.support.ts';

const t = await createTestApp();
after(t.close);
const fields = await seedFields(t);
// Many posts below come from one phone number: its limits (tests/api/open311-abuse) are raised.
await t.db
  .updateTable('tenant')
  .set({
    settings: JSON.stringify({
      ticketPrefix: 'PA',
      abuse: { phoneHourly: 1000, phoneDaily: 1000 },
    }),
  })
  .where('id', '=', t.tenantId)
  .execute();
const admin = await signIn(t, await t.newUser('admin'));
const operator = await signIn(t, await t.newUser('operator'));
const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
await t.db
  .updateTable('agency')
  .set({ name_en: 'Department of Construction' })
  .where('id', '=', agency.id)
  .execute();
const issued = await admin.post('/api/v1/open311/keys', { name: 'Ứng dụng Phản ánh hiện trường' });
assert.equal(issued.status, 201, JSON.stringify(issued.body));
const API_KEY: string = issued.body.key;

type Json = Record<string, unknown>;
const arr = (r: O311Response) => r.json as Json[];

/** The spec's example POST, with Vietnamese content and a Vietnamese phone number. */
function exampleForm(over: Record<string, string> = {}) {
  return {
    api_key: API_KEY,
    service_code: 'HT-GT',
    lat: '10.4563',
    long: '105.6331',
    address_string: '12 Nguyễn Huệ, phường 1, TP Cao Lãnh',
    email: 'Nguoi.Dan@example.vn',
    device_id: 'tt222111',
    account_id: '123456',
    first_name: 'Văn An',
    last_name: 'Nguyễn',
    phone: '0912 345 678',
    description: 'Ổ gà lớn giữa đường Nguyễn Huệ, xe máy dễ té ngã.',
    media_url: 'https://anh.example.vn/2002/2212426634_5ed477a060.jpg',
    ...over,
  };
}

async function ticketByCode(code: string) {
  return t.db.selectFrom('ticket').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

test('GET discovery.{json,xml}: the Service Discovery document with our endpoint', async () => {
  const j = await call(t, 'GET', '/open311/v2/discovery.json');
  assert.equal(j.status, 200);
  assert.equal(j.headers['content-type'], 'application/json; charset=utf-8');
  const d = j.json as Json;
  assert.deepEqual(Object.keys(d), ['changeset', 'contact', 'key_service', 'endpoints']);
  const endpoints = d.endpoints as Json[];
  assert.equal(endpoints.length, 1);
  assert.equal(endpoints[0]!.specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.equal(endpoints[0]!.url, 'http://localhost:8022/open311/v2');
  assert.equal(endpoints[0]!.type, 'production');
  assert.deepEqual(endpoints[0]!.formats, ['text/xml', 'application/json']);
  assert.match(String(d.changeset), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);

  const x = await call(t, 'GET', '/open311/v2/discovery.xml');
  assert.equal(x.headers['content-type'], 'text/xml; charset=utf-8');
  assert.match(x.text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<discovery>/);
  const disc = x.xml!.discovery as Json;
  const ep = (disc.endpoints as { endpoint: Json[] }).endpoint[0]!;
  assert.deepEqual((ep.formats as { format: string[] }).format, ['text/xml', 'application/json']);
  assert.equal(disc.changeset, d.changeset);
  assert.equal(disc.contact, d.contact);
});

test('GET services.{json,xml}: active fields as services, their group as group', async () => {
  const j = await call(t, 'GET', '/open311/v2/services.json');
  assert.equal(j.status, 200);
  assert.deepEqual(arr(j), [
    {
      service_code: 'HT-CSCC',
      service_name: 'Chiếu sáng công cộng',
      description: 'Phản ánh, kiến nghị, hỏi đáp về lĩnh vực: Chiếu sáng công cộng.',
      metadata: true,
      type: 'realtime',
      keywords:
        'Chiếu sáng công cộng, Street lighting, Sự cố hạ tầng kỹ thuật, Technical infrastructure incidents',
      group: 'Sự cố hạ tầng kỹ thuật',
    },
    {
      service_code: 'HT-GT',
      service_name: 'Hạ tầng giao thông, ổ gà',
      description: 'Phản ánh, kiến nghị, hỏi đáp về lĩnh vực: Hạ tầng giao thông, ổ gà.',
      metadata: true,
      type: 'realtime',
      keywords:
        'Hạ tầng giao thông, ổ gà, Roads and potholes, Sự cố hạ tầng kỹ thuật, Technical infrastructure incidents',
      group: 'Sự cố hạ tầng kỹ thuật',
    },
  ]);
  const x = await call(t, 'GET', '/open311/v2/services.xml');
  const services = (x.xml!.services as { service: Json[] }).service;
  // The XML holds exactly what the JSON holds (Spark convention), booleans as text.
  assert.deepEqual(
    services,
    arr(j).map((s) => ({ ...s, metadata: String(s.metadata) })),
  );
  const en = await call(t, 'GET', '/open311/v2/services.json', { lang: 'en' });
  assert.equal(arr(en)[0]!.service_name, 'Street lighting');
  assert.equal(arr(en)[0]!.group, 'Technical infrastructure incidents');
});

test('GET services/{code}.{json,xml}: the service definition with its attributes', async () => {
  const j = await call(t, 'GET', '/open311/v2/services/HT-GT.json');
  assert.equal(j.status, 200);
  const def = j.json as { service_code: string; attributes: Json[] };
  assert.equal(def.service_code, 'HT-GT');
  assert.deepEqual(
    def.attributes.map((a) => [a.code, a.variable, a.datatype, a.required, a.order]),
    [
      ['NOTICE', false, 'text', false, 1],
      ['URGENCY', true, 'singlevaluelist', false, 2],
      ['CONFIDENTIAL', true, 'singlevaluelist', false, 3],
      ['LANGUAGE', true, 'singlevaluelist', false, 4],
      ['ORGANIZATION', true, 'string', false, 5],
    ],
  );
  assert.deepEqual(def.attributes[1]!.values, [
    { key: 'normal', name: 'Bình thường' },
    { key: 'urgent', name: 'Khẩn' },
    { key: 'emergency', name: 'Hoả tốc' },
  ]);
  assert.match(String(def.attributes[0]!.description), /113.*114.*115/);

  const x = await call(t, 'GET', '/open311/v2/services/HT-GT.xml');
  const sd = x.xml!.service_definition as {
    service_code: string;
    attributes: { attribute: Json[] };
  };
  assert.equal(sd.service_code, 'HT-GT');
  const urgency = sd.attributes.attribute[1]!;
  assert.equal(urgency.code, 'URGENCY');
  assert.equal(urgency.variable, 'true');
  assert.deepEqual((urgency.values as { value: Json[] }).value[2], {
    key: 'emergency',
    name: 'Hoả tốc',
  });

  for (const f of ['json', 'xml']) {
    for (const code of ['KHONG-CO', 'HT-CU']) {
      const r = await call(t, 'GET', `/open311/v2/services/${code}.${f}`);
      assert.equal(r.status, 404, `${code}.${f}`);
      assert.deepEqual(errorsOf(r), [{ code: 404, description: 'service_code: không tìm thấy' }]);
    }
  }
});

test('POST requests.xml (form-encoded, the spec example): a ticket on channel open311', async () => {
  const before = await stored(t);
  const r = await call(t, 'POST', '/open311/v2/requests.xml', { form: exampleForm() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'text/xml; charset=utf-8');
  const req = (r.xml!.service_requests as { request: Json[] }).request;
  assert.equal(req.length, 1);
  const code = String(req[0]!.service_request_id);
  assert.match(code, /^PA-2026-\d{6}$/);
  assert.equal(req[0]!.token, undefined, 'no token when the id is returned');
  assert.match(
    String(req[0]!.service_notice),
    new RegExp(`đã nhận được phản ánh.*${code}.*8 giờ làm việc`),
  );
  assert.equal(req[0]!.account_id, '123456');

  const tk = await ticketByCode(code);
  assert.equal(tk.channel, 'open311');
  assert.equal(tk.status, 'received');
  assert.equal(tk.field_id, fields['HT-GT']);
  assert.equal(tk.citizen_name, 'Nguyễn Văn An');
  assert.equal(tk.citizen_phone, '0912345678');
  assert.equal(tk.citizen_email, 'nguoi.dan@example.vn');
  assert.equal(tk.latitude, 10.4563);
  assert.equal(tk.longitude, 105.6331);
  assert.equal(tk.created_by, null);
  assert.equal(
    tk.content,
    'Ổ gà lớn giữa đường Nguyễn Huệ, xe máy dễ té ngã.\n\n' +
      'Địa điểm / Location: 12 Nguyễn Huệ, phường 1, TP Cao Lãnh — 10.4563, 105.6331\n' +
      'Hình ảnh, tệp / Media: https://anh.example.vn/2002/2212426634_5ed477a060.jpg',
  );
  const sub = await t.db
    .selectFrom('open311_request')
    .selectAll()
    .where('ticket_id', '=', tk.id)
    .executeTakeFirstOrThrow();
  assert.equal(sub.pending_body, null, 'the copy of the ticket body is dropped');
  assert.equal(sub.device_id, 'tt222111');
  assert.equal(sub.address_string, '12 Nguyễn Huệ, phường 1, TP Cao Lãnh');
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label'])
    .where('entity_id', '=', tk.id)
    .execute();
  assert.deepEqual(audit, [
    { action: 'ticket.create', actor_label: 'open311:Ứng dụng Phản ánh hiện trường' },
  ]);
  const after_ = await stored(t);
  assert.equal(after_.ticket, before.ticket + 1);
  assert.equal(after_.open311_request, before.open311_request + 1);
  // The key shows it was used.
  const keys = await admin.get('/api/v1/open311/keys');
  assert.notEqual(keys.body.items[0].lastUsedAt, null);
});

test('POST requests.json with a JSON body and attributes (URGENCY, CONFIDENTIAL, LANGUAGE, ORGANIZATION)', async () => {
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    json: {
      api_key: API_KEY,
      service_code: 'HT-CSCC',
      lat: 10.46,
      long: 105.64,
      first_name: 'John',
      last_name: 'Smith',
      email: 'john@example.com',
      description: 'Three street lights are out on Tran Hung Dao street.',
      attribute: {
        URGENCY: 'urgent',
        CONFIDENTIAL: 'true',
        LANGUAGE: 'en',
        ORGANIZATION: 'ACME Co.',
      },
    },
    lang: 'en',
  });
  assert.equal(r.status, 200, r.text);
  const [created] = arr(r);
  assert.match(String(created!.service_notice), /has received your request/);
  const tk = await ticketByCode(String(created!.service_request_id));
  assert.equal(tk.citizen_name, 'John Smith', 'given name first for an English speaker');
  assert.equal(tk.urgency, 'urgent');
  assert.equal(tk.confidential, true);
  assert.equal(tk.citizen_language, 'en');
  assert.equal(tk.citizen_org, 'ACME Co.');
  // Form-encoded attribute[code] answers work the same way.
  const f = await call(t, 'POST', '/open311/v2/requests.json', {
    form: `api_key=${API_KEY}&service_code=HT-CSCC&address_string=Ng%C3%A3+t%C6%B0+L%C3%AA+L%E1%BB%A3i&attribute[URGENCY]=emergency&description=%C4%90%C3%A8n+t%E1%BA%AFt`,
  });
  assert.equal(f.status, 200, f.text);
  const tk2 = await ticketByCode(String(arr(f)[0]!.service_request_id));
  assert.equal(tk2.urgency, 'emergency');
  assert.equal(tk2.citizen_name, 'Ẩn danh (Open311)');
  assert.equal(tk2.content, 'Đèn tắt\n\nĐịa điểm / Location: Ngã tư Lê Lợi');
});

test('GET requests/{id}.{json,xml}: status, dates, agency and expected time from the SLA', async () => {
  const r = await call(t, 'POST', '/open311/v2/requests.json', { form: exampleForm() });
  const code = String(arr(r)[0]!.service_request_id);
  const open = await call(t, 'GET', `/open311/v2/requests/${code}.json`);
  assert.equal(open.status, 200);
  assert.deepEqual(arr(open), [
    {
      service_request_id: code,
      status: 'open',
      status_notes: 'Tổng đài đã tiếp nhận, đang phân loại.',
      service_name: 'Hạ tầng giao thông, ổ gà',
      service_code: 'HT-GT',
      description: 'Ổ gà lớn giữa đường Nguyễn Huệ, xe máy dễ té ngã.',
      agency_responsible: null,
      service_notice:
        'Phản ánh được chuyển đến cơ quan có thẩm quyền; cơ quan phải trả lời trong 8 giờ làm việc kể từ khi nhận.',
      requested_datetime: '2026-03-02T08:00:00+07:00',
      updated_datetime: '2026-03-02T08:00:00+07:00',
      expected_datetime: null,
      address: '12 Nguyễn Huệ, phường 1, TP Cao Lãnh',
      address_id: null,
      zipcode: null,
      lat: 10.4563,
      long: 105.6331,
      media_url: 'https://anh.example.vn/2002/2212426634_5ed477a060.jpg',
    },
  ]);
  // Forwarded: the agency is responsible and the 8 working hours deadline is the expected time.
  const tk = await ticketByCode(code);
  t.clock.advance(30 * 60_000);
  const fwd = await operator.post(`/api/v1/tickets/${tk.id}/actions/forward`, {
    agencyId: agency.id,
  });
  assert.equal(fwd.status, 200, JSON.stringify(fwd.body));
  const x = await call(t, 'GET', `/open311/v2/requests/${code.toLowerCase()}.xml`);
  const one = (x.xml!.service_requests as { request: Json[] }).request[0]!;
  assert.equal(one.status, 'open');
  assert.equal(one.agency_responsible, 'Sở Xây dựng');
  assert.equal(one.status_notes, 'Đã chuyển cơ quan có thẩm quyền.');
  assert.equal(one.updated_datetime, '2026-03-02T08:30:00+07:00');
  // Monday 08:30 + 8 working hours (a working day is 8 hours): Tuesday 08:30.
  assert.equal(fwd.body.deadline.dueAt, '2026-03-03T01:30:00.000Z');
  assert.equal(one.expected_datetime, '2026-03-03T08:30:00+07:00');
  assert.equal(one.zipcode, '');
  assert.equal(one.address_id, '');
  const en = await call(t, 'GET', `/open311/v2/requests/${code}.json`, { lang: 'en' });
  assert.equal(arr(en)[0]!.agency_responsible, 'Department of Construction');
  assert.equal(arr(en)[0]!.service_name, 'Roads and potholes');

  // Answered by the agency, then to the citizen: closed, the answer as status notes.
  const fp = await signIn(t, await t.newUser('focal_point', agency));
  assert.equal((await fp.post(`/api/v1/tickets/${tk.id}/actions/accept`)).status, 200);
  t.clock.advance(60 * 60_000);
  assert.equal(
    (await fp.post(`/api/v1/tickets/${tk.id}/actions/answer_agency`, { answer: 'Đã vá ổ gà.' }))
      .status,
    200,
  );
  const done = await operator.post(`/api/v1/tickets/${tk.id}/actions/answer_citizen`, {
    answer: 'Kính gửi ông Nguyễn Văn An (0912.345.678): Sở Xây dựng đã vá ổ gà ngày 02/3/2026.',
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  const closed = arr(await call(t, 'GET', `/open311/v2/requests/${code}.json`))[0]!;
  assert.equal(closed.status, 'closed');
  assert.equal(
    closed.status_notes,
    'Kính gửi ông *** (***): Sở Xây dựng đã vá ổ gà ngày 02/3/2026.',
  );
  assert.equal(closed.updated_datetime, '2026-03-02T09:30:00+07:00');
  assert.equal(closed.expected_datetime, null);
  assert.equal(closed.service_notice, null);

  for (const f of ['json', 'xml']) {
    const missing = await call(t, 'GET', `/open311/v2/requests/PA-2026-999999.${f}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(errorsOf(missing), [
      { code: 404, description: 'service_request_id: không tìm thấy' },
    ]);
  }
});

test('public output never carries the citizen’s name, phone or email, and hides confidential tickets', async () => {
  // A phone ticket whose content repeats the caller's name, number and email.
  const created = await operator.post('/api/v1/tickets', {
    channel: 'phone',
    fieldId: fields['HT-CSCC'],
    content:
      'Bà Trần Thị Bích (ĐT 0987.654.321, email bich.tran@example.vn) báo đèn đường hẻm 5 tắt. Gọi lại số 0987654321.',
    citizen: {
      name: 'Trần Thị Bích',
      phone: '0987654321',
      email: 'bich.tran@example.vn',
      address: '5 hẻm 5, phường 2',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const secret = await operator.post('/api/v1/tickets', {
    channel: 'phone',
    fieldId: fields['HT-CSCC'],
    content: 'Nội dung cần giữ kín về cán bộ phường.',
    citizen: { name: 'Lê Văn Cường', phone: '0901234567' },
    confidential: true,
    location: { latitude: 10.45, longitude: 105.63 },
  });
  for (const f of ['json', 'xml']) {
    const r = await call(t, 'GET', `/open311/v2/requests.${f}`);
    assert.equal(r.status, 200);
    for (const personal of [
      'Trần Thị Bích',
      '0987',
      '654.321',
      'bich.tran',
      '5 hẻm 5',
      'Lê Văn Cường',
      '0901234567',
      'Nguyễn Văn An',
      '0912345678',
      'nguoi.dan@example.vn',
      'john@example.com',
      'Smith',
      'cần giữ kín',
    ]) {
      assert.ok(!r.text.includes(personal), `${f} output shows ${personal}`);
    }
  }
  const one = arr(await call(t, 'GET', `/open311/v2/requests/${created.body.code}.json`))[0]!;
  assert.equal(
    one.description,
    'Bà *** (ĐT ***, email ***) báo đèn đường hẻm 5 tắt. Gọi lại số ***.',
  );
  assert.equal(one.address, null, 'the citizen’s own address is never the location');
  const hidden = arr(await call(t, 'GET', `/open311/v2/requests/${secret.body.code}.json`))[0]!;
  assert.equal(hidden.description, null);
  assert.equal(hidden.lat, null);
  assert.equal(hidden.long, null);
  assert.equal(hidden.status, 'open');
  assert.equal(hidden.service_code, 'HT-CSCC');
});

test('GET requests.{json,xml}: filters, the 90-day default window, paging and its cap', async () => {
  const all = arr(await call(t, 'GET', '/open311/v2/requests.json'));
  assert.ok(all.length >= 6);
  // Newest first.
  const times = all.map((r) => String(r.requested_datetime));
  assert.deepEqual([...times].sort().reverse(), times);
  const xml = await call(t, 'GET', '/open311/v2/requests.xml');
  assert.equal((xml.xml!.service_requests as { request: Json[] }).request.length, all.length);

  const closed = arr(await call(t, 'GET', '/open311/v2/requests.json?status=closed'));
  assert.ok(closed.length >= 1 && closed.every((r) => r.status === 'closed'));
  const open = arr(await call(t, 'GET', '/open311/v2/requests.json?status=open'));
  assert.equal(open.length + closed.length, all.length);
  assert.equal(
    arr(await call(t, 'GET', '/open311/v2/requests.json?status=open,closed')).length,
    all.length,
  );
  const lights = arr(await call(t, 'GET', '/open311/v2/requests.json?service_code=HT-CSCC'));
  assert.ok(lights.length >= 3 && lights.every((r) => r.service_code === 'HT-CSCC'));
  const both = arr(await call(t, 'GET', '/open311/v2/requests.json?service_code=HT-CSCC,HT-GT'));
  const repeated = arr(
    await call(t, 'GET', '/open311/v2/requests.json?service_code=HT-CSCC&service_code=HT-GT'),
  );
  assert.deepEqual(both, repeated);

  const ids = [all[0]!.service_request_id, all[2]!.service_request_id].join(',');
  // service_request_id overrides every other argument (here: a window holding nothing).
  const byId = arr(
    await call(
      t,
      'GET',
      `/open311/v2/requests.json?service_request_id=${ids}&start_date=2010-01-01T00:00:00Z&end_date=2010-01-02T00:00:00Z&status=closed`,
    ),
  );
  assert.deepEqual(byId.map((r) => r.service_request_id).sort(), ids.split(',').sort());

  const page1 = arr(await call(t, 'GET', '/open311/v2/requests.json?page_size=2'));
  const page2 = arr(await call(t, 'GET', '/open311/v2/requests.json?page_size=2&page=2'));
  assert.deepEqual([...page1, ...page2], all.slice(0, 4));

  // The window: the spec's example range (2010) holds nothing; today's range holds all.
  assert.deepEqual(
    arr(
      await call(
        t,
        'GET',
        '/open311/v2/requests.json?start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open',
      ),
    ),
    [],
  );
  // An unencoded "+07:00" arrives as " 07:00" and is read back as +07:00.
  const local = arr(
    await call(
      t,
      'GET',
      '/open311/v2/requests.json?start_date=2026-03-02T00:00:00+07:00&end_date=2026-03-02',
    ),
  );
  assert.equal(local.length, all.length);
  // 91 days later the default window (the most recent 90 days) is empty; a range finds them.
  t.clock.advance(91 * 86_400_000);
  assert.deepEqual(arr(await call(t, 'GET', '/open311/v2/requests.json')), []);
  assert.equal(
    arr(await call(t, 'GET', '/open311/v2/requests.json?start_date=2026-03-01')).length,
    all.length,
  );
  assert.equal(
    arr(await call(t, 'GET', '/open311/v2/requests.json?end_date=2026-03-03T00:00:00Z')).length,
    all.length,
  );
  t.clock.advance(-91 * 86_400_000);

  const bad: [string, string][] = [
    [
      'start_date=2026-03-01&end_date=2026-06-01',
      'end_date: khoảng thời gian không được quá 90 ngày',
    ],
    ['start_date=2026-03-05&end_date=2026-03-01', 'end_date: phải sau start_date'],
    [
      'start_date=yesterday',
      'start_date: phải theo định dạng W3C, ví dụ 2026-01-01T00:00:00+07:00',
    ],
    [
      'start_date=2026-02-30',
      'start_date: phải theo định dạng W3C, ví dụ 2026-01-01T00:00:00+07:00',
    ],
    [
      'end_date=2026-03-01T10:00:00',
      'end_date: phải theo định dạng W3C, ví dụ 2026-01-01T00:00:00+07:00',
    ],
    ['status=pending', 'status: chỉ nhận open hoặc closed'],
    ['page_size=1001', 'page_size: phải là số nguyên từ 1 đến 1000'],
    ['page=0', 'page: phải là số nguyên từ 1 đến 1000000'],
  ];
  for (const [q, description] of bad) {
    for (const f of ['json', 'xml']) {
      const r = await call(t, 'GET', `/open311/v2/requests.${f}?${q}`);
      assert.equal(r.status, 400, `${q} ${f}`);
      assert.deepEqual(errorsOf(r), [{ code: 400, description }], q);
    }
  }
  const en = await call(t, 'GET', '/open311/v2/requests.json?status=x&page_size=0', { lang: 'en' });
  assert.deepEqual(errorsOf(en), [
    { code: 400, description: 'status: must be open or closed (comma separated)' },
    { code: 400, description: 'page_size: must be an integer from 1 to 1000' },
  ]);
});

test('text round-trips exactly: Vietnamese, markup and quotes stored verbatim, escaped on output', async () => {
  const nasty =
    'Cống thoát nước bị vỡ <script>alert("x")</script> & \'trích\' "dẫn" ]]> <![CDATA[ x ]]>\r\nDòng hai: ổ gà, đường Đồng Khởi; Nghệ An (NFD: Nghệ)';
  const expected = nasty.replace(/\r\n/g, '\n');
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: exampleForm({ description: nasty, address_string: '<b>Số 1</b> & "2"' }),
  });
  assert.equal(r.status, 200, r.text);
  const code = String(arr(r)[0]!.service_request_id);
  const tk = await ticketByCode(code);
  assert.ok(tk.content.startsWith(expected), 'stored verbatim');
  const x = await call(t, 'GET', `/open311/v2/requests/${code}.xml`);
  assert.ok(!x.text.includes('<script>'), 'markup is escaped');
  assert.ok(x.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  const one = (x.xml!.service_requests as { request: Json[] }).request[0]!;
  assert.equal(one.description, expected);
  assert.equal(one.address, '<b>Số 1</b> & "2"');
  const j = arr(await call(t, 'GET', `/open311/v2/requests/${code}.json`))[0]!;
  assert.equal(j.description, expected);
});

test('GET tokens/{token}: a submission whose ticket could not be written gets a token, then its id', async () => {
  // A real database failure on ticket insert (a trigger), not a mock.
  await sql`CREATE FUNCTION o311_fail() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'simulated outage'; END $$`.execute(t.db);
  await sql`CREATE TRIGGER o311_fail BEFORE INSERT ON ticket FOR EACH ROW EXECUTE FUNCTION o311_fail()`.execute(
    t.db,
  );
  const before = await stored(t);
  const r = await call(t, 'POST', '/open311/v2/requests.json', {
    form: exampleForm({ description: 'Chờ ghi phiếu' }),
  });
  assert.equal(r.status, 200, r.text);
  const [created] = arr(r);
  assert.equal(created!.service_request_id, undefined);
  const token = String(created!.token);
  assert.match(token, /^[A-Za-z0-9_-]{24}$/);
  const mid = await stored(t);
  assert.equal(mid.ticket, before.ticket);
  assert.equal(mid.open311_request, before.open311_request + 1, 'the submission is kept');
  const waiting = arr(await call(t, 'GET', `/open311/v2/tokens/${token}.json`));
  assert.deepEqual(waiting, [{ service_request_id: null, token }]);

  await sql`DROP TRIGGER o311_fail ON ticket`.execute(t.db);
  await sql`DROP FUNCTION o311_fail()`.execute(t.db);
  const x = await call(t, 'GET', `/open311/v2/tokens/${token}.xml`);
  const got = (x.xml!.service_requests as { request: Json[] }).request[0]!;
  assert.match(String(got.service_request_id), /^PA-2026-\d{6}$/);
  assert.equal(got.token, token);
  const again = arr(await call(t, 'GET', `/open311/v2/tokens/${token}.json`))[0]!;
  assert.equal(again.service_request_id, got.service_request_id, 'one ticket, however often asked');
  const tk = await ticketByCode(String(got.service_request_id));
  assert.ok(tk.content.startsWith('Chờ ghi phiếu'));
  assert.equal((await stored(t)).ticket, before.ticket + 1);
  const sub = await t.db
    .selectFrom('open311_request')
    .select(['pending_body', 'ticket_id'])
    .where('token', '=', token)
    .executeTakeFirstOrThrow();
  assert.deepEqual(sub, { pending_body: null, ticket_id: tk.id });

  for (const f of ['json', 'xml']) {
    const missing = await call(t, 'GET', `/open311/v2/tokens/khong-co-token.${f}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(errorsOf(missing), [{ code: 404, description: 'token: không tìm thấy' }]);
  }
});

test('api_keys: administrators issue (shown once, stored hashed), list and revoke them, audited', async () => {
  const fresh = await admin.post('/api/v1/open311/keys', { name: 'Ứng dụng B', hourlyLimit: 50 });
  assert.equal(fresh.status, 201);
  assert.match(fresh.body.key, /^o311_[A-Za-z0-9_-]{32}$/);
  assert.equal(fresh.body.prefix, fresh.body.key.slice(0, 9));
  const row = await t.db
    .selectFrom('open311_api_key')
    .selectAll()
    .where('id', '=', fresh.body.id)
    .executeTakeFirstOrThrow();
  assert.notEqual(row.key_hash, fresh.body.key);
  assert.match(row.key_hash, /^[0-9a-f]{64}$/);
  const list = await admin.get('/api/v1/open311/keys');
  assert.equal(list.status, 200);
  assert.ok(!JSON.stringify(list.body).includes(fresh.body.key), 'never listed again');
  assert.deepEqual(
    list.body.items.map((k: Json) => k.name),
    ['Ứng dụng B', 'Ứng dụng Phản ánh hiện trường'],
  );
  for (const role of ['operator', 'supervisor', 'coordinator', 'leader', 'focal_point'] as const) {
    const s = await signIn(t, await t.newUser(role, role === 'focal_point' ? agency : null));
    assert.equal((await s.post('/api/v1/open311/keys', { name: 'x' })).status, 403, role);
    assert.equal((await s.get('/api/v1/open311/keys')).status, 403, role);
    assert.equal((await s.delete(`/api/v1/open311/keys/${fresh.body.id}`)).status, 403, role);
  }
  assert.equal((await t.anonymous().get('/api/v1/open311/keys')).status, 401);
  assert.equal((await admin.post('/api/v1/open311/keys', { name: '' })).status, 400);

  const ok = await call(t, 'POST', '/open311/v2/requests.json', {
    form: exampleForm({ api_key: fresh.body.key }),
  });
  assert.equal(ok.status, 200);
  const revoked = await admin.delete(`/api/v1/open311/keys/${fresh.body.id}`);
  assert.equal(revoked.status, 200);
  assert.notEqual(revoked.body.revokedAt, null);
  assert.equal((await admin.delete(`/api/v1/open311/keys/${fresh.body.id}`)).status, 404);
  const before = await stored(t);
  for (const f of ['json', 'xml']) {
    const r = await call(t, 'POST', `/open311/v2/requests.${f}`, {
      form: exampleForm({ api_key: fresh.body.key }),
    });
    assert.equal(r.status, 403);
    assert.deepEqual(errorsOf(r), [
      { code: 403, description: 'api_key: không hợp lệ hoặc đã bị thu hồi' },
    ]);
  }
  assert.deepEqual(await stored(t), before);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_label', 'data'])
    .where('entity_id', '=', fresh.body.id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => [a.action, a.actor_label]),
    [
      ['open311.key.create', admin.me.username],
      ['open311.key.revoke', admin.me.username],
    ],
  );
  assert.ok(!JSON.stringify(audit).includes(fresh.body.key), 'the key is not in the audit trail');
});

test('rate limits: per api_key (its hourly quota) and per client address, with Retry-After', async () => {
  const small = await admin.post('/api/v1/open311/keys', { name: 'Hạn mức nhỏ', hourlyLimit: 2 });
  const form = exampleForm({ api_key: small.body.key });
  assert.equal((await call(t, 'POST', '/open311/v2/requests.json', { form })).status, 200);
  assert.equal((await call(t, 'POST', '/open311/v2/requests.json', { form })).status, 200);
  const before = await stored(t);
  const limited = await call(t, 'POST', '/open311/v2/requests.xml', { form });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal(errorsOf(limited)[0]!.code, 429);
  assert.match(errorsOf(limited)[0]!.description, /^api_key: gửi quá nhiều phản ánh/);
  assert.deepEqual(await stored(t), before);
  // An hour later the quota is back.
  t.clock.advance(2 * 3600_000);
  assert.equal((await call(t, 'POST', '/open311/v2/requests.json', { form })).status, 200);

  // One address: 60 posts an hour, whatever the key (or none).
  const ip = '203.0.113.77';
  for (let i = 0; i < 60; i++) {
    const r = await call(t, 'POST', '/open311/v2/requests.json', {
      form: { service_code: 'HT-GT' },
      ip,
    });
    assert.equal(r.status, 403);
  }
  const blocked = await call(t, 'POST', '/open311/v2/requests.json', { form: exampleForm(), ip });
  assert.equal(blocked.status, 429);
  // Other addresses are not affected.
  assert.equal(
    (await call(t, 'POST', '/open311/v2/requests.json', { form: exampleForm() })).status,
    200,
  );
});

test('public reads are limited per client address (300 a minute per resource)', async () => {
  const ip = '198.18.5.5';
  for (let i = 0; i < 300; i++) {
    const r = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/discovery.json',
      remoteAddress: ip,
    });
    assert.equal(r.statusCode, 200);
  }
  const over = await call(t, 'GET', '/open311/v2/discovery.json', { ip });
  assert.equal(over.status, 429);
  assert.equal(errorsOf(over)[0]!.code, 429);
  assert.equal((await call(t, 'GET', '/open311/v2/discovery.json')).status, 200, 'another address');
});

test('CORS: public reads and posts work from other sites (no cookies involved)', async () => {
  const r = await call(t, 'GET', '/open311/v2/services.json', {
    headers: { origin: 'https://app.example' },
  });
  assert.equal(r.headers['access-control-allow-origin'], '*');
  const pre = await call(t, 'OPTIONS', '/open311/v2/requests.json', {
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(pre.status, 204);
  assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
});

test('unknown paths and formats under /open311/v2 answer in the spec’s error format', async () => {
  for (const [url, type] of [
    ['/open311/v2/nothing.json', 'application/json; charset=utf-8'],
    ['/open311/v2/services.csv', 'text/xml; charset=utf-8'],
    ['/open311/v2/requests/abc', 'text/xml; charset=utf-8'],
  ] as const) {
    const r = await call(t, 'GET', url);
    assert.equal(r.status, 404, url);
    assert.equal(r.headers['content-type'], type, url);
    assert.equal(errorsOf(r)[0]!.code, 404);
  }
});

test('jurisdiction_id: optional with one jurisdiction; required, matched and enforced with two', async () => {
  const tenant = await t.db
    .selectFrom('tenant')
    .select('code')
    .where('id', '=', t.tenantId)
    .executeTakeFirstOrThrow();
  assert.equal(
    (await call(t, 'GET', `/open311/v2/services.json?jurisdiction_id=${tenant.code}`)).status,
    200,
  );
  const unknown = await call(t, 'GET', '/open311/v2/services.xml?jurisdiction_id=khong-co.gov.vn');
  assert.equal(unknown.status, 404);
  assert.deepEqual(errorsOf(unknown), [
    { code: 404, description: 'jurisdiction_id: không tìm thấy' },
  ]);

  const other = await buildTenant(t.db, {
    settings: { open311: { jurisdictionId: 'tinhhai.gov.vn' } },
  });
  t.services.open311.forgetJurisdictions(); // as the next cache expiry (5 s) would
  for (const url of [
    '/open311/v2/services.json',
    '/open311/v2/requests.json',
    '/open311/v2/services/HT-GT.json',
  ]) {
    const r = await call(t, 'GET', url);
    assert.equal(r.status, 400, url);
    assert.deepEqual(errorsOf(r), [{ code: 400, description: 'jurisdiction_id: chưa được gửi' }]);
  }
  assert.deepEqual(
    arr(await call(t, 'GET', '/open311/v2/services.json?jurisdiction_id=tinhhai.gov.vn')),
    [],
  );
  assert.equal(
    arr(
      await call(
        t,
        'GET',
        `/open311/v2/services.json?jurisdiction_id=${tenant.code.toLowerCase()}`,
      ),
    ).length,
    2,
  );
  // The key decides the jurisdiction of a POST; naming another one is refused.
  const before = await stored(t);
  const wrong = await call(t, 'POST', '/open311/v2/requests.json', {
    form: exampleForm({ jurisdiction_id: 'tinhhai.gov.vn' }),
  });
  assert.equal(wrong.status, 403);
  assert.deepEqual(await stored(t), before);
  const right = await call(t, 'POST', '/open311/v2/requests.json', { form: exampleForm() });
  assert.equal(right.status, 200, 'the key alone names its jurisdiction');
  assert.ok(other.id);
});

test('every XML document served is well-formed for libxml2 (xmllint)', () => {
  const n = xmllintAll();
  assert.ok(n >= 20, String(n));
});
