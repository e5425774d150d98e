/**
 * The trunk password at rest: sealed with `SECRETS_KEY` (see core/secrets), bound to its
 * tenant and trunk name so a sealed value copied onto another trunk does not open there.
 * Values stored before sealing existed are plain text; they are read as they are and sealed
 * at the next start that has a key (`sealStoredPasswords`).
 */
import { AppError } from '../../core/errors/codes.ts';
import { SecretBox } from '../../config/secret-box.ts';
import type { DB } from '../../db/database.ts';
import { trunkRepository as repo } from './trunk.repository.ts';

function context(tenantId: string, name: string): string {
  return `sip_trunk.password:${tenantId}:${name}`;
}

/** The value to store for a new password; refused when the node has no key. */
export function sealTrunkPassword(
  box: SecretBox | null,
  tenantId: string,
  name: string,
  password: string,
): string {
  if (!box) throw new AppError('secrets_key_missing');
  return box.seal(password, context(tenantId, name));
}

/** The password to answer the carrier's challenge with. */
export function openTrunkPassword(
  box: SecretBox | null,
  tenantId: string,
  name: string,
  stored: string,
): string {
  if (!SecretBox.isSealed(stored)) return stored;
  if (!box) throw new AppError('trunk_secret_unreadable');
  try {
    return box.open(stored, context(tenantId, name));
  } catch {
    throw new AppError('trunk_secret_unreadable');
  }
}

/**
 * Seals every trunk password still stored in plain text (written before sealing existed).
 * Run at start when `SECRETS_KEY` is set; safe on several nodes at once (a row is replaced
 * only while it still holds the plain text read). Returns how many were sealed.
 */
export async function sealStoredPasswords(db: DB, box: SecretBox): Promise<number> {
  let n = 0;
  for (const r of await repo.plaintextPasswords(db)) {
    await repo.replacePassword(
      db,
      r.id,
      r.password!,
      box.seal(r.password!, context(r.tenant_id, r.name)),
    );
    n++;
  }
  return n;
}
