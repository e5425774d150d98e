/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760):
 * challenges, Authorization parsing, response computation for MD5 and SHA-256 with qop=auth,
 * and stateless nonces that expire (a late but otherwise correct answer gets stale=TRUE, so
 * the phone retries with the new nonce without asking anyone for the password).
 *
 * Pure apart from hashing: the registrar supplies the stored HA1 and the clock.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';
export const ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

const HASH: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

export function h(alg: DigestAlgorithm, text: string): string {
  return createHash(HASH[alg]).update(text, 'utf8').digest('hex');
}

/** HA1 = H(username:realm:password): what is stored instead of the password. */
export function ha1(
  alg: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return h(alg, `${username}:${realm}:${password}`);
}

export interface DigestAnswer {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

/** The response a client computes (RFC 7616 §3.4.1; without qop, RFC 2069 as RFC 2617 allows). */
export function digestResponse(
  a: Pick<DigestAnswer, 'algorithm' | 'nonce' | 'uri' | 'qop' | 'nc' | 'cnonce'>,
  method: string,
  ha1Hex: string,
): string {
  const ha2 = h(a.algorithm, `${method}:${a.uri}`);
  if (a.qop === 'auth')
    return h(a.algorithm, `${ha1Hex}:${a.nonce}:${a.nc}:${a.cnonce}:auth:${ha2}`);
  return h(a.algorithm, `${ha1Hex}:${a.nonce}:${ha2}`);
}

/**
 * `Digest a=b, c="d"` → parameters by lower-case name (quoted values unescaped). Returns null
 * when the scheme is not Digest or the syntax is broken.
 */
export function parseDigestParams(value: string): Map<string, string> | null {
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return null;
  const out = new Map<string, string>();
  let i = m[0].length;
  const s = value;
  while (i < s.length) {
    const name = /^([A-Za-z0-9_-]+)\s*=\s*/.exec(s.slice(i));
    if (!name) return null;
    i += name[0].length;
    let v = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return null;
        const c = s[i]!;
        if (c === '\\' && i + 1 < s.length) {
          v += s[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          v += c;
          i++;
        }
      }
    } else {
      const t = /^[^\s,]*/.exec(s.slice(i))![0];
      v = t;
      i += t.length;
    }
    out.set(name[1]!.toLowerCase(), v);
    const sep = /^\s*(,\s*)?/.exec(s.slice(i))![0];
    if (sep === '' && i < s.length) return null;
    i += sep.length;
  }
  return out;
}

/** A parsed Authorization header, or null if it is not a usable digest answer. */
export function parseAuthorization(value: string): DigestAnswer | null {
  const p = parseDigestParams(value);
  if (!p) return null;
  const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return null;
  const username = p.get('username');
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  const uri = p.get('uri');
  const response = p.get('response');
  if (!username || realm === undefined || !nonce || !uri || !response) return null;
  const qop = p.get('qop');
  if (qop !== undefined && qop !== 'auth') return null;
  if (qop && (!p.get('nc') || !p.get('cnonce'))) return null;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm,
    qop,
    nc: p.get('nc'),
    cnonce: p.get('cnonce'),
    opaque: p.get('opaque'),
  };
}

const quote = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/**
 * One WWW-Authenticate value per algorithm, in the order given (RFC 8760 §2.4: preferred
 * first). Some phones fail on any challenge with an algorithm they do not know instead of
 * picking one they do (baresip 1.0's libre: "Function not implemented"), hence a set chosen
 * by configuration.
 */
export function challenges(
  realm: string,
  nonce: string,
  stale: boolean,
  algorithms: readonly DigestAlgorithm[] = ALGORITHMS,
): string[] {
  return algorithms.map(
    (alg) =>
      `Digest realm=${quote(realm)}, nonce=${quote(nonce)}, algorithm=${alg}, qop="auth"` +
      (stale ? ', stale=TRUE' : ''),
  );
}

export type NonceCheck = 'valid' | 'stale' | 'invalid';

/**
 * Nonces any node can check without shared state: issue time + random + HMAC of both under a
 * key every telephony node shares. Valid for `lifetimeMs`; after that `stale`.
 */
