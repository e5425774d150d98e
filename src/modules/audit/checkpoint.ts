import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import type { Env } from '../../config/env.ts';
import type { DB } from '../../db/database.ts';
import { outboxRepository } from '../notification/outbox.repository.ts';
import {
  DEFAULT_MAX_SKEW_MS,
  chainHeads,
  coordinatorEmails,
  insertCheckpoint,
  latestCheckpoints,
  listCheckpoints,
  verifyAuditChain,
  type StoredCheckpoint,
  type VerifyResult,
} from './audit.repository.ts';
import {
  checkCheckpoint,
  checkpointText,
  publicKey,
  signCheckpoint,
  signingKey,
  type SigningKey,
} from './signing.ts';
import { checkToken, httpTimestampAuthority, type TimestampAuthority } from './tsa.ts';

/**
 * Signed checkpoints of the audit chains (issue #12, finding 4). Periodically the worker signs
 * each chain's head (sequence number, hash, time) with the Ed25519 key of `AUDIT_SIGNING_KEY`
 * (never in the database), keeps it in `audit_checkpoint` and exports it outside the database:
 * one JSON file per checkpoint under `AUDIT_CHECKPOINT_DIR` (default `DATA_DIR/audit-checkpoints`),
 * optionally an e-mail to the tenant's coordinators (`AUDIT_CHECKPOINT_EMAIL=1`), and the
 * latest on the citizens' site. `audit:verify` holds the chains to every checkpoint it finds
 * in both places.
 *
 * RFC 3161 (`tsa.ts`): with `AUDIT_TSA_URL` the signed text is also stamped by that authority
 * and the token kept with the checkpoint (`tsa_token`, and in its file); verify checks it.
 */

export interface CheckpointConfig {
  /** Absent: no checkpoints are made, and verify says the chain is not pinned. */
  key?: SigningKey;
  /** The key checkpoints are verified with (the signing key's, or AUDIT_PUBLIC_KEY). */
  verifyKey?: KeyObject;
  dir: string;
  email: boolean;
  tsa?: TimestampAuthority;
  /** The authority's CA certificate (PEM file): verify then checks tokens' signatures. */
  tsaCaFile?: string;
}

export function checkpointConfig(env: Env): CheckpointConfig {
  const key = env.AUDIT_SIGNING_KEY ? signingKey(env.AUDIT_SIGNING_KEY) : undefined;
  return {
    key,
    verifyKey:
      key?.publicKey ?? (env.AUDIT_PUBLIC_KEY ? publicKey(env.AUDIT_PUBLIC_KEY) : undefined),
    dir: env.AUDIT_CHECKPOINT_DIR
      ? path.resolve(env.AUDIT_CHECKPOINT_DIR)
      : path.join(env.dataDir, 'audit-checkpoints'),
    email: env.AUDIT_CHECKPOINT_EMAIL === '1',
    tsa: env.AUDIT_TSA_URL ? httpTimestampAuthority(env.AUDIT_TSA_URL) : undefined,
    tsaCaFile: env.AUDIT_TSA_CA_FILE,
  };
}

/** What a checkpoint file holds (also what the public page shows). */
export function checkpointJson(c: Omit<StoredCheckpoint, 'source'>) {
  return {
    chain: c.chainId,
    sequence: c.chainSeq,
    hash: c.hash,
    at: c.at.toISOString(),
    algorithm: 'Ed25519',
    publicKey: c.publicKey,
    signature: c.signature,
    signedText: checkpointText(c),
    ...(c.tsaToken ? { tsaToken: c.tsaToken } : {}),
  };
}

const fileName = (c: { chainId: string; chainSeq: string }) =>
  `${c.chainId.replace(/[^0-9a-zA-Z-]/g, '_')}-${c.chainSeq.padStart(12, '0')}.json`;

