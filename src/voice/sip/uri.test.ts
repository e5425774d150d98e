import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipParseError } from './errors.ts';
import { formatUri, parseUri, sipUri, uriEquals, type SipUri } from './uri.ts';
import { unescapeUri } from './syntax.ts';

function sip(text: string): SipUri {
  const u = parseUri(text);
  assert.equal(u.kind, 'sip', text);
  return u as SipUri;
}

test('user, password, host, port, parameters and headers', () => {
  const u = sip(
    'sips:alice:secret@Atlanta.Example.com:5061;transport=tcp;lr?subject=hi&priority=urgent',
  );
  assert.equal(u.scheme, 'sips');
  assert.equal(u.user, 'alice');
  assert.equal(u.password, 'secret');
  assert.equal(u.host, 'Atlanta.Example.com');
  assert.equal(u.port, 5061);
  assert.deepEqual(
    [...u.params],
    [
      ['transport', 'tcp'],
      ['lr', null],
    ],
  );
  assert.deepEqual(
    [...u.headers],
    [
      ['subject', 'hi'],
      ['priority', 'urgent'],
    ],
  );
  assert.equal(
    formatUri(u),
    'sips:alice:secret@Atlanta.Example.com:5061;transport=tcp;lr?subject=hi&priority=urgent',
  );
});

test('IPv4, IPv6 references and a phone number user part', () => {
  assert.equal(sip('sip:192.0.2.4').host, '192.0.2.4');
  const v6 = sip('sip:[2001:db8::10]:5070;maddr=[2001:db8::1]');
  assert.equal(v6.host, '[2001:db8::10]');
  assert.equal(v6.port, 5070);
  assert.equal(v6.params.get('maddr'), '[2001:db8::1]');
  const tel = sip('sip:+84-236-1022@trunk.example.vn;user=phone');
  assert.equal(tel.user, '+84-236-1022');
  assert.equal(tel.params.get('user'), 'phone');
});

test('RFC 4475 intmeth: every legal user and password character', () => {
  const text =
    "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com";
  const u = sip(text);
  assert.equal(u.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  assert.equal(u.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  assert.equal(u.host, 'example.com');
  assert.equal(formatUri(u), text);
});

test('RFC 4475 semiuri and escnull: ";" and %00 inside the user part', () => {
  const u = sip('sip:user;par=u%40example.net@example.com');
  assert.equal(u.user, 'user;par=u%40example.net');
  assert.equal(unescapeUri(u.user!), 'user;par=u@example.net');
  assert.equal(u.params.size, 0);
  const n = sip('sip:null-%00-null@example.com');
  assert.equal(unescapeUri(n.user!), 'null-\0-null');
});

test('other schemes are kept opaque', () => {
  const t = parseUri('tel:+842363822999;phone-context=example.vn');
  assert.deepEqual(t, {
    kind: 'other',
    scheme: 'tel',
    opaque: '+842363822999;phone-context=example.vn',
  });
  assert.equal(formatUri(t), 'tel:+842363822999;phone-context=example.vn');
});

test('malformed URIs are rejected with a SipParseError', () => {
  for (const bad of [
    'sip:',
    'sip:@example.com',
    'sip:user@',
    'sip:user@exa mple.com',
    'sip:user@example.com:99999',
    'sip:user@example.com:12a',
    'sip:user@-bad-.com',
    'sip:us er@example.com',
    'sip:user%4@example.com',
    'sip:user@example.com;=x',
    'sip:user@example.com;a=',
    'sip:user@example.com?noequals',
    'sip:user@[2001:db8::1',
    '<sip:user@example.com>',
    ' sip:user@example.com',
    'example.com',
    'tel:',
    'http:a b',
  ])
    assert.throws(() => parseUri(bad), SipParseError, bad);
});

test('RFC 3261 §19.1.4 equal URIs', () => {
  const pairs: [string, string][] = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
  ];
  for (const [a, b] of pairs) assert.ok(uriEquals(parseUri(a), parseUri(b)), `${a} == ${b}`);
});

test('RFC 3261 §19.1.4 unequal URIs', () => {
  const pairs: [string, string][] = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com', 'tel:+1555'],
  ];
  for (const [a, b] of pairs) assert.ok(!uriEquals(parseUri(a), parseUri(b)), `${a} != ${b}`);
});

test('sipUri builds what formatUri writes', () => {
  assert.equal(
    formatUri(sipUri('10.0.0.1', { user: '1022', port: 5060, params: { transport: 'tcp' } })),
    'sip:1022@10.0.0.1:5060;transport=tcp',
  );
});
