/**
 * Which peers may speak for a client (`TRUSTED_PROXIES`): only a request whose TCP peer is one
 * of these has its `X-Forwarded-For` / `X-Forwarded-Proto` read; from anyone else the headers
 * are ignored and the peer's own address is the client's. Without this, any client writes its
 * own address in a header and every per-address limit is void.
 *
 * Entries: IPv4/IPv6 addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`), and the names
 * `loopback`, `linklocal`, `uniquelocal` (the ranges Fastify's proxy-addr knows by name).
 */
import { BlockList, isIP } from 'node:net';

const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

type Range = { address: string; prefix: number; family: 'ipv4' | 'ipv6' };

function range(entry: string): Range | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const v = isIP(address);
  if (v === 0) return undefined;
  const max = v === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/** True for an entry `TRUSTED_PROXIES` accepts. */
export function isProxyEntry(entry: string): boolean {
  return entry.toLowerCase() in NAMED || range(entry) !== undefined;
}

/** `"10.0.0.1, 10.1.0.0/16,"` → `["10.0.0.1", "10.1.0.0/16"]` (not validated). */
export function splitProxyList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A test of a peer's address against the list (IPv4-mapped IPv6 addresses such as
 * `::ffff:10.0.0.1` match IPv4 ranges). An empty list trusts no one.
 */
export function trustedProxyMatcher(entries: readonly string[]): (address?: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const entry of entries) {
    const named = NAMED[entry.toLowerCase()];
    for (const e of named ?? [entry]) {
      const r = range(e);
      if (!r) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or range`);
      list.addSubnet(r.address, r.prefix, r.family);
      any = true;
    }
  }
  if (!any) return () => false;
  return (address) => {
    if (!address) return false;
    const v = isIP(address);
    if (v === 0) return false;
    return list.check(address, v === 4 ? 'ipv4' : 'ipv6');
  };
}
