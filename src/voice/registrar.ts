/**
 * The registrar of operators' phones (R-TEL-6, RFC 3261 §10.3): REGISTER is authenticated
 * with digest (MD5 or SHA-256, qop=auth, expiring nonces) against the HA1 stored for the
 * operator, and the bindings are kept in PostgreSQL so that any telephony node can ring the
 * operator's phone.
 */
import type { RateCounter, RateRule } from '../modules/abuse/rate-counter.ts';
import type { DB } from '../db/database.ts';
import { agentsRepository, type SipAccount } from './agents/agents.repository.ts';
import { challenges, verifyDigest, type DigestAlgorithm, type NonceKeeper } from './sip/digest.ts';
import type { SipRequest } from './sip/message.ts';
import {
  contactValues,
  DEFAULT_LIMITS,
  planRegister,
  type RegisterLimits,
} from './sip/registrar.ts';
import { unescapeUri } from './sip/syntax.ts';
import type { ServerTransaction } from './sip/transactions.ts';
import { isWebSocket, sourceOf, type Peer } from './sip/transport.ts';
import type { UaLog, UserAgent } from './sip/ua.ts';

export interface RegistrarDeps {
  /** Where the operators' accounts and bindings are kept. */
  db: DB;
  /** The statements on them: `agentsRepository`'s unless a test gives its own. */
  repo?: Pick<typeof agentsRepository, 'accountByUsername' | 'register' | 'removeBindingsFrom'>;
  tenantId: string;
  realm: string;
  nonces: NonceKeeper;
  now(): Date;
  log: UaLog & { error(obj: object, msg: string): void };
  limits?: RegisterLimits;
  /** Algorithms offered, preferred first (default MD5 only: see SIP_DIGEST_ALGORITHMS). */
  algorithms?: readonly DigestAlgorithm[];
  /**
   * Failed authentications counted per source address in PostgreSQL (every node sees them);
   * past the rule's limit the address is refused without a challenge until it cools down.
   */
  failures?: { counter: Pick<RateCounter, 'hit'>; rule?: RateRule };
}

/**
 * Password guessing against operators' phones (SIPVicious-style scanners): 20 failed
 * REGISTERs from one address in 10 minutes. A phone with a stale password re-registering
 * every minute stays under it; a scanner is stopped within seconds.
 */
export const REGISTER_FAILURES: RateRule = {
  scope: 'sip-register-failed',
  limit: 20,
  windowMs: 10 * 60_000,
};

/** Addresses remembered as refused on this node, at most (scanners rotate addresses). */
const MAX_BLOCKED = 10_000;

export class Registrar {
  /** Address → when it may try again (ms), known on this node. */
  private readonly blocked = new Map<string, number>();
  /** Whether a WebSocket flow is still open (set by the service once its transport runs). */
  private flowOpen: ((peer: Peer) => boolean) | null = null;

  private readonly repo: NonNullable<RegistrarDeps['repo']>;

  constructor(private readonly deps: RegistrarDeps) {
    this.repo = deps.repo ?? agentsRepository;
  }

  watchFlows(open: (peer: Peer) => boolean): void {
    this.flowOpen = open;
  }

  /**
   * A WebSocket closed: the bindings registered over it are removed, so the ACD does not ring
   * a browser that is gone (RFC 5626 §5.3 in spirit: a flow's registrations die with it).
   */
  flowClosed(peer: Peer): void {
    if (!isWebSocket(peer.protocol)) return;
    this.repo
      .removeBindingsFrom(this.deps.db, this.deps.tenantId, sourceOf(peer))
      .then((users) => {
        if (users.length)
          this.deps.log.info({ from: sourceOf(peer), users }, 'WebSocket closed: unregistered');
      })
      .catch((err: unknown) =>
        this.deps.log.error({ err, from: sourceOf(peer) }, 'bindings of a closed flow not removed'),
      );
  }

  handle(ua: UserAgent, req: SipRequest, tx: ServerTransaction, source: Peer): void {
    this.process(ua, req, tx, source).catch((err: unknown) => {
      this.deps.log.error({ err, callId: req.callId }, 'REGISTER failed');
      ua.respond(tx, 500);
    });
  }

