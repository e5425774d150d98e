import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PAGE_SIZE,
  newRequestInput,
  parseW3cDate,
  readForm,
  readJson,
  readQuery,
  requestQuery,
} from './open311.input.ts';

const DAY = 86_400_000;

test('form bodies: the spec’s example request, attributes and multivaluelists', () => {
  const a = readForm(
    'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043' +
      '&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456' +
      '&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street' +
      '&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg' +
      '&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001' +
      '&attribute[code1][]=value1&attribute[code1][]=value2&attribute[code1][]=value3',
  );
  assert.deepEqual(a.problems, []);
  assert.equal(a.values.address_string, '1234 5th street');
  assert.equal(a.values.email, 'smit333@sfgov.edu');
  assert.equal(a.values.description, 'A large sinkhole is destroying the street');
  assert.deepEqual(a.attributes, {
    WHISPAWN: ['123456'],
    WHISDORN: ['COISL001'],
    code1: ['value1', 'value2', 'value3'],
  });
  assert.deepEqual(
    readForm('a=1&a=2').problems.map((p) => p.field),
    ['a'],
  );
  assert.deepEqual(readForm('a=&b=2').values, { b: '2' }, 'empty = absent');
  assert.equal(
    readForm(Array.from({ length: 101 }, (_, i) => `k${i}=1`).join('&')).problems.length,
    1,
  );
  assert.equal(readForm('description=%C4%90%C6%B0%E1%BB%9Dng').values.description, 'Đường');
});

test('JSON bodies: numbers become strings, attributes as an object or as keys, nulls are absent', () => {
  const a = readJson({
    api_key: 'k',
    lat: 10.5,
    long: -1,
    email: null,
    attribute: { URGENCY: 'urgent', MULTI: ['a', 'b'] },
    'attribute[X]': 'y',
  });
  assert.deepEqual(a.problems, []);
  assert.deepEqual(a.values, { api_key: 'k', lat: '10.5', long: '-1' });
  assert.deepEqual(a.attributes, { URGENCY: ['urgent'], MULTI: ['a', 'b'], X: ['y'] });
  assert.deepEqual(
    readJson([1]).problems.map((p) => p.en),
    ['the JSON body must be an object'],
  );
  assert.deepEqual(
    readJson({ d: { x: 1 } }).problems.map((p) => p.field),
    ['d'],
  );
  assert.deepEqual(
    readJson({ attribute: { A: { x: 1 } } }).problems.map((p) => p.field),
    ['attribute[A]'],
  );
});

test('query strings: repeated names join as a comma list', () => {
  assert.deepEqual(readQuery({ status: ['open', 'closed'], service_code: 'A', empty: '' }).values, {
    status: 'open,closed',
    service_code: 'A',
  });
});

test('W3C datetimes: the zone is required on a time; dates are days in Vietnam', () => {
  assert.equal(parseW3cDate('2010-01-01T00:00:00Z')?.toISOString(), '2010-01-01T00:00:00.000Z');
  assert.equal(
    parseW3cDate('1994-11-05T08:15:30-05:00')?.toISOString(),
    '1994-11-05T13:15:30.000Z',
  );
  assert.equal(parseW3cDate('2026-03-02T08:00+07:00')?.toISOString(), '2026-03-02T01:00:00.000Z');
  assert.equal(parseW3cDate('2026-03-02T08:00:00.5Z')?.toISOString(), '2026-03-02T08:00:00.500Z');
  // An unencoded '+' in a URL arrives as a space.
  assert.equal(
    parseW3cDate('2026-03-02T08:00:00 07:00')?.toISOString(),
    '2026-03-02T01:00:00.000Z',
  );
  assert.equal(parseW3cDate('2026-03-02')?.toISOString(), '2026-03-01T17:00:00.000Z');
  assert.equal(parseW3cDate('2026-03-02', true)?.toISOString(), '2026-03-02T16:59:59.999Z');
  for (const bad of [
    '2026-03-02T08:00:00',
    '2026-02-29',
    '2024-13-01',
    '2026-03-02T24:00:00Z',
    '2026-03-02T08:60:00Z',
    '2026-03-02T08:00:00+15:00',
    '02/03/2026',
    'now',
    '',
  ]) {
    assert.equal(parseW3cDate(bad), undefined, bad);
  }
  assert.ok(parseW3cDate('2024-02-29'), 'a leap day');
});

test('GET requests window: 90 days by default, one end sets the other, never more than 90', () => {
  const now = new Date('2026-03-02T01:00:00Z');
  const q = (values: Record<string, string>) =>
    requestQuery({ values, attributes: {}, problems: [] }, now);
  const d = q({});
  assert.ok(d.ok);
  assert.equal(d.query.to.getTime(), now.getTime());
  assert.equal(d.query.to.getTime() - d.query.from.getTime(), 90 * DAY);
  assert.equal(d.query.pageSize, MAX_PAGE_SIZE);
  assert.equal(d.query.page, 1);
  const s = q({ start_date: '2026-01-01T00:00:00Z' });
  assert.ok(s.ok);
  assert.equal(s.query.to.toISOString(), '2026-04-01T00:00:00.000Z');
  const e = q({ end_date: '2026-01-01T00:00:00Z' });
  assert.ok(e.ok);
  assert.equal(e.query.from.toISOString(), '2025-10-03T00:00:00.000Z');
  assert.ok(
    q({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }).ok,
    'exactly 90 days',
  );
  const over = q({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' });
  assert.ok(!over.ok && over.problems[0]!.field === 'end_date');
  const ids = q({
    service_request_id: 'PA-1, PA-2,PA-1',
    status: 'open',
    page: '3',
    page_size: '50',
  });
  assert.ok(ids.ok);
  assert.deepEqual(ids.query.ids, ['PA-1', 'PA-2']);
  assert.deepEqual(ids.query.statuses, ['open']);
  assert.equal(ids.query.page, 3);
  assert.equal(ids.query.pageSize, 50);
  const many = q({
    service_request_id: Array.from({ length: 101 }, (_, i) => `PA-${i}`).join(','),
  });
  assert.ok(!many.ok);
  for (const bad of [
    { page_size: '1001' } as Record<string, string>,
    { page_size: '0' },
    { page: '-1' },
    { page: '1.5' },
    { status: 'done' },
  ]) {
    assert.ok(!q(bad).ok, JSON.stringify(bad));
  }
});

test('POST arguments: normalised values and every problem at once', () => {
  const ok = newRequestInput(
    readForm(
      'service_code=GT&lat=+10.5&long=-0.25&phone=%2B84+912+345+678&email=A%40B.VN&description=a%0D%0Ab',
    ),
  );
  assert.ok(ok.ok);
  assert.deepEqual(ok.input, {
    serviceCode: 'GT',
    lat: 10.5,
    long: -0.25,
    phone: '0912345678',
    email: 'a@b.vn',
    description: 'a\nb',
    attributes: {},
  });
  const bad = newRequestInput(
    readForm('lat=95&email=x&media_url=file%3A%2F%2F%2Fetc%2Fpasswd&phone=1'),
  );
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.problems.map((p) => p.field),
    ['service_code', 'lat', 'long', 'email', 'phone', 'media_url'],
  );
  const addr = newRequestInput(readForm('service_code=GT&address_id=A1'));
  assert.ok(addr.ok, 'address_id alone is a location');
});
