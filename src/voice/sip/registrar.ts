/**
 * What a REGISTER does to an address-of-record's bindings (RFC 3261 §10.3, steps 6–8), as a
 * pure function: the bindings before, the request and the clock in; the bindings to write,
 * the ones to remove and the response status out. Authentication (step 3–5) and storage are
 * the caller's.
 */
import type { SipRequest } from './message.ts';
import { formatUri, parseUri, uriEquals } from './uri.ts';

export interface Binding {
  /** The Contact URI (no display name, no header parameters). */
  contact: string;
  callId: string;
  cseq: number;
  /** Epoch ms. */
  expiresAt: number;
  /** Where the REGISTER came from: "udp:192.0.2.1:5062". */
  source: string;
  userAgent: string | null;
}

export interface RegisterLimits {
  /** Shorter non-zero expiries get 423 with Min-Expires (§10.3 step 7). */
  minExpires: number;
  /** Longer ones are shortened to this. */
  maxExpires: number;
  /** When neither the Contact nor the request says. */
  defaultExpires: number;
  /** Bindings one user may have at once (a desk phone and a softphone, say). */
  maxBindings: number;
}

export const DEFAULT_LIMITS: RegisterLimits = {
  minExpires: 60,
  maxExpires: 3600,
  defaultExpires: 3600,
  maxBindings: 5,
};

export type RegisterPlan =
  | {
      status: 200;
      /** Every binding after the request, for the 200's Contact headers. */
      bindings: Binding[];
      upsert: Binding[];
      remove: string[];
    }
  | { status: 400 | 403 | 500; reason: string }
  | { status: 423; minExpires: number };

export function planRegister(
  req: SipRequest,
  existing: readonly Binding[],
  now: number,
  source: string,
  limits: RegisterLimits = DEFAULT_LIMITS,
): RegisterPlan {
  const live = existing.filter((b) => b.expiresAt > now);
  const expired = existing.filter((b) => b.expiresAt <= now).map((b) => b.contact);
  const contacts = req.contacts;
  const callId = req.callId;
  const cseq = req.cseq.seq;
  const headerExpires = req.expires;

  if (contacts === '*') {
    // §10.3 step 6: only with Expires: 0 and nothing else.
    if (headerExpires !== 0 || req.getAll('contact').length !== 1)
      return { status: 400, reason: 'Contact: * needs Expires: 0 and no other contact' };
    for (const b of live)
      if (b.callId === callId && cseq <= b.cseq) return { status: 500, reason: 'Out of order' };
    return {
      status: 200,
      bindings: [],
      upsert: [],
      remove: [...expired, ...live.map((b) => b.contact)],
    };
  }

  const after = new Map(live.map((b) => [b.contact, b]));
  const upsert: Binding[] = [];
  const remove = new Set(expired);
  const userAgent = req.get('user-agent') ?? null;
  for (const c of contacts) {
    if (c.uri.kind !== 'sip') return { status: 400, reason: 'Contact must be a SIP URI' };
    const param = c.params.get('expires');
    let expires = headerExpires ?? limits.defaultExpires;
    if (param !== undefined && param !== null) {
      if (!/^\d{1,10}$/.test(param)) return { status: 400, reason: 'Bad expires parameter' };
      expires = Number(param);
    }
    if (expires !== 0 && expires < limits.minExpires)
      return { status: 423, minExpires: limits.minExpires };
    expires = Math.min(expires, limits.maxExpires);
    // Header parameters never belong in a stored contact.
    const uri = { ...c.uri, headers: new Map<string, string>() };
    const text = formatUri(uri);
    const same = [...after.values()].find((b) => uriEquals(parseUri(b.contact), uri));
    if (same && same.callId === callId && cseq <= same.cseq)
      return { status: 500, reason: 'Out of order' };
    if (same) after.delete(same.contact);
    if (expires === 0) {
      if (same) remove.add(same.contact);
      continue;
    }
    if (same && same.contact !== text) remove.add(same.contact);
    const b: Binding = {
      contact: text,
      callId,
      cseq,
      expiresAt: now + expires * 1000,
      source,
      userAgent,
    };
    after.set(text, b);
    upsert.push(b);
  }
  if (after.size > limits.maxBindings) return { status: 403, reason: 'Too many registered phones' };
  for (const b of upsert) remove.delete(b.contact);
  return { status: 200, bindings: [...after.values()], upsert, remove: [...remove] };
}

/** The Contact header values of a 200 to REGISTER: every binding with its remaining time. */
export function contactValues(bindings: readonly Binding[], now: number): string[] {
  return bindings.map(
    (b) => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
  );
}
