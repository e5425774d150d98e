import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The append-only, hash-chained audit trail (R-REC-1).
 *
 * hash(n) = sha256(hash(n-1) ‖ canonical JSON of record n). Appends take a transaction-scoped
 * advisory lock so that concurrent transactions (and app nodes) extend the chain one at a
 * time; callers append last in their transaction to keep the lock short.
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

const AUDIT_LOCK = 1022_0001;
export const GENESIS = '0'.repeat(64);

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

export function auditHash(prevHash: string, seq: string, e: AuditEntry): string {
  const body = canonicalJson({
    seq,
    tenant_id: e.tenantId,
    at: e.at.toISOString(),
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export async function appendAudit(trx: Transaction<Database>, e: AuditEntry): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = String(BigInt(last?.seq ?? '0') + 1n);
  const prevHash = last?.hash ?? GENESIS;
  // Stored `data` goes through jsonb; hash what will read back (dates as ISO strings).
  const data = JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>;
  const entry = { ...e, data };
  await trx
    .insertInto('audit_log')
    .values({
      seq,
      tenant_id: e.tenantId,
      at: e.at,
      actor_id: e.actorId,
      actor_label: e.actorLabel,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      data: JSON.stringify(data),
      prev_hash: prevHash,
      hash: auditHash(prevHash, seq, entry),
    })
    .execute();
}

export type VerifyResult =
  { ok: true; count: number } | { ok: false; count: number; badSeq: string; reason: string };

/** Re-reads the whole chain in order and checks every link. */
export async function verifyAuditChain(db: Kysely<Database>, batch = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expected = 1n;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', String(expected))
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      if (BigInt(r.seq) !== expected) {
        return {
          ok: false,
          count,
          badSeq: String(expected),
          reason: `record ${expected} is missing`,
        };
      }
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          count,
          badSeq: r.seq,
          reason: 'prev_hash does not match the previous record',
        };
      }
      const hash = auditHash(prevHash, r.seq, {
        tenantId: r.tenant_id,
        at: r.at,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        data: r.data,
      });
      if (hash !== r.hash) {
        return { ok: false, count, badSeq: r.seq, reason: 'content does not match its hash' };
      }
      prevHash = r.hash;
      expected++;
      count++;
    }
  }
}
