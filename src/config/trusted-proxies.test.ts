import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProxyEntry, trustedProxyMatcher } from './trusted-proxies.ts';

test('R-SEC-1 an empty TRUSTED_PROXIES trusts no peer', () => {
  const trusts = trustedProxyMatcher([]);
  for (const a of ['127.0.0.1', '::1', '10.0.0.1', '', undefined]) assert.equal(trusts(a), false);
});

test('R-SEC-1 TRUSTED_PROXIES matches addresses, ranges and named ranges, IPv4-mapped too', () => {
  const trusts = trustedProxyMatcher(['192.0.2.10', '10.20.0.0/16', 'fd00::/8', 'loopback']);
  const yes = [
    '192.0.2.10',
    '::ffff:192.0.2.10',
    '10.20.255.1',
    'fd12:3456::1',
    '127.0.0.1',
    '::1',
  ];
  const no = ['192.0.2.11', '10.21.0.1', 'fe80::1', '2001:db8::1', 'unknown', '', '8.8.8.8'];
  for (const a of yes) assert.equal(trusts(a), true, a);
  for (const a of no) assert.equal(trusts(a), false, a);
  assert.equal(trustedProxyMatcher(['uniquelocal'])('172.20.1.1'), true);
  assert.equal(trustedProxyMatcher(['linklocal'])('169.254.1.1'), true);
});

test('R-SEC-1 TRUSTED_PROXIES entries are checked', () => {
  for (const ok of ['1.2.3.4', '1.2.3.0/24', '::1', 'fe80::/10', 'LOOPBACK', 'uniquelocal'])
    assert.equal(isProxyEntry(ok), true, ok);
  for (const bad of ['*', 'all', '1.2.3', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/x', 'host.example'])
    assert.equal(isProxyEntry(bad), false, bad);
  assert.throws(() => trustedProxyMatcher(['nope']), /TRUSTED_PROXIES/);
});
