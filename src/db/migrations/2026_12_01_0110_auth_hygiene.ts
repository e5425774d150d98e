import { sql, type Kysely } from 'kysely';

// Account and session hygiene (issue #12, findings 3, 5 and 7):
// - API tokens expire (existing ones are given 90 days), record who revoked them and why;
// - sessions record when they were last used, for the idle timeout;
// - failed sign-ins back off exponentially per key (account, address, account+address,
//   device): `last_at` is the latest failure of the streak;
// - the devices and addresses an account signed in from successfully: a correct password
//   from one of them is never held back by failures made elsewhere.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE api_token
      ADD COLUMN expires_at    timestamptz NOT NULL DEFAULT now() + interval '90 days',
      ADD COLUMN revoked_by    uuid REFERENCES app_user(id),
      ADD COLUMN revoke_reason text;
    CREATE INDEX api_token_user_idx ON api_token (user_id, created_at DESC);

    ALTER TABLE session ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

    ALTER TABLE login_failure ADD COLUMN last_at timestamptz;

    -- hash: sha256 of the device cookie's secret, or of the client address.
    CREATE TABLE login_known (
      user_id       uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      kind          text NOT NULL CHECK (kind IN ('device', 'address')),
      hash          text NOT NULL,
      last_seen_at  timestamptz NOT NULL,
      PRIMARY KEY (user_id, kind, hash)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE login_known;
    ALTER TABLE login_failure DROP COLUMN last_at;
    ALTER TABLE session DROP COLUMN last_seen_at;
    DROP INDEX api_token_user_idx;
    ALTER TABLE api_token DROP COLUMN expires_at, DROP COLUMN revoked_by, DROP COLUMN revoke_reason;
  `.execute(db);
}
