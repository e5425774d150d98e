import { sql, type Kysely } from 'kysely';

// Transfer to agency phones through the carrier's SIP trunk (R-TEL-4, R-WF-8): the trunks, the
// commands the API hands to the telephony node holding a live call, and each transfer attempt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The password is kept (not a hash): the carrier's digest challenge needs it. It never
    -- leaves through the API or the audit log (the presenter says only whether one is set).
    -- allow_from: source addresses/CIDRs the carrier sends INVITEs from (empty: no check).
    -- dial_prefix: written before the dialled number (e.g. a carrier's routing prefix).
    CREATE TABLE sip_trunk (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      name            text NOT NULL,
      host            text NOT NULL,
      port            integer NOT NULL DEFAULT 5060 CHECK (port BETWEEN 1 AND 65535),
      transport       text NOT NULL DEFAULT 'udp' CHECK (transport IN ('udp', 'tcp')),
      username        text,
      password        text,
      from_user       text,
      dial_prefix     text NOT NULL DEFAULT '',
      allow_from      text[] NOT NULL DEFAULT '{}',
      enabled         boolean NOT NULL DEFAULT true,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    );

    -- A command for a live call (transfer, complete, cancel): written by the API node, taken by
    -- the telephony node holding the call (pg_notify wakes it), answered in result.
    CREATE TABLE call_command (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      call_id         uuid NOT NULL,
      kind            text NOT NULL CHECK (kind IN ('transfer', 'complete', 'cancel')),
      args            jsonb NOT NULL DEFAULT '{}',
      actor_id        uuid NOT NULL REFERENCES app_user(id),
      actor_role      text NOT NULL,
      state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'taken', 'done', 'failed')),
      result          jsonb,
      created_at      timestamptz NOT NULL DEFAULT now(),
      done_at         timestamptz
    );
    CREATE INDEX call_command_pending_idx ON call_command (created_at) WHERE state = 'pending';

    -- One row per transfer attempt, written by the telephony node when the attempt ends;
    -- call_id is the call record's id (the record itself is written when the call ends).
    CREATE TABLE call_transfer (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      call_id         uuid NOT NULL,
      target          text NOT NULL,
      mode            text NOT NULL CHECK (mode IN ('blind', 'attended')),
      via             text NOT NULL CHECK (via IN ('api', 'refer', 'ivr')),
      by_user_id      uuid REFERENCES app_user(id),
      result          text NOT NULL CHECK (result IN ('completed', 'failed', 'cancelled')),
      sip_status      integer,
      started_at      timestamptz NOT NULL,
      ended_at        timestamptz NOT NULL
    );
    CREATE INDEX call_transfer_call_idx ON call_transfer (call_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE call_transfer; DROP TABLE call_command; DROP TABLE sip_trunk;`.execute(db);
}
