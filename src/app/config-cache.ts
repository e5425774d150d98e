import type { Kysely } from 'kysely';
import type { AgencyRow, Database } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import type { TenantTable } from '../db/schema.ts';
import { TtlCache } from './ttl-cache.ts';

type TenantRow = Selectable<TenantTable>;

/** What authenticating an API token needs to know about its user. */
export interface TokenUser {
  token_id: string;
  id: string;
  tenant_id: string;
  role: string;
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

  constructor(private readonly db: Kysely<Database>) {}

  tenant(id: string, q: Kysely<Database> = this.db) {
    return this.tenants.get(id, () =>
      q.selectFrom('tenant').selectAll().where('id', '=', id).executeTakeFirst(),
    );
  }

  agency(id: string, q: Kysely<Database> = this.db) {
    return this.agencies.get(id, () =>
      q.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirst(),
    );
  }

  defaultCalendarId(tenantId: string, q: Kysely<Database> = this.db) {
    return this.defaultCalendars.get(tenantId, async () => {
      const r = await q
        .selectFrom('calendar')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('is_default', '=', true)
        .executeTakeFirst();
      return r?.id ?? null;
    });
  }

  invalidateTenant(id: string) {
    this.tenants.delete(id);
    this.defaultCalendars.delete(id);
  }

  /**
   * The active user behind an API token (by the token's hash), for 2 s. A change to a user
   * on this node (role, agency, deactivation) forgets every entry at once; on other nodes it
   * takes effect within the 2 s. Unknown or revoked tokens are never cached, so a new token
   * works at once everywhere.
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
