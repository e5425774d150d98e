import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The append-only, hash-chained audit trail (R-REC-1).
 *
 * Writers insert records in their own transaction, with no lock: the record commits or rolls
 * back with the change it describes. The sealer (`sealAuditChains`, run by every worker and
 * by `npm run audit:verify`) then chains committed records, one chain per tenant:
 * hash(n) = sha256(hash(n-1) ‖ "\n" ‖ n ‖ "\n" ‖ canonical JSON of record n). Only one sealer
 * works on a chain at a time (advisory lock), and sealing is idempotent.
 */
export interface AuditEntry {
  tenantId: string | null;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  at: Date;
}

export const GENESIS = '0'.repeat(64);

/** Column lists of `audit_log`. */
export const auditColumns = {
  /** What a writer fills in; sealing fills the chain columns later. */
  written: [
    'chain_id',
    'tenant_id',
    'at',
    'actor_id',
    'actor_label',
    'action',
    'entity_type',
    'entity_id',
    'data',
  ],
  /** A record as its hash covers it, with its position in the log. */
  hashed: [
    'seq',
    'tenant_id',
    'at',
    'actor_id',
    'actor_label',
    'action',
    'entity_type',
    'entity_id',
    'data',
  ],
} as const;
export const chainOf = (tenantId: string | null) => tenantId ?? 'system';
export const AUDIT_CHANNEL = 'open1022_audit';

/** JSON with object keys sorted at every depth: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The hashed body of a record: every stored column except the chain bookkeeping. */
export function auditBody(e: AuditEntry): string {
  return canonicalJson({
    tenant_id: e.tenantId,
    at: e.at.toISOString(),
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    data: e.data,
  });
}

export function auditHash(prevHash: string, chainSeq: string, body: string): string {
  return createHash('sha256').update(`${prevHash}\n${chainSeq}\n${body}`, 'utf8').digest('hex');
}

type AuditRow = {
  seq: string;
  tenant_id: string | null;
  at: Date;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
};
const bodyOfRow = (r: AuditRow) =>
  auditBody({
    tenantId: r.tenant_id,
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: r.data,
  });

const auditRow = (e: AuditEntry) => ({
  chain_id: chainOf(e.tenantId),
  tenant_id: e.tenantId,
  at: e.at,
  actor_id: e.actorId,
  actor_label: e.actorLabel,
  action: e.action,
  entity_type: e.entityType,
  entity_id: e.entityId,
  data: JSON.stringify(e.data),
});

/** Records one audited action inside the caller's transaction. */
export async function appendAudit(trx: Transaction<Database>, e: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(e)).execute();
}

/** Records many audited actions in one statement (one change that touches many records). */
export async function appendAuditMany(trx: Transaction<Database>, es: AuditEntry[]): Promise<void> {
  if (es.length === 0) return;
  await trx.insertInto('audit_log').values(es.map(auditRow)).execute();
}

/** Records an action of a signed-in user: the common case of `appendAudit`. */
export function auditBy(
  trx: Transaction<Database>,
  actor: { tenantId: string; userId: string; username: string },
  e: Pick<AuditEntry, 'action' | 'entityType' | 'entityId' | 'data' | 'at'>,
): Promise<void> {
  return appendAudit(trx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    actorLabel: actor.username,
    ...e,
  });
}

/**
 * Chains every committed, unsealed record. Safe to run on many nodes at once: each chain is
 * sealed under a transaction-scoped advisory lock, and a chain another sealer holds is
 * skipped. Returns the number of records sealed.
 */
export async function sealAuditChains(
  db: Kysely<Database>,
  now: Date,
  batch = 2000,
): Promise<number> {
  const chains = await db
    .selectFrom('audit_log')
    .select('chain_id')
    .distinct()
    .where('hash', 'is', null)
    .execute();
  let sealed = 0;
  for (const { chain_id: chain } of chains) {
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const got = await sql<{
          ok: boolean;
        }>`SELECT pg_try_advisory_xact_lock(1022, hashtext(${chain})) AS ok`.execute(trx);
        if (!got.rows[0]?.ok) return 0;
        const head = await trx
          .selectFrom('audit_log')
          .select(['chain_seq', 'hash'])
          .where('chain_id', '=', chain)
          .where('hash', 'is not', null)
          .orderBy('chain_seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const rows = await trx
          .selectFrom('audit_log')
          .select(auditColumns.hashed)
          .where('chain_id', '=', chain)
          .where('hash', 'is', null)
          .orderBy('seq')
          .limit(batch)
          .execute();
        if (rows.length === 0) return 0;
        let prev = head?.hash ?? GENESIS;
        let n = BigInt(head?.chain_seq ?? '0');
        const values = rows.map((r) => {
          n++;
          const hash = auditHash(prev, String(n), bodyOfRow(r));
          const v = { seq: r.seq, chain_seq: String(n), prev_hash: prev, hash };
          prev = hash;
          return v;
        });
        await sql`
          UPDATE audit_log AS a
          SET chain_seq = v.chain_seq::bigint, prev_hash = v.prev_hash, hash = v.hash, sealed_at = ${now}
          FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
            AS v(seq bigint, chain_seq text, prev_hash text, hash text)
          WHERE a.seq = v.seq AND a.hash IS NULL`.execute(trx);
        return rows.length;
      });
      sealed += n;
      if (n < batch) break;
    }
  }
  return sealed;
}

export type VerifyResult =
  | { ok: true; count: number; chains: number; unsealed: number }
  | { ok: false; count: number; badSeq: string; chain: string; reason: string };

/** Re-reads every chain in order and checks every link and every hash. */
export async function verifyAuditChain(db: Kysely<Database>, batch = 5000): Promise<VerifyResult> {
  const chains = await db
    .selectFrom('audit_log')
    .select('chain_id')
    .distinct()
    .where('hash', 'is not', null)
    .orderBy('chain_id')
    .execute();
  let count = 0;
  for (const { chain_id: chain } of chains) {
    let prevHash = GENESIS;
    let expected = 1n;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain_id', '=', chain)
        .where('chain_seq', '>=', String(expected))
        .orderBy('chain_seq')
        .limit(batch)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        const bad = (reason: string): VerifyResult => ({
          ok: false,
          count,
          badSeq: r.seq,
          chain,
          reason,
        });
        if (BigInt(r.chain_seq ?? '0') !== expected) {
          return {
            ok: false,
            count,
            badSeq: r.seq,
            chain,
            reason: `record ${expected} of the chain is missing`,
          };
        }
        if (r.prev_hash !== prevHash) return bad('prev_hash does not match the previous record');
        if (chainOf(r.tenant_id) !== chain) return bad('record moved to another chain');
        if (auditHash(prevHash, r.chain_seq!, bodyOfRow(r)) !== r.hash)
          return bad('content does not match its hash');
        prevHash = r.hash!;
        expected++;
        count++;
      }
    }
  }
  const unsealed = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  return { ok: true, count, chains: chains.length, unsealed: Number(unsealed.n) };
}
