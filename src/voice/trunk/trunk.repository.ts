import type { Q } from '../../db/helpers.ts';
import type { SipTrunkRow } from '../../db/schema.ts';
import type { TrunkBody } from '../../contract/trunks.ts';

/** Every SQL statement about SIP trunks; each function takes the database or a transaction. */
export const trunkRepository = {
  list(q: Q, tenantId: string): Promise<SipTrunkRow[]> {
    return q
      .selectFrom('sip_trunk')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
  },

  /** The enabled trunks, the one to dial out through first (by name). */
  enabled(q: Q, tenantId: string): Promise<SipTrunkRow[]> {
    return q
      .selectFrom('sip_trunk')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', true)
      .orderBy('name')
      .execute();
  },

  /** Creates or replaces a trunk by name; `password` undefined keeps the stored one. */
  put(q: Q, tenantId: string, name: string, b: TrunkBody): Promise<SipTrunkRow> {
    const values = {
      host: b.host,
      port: b.port,
      transport: b.transport,
      username: b.username,
      from_user: b.fromUser,
      dial_prefix: b.dialPrefix,
      allow_from: b.allowFrom,
      enabled: b.enabled,
      ...(b.password !== undefined ? { password: b.password } : {}),
    };
    return q
      .insertInto('sip_trunk')
      .values({ tenant_id: tenantId, name, ...values })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'name']).doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async delete(q: Q, tenantId: string, name: string): Promise<boolean> {
    const r = await q
      .deleteFrom('sip_trunk')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** Trunks whose password was stored before sealing existed (plain text). */
  plaintextPasswords(q: Q): Promise<Pick<SipTrunkRow, 'id' | 'tenant_id' | 'name' | 'password'>[]> {
    return q
      .selectFrom('sip_trunk')
      .select(['id', 'tenant_id', 'name', 'password'])
      .where('password', 'is not', null)
      .where('password', 'not like', 'enc:v1:%')
      .execute();
  },

  /** Replaces a plain-text password by its sealed form, unless it changed meanwhile. */
  async replacePassword(q: Q, id: string, from: string, to: string): Promise<void> {
    await q
      .updateTable('sip_trunk')
      .set({ password: to })
      .where('id', '=', id)
      .where('password', '=', from)
      .execute();
  },

  /** Where operators' phones are registered from now ("udp:host:port"), for the allow-list. */
  async bindingSources(q: Q, tenantId: string, now: Date): Promise<string[]> {
    const rows = await q
      .selectFrom('sip_binding')
      .select('source')
      .where('tenant_id', '=', tenantId)
      .where('expires_at', '>', now)
      .execute();
    return rows.map((r) => r.source);
  },
};
