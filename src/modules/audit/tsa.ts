import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * RFC 3161 time-stamps of audit checkpoints (issue #12, finding 4): with `AUDIT_TSA_URL`, each
 * checkpoint's signed text is stamped by an outside authority, so its time no longer rests on
 * our own clock and key alone. `audit:verify` checks that a token stamps that very text
 * (message imprint) at about the checkpoint's time, and — with `AUDIT_TSA_CA_FILE` — the
 * authority's signature (`openssl ts -verify`).
 */

export interface TimestampAuthority {
  /** An RFC 3161 TimeStampToken (DER, base64) over the SHA-256 of `text`. */
  stamp(text: string): Promise<string>;
}

// ---- a minimal DER reader/writer: only what TimeStampReq/Resp/TSTInfo need -----------------

interface Tlv {
  tag: number;
  /** The whole element (tag, length, value). */
  raw: Buffer;
  value: Buffer;
}

function readTlv(buf: Buffer, at = 0): Tlv {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + i]!;
    off += n;
  }
  if (off + len > buf.length) throw new Error('truncated DER');
  return { tag, raw: buf.subarray(at, off + len), value: buf.subarray(off, off + len) };
}

function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < t.value.length;) {
    const c = readTlv(t.value, at);
    out.push(c);
    at += c.raw.length;
  }
  return out;
}

function der(tag: number, ...parts: Buffer[]): Buffer {
  const value = Buffer.concat(parts);
  const n = value.length;
  const len =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, value]);
}

const SHA256_ALG = Buffer.from('300d06096086480165030402010500', 'hex');
const SHA256_OID = Buffer.from('0609608648016503040201', 'hex');

/** A DER TimeStampReq (RFC 3161 §2.4.1) for the SHA-256 of `text`, asking for the certificate. */
export function timestampRequest(text: string, nonce = randomBytes(8)): Buffer {
  const hash = createHash('sha256').update(text, 'utf8').digest();
  const imprint = der(0x30, SHA256_ALG, der(0x04, hash));
  const n = nonce[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce;
  return der(
    0x30,
    der(0x02, Buffer.from([1])),
    imprint,
    der(0x02, n),
    Buffer.from('0101ff', 'hex'),
  );
}

/** The TimeStampToken of a TimeStampResp; throws unless the status is granted (0 or 1). */
export function tokenOfResponse(resp: Buffer): Buffer {
  const [status, token] = children(readTlv(resp));
  const code = status && children(status)[0];
  if (!code || code.tag !== 0x02 || code.value.length !== 1 || code.value[0]! > 1)
    throw new Error('the time-stamp authority refused the request');
  if (!token) throw new Error('the time-stamp response holds no token');
  return Buffer.from(token.raw);
}

/** What a token stamps: the hash algorithm's OID, the hash, and the authority's time. */
export function readToken(token: Buffer): { sha256: boolean; hash: Buffer; genTime: Date } {
  // ContentInfo { contentType, [0] SignedData { version, digestAlgs, encapContentInfo, … } }
  const signedData = children(children(readTlv(token))[1]!)[0]!;
  const encap = children(signedData)[2]!;
  const octets = children(children(encap)[1]!)[0]!;
  // TSTInfo { version, policy, messageImprint { alg, hash }, serialNumber, genTime, … }
  const tst = children(readTlv(octets.value));
  const [alg, hash] = children(tst[2]!);
  const t = tst[4]!.value.toString('latin1'); // YYYYMMDDHHMMSS[.fff]Z
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(t);
  if (!m) throw new Error(`unreadable genTime ${t}`);
  const genTime = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
  const oid = children(alg!)[0]!;
  return { sha256: oid.raw.equals(SHA256_OID), hash: Buffer.from(hash!.value), genTime };
}

/**
 * Checks a token (base64) against the text it should stamp: the imprint must be its SHA-256
 * and the authority's time within `skewMs` of `at`. With `caFile`, the authority's signature
 * and certificate are checked too, by `openssl ts -verify`. Returns why not, or null.
 */
export function checkToken(
  tokenB64: string,
  text: string,
  at: Date,
  skewMs: number,
  caFile?: string,
): string | null {
  let t: ReturnType<typeof readToken>;
  const token = Buffer.from(tokenB64, 'base64');
  try {
    t = readToken(token);
  } catch (err) {
    return `unreadable time-stamp token (${(err as Error).message})`;
  }
  const hash = createHash('sha256').update(text, 'utf8').digest();
  if (!t.sha256 || !t.hash.equals(hash)) return 'its time-stamp token stamps another text';
  if (Math.abs(t.genTime.getTime() - at.getTime()) > skewMs)
    return `its time-stamp token is dated ${t.genTime.toISOString()}, not about ${at.toISOString()}`;
  if (caFile) {
    const dir = mkdtempSync(path.join(tmpdir(), 'o1022-ts-'));
    try {
      writeFileSync(path.join(dir, 'data'), text);
      writeFileSync(path.join(dir, 'token'), token);
      execFileSync(
        'openssl',
        ['ts', '-verify', '-data', 'data', '-token_in', '-in', 'token', '-CAfile', caFile],
        { cwd: dir, stdio: 'pipe' },
      );
    } catch {
      return 'its time-stamp token is not signed by the configured authority';
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return null;
}

/** An RFC 3161 authority over HTTP (`application/timestamp-query`). */
export function httpTimestampAuthority(url: string, timeoutMs = 10_000): TimestampAuthority {
  return {
    async stamp(text: string): Promise<string> {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: timestampRequest(text),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`time-stamp authority answered ${res.status}`);
      return tokenOfResponse(Buffer.from(await res.arrayBuffer())).toString('base64');
    },
  };
}
