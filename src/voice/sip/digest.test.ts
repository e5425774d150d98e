import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  challenges,
  digestResponse,
  ha1,
  NonceKeeper,
  parseAuthorization,
  parseDigestParams,
  verifyDigest,
  type DigestAlgorithm,
} from './digest.ts';

// RFC 7616 §3.9.1: the worked example, for both algorithms.
const rfc = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  qop: 'auth',
  uri: '/dir/index.html',
};

test('RFC 7616 §3.9.1 responses for MD5 and SHA-256', () => {
  for (const [alg, expected] of [
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const) {
    const key = ha1(alg, rfc.username, rfc.realm, rfc.password);
    assert.equal(digestResponse({ ...rfc, algorithm: alg }, 'GET', key), expected, alg);
  }
});

test('RFC 2617 §3.5 response without qop parameters differs from the qop=auth one', () => {
  // RFC 2617's example (qop=auth): response 6629fae49393a05397450978507c4ef1.
  const key = ha1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
  const a = {
    algorithm: 'MD5' as const,
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    uri: '/dir/index.html',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
  };
  assert.equal(digestResponse(a, 'GET', key), '6629fae49393a05397450978507c4ef1');
  assert.notEqual(
    digestResponse({ ...a, qop: undefined }, 'GET', key),
    '6629fae49393a05397450978507c4ef1',
  );
});

test('Authorization parsing: quoted values with escapes and commas, case-insensitive names', () => {
  const p = parseDigestParams(
    'Digest username="Nguy\\"en", Realm="a,b", nonce=abc,uri="sip:x@y", response="ABCDEF", qop=auth, nc=00000001, cnonce="q"',
  );
  assert.ok(p);
  assert.equal(p.get('username'), 'Nguy"en');
  assert.equal(p.get('realm'), 'a,b');
  assert.equal(p.get('nonce'), 'abc');
  const a = parseAuthorization(
    'Digest username="1001", realm="r", nonce="n", uri="sip:r", response="ABCDEF", algorithm=sha-256, qop=auth, nc=00000001, cnonce="c"',
  );
  assert.equal(a?.algorithm, 'SHA-256');
  assert.equal(a?.response, 'abcdef');
  assert.equal(parseAuthorization('Basic dXNlcjpwYXNz'), null);
  assert.equal(
    parseAuthorization('Digest username="a", realm="r", nonce="n"'),
    null,
    'no response',
  );
  assert.equal(
    parseAuthorization(
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth',
    ),
    null,
    'qop without nc/cnonce',
  );
  assert.equal(
    parseAuthorization(
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-512-256',
    ),
    null,
    'unsupported algorithm',
  );
  assert.equal(parseDigestParams('Digest username="unterminated'), null);
});

test('challenges offer SHA-256 before MD5, with stale=TRUE when asked', () => {
  const [a, b] = challenges('open1022', 'N', true);
  assert.match(
    a!,
    /^Digest realm="open1022", nonce="N", algorithm=SHA-256, qop="auth", stale=TRUE$/,
  );
  assert.match(b!, /algorithm=MD5/);
  assert.doesNotMatch(challenges('r', 'N', false)[0]!, /stale/);
});

test('nonces: valid within their lifetime, stale after, invalid when forged or foreign', () => {
  const keeper = new NonceKeeper('k'.repeat(32), 60_000);
  const n = keeper.issue(1_000_000);
  assert.equal(keeper.check(n, 1_000_000), 'valid');
  assert.equal(keeper.check(n, 1_059_999), 'valid');
  assert.equal(keeper.check(n, 1_060_001), 'stale');
  assert.equal(new NonceKeeper('x'.repeat(32)).check(n, 1_000_000), 'invalid');
  const raw = Buffer.from(n, 'base64url');
  raw[3] = raw[3]! ^ 1;
  assert.equal(keeper.check(raw.toString('base64url'), 1_000_000), 'invalid');
  assert.equal(keeper.check('not-a-nonce', 1_000_000), 'invalid');
  assert.notEqual(keeper.issue(1_000_000), n, 'random part');
});

/** A client answering a challenge, as a phone would. */
function answer(
  alg: DigestAlgorithm,
  nonce: string,
  password: string,
  over: Record<string, string> = {},
): string {
  const base = {
    username: '1001',
    realm: 'open1022',
    uri: 'sip:127.0.0.1',
    nc: '00000001',
    cnonce: 'c0ffee',
    qop: 'auth',
    ...over,
  };
  const response = digestResponse(
    { algorithm: alg, nonce, uri: base.uri, qop: base.qop, nc: base.nc, cnonce: base.cnonce },
    'REGISTER',
    ha1(alg, base.username, base.realm, password),
  );
  return `Digest username="${base.username}", realm="${base.realm}", nonce="${nonce}", uri="${base.uri}", response="${response}", algorithm=${alg}, qop=auth, nc=${base.nc}, cnonce="${base.cnonce}"`;
}

test('verifyDigest: ok, wrong password, stale nonce, other user, no answer', async () => {
  const nonces = new NonceKeeper('s'.repeat(32), 60_000);
  const store = (alg: DigestAlgorithm) => ha1(alg, '1001', 'open1022', 'đúng-mật-khẩu');
  const base = {
    method: 'REGISTER',
    realm: 'open1022',
    nonces,
    now: 5_000_000,
    expectedUser: '1001',
    ha1For: async (u: string, alg: DigestAlgorithm) => (u === '1001' ? store(alg) : null),
  };
  const nonce = nonces.issue(5_000_000);
  for (const alg of ['MD5', 'SHA-256'] as const) {
    assert.deepEqual(
      await verifyDigest({ ...base, authorizations: [answer(alg, nonce, 'đúng-mật-khẩu')] }),
      { result: 'ok', username: '1001' },
      alg,
    );
    assert.deepEqual(await verifyDigest({ ...base, authorizations: [answer(alg, nonce, 'sai')] }), {
      result: 'forbidden',
    });
  }
  assert.deepEqual(
    await verifyDigest({
      ...base,
      now: 5_000_000 + 61_000,
      authorizations: [answer('MD5', nonce, 'đúng-mật-khẩu')],
    }),
    { result: 'stale' },
  );
  assert.deepEqual(
    await verifyDigest({
      ...base,
      now: 5_000_000 + 61_000,
      authorizations: [answer('MD5', nonce, 'sai')],
    }),
    { result: 'forbidden' },
    'a stale nonce with a wrong password is still refused',
  );
  assert.deepEqual(await verifyDigest({ ...base, authorizations: [] }), { result: 'challenge' });
  assert.deepEqual(
    await verifyDigest({
      ...base,
      authorizations: [answer('MD5', nonce, 'đúng-mật-khẩu', { realm: 'other' })],
    }),
    { result: 'challenge' },
    'an answer for another realm is ignored',
  );
  assert.deepEqual(
    await verifyDigest({
      ...base,
      expectedUser: '1002',
      authorizations: [answer('MD5', nonce, 'đúng-mật-khẩu')],
    }),
    { result: 'forbidden' },
    'registering someone else',
  );
  assert.deepEqual(
    await verifyDigest({ ...base, authorizations: [answer('MD5', 'forged', 'đúng-mật-khẩu')] }),
    { result: 'challenge' },
  );
});

test('client side: our Authorization answers a challenge the server side accepts', async () => {
  const { authorizationFor, pickChallenge, h } = await import('./digest.ts');
  const nonces = new NonceKeeper('x'.repeat(32));
  const now = 1_700_000_000_000;
  for (const alg of ['MD5', 'SHA-256'] as const) {
    const [ch] = challenges('carrier', nonces.issue(now), false, [alg]);
    const auth = authorizationFor(
      ch!,
      { username: 'trunk1', password: 'bí-mật' },
      'INVITE',
      'sip:113@t',
    );
    assert.ok(auth, alg);
    const v = await verifyDigest({
      authorizations: [auth],
      method: 'INVITE',
      realm: 'carrier',
      nonces,
      now,
      ha1For: async (u, a) => (u === 'trunk1' ? ha1(a, 'trunk1', 'carrier', 'bí-mật') : null),
    });
    assert.deepEqual(v, { result: 'ok', username: 'trunk1' }, alg);
    const wrong = authorizationFor(
      ch!,
      { username: 'trunk1', password: 'x' },
      'INVITE',
      'sip:113@t',
    );
    const w = await verifyDigest({
      authorizations: [wrong!],
      method: 'INVITE',
      realm: 'carrier',
      nonces,
      now,
      ha1For: async (_u, a) => ha1(a, 'trunk1', 'carrier', 'bí-mật'),
    });
    assert.equal(w.result, 'forbidden');
  }
  const both = challenges('carrier', 'n', false, ['MD5', 'SHA-256']);
  assert.match(pickChallenge(both)!, /SHA-256/);
  assert.equal(pickChallenge(['Basic realm="x"']), null);
  // RFC 2617 without qop; opaque echoed; unknown algorithm or qop refused.
  const plain = authorizationFor(
    'Digest realm="r", nonce="abc", opaque="o1"',
    { username: 'u', password: 'p' },
    'INVITE',
    'sip:1@h',
  )!;
  assert.match(plain, /opaque="o1"/);
  assert.doesNotMatch(plain, /qop=/);
  const expected = h('MD5', `${ha1('MD5', 'u', 'r', 'p')}:abc:${h('MD5', 'INVITE:sip:1@h')}`);
  assert.match(plain, new RegExp(`response="${expected}"`));
  assert.equal(
    authorizationFor(
      'Digest realm="r", nonce="n", algorithm=SHA-512-256',
      { username: 'u', password: 'p' },
      'INVITE',
      'sip:1@h',
    ),
    null,
  );
  assert.equal(
    authorizationFor(
      'Digest realm="r", nonce="n", qop="auth-int"',
      { username: 'u', password: 'p' },
      'INVITE',
      'sip:1@h',
    ),
    null,
  );
  // Known vector (RFC 7616 §3.9.1, MD5 with qop=auth).
  const rfc = authorizationFor(
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    { username: 'Mufasa', password: 'Circle of Life' },
    'GET',
    '/dir/index.html',
    'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  )!;
  assert.match(rfc, /response="8ca523f5e9506fed4657c9700eebdbec"/);
});
