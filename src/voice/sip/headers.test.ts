import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipParseError } from './errors.ts';
import {
  formatNameAddr,
  formatVia,
  headerKey,
  headerName,
  paramValue,
  parseCSeq,
  parseNameAddr,
  parseVia,
  splitList,
} from './headers.ts';
import { formatUri } from './uri.ts';

test('compact forms and canonical spellings', () => {
  const pairs: [string, string, string][] = [
    ['v', 'via', 'Via'],
    ['i', 'call-id', 'Call-ID'],
    ['m', 'contact', 'Contact'],
    ['l', 'content-length', 'Content-Length'],
    ['c', 'content-type', 'Content-Type'],
    ['f', 'from', 'From'],
    ['t', 'to', 'To'],
    ['s', 'subject', 'Subject'],
    ['k', 'supported', 'Supported'],
    ['e', 'content-encoding', 'Content-Encoding'],
    ['o', 'event', 'Event'],
    ['r', 'refer-to', 'Refer-To'],
    ['MaX-fOrWaRdS', 'max-forwards', 'Max-Forwards'],
    ['cseq', 'cseq', 'CSeq'],
    ['www-authenticate', 'www-authenticate', 'WWW-Authenticate'],
    ['X-Custom', 'x-custom', 'X-Custom'],
  ];
  for (const [wire, key, name] of pairs) {
    assert.equal(headerKey(wire), key, wire);
    assert.equal(headerName(wire), name, wire);
  }
});

test('list splitting keeps commas inside quotes and angle brackets', () => {
  assert.deepEqual(splitList('"Doe, John" <sip:a@b;x=1,2>;q=0.5, <sip:c@d>'), [
    '"Doe, John" <sip:a@b;x=1,2>;q=0.5',
    '<sip:c@d>',
  ]);
  assert.deepEqual(splitList('INVITE,ACK ,  BYE'), ['INVITE', 'ACK', 'BYE']);
  assert.deepEqual(splitList('"a \\" , b" <sip:x@y>'), ['"a \\" , b" <sip:x@y>']);
  assert.throws(() => splitList('"open <sip:x@y>'), SipParseError);
});

test('name-addr with a quoted UTF-8 display name (Vietnamese)', () => {
  const a = parseNameAddr('"Nguyễn Văn An" <sip:0905123456@trunk.example.vn>;tag=8f3a');
  assert.equal(a.displayName, 'Nguyễn Văn An');
  assert.equal(formatUri(a.uri), 'sip:0905123456@trunk.example.vn');
  assert.equal(paramValue(a.params, 'tag'), '8f3a');
  assert.equal(formatNameAddr(a), '"Nguyễn Văn An" <sip:0905123456@trunk.example.vn>;tag=8f3a');
});

test('display names: escapes, unquoted tokens, none, no space before <', () => {
  const esc = parseNameAddr(
    '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>  ;  tag = 98asjd8',
  );
  assert.equal(esc.displayName, 'J Rosenberg \\"');
  assert.equal(paramValue(esc.params, 'tag'), '98asjd8');
  assert.equal(formatNameAddr(esc), '"J Rosenberg \\\\\\"" <sip:jdrosen@example.com>;tag=98asjd8');
  assert.equal(parseNameAddr('Anonymous  User <sip:a@b>').displayName, 'Anonymous User');
  // RFC 4475 lwsdisp: no LWS between the display name and "<".
  assert.equal(parseNameAddr('caller<sip:caller@example.com>;tag=323').displayName, 'caller');
  assert.equal(parseNameAddr('<sip:a@b>').displayName, undefined);
  assert.equal(parseNameAddr('"" <sip:a@b>').displayName, undefined);
  // Unquoted UTF-8 letters cannot be mistaken for delimiters: accepted.
  assert.equal(parseNameAddr('Trần <sip:a@b>').displayName, 'Trần');
});