  private async process(ua: UserAgent, req: SipRequest, tx: ServerTransaction, source: Peer) {
    const to = req.to.uri;
    if (to.kind !== 'sip' || !to.user) return ua.respond(tx, 404);
    const username = unescapeUri(to.user);
    const now = this.deps.now();
    const until = this.blocked.get(source.address);
    if (until !== undefined) {
      if (until > now.getTime()) return this.refuse(ua, tx, until - now.getTime());
      this.blocked.delete(source.address);
    }
    let account: SipAccount | null | undefined;
    const verdict = await verifyDigest({
      authorizations: req.getAll('authorization'),
      method: 'REGISTER',
      realm: this.deps.realm,
      nonces: this.deps.nonces,
      now: now.getTime(),
      expectedUser: username,
      ha1For: async (user: string, alg: DigestAlgorithm) => {
        account = await this.repo.accountByUsername(this.deps.db, this.deps.tenantId, user);
        // HA1 computed for another realm (the realm was changed since) cannot match.
        if (!account || account.realm !== this.deps.realm) return null;
        return alg === 'MD5' ? account.ha1Md5 : account.ha1Sha256;
      },
    });
    if (verdict.result === 'challenge' || verdict.result === 'stale') {
      const nonce = this.deps.nonces.issue(now.getTime());
      return ua.respond(tx, 401, (r) => {
        for (const c of challenges(
          this.deps.realm,
          nonce,
          verdict.result === 'stale',
          this.deps.algorithms ?? ['MD5'],
        ))
          r.append('www-authenticate', c);
      });
    }
    if (verdict.result === 'forbidden' || !account) {
      this.deps.log.warn({ user: username, from: sourceOf(source) }, 'REGISTER refused');
      const f = this.deps.failures;
      const counted = f
        ? await f.counter.hit(f.rule ?? REGISTER_FAILURES, source.address, now)
        : null;
      if (counted && !counted.allowed) {
        const retryMs = counted.retryAfterS * 1000;
        if (this.blocked.size >= MAX_BLOCKED) this.forgetExpired(now.getTime());
        if (this.blocked.size < MAX_BLOCKED)
          this.blocked.set(source.address, now.getTime() + retryMs);
        this.deps.log.warn(
          { from: source.address, failures: counted.count, retryAfterS: counted.retryAfterS },
          'REGISTER: too many failures, address refused for a while',
        );
        return this.refuse(ua, tx, retryMs);
      }
      return ua.respond(tx, 403);
    }
    const limits = this.deps.limits ?? DEFAULT_LIMITS;
    const userId = account.userId;
    // The account row is locked while its bindings change: two nodes apply two REGISTERs in turn.
    const plan = await this.deps.db
      .transaction()
      .execute((trx) =>
        this.repo.register(trx, this.deps.tenantId, userId, (bindings) =>
          planRegister(req, bindings, now.getTime(), sourceOf(source), limits),
        ),
      );
    if (plan.status === 423)
      return ua.respond(tx, 423, (r) => r.append('min-expires', String(plan.minExpires)));
    if (plan.status !== 200) return ua.respond(tx, plan.status);
    // The socket may have closed while the bindings were written: its close removed nothing.
    if (isWebSocket(source.protocol) && this.flowOpen && !this.flowOpen(source)) {
      await this.repo.removeBindingsFrom(this.deps.db, this.deps.tenantId, sourceOf(source));
      return;
    }
    this.deps.log.info(
      { user: username, bindings: plan.bindings.length, from: sourceOf(source) },
      'registered',
    );
    ua.respond(tx, 200, (r) => {
      for (const c of contactValues(plan.bindings, now.getTime())) r.append('contact', c);
      r.append('date', now.toUTCString());
    });
  }

  /** 403 with no challenge: the address failed too often; Retry-After says when to come back. */
  private refuse(ua: UserAgent, tx: ServerTransaction, ms: number): void {
    ua.respond(tx, 403, (r) => r.append('retry-after', String(Math.max(1, Math.ceil(ms / 1000)))));
  }

  private forgetExpired(now: number): void {
    for (const [addr, until] of this.blocked) if (until <= now) this.blocked.delete(addr);
  }
}
