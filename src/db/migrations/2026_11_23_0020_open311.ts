import { sql, type Kysely } from 'kysely';

// Open311 GeoReport v2 intake (R-CH-9: a pluggable channel for third-party apps), and abuse
// controls any intake uses (R-AB-1): shared rate counters, a blocklist, an editable word list,
// the record of flagged and refused attempts, flags on tickets, spent challenges.
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

    -- Senders refused at intake, by phone number, email (an address, or a whole domain written
    -- '@domain') or client address (one address or a CIDR range, matched with >>=).
    CREATE TABLE abuse_block (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      kind        text NOT NULL CHECK (kind IN ('phone', 'email', 'ip')),
      value       text NOT NULL,
      ip_net      cidr,
      reason      text NOT NULL,
      expires_at  timestamptz,
      created_by  uuid REFERENCES app_user(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, kind, value),
      CHECK ((kind = 'ip') = (ip_net IS NOT NULL))
    );
    CREATE INDEX abuse_block_ip_idx ON abuse_block USING gist (ip_net inet_ops) WHERE kind = 'ip';

    -- The tenant's changes to the built-in word list (src/core/abuse/words.ts): added terms,
    -- and built-in terms switched off (enabled = false).
    CREATE TABLE abuse_word (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      term        text NOT NULL,
      level       text NOT NULL CHECK (level IN ('plain', 'shape', 'exact')),
      enabled     boolean NOT NULL DEFAULT true,
      created_by  uuid REFERENCES app_user(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, term)
    );

    -- Every attempt that was flagged, blocked or rate-limited, whatever the channel.
    CREATE TABLE abuse_event (
      id          bigserial PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      at          timestamptz NOT NULL,
      channel     text NOT NULL,
      outcome     text NOT NULL CHECK (outcome IN ('flagged', 'blocked', 'rate_limited')),
      reasons     text[] NOT NULL,
      terms       text[] NOT NULL DEFAULT '{}',
      phone       text,
      email       text,
      ip          text,
      excerpt     text,
      ticket_id   uuid REFERENCES ticket(id)
    );
    CREATE INDEX abuse_event_tenant_idx ON abuse_event (tenant_id, at DESC);

    -- Tickets accepted but flagged (R-AB-1): what was found, for the operator to judge.
    CREATE TABLE ticket_flag (
      ticket_id       uuid PRIMARY KEY REFERENCES ticket(id),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      reasons         text[] NOT NULL,
      terms           text[] NOT NULL DEFAULT '{}',
      abuse_event_id  bigint REFERENCES abuse_event(id),
      created_at      timestamptz NOT NULL
    );

    -- Proof-of-work challenges already used: the challenge itself is signed and stateless;
    -- spending one inserts its id here, so a second use fails on every node. Rows can go once
    -- the challenge has expired (its signature no longer verifies then).
    CREATE TABLE challenge_spent (
      id          uuid PRIMARY KEY,
      expires_at  timestamptz NOT NULL
    );
    CREATE INDEX challenge_spent_expiry_idx ON challenge_spent (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS challenge_spent, ticket_flag, abuse_event, abuse_word, abuse_block,
      rate_counter, open311_request, open311_api_key CASCADE;
  `.execute(db);
}
