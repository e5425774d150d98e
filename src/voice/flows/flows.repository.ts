import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export interface FlowRow {
  id: string;
  tenant_id: string;
  name: string;
  flow: unknown;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  updated_by_name: string | null;
  numbers: string[];
}

export interface PromptFileRow {
  flow_id: string;
  key: string;
  storage_key: string;
  sha256: string;
  format: string | null;
  bytes: number;
  duration_ms: number;
  uploaded_at: Date;
}

export interface FlowWrite {
  name: string;
  flow: unknown;
  isDefault: boolean;
  numbers: string[];
  by: string;
  at: Date;
}

type Db = DB | Transaction<Database>;

/** Every SQL statement about IVR flows, their called numbers and uploaded prompt recordings. */
export class FlowsRepository {
  constructor(private readonly db: DB) {}

  private base(db: Db, tenantId: string) {
    return db
      .selectFrom('ivr_flow as f')
      .leftJoin('app_user as u', 'u.id', 'f.updated_by')
      .select([
        'f.id',
        'f.tenant_id',
        'f.name',
        'f.flow',
        'f.is_default',
        'f.version',
        'f.created_at',
        'f.updated_at',
        'f.updated_by',
        'u.display_name as updated_by_name',
        sql<string[]>`coalesce((SELECT array_agg(n.number ORDER BY n.number) FROM ivr_flow_number n
          WHERE n.flow_id = f.id), '{}')`.as('numbers'),
      ])
      .where('f.tenant_id', '=', tenantId);
  }

  list(tenantId: string, db: Db = this.db): Promise<FlowRow[]> {
    return this.base(db, tenantId)
      .orderBy('f.is_default', 'desc')
      .orderBy('f.name')
      .execute() as Promise<FlowRow[]>;
  }

  async get(tenantId: string, id: string, db: Db = this.db): Promise<FlowRow | null> {
    return ((await this.base(db, tenantId).where('f.id', '=', id).executeTakeFirst()) ??
      null) as FlowRow | null;
  }

