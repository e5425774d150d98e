import { sql, type Kysely } from 'kysely';

// Audit trail, second version of the chain (issue #12, finding 4):
// - `hash_v` 2: the hash also covers `sealed_at`, the chain's own time, which the sealer never
//   lets go backwards (records sealed before this migration keep `hash_v` NULL, version 1).
// - `audit_checkpoint`: chain heads (sequence, hash, time) signed with an Ed25519 key that is
//   not in the database (AUDIT_SIGNING_KEY), also exported outside it. `audit:verify` checks the
//   chain against them: a rewrite, a backdated insert or a deleted tail no longer verifies.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE audit_log ADD COLUMN hash_v smallint;

    CREATE TABLE audit_checkpoint (
      id          bigserial PRIMARY KEY,
      chain_id    text NOT NULL,
      chain_seq   bigint NOT NULL,
      hash        text NOT NULL,
      at          timestamptz NOT NULL,
      public_key  text NOT NULL,
      signature   text NOT NULL,
      -- An RFC 3161 time-stamp token over the signed text, when an authority is configured.
      tsa_token   text,
      UNIQUE (chain_id, chain_seq)
    );

    CREATE FUNCTION audit_checkpoint_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_checkpoint is append-only';
    END $$;
    CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_immutable();
    CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS audit_checkpoint;
    DROP FUNCTION IF EXISTS audit_checkpoint_immutable();
    ALTER TABLE audit_log DROP COLUMN IF EXISTS hash_v;
  `.execute(db);
}
