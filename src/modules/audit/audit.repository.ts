import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The append-only, hash-chained audit trail (R-REC-1).
 *
 * One chain per tenant: hash(n) = sha256(hash(n-1) ‖ "\n" ‖ n ‖ "\n" ‖ canonical JSON of
 * record n). Appending is one call of the SQL function `audit_append`, which takes the
 * chain's advisory lock, reads the chain's head and inserts — so the lock is held for one
 * statement plus the commit, never across client round trips. Callers append last in their
 * transaction.
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
export const chainOf = (tenantId: string | null) => tenantId ?? 'system';

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

export async function appendAudit(trx: Transaction<Database>, e: AuditEntry): Promise<void> {
  // Hash what will read back from jsonb: dates become ISO strings, undefined disappears.
  const data = JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>;
  const body = auditBody({ ...e, data });
  await sql`SELECT audit_append(${chainOf(e.tenantId)}, ${e.tenantId}, ${e.at}, ${e.actorId},
    ${e.actorLabel}, ${e.action}, ${e.entityType}, ${e.entityId}, ${JSON.stringify(data)}::jsonb, ${body})`.execute(
    trx,
  );
}

export type VerifyResult =
  | { ok: true; count: number; chains: number }
  | { ok: false; count: number; badSeq: string; chain: string; reason: string };

/** Re-reads every chain in order and checks every link and every hash. */
export async function verifyAuditChain(db: Kysely<Database>, batch = 5000): Promise<VerifyResult> {
  const chains = await db
    .selectFrom('audit_log')
    .select('chain_id')
    .distinct()
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
        if (BigInt(r.chain_seq) !== expected) {
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
        const body = auditBody({
          tenantId: r.tenant_id,
          at: r.at,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          data: r.data,
        });
        if (auditHash(prevHash, r.chain_seq, body) !== r.hash)
          return bad('content does not match its hash');
        prevHash = r.hash;
        expected++;
        count++;
      }
    }
  }
  return { ok: true, count, chains: chains.length };
}
