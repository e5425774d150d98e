/**
 * The telephony node's view of the trunks: the one outbound calls leave through (its host
 * resolved to an address once per refresh) and the inbound allow-list. Read from PostgreSQL,
 * kept a few seconds, so an administrator's change applies to the next call without a restart.
 */
import { lookup } from 'node:dns/promises';
import type { DB } from '../../db/database.ts';
import { peerOf, type Peer } from '../sip/transport.ts';
import { addressAllowed, type DialTrunk } from './dialing.ts';
import type { SecretBox } from '../../config/secret-box.ts';
import { openTrunkPassword } from './secret.ts';
import { trunkRepository as repo } from './trunk.repository.ts';

export interface OutboundTrunk extends DialTrunk {
  name: string;
  /** Where our INVITEs go. */
  peer: Peer;
  credentials?: { username: string; password: string };
  /** Our number towards the carrier; null: the caller's own number. */
  fromUser: string | null;
}

export interface Trunks {
  /**
   * The trunks calls to agency phones leave through, tried in this order (enabled ones by
   * name: the next when one fails as a trunk); empty when none is configured.
   */
  outbound(): Promise<OutboundTrunk[]>;
  /**
   * May an INVITE from `address` be answered? Yes when no trunk has an allow-list (the demo's
   * case), when the address is on one, or when an operator's phone is registered from it.
   */
  inboundAllowed(address: string): Promise<boolean>;
}

interface Snapshot {
  at: number;
  outbound: OutboundTrunk[];
  allow: string[];
  registered: Set<string>;
}

export class TrunkDirectory implements Trunks {
  private snap: Promise<Snapshot> | null = null;

  constructor(
    private readonly db: DB,
    private readonly tenantId: string,
    private readonly now: () => Date,
    /** Opens the sealed trunk password (`SECRETS_KEY`); null when the node has no key. */
    private readonly box: SecretBox | null,
    private readonly ttlMs = 5000,
  ) {}

  async outbound(): Promise<OutboundTrunk[]> {
    return (await this.snapshot()).outbound;
  }

  async inboundAllowed(address: string): Promise<boolean> {
    const s = await this.snapshot();
    if (s.allow.length === 0) return true;
    return addressAllowed(address, s.allow) || s.registered.has(address);
  }

  private snapshot(): Promise<Snapshot> {
    const t = Date.now();
    const cur = this.snap;
    if (cur) {
      const fresh = cur.then((s) => t - s.at < this.ttlMs);
      return fresh.then((ok) => (ok ? cur : this.load(t)));
    }
    return this.load(t);
  }

  private load(t: number): Promise<Snapshot> {
    const p = (async (): Promise<Snapshot> => {
      const rows = await repo.enabled(this.db, this.tenantId);
      const allow = rows.flatMap((r) => r.allow_from);
      const registered = new Set<string>();
      if (allow.length)
        for (const s of await repo.bindingSources(this.db, this.tenantId, this.now()))
          if (peerOf(s)) registered.add(peerOf(s)!.address);
      // Resolved one by one: a host that does not resolve drops that trunk, not the others.
      const outbound: OutboundTrunk[] = [];
      for (const r of rows) {
        const address = await lookup(r.host).then(
          (a) => a.address,
          () => null,
        );
        if (!address) continue;
        outbound.push({
          name: r.name,
          host: r.host,
          port: r.port,
          transport: r.transport,
          dialPrefix: r.dial_prefix,
          peer: { protocol: r.transport, address, port: r.port },
          credentials:
            r.username && r.password
              ? {
                  username: r.username,
                  password: openTrunkPassword(this.box, this.tenantId, r.name, r.password),
                }
              : undefined,
          fromUser: r.from_user,
        });
      }
      return { at: t, outbound, allow, registered };
    })();
    this.snap = p;
    p.catch(() => {
      if (this.snap === p) this.snap = null;
    });
    return p;
  }
}
