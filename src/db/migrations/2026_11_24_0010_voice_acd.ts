import { sql, type Kysely } from 'kysely';

// Operators' phones and the call distribution (R-TEL-3, R-TEL-6): SIP credentials per operator
// (digest HA1 only, never the password), registrations kept here so that every telephony node
// finds an agent's phone, agent states for the ACD, queues as data, and what the CDR gains
// (queue wait, agent, transfer target, voicemail and call-back outcomes).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sip_account (
      user_id       uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      -- The SIP user name (extension) the phone registers with.
      username      text NOT NULL CHECK (username ~ '^[a-z0-9._-]{2,32}$'),
      -- HA1 = H(username:realm:password) for MD5 and SHA-256 (RFC 7616 §3.4.2): enough to check
      -- a digest, not enough to recover the password. Bound to the realm they were computed for.
      realm         text NOT NULL,
      ha1_md5       text NOT NULL,
      ha1_sha256    text NOT NULL,
      updated_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, username)
    );

    CREATE TABLE sip_binding (
      user_id       uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      -- The Contact URI as registered (RFC 3261 §10.3 step 7).
      contact       text NOT NULL,
      call_id       text NOT NULL,
      cseq          integer NOT NULL,
      expires_at    timestamptz NOT NULL,
      -- Where the REGISTER came from ("udp:192.0.2.1:5062"): requests to a phone behind NAT go
      -- there, not to the private address in its Contact.
      source        text NOT NULL,
      user_agent    text,
      updated_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, contact)
    );
    CREATE INDEX sip_binding_expires_idx ON sip_binding (expires_at);

    -- Queues as data: one per skill or field; the IVR's queue node names one by code.
    CREATE TABLE call_queue (
      tenant_id         uuid NOT NULL REFERENCES tenant(id),
      code              text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,60}$'),
      name              text NOT NULL,
      field_id          uuid REFERENCES field(id),
      -- Longest a caller waits before the overflow (voicemail or call-back request).
      max_wait_seconds  integer NOT NULL DEFAULT 180 CHECK (max_wait_seconds BETWEEN 5 AND 3600),
      announce_seconds  integer NOT NULL DEFAULT 30 CHECK (announce_seconds BETWEEN 5 AND 600),
      ring_seconds      integer NOT NULL DEFAULT 20 CHECK (ring_seconds BETWEEN 5 AND 120),
      wrap_up_seconds   integer NOT NULL DEFAULT 30 CHECK (wrap_up_seconds BETWEEN 0 AND 900),
      overflow          text NOT NULL DEFAULT 'voicemail' CHECK (overflow IN ('voicemail', 'callback')),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, code)
    );

    CREATE TABLE agent_state (
      user_id       uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      state         text NOT NULL DEFAULT 'offline'
                      CHECK (state IN ('available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline')),
      since         timestamptz NOT NULL DEFAULT now(),
      -- Longest idle first: the agent whose last call ended earliest gets the next one.
      idle_since    timestamptz NOT NULL DEFAULT now(),
      wrap_up_until timestamptz,
      call_id       uuid,
      -- Queue codes this operator answers; empty = every queue.
      queues        text[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX agent_state_available_idx ON agent_state (tenant_id, idle_since)
      WHERE state = 'available';

    ALTER TABLE call_record
      ADD COLUMN queue_wait_ms integer CHECK (queue_wait_ms >= 0),
      ADD COLUMN transfer_to   text,
      ADD COLUMN recording_channels smallint;
    ALTER TABLE call_record DROP CONSTRAINT call_record_outcome_check;
    ALTER TABLE call_record ADD CONSTRAINT call_record_outcome_check CHECK (outcome IN (
      'ivr-hangup', 'queued', 'transferred', 'answered', 'abandoned', 'cancelled', 'rejected',
      'failed', 'interrupted', 'voicemail', 'callback'));
    CREATE INDEX call_record_agent_idx ON call_record (agent_id, started_at DESC)
      WHERE agent_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX call_record_agent_idx;
    ALTER TABLE call_record DROP CONSTRAINT call_record_outcome_check;
    ALTER TABLE call_record ADD CONSTRAINT call_record_outcome_check CHECK (outcome IN (
      'ivr-hangup', 'queued', 'transferred', 'answered', 'abandoned', 'cancelled', 'rejected',
      'failed', 'interrupted'));
    ALTER TABLE call_record DROP COLUMN queue_wait_ms, DROP COLUMN transfer_to,
      DROP COLUMN recording_channels;
    DROP TABLE agent_state;
    DROP TABLE call_queue;
    DROP TABLE sip_binding;
    DROP TABLE sip_account;
  `.execute(db);
}
