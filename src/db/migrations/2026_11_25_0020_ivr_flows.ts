import { sql, type Kysely } from 'kysely';

// IVR menus as data configured by administrators (R-TEL-2): one row per flow (the flow JSON as
// validated by src/voice/ivr/validate.ts), the called numbers (DNIS) each flow answers — a
// number belongs to one flow of a tenant — at most one default flow per tenant, and recordings
// an administrator uploaded to replace a prompt's synthesised speech. `version` is the
// optimistic-concurrency counter of the admin API.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ivr_flow (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      name        text NOT NULL,
      -- json, not jsonb: the administrator's order of the nodes is kept for the editor.
      flow        json NOT NULL,
      is_default  boolean NOT NULL DEFAULT false,
      version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      updated_by  uuid REFERENCES app_user(id)
    );
    CREATE INDEX ivr_flow_tenant_idx ON ivr_flow (tenant_id, name);
    CREATE UNIQUE INDEX ivr_flow_default_idx ON ivr_flow (tenant_id) WHERE is_default;

    CREATE TABLE ivr_flow_number (
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      -- The called number as the SIP Request-URI's user part carries it ("1022", "02363822022").
      number      text NOT NULL CHECK (number ~ '^[0-9A-Za-z+*#._-]{1,32}$'),
      flow_id     uuid NOT NULL REFERENCES ivr_flow(id) ON DELETE CASCADE,
      PRIMARY KEY (tenant_id, number)
    );
    CREATE INDEX ivr_flow_number_flow_idx ON ivr_flow_number (flow_id);

    CREATE TABLE ivr_prompt_file (
      flow_id      uuid NOT NULL REFERENCES ivr_flow(id) ON DELETE CASCADE,
      -- "<node>.<field>", e.g. "greeting.prompt".
      key          text NOT NULL,
      -- The upload as received, in FileStorage; telephony nodes convert it to 8 kHz G.711.
      storage_key  text NOT NULL,
      sha256       text NOT NULL,
      -- sox's name of the format when its header alone does not tell (mp3), else null.
      format       text,
      bytes        integer NOT NULL,
      duration_ms  integer NOT NULL,
      uploaded_by  uuid REFERENCES app_user(id),
      uploaded_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (flow_id, key)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE ivr_prompt_file;
    DROP TABLE ivr_flow_number;
    DROP TABLE ivr_flow;
  `.execute(db);
}