test('addr-spec: parameters after the URI belong to the header', () => {
  const a = parseNameAddr('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n');
  assert.equal(formatUri(a.uri), 'sip:vivekg@chair-dnrc.example.com');
  assert.equal(paramValue(a.params, 'tag'), '1918181833n');
  const b = parseNameAddr('sip:alice@example.com;transport=tcp');
  assert.equal((a.uri.kind === 'sip' && a.uri.params.size) || 0, 0);
  assert.equal(b.params.get('transport'), 'tcp');
  const c = parseNameAddr(
    '<sip:alice@example.com;transport=tcp>;expires=60;q=0.5;+sip.instance="<urn:uuid:1>"',
  );
  assert.equal(c.uri.kind === 'sip' && c.uri.params.get('transport'), 'tcp');
  assert.equal(paramValue(c.params, 'expires'), '60');
  assert.equal(paramValue(c.params, '+sip.instance'), '<urn:uuid:1>');
});

test('malformed addresses are rejected', () => {
  const bad = [
    '"Mr. J. User <sip:j.user@example.com>', // quotbal
    '"Watson, Thomas" < sip:t.watson@example.org >', // badaspec
    'Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43', // baddn
    'sip:user@example.com?Route=%3Csip:sip.example.com%3E', // regbadct
    '"Joe" <sip:joe@example.org>;;;;', // badinv01
    '<sip:joe@example.org',
    '"Joe" sip:joe@example.org',
    '<>',
    '<sip:a@b>;tag=1;tag=2',
    '<sip:a@b>;tag=',
    '<sip:a@b> junk',
  ];
  for (const v of bad) assert.throws(() => parseNameAddr(v), SipParseError, v);
});

test('Via: folded and spaced protocol, ports, parameters, IPv6', () => {
  const v = parseVia('SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw');
  assert.equal(v.transport, 'UDP');
  assert.equal(v.host, '192.0.2.2');
  assert.equal(v.port, undefined);
  assert.equal(v.params.get('branch'), '390skdjuw');
  const t = parseVia('SIP  / 2.0  / tcp     spindle.example.com   ;  branch  =   z9hG4bK9ikj8');
  assert.equal(t.transport, 'TCP');
  assert.equal(t.params.get('branch'), 'z9hG4bK9ikj8');
  assert.equal(formatVia(t), 'SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8');
  const r = parseVia('SIP/2.0/UDP 10.0.0.1 : 5062;rport;branch=z9hG4bKx;received=10.0.0.9');
  assert.equal(r.port, 5062);
  assert.equal(r.params.get('rport'), null);
  assert.equal(r.params.get('received'), '10.0.0.9');
  const six = parseVia('SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKa;received=[2001:db8::8]');
  assert.equal(six.host, '[2001:db8::9]');
  assert.equal(six.params.get('received'), '[2001:db8::8]');
  // RFC 4475 transports: unknown transports are tokens like any other.
  assert.equal(parseVia('SIP/2.0/UNKNOWN t.example.com;branch=z9hG4bKc').transport, 'UNKNOWN');
});

test('malformed Via values are rejected', () => {
  for (const bad of [
    'SIP/2.0/UDP 192.0.2.15;;', // badinv01
    'SIP/2.0/UDP',
    'SIP/2.0/UDP192.0.2.1',
    'SIP/2.0 192.0.2.1',
    'HTTP/1.1/TCP a.example.com',
    'SIP/2.0/UDP a.example.com;branch',
    'SIP/2.0/UDP a.example.com;rport=x',
    'SIP/2.0/UDP a.example.com:70000',
  ])
    assert.throws(() => parseVia(bad), SipParseError, bad);
});

test('CSeq: LWS between number and method; 32-bit range', () => {
  assert.deepEqual(parseCSeq('0009   INVITE'), { seq: 9, method: 'INVITE' });
  assert.deepEqual(parseCSeq('4294967295 BYE'), { seq: 4294967295, method: 'BYE' });
  for (const bad of [
    '36893488147419103232 INVITE',
    '4294967296 INVITE',
    'INVITE',
    '1',
    '-1 BYE',
    '1 B@D',
  ])
    assert.throws(() => parseCSeq(bad), SipParseError, bad);
});
