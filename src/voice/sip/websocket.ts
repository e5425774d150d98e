/**
 * Who may open a SIP WebSocket (RFC 7118 §4): the client must ask for the `sip` subprotocol,
 * and a browser's Origin must be one we serve (the web app's own origin, or one listed in
 * `SIP_WS_ORIGINS`). Pure: the web server's `/sip` route and the `SIP_WS_PORT` server both ask.
 *
 * The Origin check is not what protects accounts (REGISTER needs the digest password, which a
 * foreign page does not have); it keeps other sites from using the hotline's SIP service from
 * their visitors' browsers. Clients without an Origin (desk phones, softphones) are let in.
 */

export const SIP_SUBPROTOCOL = 'sip';

/** True when a `Sec-WebSocket-Protocol` request header lists `sip`. */
export function offersSip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((v) => v.split(',').some((p) => p.trim() === SIP_SUBPROTOCOL));
}

/** `https://Hotline.example:443/x` → `https://hotline.example` (null when not an origin). */
export function normalizeOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

export interface UpgradeRequest {
  /** `Sec-WebSocket-Protocol` as received. */
  protocols: string | string[] | undefined;
  origin: string | undefined;
  /** The `Host` header: a page served by this very server is same-origin. */
  host: string | undefined;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 403; reason: string };

/**
 * Whether to accept a SIP WebSocket upgrade. `allowed` are origins (`https://host[:port]`), or
 * `*` for any; an Origin whose host is the request's Host is always allowed (same-origin).
 */
export function judgeUpgrade(req: UpgradeRequest, allowed: readonly string[]): UpgradeVerdict {
  if (!offersSip(req.protocols))
    return { ok: false, status: 400, reason: 'the "sip" WebSocket subprotocol is required' };
  if (req.origin === undefined) return { ok: true };
  if (allowed.includes('*')) return { ok: true };
  const origin = normalizeOrigin(req.origin);
  if (origin === null) return { ok: false, status: 403, reason: 'origin not allowed' };
  if (req.host && new URL(origin).host === req.host.toLowerCase()) return { ok: true };
  const list = allowed.map(normalizeOrigin).filter((o): o is string => o !== null);
  return list.includes(origin)
    ? { ok: true }
    : { ok: false, status: 403, reason: 'origin not allowed' };
}

/** Picks `sip` among the offered subprotocols (ws's `handleProtocols`). */
export function chooseProtocol(offered: Set<string>): string | false {
  return offered.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false;
}
