import type { Selectable } from 'kysely';
import type { AgencyRow, TenantTable } from '../db/schema.ts';
import type { DB } from '../db/database.ts';
import type { Q } from '../db/helpers.ts';
import type { Role } from '../core/access/roles.ts';
import { orgRepository } from '../modules/org/org.repository.ts';
import { calendarRepository } from '../modules/calendar/calendar.repository.ts';
import { TtlCache } from './ttl-cache.ts';

type TenantRow = Selectable<TenantTable>;

/** What authenticating an API token needs to know about its user. */
export interface TokenUser {
  token_id: string;
  /** Checked on every use, cached or not: an expired token stops at its second. */
  expires_at: Date;
  id: string;
  tenant_id: string;
  role: Role;
  agency_id: string | null;
  username: string;
  display_name: string;
}

/**
 * Configuration rows read on every transition (tenant settings, agency flags, default
 * calendar), cached for a few seconds. The node that changes one invalidates it at once;
 * other nodes see the change when their entry expires (≤ 5 s).
 *
 * Loads take the caller's executor: inside a transaction they must use its connection, or
 * a busy pool could wait on itself.
 */
export class ConfigCache {
  private readonly tenants = new TtlCache<TenantRow | undefined>(5_000);
  private readonly agencies = new TtlCache<AgencyRow | undefined>(5_000);
  private readonly defaultCalendars = new TtlCache<string | null>(5_000);
  private readonly tokenUsers = new TtlCache<TokenUser>(2_000);

  constructor(private readonly db: DB) {}

  tenant(id: string, q: Q = this.db) {
    return this.tenants.get(id, () => orgRepository.tenant(q, id));
  }

  agency(id: string, q: Q = this.db) {
    return this.agencies.get(id, () => orgRepository.agencyById(q, id));
  }

  defaultCalendarId(tenantId: string, q: Q = this.db) {
    return this.defaultCalendars.get(tenantId, () => calendarRepository.defaultId(q, tenantId));
  }

  invalidateTenant(id: string) {
    this.tenants.delete(id);
    this.defaultCalendars.delete(id);
  }

  /**
   * The active user behind an API token (by the token's hash), for 2 s. A change to a user
   * on this node (role, agency, deactivation) forgets every entry at once; on other nodes it
   * takes effect within the 2 s, and so does revoking a token (AuthService.revokeToken
   * forgets this node's entries at once). Unknown or revoked tokens are never cached, so a
   * new token works at once everywhere.
   */
  async tokenUser(
    tokenHash: string,
    load: () => Promise<TokenUser | undefined>,
  ): Promise<TokenUser | undefined> {
    const cached = this.tokenUsers.peek(tokenHash);
    if (cached) return cached;
    const row = await load();
    if (row) this.tokenUsers.set(tokenHash, row);
    return row;
  }

  invalidateUsers() {
    this.tokenUsers.clear();
  }

  invalidateAgency(id: string) {
    this.agencies.delete(id);
  }
}