  /** Locks the flow row for an update (the version check and the prompt files agree). */
  async lock(trx: Transaction<Database>, tenantId: string, id: string) {
    return trx
      .selectFrom('ivr_flow')
      .select(['id', 'version'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Which of these numbers another flow of the tenant already answers. */
  async numbersTaken(
    trx: Transaction<Database>,
    tenantId: string,
    numbers: string[],
    exceptFlow: string | null,
  ): Promise<string[]> {
    if (numbers.length === 0) return [];
    const rows = await trx
      .selectFrom('ivr_flow_number')
      .select('number')
      .where('tenant_id', '=', tenantId)
      .where('number', 'in', numbers)
      .$if(exceptFlow !== null, (q) => q.where('flow_id', '<>', exceptFlow!))
      .forUpdate()
      .execute();
    return rows.map((r) => r.number);
  }

  /** Clears the tenant's default flow (another one becomes it); their versions move on. */
  async clearDefault(trx: Transaction<Database>, tenantId: string, exceptFlow: string | null) {
    const rows = await trx
      .updateTable('ivr_flow')
      .set({ is_default: false, version: sql<number>`version + 1` })
      .where('tenant_id', '=', tenantId)
      .where('is_default', '=', true)
      .$if(exceptFlow !== null, (q) => q.where('id', '<>', exceptFlow!))
      .returning(['id', 'version'])
      .execute();
    return rows;
  }

  async insert(trx: Transaction<Database>, tenantId: string, w: FlowWrite) {
    const row = await trx
      .insertInto('ivr_flow')
      .values({
        tenant_id: tenantId,
        name: w.name,
        flow: JSON.stringify(w.flow),
        is_default: w.isDefault,
        version: 1,
        updated_at: w.at,
        updated_by: w.by,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await this.setNumbers(trx, tenantId, row.id, w.numbers);
    return row;
  }

  /** Writes a new version if `version` is still the current one; null when it is not. */
  async update(
    trx: Transaction<Database>,
    tenantId: string,
    id: string,
    version: number,
    w: FlowWrite,
  ): Promise<{ id: string; version: number } | null> {
    const row = await trx
      .updateTable('ivr_flow')
      .set({
        name: w.name,
        flow: JSON.stringify(w.flow),
        is_default: w.isDefault,
        version: sql<number>`version + 1`,
        updated_at: w.at,
        updated_by: w.by,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returning(['id', 'version'])
      .executeTakeFirst();
    if (!row) return null;
    await this.setNumbers(trx, tenantId, id, w.numbers);
    return row;
  }

  /** A new version without other changes (a prompt recording was added or removed). */
  async bump(trx: Transaction<Database>, id: string, by: string, at: Date) {
    return trx
      .updateTable('ivr_flow')
      .set({ version: sql<number>`version + 1`, updated_at: at, updated_by: by })
      .where('id', '=', id)
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
  }

  private async setNumbers(
    trx: Transaction<Database>,
    tenantId: string,
    flowId: string,
    numbers: string[],
  ) {
    await trx.deleteFrom('ivr_flow_number').where('flow_id', '=', flowId).execute();
    if (numbers.length)
      await trx
        .insertInto('ivr_flow_number')
        .values(numbers.map((number) => ({ tenant_id: tenantId, number, flow_id: flowId })))
        .execute();
  }

  async delete(trx: Transaction<Database>, tenantId: string, id: string) {
    const r = await trx
      .deleteFrom('ivr_flow')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning(['name', 'version'])
      .executeTakeFirst();
    return r ?? null;
  }

  // --- uploaded prompt recordings ------------------------------------------------------------

  promptFiles(flowIds: string[], db: Db = this.db): Promise<PromptFileRow[]> {
    if (flowIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('ivr_prompt_file')
      .select([
        'flow_id',
        'key',
        'storage_key',
        'sha256',
        'format',
        'bytes',
        'duration_ms',
        'uploaded_at',
      ])
      .where('flow_id', 'in', flowIds)
      .orderBy('key')
      .execute();
  }

  async putPromptFile(
    trx: Transaction<Database>,
    f: Omit<PromptFileRow, 'uploaded_at'> & { uploaded_by: string; uploaded_at: Date },
  ): Promise<string | null> {
    const old = await trx
      .selectFrom('ivr_prompt_file')
      .select('storage_key')
      .where('flow_id', '=', f.flow_id)
      .where('key', '=', f.key)
      .executeTakeFirst();
    await trx
      .insertInto('ivr_prompt_file')
      .values(f)
      .onConflict((oc) =>
        oc.columns(['flow_id', 'key']).doUpdateSet({
          storage_key: f.storage_key,
          sha256: f.sha256,
          format: f.format,
          bytes: f.bytes,
          duration_ms: f.duration_ms,
          uploaded_by: f.uploaded_by,
          uploaded_at: f.uploaded_at,
        }),
      )
      .execute();
    return old?.storage_key ?? null;
  }

  /** Removes recordings of these keys (all but `keep` when given); returns their storage keys. */
  async deletePromptFiles(
    trx: Transaction<Database>,
    flowId: string,
    which: { keys: string[] } | { keep: string[] },
  ): Promise<string[]> {
    let q = trx.deleteFrom('ivr_prompt_file').where('flow_id', '=', flowId);
    if ('keys' in which) {
      if (which.keys.length === 0) return [];
      q = q.where('key', 'in', which.keys);
    } else if (which.keep.length) q = q.where('key', 'not in', which.keep);
    const rows = await q.returning('storage_key').execute();
    return rows.map((r) => r.storage_key);
  }

  // --- what telephony needs ------------------------------------------------------------------

  /** Ids and versions of the tenant's flows: telephony reloads only what changed. */
  versions(tenantId: string) {
    return this.db
      .selectFrom('ivr_flow')
      .select(['id', 'version'])
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  async queueCodes(tenantId: string, db: Db = this.db): Promise<Set<string>> {
    const rows = await db
      .selectFrom('call_queue')
      .select('code')
      .where('tenant_id', '=', tenantId)
      .execute();
    return new Set(rows.map((r) => r.code));
  }
}
