import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressAllowed,
  isAddressOrCidr,
  normalizeNumber,
  referTarget,
  sipfrag,
  trunkFailed,
  trunkUri,
} from './dialing.ts';

test('numbers: digits kept, separators dropped, anything else refused', () => {
  assert.equal(normalizeNumber('0236 3822 123'), '02363822123');
  assert.equal(normalizeNumber('+84-905.111.222'), '+84905111222');
  assert.equal(normalizeNumber('(0236) 382-2123'), '02363822123');
  assert.equal(normalizeNumber('113'), '113');
  for (const bad of ['', '12', 'abc', '0905x11', '+', '1234567890123456', '09@05', '0905;x=1'])
    assert.equal(normalizeNumber(bad), null, bad);
});

test('trunk Request-URI: prefix, port, TCP, IPv6 host', () => {
  const t = { host: '203.0.113.5', port: 5060, transport: 'udp' as const, dialPrefix: '' };
  assert.equal(trunkUri(t, '02363822123'), 'sip:02363822123@203.0.113.5:5060');
  assert.equal(
    trunkUri({ ...t, transport: 'tcp', dialPrefix: '9' }, '113'),
    'sip:9113@203.0.113.5:5060;transport=tcp',
  );
  assert.equal(trunkUri({ ...t, host: '2001:db8::1' }, '113'), 'sip:113@[2001:db8::1]:5060');
});

test('Refer-To: the user part of sip/sips/tel URIs, with or without brackets and params', () => {
  assert.equal(referTarget('<sip:02363822123@10.0.0.1>'), '02363822123');
  assert.equal(referTarget('<sip:0236%203822123@10.0.0.1;user=phone>'), '02363822123');
  assert.equal(referTarget('sip:113@pbx;transport=tcp'), '113');
  assert.equal(referTarget('<sips:+84905111222@x>'), '+84905111222');
  assert.equal(referTarget('<tel:+84-905-111-222>'), '+84905111222');
  assert.equal(referTarget('"Sở" <sip:0905111222@x?Replaces=abc>'), '0905111222');
  assert.equal(referTarget('<sip:x>'), null);
  assert.equal(referTarget('<sip:alice@x>'), null);
  assert.equal(referTarget('<sip:%ZZ@x>'), null);
  assert.equal(referTarget(''), null);
});

test('sipfrag bodies are one status line', () => {
  assert.equal(sipfrag(100, 'Trying'), 'SIP/2.0 100 Trying\r\n');
  assert.equal(sipfrag(486, 'Busy Here'), 'SIP/2.0 486 Busy Here\r\n');
});

test('allow-list: IPv4 and IPv6 addresses and CIDRs', () => {
  const list = ['203.0.113.0/24', '198.51.100.7', '2001:db8:1::/48', '10.0.0.0/9'];
  assert.ok(addressAllowed('203.0.113.200', list));
  assert.ok(addressAllowed('198.51.100.7', list));
  assert.ok(!addressAllowed('198.51.100.8', list));
  assert.ok(addressAllowed('10.127.255.255', list));
  assert.ok(!addressAllowed('10.128.0.1', list));
  assert.ok(addressAllowed('2001:db8:1:ffff::1', list));
  assert.ok(!addressAllowed('2001:db8:2::1', list));
  assert.ok(addressAllowed('::ffff:203.0.113.9', list), 'IPv4-mapped');
  assert.ok(!addressAllowed('not-an-ip', list));
  assert.ok(!addressAllowed('203.0.113.1', []));
  assert.ok(addressAllowed('1.2.3.4', ['0.0.0.0/0']));
  assert.ok(addressAllowed('::1', ['::1']));
  assert.ok(addressAllowed('::1', ['::/0']));
  assert.ok(!addressAllowed('1.2.3.4', ['::/0']), 'families do not mix');
  assert.ok(addressAllowed('64:ff9b::c000:201', ['64:ff9b::192.0.2.1']));
});

test('allow-list entries are validated', () => {
  for (const ok of ['1.2.3.4', '1.2.3.0/24', '::1', '2001:db8::/32', '0.0.0.0/0'])
    assert.ok(isAddressOrCidr(ok), ok);
  for (const bad of [
    '1.2.3.4/33',
    '::1/129',
    'host.example',
    '1.2.3/24',
    '1.2.3.4/',
    '1.2.3.4/x',
    '1.2.3.4/24/1',
  ])
    assert.ok(!isAddressOrCidr(bad), bad);
});

test('a trunk that failed is worth leaving for the next; a phone that answered no is not', () => {
  assert.equal(trunkFailed(0, false), true, 'no response at all');
  for (const s of [401, 403, 407, 500, 502, 503, 504])
    assert.equal(trunkFailed(s, true), true, String(s));
  for (const s of [404, 408, 480, 484, 486, 487, 488, 600, 603])
    assert.equal(trunkFailed(s, true), false, String(s));
});
