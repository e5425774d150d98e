import { createHash, type KeyObject } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkCheckpoint, publicKeyB64, type CheckpointHead } from './signing.ts';

/**
 * The append-only, hash-chained audit trail (R-REC-1).
 *
 * Writers insert records in their own transaction, with no lock: the record commits or rolls
 * back with the change it describes. The sealer (`sealAuditChains`, run by every worker and
 * by `npm run audit:verify`) then chains committed records, one chain per tenant:
 * hash(n) = sha256(hash(n-1) ‖ "\n" ‖ n ‖ "\n" ‖ sealed_at(n) ‖ "\n" ‖ canonical JSON of record n)
 * (version 2; records sealed by earlier versions, `hash_v` NULL, lack the sealed_at line). Only
 * one sealer works on a chain at a time (advisory lock), and sealing is idempotent.
 *
 * Time along a chain never goes backwards: `sealed_at`, which the hash covers, is at least the
 * previous record's, and a record dated more than `maxSkewMs` before the previous sealing (it
 * was not there when that sealing ran, yet claims an earlier time) is flagged by the sealer and
 * reported by `verifyAuditChain`. Signed checkpoints (`checkpoint.ts`) pin the chain's head from
 * outside the database, so that recomputing every hash after a rewrite, inserting a backdated
 * record or deleting the tail no longer verifies.
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

/** A record's hash; version 2 (`sealedAt` given) also covers the time it was sealed. */
export function auditHash(
  prevHash: string,
  chainSeq: string,
  body: string,
  sealedAt?: Date,
): string {
  const time = sealedAt ? `${sealedAt.toISOString()}\n` : '';
  return createHash('sha256')
    .update(`${prevHash}\n${chainSeq}\n${time}${body}`, 'utf8')
    .digest('hex');
}

/** How far a record's date may precede the previous sealing (a transaction's length), ms. */
export const DEFAULT_MAX_SKEW_MS = 10 * 60_000;

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

export interface SealOptions {
  batch?: number;
  maxSkewMs?: number;
  /** Told of each record dated more than maxSkewMs before the chain's previous sealing. */
  onBackdated?: (r: { chain: string; chainSeq: string; seq: string; at: Date; head: Date }) => void;
}

/**
 * Chains every committed, unsealed record. Safe to run on many nodes at once: each chain is
 * sealed under a transaction-scoped advisory lock, and a chain another sealer holds is
 * skipped. `sealed_at` is `now`, or the chain head's when `now` is earlier (a clock set back):
 * time never goes backwards along a chain. A record dated well before the head's sealing is
 * still sealed (dropping it would hide it) and reported to `onBackdated`. Returns the number of
 * records sealed.
 */
