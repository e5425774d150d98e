import type { Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database, SipTrunkRow } from '../../db/schema.ts';
import type { TrunkBody } from './trunk.schema.ts';

/** Every SQL statement about SIP trunks. */
export class TrunkRepository {
  constructor(private readonly db: DB) {}

  list(tenantId: string): Promise<SipTrunkRow[]> {
    return this.db
      .selectFrom('sip_trunk')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
  }

  /** The enabled trunks, the one to dial out through first (by name). */
  enabled(tenantId: string): Promise<SipTrunkRow[]> {
    return this.db
      .selectFrom('sip_trunk')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', true)
      .orderBy('name')
      .execute();
  }

  /** Creates or replaces a trunk by name; `password` undefined keeps the stored one. */
  async put(
    trx: Transaction<Database>,
    tenantId: string,
    name: string,
    b: TrunkBody,
  ): Promise<SipTrunkRow> {
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
    return trx
      .insertInto('sip_trunk')
      .values({ tenant_id: tenantId, name, ...values })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'name']).doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async delete(trx: Transaction<Database>, tenantId: string, name: string): Promise<boolean> {
    const r = await trx
      .deleteFrom('sip_trunk')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Trunks whose password was stored before sealing existed (plain text). */
  plaintextPasswords(): Promise<Pick<SipTrunkRow, 'id' | 'tenant_id' | 'name' | 'password'>[]> {
    return this.db
      .selectFrom('sip_trunk')
      .select(['id', 'tenant_id', 'name', 'password'])
      .where('password', 'is not', null)
      .where('password', 'not like', 'enc:v1:%')
      .execute();
  }

  /** Replaces a plain-text password by its sealed form, unless it changed meanwhile. */
  async replacePassword(id: string, from: string, to: string): Promise<void> {
    await this.db
      .updateTable('sip_trunk')
      .set({ password: to })
      .where('id', '=', id)
      .where('password', '=', from)
      .execute();
  }

  /** Where operators' phones are registered from now ("udp:host:port"), for the allow-list. */
  async bindingSources(tenantId: string, now: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sip_binding')
      .select('source')
      .where('tenant_id', '=', tenantId)
      .where('expires_at', '>', now)
      .execute();
    return rows.map((r) => r.source);
  }
}
