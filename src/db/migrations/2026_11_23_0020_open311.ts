import { sql, type Kysely } from 'kysely';

// Open311 GeoReport v2 intake (R-CH-9: a pluggable channel for third-party apps) and the shared
// rate counter that every public intake uses.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Keys issued by administrators to the apps that post service requests. Only a hash is
    -- kept (the key is shown once); keys are long random strings, so sha256 suffices.
    CREATE TABLE open311_api_key (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      name            text NOT NULL,
      key_hash        text NOT NULL UNIQUE,
      -- The first characters, to recognise a key in lists without revealing it.
      key_prefix      text NOT NULL,
      -- Requests a key may post per hour (its app's quota).
      hourly_limit    integer NOT NULL DEFAULT 600 CHECK (hourly_limit > 0),
      created_by      uuid REFERENCES app_user(id),
      created_at      timestamptz NOT NULL DEFAULT now(),
      last_used_at    timestamptz,
      revoked_at      timestamptz,
      revoked_by      uuid REFERENCES app_user(id)
    );
    CREATE INDEX open311_api_key_tenant_idx ON open311_api_key (tenant_id, created_at DESC);

    -- Every accepted POST: its token, what the spec carries that a ticket has no column for
    -- (the location as written, media link, device and account ids, attribute answers), and the
    -- ticket it became. A submission whose ticket could not be written yet keeps the ticket
    -- body in pending_body (cleared once the ticket exists) and is completed when its token is
    -- looked up; the ticket's idempotency key makes that safe to repeat.
    CREATE TABLE open311_request (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      token           text NOT NULL UNIQUE,
      api_key_id      uuid NOT NULL REFERENCES open311_api_key(id),
      ticket_id       uuid UNIQUE REFERENCES ticket(id),
      service_code    text NOT NULL,
      description     text,
      address_string  text,
      address_id      text,
      latitude        double precision,
      longitude       double precision,
      media_url       text,
      device_id       text,
      account_id      text,
      attributes      jsonb NOT NULL DEFAULT '{}',
      client_ip       text,
      pending_body    jsonb,
      created_at      timestamptz NOT NULL DEFAULT now(),
      CHECK ((ticket_id IS NULL) = (pending_body IS NOT NULL))
    );
    CREATE INDEX open311_request_pending_idx ON open311_request (created_at)
      WHERE ticket_id IS NULL;

    -- Fixed-window counters shared by every app node (a limit held in one node's memory
    -- would multiply by the number of nodes). Keys are hashed: phone numbers and addresses
    -- are personal data and a counter needs none of it.
    CREATE TABLE rate_counter (
      scope         text NOT NULL,
      key_hash      text NOT NULL,
      window_start  timestamptz NOT NULL,
      count         integer NOT NULL,
      PRIMARY KEY (scope, key_hash, window_start)
    );
    CREATE INDEX rate_counter_window_idx ON rate_counter (window_start);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS rate_counter, open311_request, open311_api_key CASCADE;
  `.execute(db);
}