export async function sealAuditChains(
  db: Kysely<Database>,
  now: Date,
  opts: SealOptions = {},
): Promise<number> {
  const batch = opts.batch ?? 2000;
  const skew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
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
          .select(['chain_seq', 'hash', 'sealed_at'])
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
        const headSealed = head?.sealed_at ?? null;
        const sealedAt = headSealed && headSealed > now ? headSealed : now;
        let prev = head?.hash ?? GENESIS;
        let n = BigInt(head?.chain_seq ?? '0');
        const values = rows.map((r) => {
          n++;
          const hash = auditHash(prev, String(n), bodyOfRow(r), sealedAt);
          // (A head sealed at this very time was sealed by this run: nothing to compare.)
          if (headSealed && headSealed < sealedAt && r.at.getTime() < headSealed.getTime() - skew)
            opts.onBackdated?.({
              chain,
              chainSeq: String(n),
              seq: r.seq,
              at: r.at,
              head: headSealed,
            });
          const v = { seq: r.seq, chain_seq: String(n), prev_hash: prev, hash };
          prev = hash;
          return v;
        });
        await sql`
          UPDATE audit_log AS a
          SET chain_seq = v.chain_seq::bigint, prev_hash = v.prev_hash, hash = v.hash,
              sealed_at = ${sealedAt}, hash_v = 2
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

/** A checkpoint as stored in the database or exported (`checkpoint.ts`). */
export interface StoredCheckpoint extends CheckpointHead {
  publicKey: string;
  signature: string;
  tsaToken?: string | null;
  /** Where it was read: `database` or the exported file. */
  source: string;
}

export interface VerifyOptions {
  batch?: number;
  maxSkewMs?: number;
  /** Checkpoints to hold the chain to: the database's and those exported outside it. */
  checkpoints?: StoredCheckpoint[];
  /** The key checkpoints must be signed with; without it none is trusted. */
  publicKey?: KeyObject;
}

export type VerifyResult =
  | {
      ok: true;
      count: number;
      chains: number;
      unsealed: number;
      /** Distinct signed checkpoints the chains were checked against. */
      checkpoints: number;
      /** Checkpoints ignored: signed by another key, or no key to check them with. */
      untrusted: number;
    }
  | { ok: false; count: number; badSeq: string | null; chain: string; reason: string };

const iso = (d: Date) => d.toISOString();

/**
 * Re-reads every chain in order and checks every link and every hash, that time never goes
 * backwards along it, and that it agrees with every checkpoint signed by `publicKey`: the
 * record a checkpoint names has the hash it signed (else: rewritten), no record after it is
 * dated before it was signed (else: inserted later with an earlier date), and the chain
 * reaches it (else: its tail was deleted).
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const batch = opts.batch ?? 5000;
  const skew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  // Trusted checkpoints, per chain, in order; one per sequence number.
  const trusted = new Map<string, StoredCheckpoint[]>();
  let untrusted = 0;
  let distinct = 0;
  for (const c of opts.checkpoints ?? []) {
    if (!opts.publicKey || !checkCheckpoint(opts.publicKey, c, c.signature)) {
      const signedByOurs = opts.publicKey && c.publicKey === publicKeyB64(opts.publicKey);
      if (signedByOurs)
        return {
          ok: false,
          count: 0,
          badSeq: null,
          chain: c.chainId,
          reason: `the checkpoint of record ${c.chainSeq} (${c.source}) does not match its signature: forged or altered`,
        };
      untrusted++;
      continue;
    }
    const list = trusted.get(c.chainId) ?? [];
    const same = list.find((x) => x.chainSeq === c.chainSeq);
    if (same && same.hash !== c.hash)
      return {
        ok: false,
        count: 0,
        badSeq: null,
        chain: c.chainId,
        reason: `two signed checkpoints of record ${c.chainSeq} disagree: the signing key is compromised`,
      };
    if (!same) {
      list.push(c);
      distinct++;
    } else if (c.at < same.at) list.splice(list.indexOf(same), 1, c);
    trusted.set(c.chainId, list);
  }
  for (const list of trusted.values())
    list.sort((a, b) => Number(BigInt(a.chainSeq) - BigInt(b.chainSeq)));

  const sealedChains = await db
    .selectFrom('audit_log')
    .select('chain_id')
    .distinct()
    .where('hash', 'is not', null)
    .execute();
  const chains = [...new Set([...sealedChains.map((c) => c.chain_id), ...trusted.keys()])].sort();
  let count = 0;
  for (const chain of chains) {
    const cps = trusted.get(chain) ?? [];
    let next = 0; // the first checkpoint not yet reached
    let covered: StoredCheckpoint | undefined; // the latest checkpoint already passed
    let prevHash = GENESIS;
    let prevSealed: Date | null = null;
    let prevVersion: number | null = null;
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
        if (BigInt(r.chain_seq ?? '0') !== expected)
          return bad(`record ${expected} of the chain is missing`);
        if (r.prev_hash !== prevHash) return bad('prev_hash does not match the previous record');
        if (chainOf(r.tenant_id) !== chain) return bad('record moved to another chain');
        const v2 = r.hash_v === 2;
        if (!v2 && prevVersion === 2) return bad('a version-1 record after version-2 records');
        if (v2 && !r.sealed_at) return bad('record without its sealing time');
        if (
          auditHash(prevHash, r.chain_seq!, bodyOfRow(r), v2 ? r.sealed_at! : undefined) !== r.hash
        )
          return bad('content does not match its hash');
        if (v2 && prevSealed) {
          if (r.sealed_at! < prevSealed)
            return bad(
              `time goes backwards: sealed at ${iso(r.sealed_at!)}, before the previous record (${iso(prevSealed)})`,
            );
          if (r.sealed_at! > prevSealed && r.at.getTime() < prevSealed.getTime() - skew)
            return bad(
              `dated ${iso(r.at)}, before the previous record was sealed (${iso(prevSealed)}) without being sealed with it: inserted later with an earlier date`,
            );
        }
        const cp = cps[next];
        if (cp && BigInt(cp.chainSeq) === expected) {
          if (cp.hash !== r.hash)
            return bad(
              `differs from the checkpoint signed at ${iso(cp.at)} (${cp.source}): the chain was rewritten`,
            );
          covered = cp;
          next++;
        } else if (covered) {
          const floor = covered.at.getTime() - skew;
          if (r.at.getTime() < floor || (v2 && r.sealed_at!.getTime() < floor))
            return bad(
              `dated ${iso(r.at)}, before the checkpoint of record ${covered.chainSeq} was signed (${iso(covered.at)}), which does not include it: inserted later with an earlier date`,
            );
        }
        prevHash = r.hash!;
        prevSealed = r.sealed_at;
        prevVersion = v2 ? 2 : null;
        expected++;
        count++;
      }
    }
    const missing = cps[next];
    if (missing)
      return {
        ok: false,
        count,
        badSeq: null,
        chain,
        reason: `the chain ends at record ${expected - 1n}, but the checkpoint signed at ${iso(missing.at)} (${missing.source}) covers ${missing.chainSeq} records: records were deleted from its end`,
      };
  }
  const unsealed = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    ok: true,
    count,
    chains: chains.length,
    unsealed: Number(unsealed.n),
    checkpoints: distinct,
    untrusted,
  };
}

/** Chain heads: the last sealed record of each chain. */
export async function chainHeads(
  q: Kysely<Database>,
): Promise<{ chain_id: string; chain_seq: string; hash: string }[]> {
  const { rows } = await sql<{ chain_id: string; chain_seq: string; hash: string }>`
    SELECT DISTINCT ON (chain_id) chain_id, chain_seq::text AS chain_seq, hash
    FROM audit_log WHERE hash IS NOT NULL
    ORDER BY chain_id, audit_log.chain_seq DESC`.execute(q);
  return rows;
}

/** Records a signed checkpoint; false when one of that record exists already (another node). */
export async function insertCheckpoint(
  q: Kysely<Database>,
  c: Omit<StoredCheckpoint, 'source'>,
): Promise<boolean> {
  const r = await q
    .insertInto('audit_checkpoint')
    .values({
      chain_id: c.chainId,
      chain_seq: c.chainSeq,
      hash: c.hash,
      at: c.at,
      public_key: c.publicKey,
      signature: c.signature,
      tsa_token: c.tsaToken ?? null,
    })
    .onConflict((oc) => oc.columns(['chain_id', 'chain_seq']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

type CheckpointRow = {
  chain_id: string;
  chain_seq: string;
  hash: string;
  at: Date;
  public_key: string;
  signature: string;
  tsa_token: string | null;
};
const fromRow = (r: CheckpointRow): StoredCheckpoint => ({
  chainId: r.chain_id,
  chainSeq: String(r.chain_seq),
  hash: r.hash,
  at: r.at,
  publicKey: r.public_key,
  signature: r.signature,
  tsaToken: r.tsa_token,
  source: 'database',
});

/** Every checkpoint in the database. */
export async function listCheckpoints(q: Kysely<Database>): Promise<StoredCheckpoint[]> {
  const rows = await q
    .selectFrom('audit_checkpoint')
    .select(['chain_id', 'chain_seq', 'hash', 'at', 'public_key', 'signature', 'tsa_token'])
    .orderBy('chain_id')
    .orderBy('chain_seq')
    .execute();
  return rows.map(fromRow);
}

/** The latest checkpoint of each chain. */
export async function latestCheckpoints(q: Kysely<Database>): Promise<StoredCheckpoint[]> {
  const { rows } = await sql<CheckpointRow>`
    SELECT DISTINCT ON (chain_id) chain_id, chain_seq::text AS chain_seq, hash, at, public_key,
      signature, tsa_token
    FROM audit_checkpoint ORDER BY chain_id, audit_checkpoint.chain_seq DESC`.execute(q);
  return rows.map(fromRow);
}

/** The latest checkpoint of one chain. */
export async function latestCheckpoint(
  q: Kysely<Database>,
  chainId: string,
): Promise<StoredCheckpoint | undefined> {
  const r = await q
    .selectFrom('audit_checkpoint')
    .select(['chain_id', 'chain_seq', 'hash', 'at', 'public_key', 'signature', 'tsa_token'])
    .where('chain_id', '=', chainId)
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r && fromRow(r);
}

/** E-mail addresses of a tenant's active coordinators (who receive its checkpoints). */
export async function coordinatorEmails(q: Kysely<Database>, tenantId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('app_user')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'coordinator')
    .where('active', '=', true)
    .where('email', 'is not', null)
    .orderBy('username')
    .execute();
  return rows.map((r) => r.email!);
}