/** Writes a checkpoint file (atomically: a partial file is never seen). */
export function exportCheckpoint(dir: string, c: Omit<StoredCheckpoint, 'source'>): string {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const file = path.join(dir, fileName(c));
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checkpointJson(c), null, 2)}\n`, { mode: 0o640 });
  renameSync(tmp, file);
  return file;
}

/** Every checkpoint file in `dir` (unreadable files are skipped: verify reports the rest). */
export function readExportedCheckpoints(dir: string): StoredCheckpoint[] {
  if (!existsSync(dir)) return [];
  const out: StoredCheckpoint[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    try {
      const j = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, string>;
      out.push({
        chainId: String(j.chain),
        chainSeq: String(j.sequence),
        hash: String(j.hash),
        at: new Date(String(j.at)),
        publicKey: String(j.publicKey),
        signature: String(j.signature),
        tsaToken: j.tsaToken ?? null,
        source: path.join(dir, name),
      });
    } catch {
      // not a checkpoint
    }
  }
  return out;
}

/**
 * Signs and exports the head of every chain that moved since its latest checkpoint. Safe on
 * many nodes: one checkpoint per chain record (a unique index); a node that loses the race
 * still exports the winner's. Returns the checkpoints it made.
 */
export async function makeCheckpoints(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  cfg: CheckpointConfig,
): Promise<StoredCheckpoint[]> {
  const key = cfg.key;
  if (!key) return [];
  const latest = new Map((await latestCheckpoints(ctx.db)).map((c) => [c.chainId, c]));
  const made: StoredCheckpoint[] = [];
  for (const h of await chainHeads(ctx.db)) {
    const last = latest.get(h.chain_id);
    if (last && BigInt(last.chainSeq) >= BigInt(h.chain_seq)) {
      exportCheckpoint(cfg.dir, last);
      continue;
    }
    const head = { chainId: h.chain_id, chainSeq: h.chain_seq, hash: h.hash, at: ctx.clock.now() };
    const c = {
      ...head,
      publicKey: key.publicKeyB64,
      signature: signCheckpoint(key, head),
      // An unreachable authority does not stop checkpoints: the token is then missing.
      tsaToken: cfg.tsa ? await cfg.tsa.stamp(checkpointText(head)).catch(() => null) : null,
    };
    if (!(await insertCheckpoint(ctx.db, c))) continue;
    exportCheckpoint(cfg.dir, c);
    if (cfg.email && h.chain_id !== 'system') await mailCheckpoint(ctx.db, c, ctx.clock.now());
    made.push({ ...c, source: 'database' });
  }
  return made;
}

async function mailCheckpoint(db: DB, c: Omit<StoredCheckpoint, 'source'>, now: Date) {
  const emails = await coordinatorEmails(db, c.chainId);
  await outboxRepository.enqueue(
    db,
    emails.map((recipient) => ({
      tenantId: c.chainId,
      channel: 'email' as const,
      recipient,
      userId: null,
      template: 'audit_checkpoint',
      payload: { checkpoint: checkpointJson(c) },
      idempotencyKey: `audit-checkpoint:${c.chainId}:${c.chainSeq}:${recipient}`,
    })),
    now,
  );
}

/**
 * `audit:verify`'s check: every chain against every checkpoint in the database and in the
 * export directory, with the configured key. `pinned` is false without a key.
 */
export async function verifyWithCheckpoints(
  db: DB,
  cfg: CheckpointConfig,
): Promise<{ result: VerifyResult; pinned: boolean; exported: number; stamped: number }> {
  const exported = readExportedCheckpoints(cfg.dir);
  const checkpoints = [...(await listCheckpoints(db)), ...exported];
  const pinned = Boolean(cfg.verifyKey);
  // Time-stamp tokens of checkpoints signed by our key: each must stamp its checkpoint.
  let stamped = 0;
  for (const c of checkpoints) {
    if (!c.tsaToken || !cfg.verifyKey || !checkCheckpoint(cfg.verifyKey, c, c.signature)) continue;
    const why = checkToken(c.tsaToken, checkpointText(c), c.at, DEFAULT_MAX_SKEW_MS, cfg.tsaCaFile);
    if (why) {
      const reason = `the checkpoint of record ${c.chainSeq} (${c.source}): ${why}`;
      const result: VerifyResult = { ok: false, count: 0, badSeq: null, chain: c.chainId, reason };
      return { result, pinned, exported: exported.length, stamped };
    }
    stamped++;
  }
  const result = await verifyAuditChain(db, { checkpoints, publicKey: cfg.verifyKey });
  return { result, pinned, exported: exported.length, stamped };
}
