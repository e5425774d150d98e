import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';

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

/** Named column lists. */
const columns = {
  promptFile: [
    'flow_id',
    'key',
    'storage_key',
    'sha256',
    'format',
    'bytes',
    'duration_ms',
    'uploaded_at',
  ],
  /** What a write answers with: the row and the version it now has. */
  version: ['id', 'version'],
} as const;

/** A flow with the name of who changed it last and the numbers it answers. */
function flows(q: Q, tenantId: string) {
  return q
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

async function setNumbers(q: Q, tenantId: string, flowId: string, numbers: string[]) {
  await q.deleteFrom('ivr_flow_number').where('flow_id', '=', flowId).execute();
  if (numbers.length)
    await q
      .insertInto('ivr_flow_number')
      .values(numbers.map((number) => ({ tenant_id: tenantId, number, flow_id: flowId })))
      .execute();
}

/**
 * Every SQL statement about IVR flows, their called numbers and uploaded prompt recordings.
 * Each function takes the database or the caller's transaction first.
 */
export const flowsRepository = {
  list(q: Q, tenantId: string): Promise<FlowRow[]> {
    return flows(q, tenantId).orderBy('f.is_default', 'desc').orderBy('f.name').execute();
  },

  async get(q: Q, tenantId: string, id: string): Promise<FlowRow | null> {
    return (await flows(q, tenantId).where('f.id', '=', id).executeTakeFirst()) ?? null;
  },

  /** Locks the flow row for an update (the version check and the prompt files agree). */
  lock(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('ivr_flow')
      .select(columns.version)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Which of these numbers another flow of the tenant already answers. */
  async numbersTaken(
    q: Q,
    tenantId: string,
    numbers: string[],
    exceptFlow: string | null,
  ): Promise<string[]> {
    if (numbers.length === 0) return [];
    const rows = await q
      .selectFrom('ivr_flow_number')
      .select('number')
      .where('tenant_id', '=', tenantId)
      .where('number', 'in', numbers)
      .$if(exceptFlow !== null, (s) => s.where('flow_id', '<>', exceptFlow!))
      .forUpdate()
      .execute();
    return rows.map((r) => r.number);
  },

  /** Clears the tenant's default flow (another one becomes it); their versions move on. */
  clearDefault(q: Q, tenantId: string, exceptFlow: string | null) {
    return q
      .updateTable('ivr_flow')
      .set({ is_default: false, version: sql<number>`version + 1` })
      .where('tenant_id', '=', tenantId)
      .where('is_default', '=', true)
      .$if(exceptFlow !== null, (s) => s.where('id', '<>', exceptFlow!))
      .returning(columns.version)
      .execute();
  },

  /** A new flow and its numbers. In a transaction. */
  async insert(trx: Q, tenantId: string, w: FlowWrite) {
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
      .returning(columns.version)
      .executeTakeFirstOrThrow();
    await setNumbers(trx, tenantId, row.id, w.numbers);
    return row;
  },

  /**
   * Writes a new version if `version` is still the current one; null when it is not. In a
   * transaction.
   */
  async update(
    trx: Q,
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
      .returning(columns.version)
      .executeTakeFirst();
    if (!row) return null;
    await setNumbers(trx, tenantId, id, w.numbers);
    return row;
  },

  /** A new version without other changes (a prompt recording was added or removed). */
  bump(q: Q, id: string, by: string, at: Date) {
    return q
      .updateTable('ivr_flow')
      .set({ version: sql<number>`version + 1`, updated_at: at, updated_by: by })
      .where('id', '=', id)
      .returning(columns.version)
      .executeTakeFirstOrThrow();
  },

  async delete(q: Q, tenantId: string, id: string) {
    const r = await q
      .deleteFrom('ivr_flow')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning(['name', 'version'])
      .executeTakeFirst();
    return r ?? null;
  },

  // --- uploaded prompt recordings ------------------------------------------------------------

  promptFiles(q: Q, flowIds: string[]): Promise<PromptFileRow[]> {
    if (flowIds.length === 0) return Promise.resolve([]);
    return q
      .selectFrom('ivr_prompt_file')
      .select(columns.promptFile)
      .where('flow_id', 'in', flowIds)
      .orderBy('key')
      .execute();
  },

  /** Stores a prompt's recording; returns the storage key of the one it replaced. */
  async putPromptFile(
    q: Q,
    f: Omit<PromptFileRow, 'uploaded_at'> & { uploaded_by: string; uploaded_at: Date },
  ): Promise<string | null> {
    const old = await q
      .selectFrom('ivr_prompt_file')
      .select('storage_key')
      .where('flow_id', '=', f.flow_id)
      .where('key', '=', f.key)
      .executeTakeFirst();
    await q
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
  },

  /** Removes recordings of these keys (all but `keep` when given); returns their storage keys. */
  async deletePromptFiles(
    q: Q,
    flowId: string,
    which: { keys: string[] } | { keep: string[] },
  ): Promise<string[]> {
    let d = q.deleteFrom('ivr_prompt_file').where('flow_id', '=', flowId);
    if ('keys' in which) {
      if (which.keys.length === 0) return [];
      d = d.where('key', 'in', which.keys);
    } else if (which.keep.length) d = d.where('key', 'not in', which.keep);
    const rows = await d.returning('storage_key').execute();
    return rows.map((r) => r.storage_key);
  },

  async queueCodes(q: Q, tenantId: string): Promise<Set<string>> {
    const rows = await q
      .selectFrom('call_queue')
      .select('code')
      .where('tenant_id', '=', tenantId)
      .execute();
    return new Set(rows.map((r) => r.code));
  },
};