export class NonceKeeper {
  private readonly key: Buffer;
  constructor(
    key: Buffer | string,
    readonly lifetimeMs = 5 * 60_000,
  ) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  }

  issue(now: number): string {
    const body = Buffer.alloc(14);
    body.writeBigUInt64BE(BigInt(now), 0);
    randomBytes(6).copy(body, 8);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  check(nonce: string, now: number): NonceCheck {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== 30 || raw.toString('base64url') !== nonce) return 'invalid';
    const body = raw.subarray(0, 14);
    if (!timingSafeEqual(raw.subarray(14), this.mac(body))) return 'invalid';
    const issued = Number(body.readBigUInt64BE(0));
    if (issued > now + 60_000) return 'invalid';
    return now - issued > this.lifetimeMs ? 'stale' : 'valid';
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16);
  }
}

export type DigestVerdict =
  /** No (usable) Authorization for our realm: challenge. */
  | { result: 'challenge' }
  /** Right password but an old nonce: challenge again with stale=TRUE. */
  | { result: 'stale' }
  /** Wrong password, unknown user, forged nonce: refuse. */
  | { result: 'forbidden' }
  | { result: 'ok'; username: string };

/**
 * Checks the Authorization values of a request. `ha1For` looks up the stored HA1 of a user
 * for an algorithm (null: no such user). The user name must also be the one the request is
 * about (`expectedUser`, the To of a REGISTER), so nobody registers someone else's number.
 */
export async function verifyDigest(opts: {
  authorizations: string[];
  method: string;
  realm: string;
  nonces: NonceKeeper;
  now: number;
  expectedUser?: string;
  ha1For(username: string, alg: DigestAlgorithm): Promise<string | null>;
}): Promise<DigestVerdict> {
  const answers = opts.authorizations
    .map(parseAuthorization)
    .filter((a): a is DigestAnswer => a !== null && a.realm === opts.realm);
  // Prefer the strongest algorithm the client answered with.
  const a = answers.find((x) => x.algorithm === 'SHA-256') ?? answers[0];
  if (!a) return { result: 'challenge' };
  const nonce = opts.nonces.check(a.nonce, opts.now);
  if (nonce === 'invalid') return { result: 'challenge' };
  if (opts.expectedUser !== undefined && a.username !== opts.expectedUser)
    return { result: 'forbidden' };
  const stored = await opts.ha1For(a.username, a.algorithm);
  if (!stored) return { result: 'forbidden' };
  const expected = digestResponse(a, opts.method, stored);
  const ok =
    expected.length === a.response.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(a.response));
  if (!ok) return { result: 'forbidden' };
  if (nonce === 'stale') return { result: 'stale' };
  return { result: 'ok', username: a.username };
}

/**
 * Our answer to a server's challenge (a carrier's trunk answering our INVITE with 401/407):
 * the `Authorization`/`Proxy-Authorization` value, or null when the challenge is not a digest
 * challenge we can answer (unknown algorithm, qop without `auth`). Several challenges may be
 * offered (RFC 8760): the caller picks one with `pickChallenge`.
 */
export function authorizationFor(
  challenge: string,
  cred: { username: string; password: string },
  method: string,
  uri: string,
  cnonce: string = randomBytes(8).toString('hex'),
  nc = 1,
): string | null {
  const p = parseDigestParams(challenge);
  if (!p) return null;
  const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return null;
  const realm = p.get('realm') ?? '';
  const nonce = p.get('nonce');
  if (!nonce) return null;
  const qops = p
    .get('qop')
    ?.split(',')
    .map((q) => q.trim().toLowerCase());
  if (qops && !qops.includes('auth')) return null;
  const qop = qops ? 'auth' : undefined;
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = digestResponse(
    { algorithm, nonce, uri, qop, nc: ncHex, cnonce },
    method,
    ha1(algorithm, cred.username, realm, cred.password),
  );
  const parts = [
    `username=${quote(cred.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${algorithm}`,
  ];
  if (qop) parts.push(`qop=auth`, `nc=${ncHex}`, `cnonce=${quote(cnonce)}`);
  const opaque = p.get('opaque');
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** The challenge to answer among several: SHA-256 first (RFC 8760 §2.4), then MD5. */
export function pickChallenge(values: readonly string[]): string | null {
  const alg = (v: string) => {
    const p = parseDigestParams(v);
    return p ? (p.get('algorithm') ?? 'MD5').toUpperCase() : null;
  };
  return values.find((v) => alg(v) === 'SHA-256') ?? values.find((v) => alg(v) === 'MD5') ?? null;
}
