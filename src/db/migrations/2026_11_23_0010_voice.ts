import { sql, type Kysely } from 'kysely';

// Call records (CDR) of the telephony service (R-TEL-1: call times; R-TEL-5: recordings
// kept and retrievable). One row per call, written when the call ends; bound to the ticket
// an operator opens from it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE call_record (
      -- Chosen by the telephony service (also the recording's file name): a retried insert
      -- of the same call is a no-op.
      id                uuid PRIMARY KEY,
      tenant_id         uuid NOT NULL REFERENCES tenant(id),
      sip_call_id       text NOT NULL,
      direction         text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
      -- The caller's number as signalled (user part of From), and the display name if any.
      caller            text NOT NULL,
      caller_name       text,
      called            text NOT NULL,
      started_at        timestamptz NOT NULL,
      answered_at       timestamptz,
      ended_at          timestamptz NOT NULL,
      wait_ms           integer NOT NULL CHECK (wait_ms >= 0),
      talk_ms           integer NOT NULL CHECK (talk_ms >= 0),
      -- Keys chosen in the IVR, the nodes it went through, and the queue it led to.
      digits            text NOT NULL DEFAULT '',
      ivr_path          text[] NOT NULL DEFAULT '{}',
      queue             text,
      agent_id          uuid REFERENCES app_user(id),
      outcome           text NOT NULL CHECK (outcome IN ('ivr-hangup', 'queued', 'transferred',
                          'answered', 'abandoned', 'cancelled', 'rejected', 'failed',
                          -- hung up by us because the server was stopping
                          'interrupted')),
      end_reason        text,
      -- Relative to DATA_DIR/voice/recordings; never sent to clients as a path.
      recording_file    text,
      recording_ms      integer,
      codec             text,
      -- Media quality: packets received and lost, jitter (ms), RFC 4733 digits seen.
      media             jsonb,
      ticket_id         uuid REFERENCES ticket(id),
      created_at        timestamptz NOT NULL DEFAULT now(),
      CHECK (answered_at IS NULL OR answered_at >= started_at),
      CHECK (ended_at >= started_at)
    );
    CREATE INDEX call_record_started_idx ON call_record (tenant_id, started_at DESC, id DESC);
    CREATE INDEX call_record_caller_idx ON call_record (tenant_id, caller, started_at DESC);
    CREATE INDEX call_record_ticket_idx ON call_record (ticket_id) WHERE ticket_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE call_record`.execute(db);
}
