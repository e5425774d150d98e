import { sql, type Kysely } from 'kysely';

// Calls visible while they last, queues ordered across nodes, operators who miss calls.
//
// - A call record is written when the call arrives (outcome 'in-progress', no end) and
//   completed when it ends, so an operator can bind the call to the ticket they record while
//   still talking, and the call log shows calls in progress. `node` names the telephony node
//   holding the call: a node that restarts closes its own unfinished rows as 'interrupted'.
// - call_queue_entry: every caller waiting in a queue, on any node. The head of the queue is
//   the earliest live entry (entries are refreshed while the caller waits; a node that dies
//   stops refreshing, and its callers stop counting once `alive_until` passes).
// - agent_state.reason / missed_calls: an operator whose phone rang out is set to 'break'
//   with reason 'no-answer' (ring-no-answer), so callers don't ring an empty desk in turn.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE call_record ALTER COLUMN ended_at DROP NOT NULL;
    ALTER TABLE call_record ADD COLUMN node text;
    ALTER TABLE call_record DROP CONSTRAINT call_record_outcome_check;
    ALTER TABLE call_record ADD CONSTRAINT call_record_outcome_check CHECK (outcome IN (
      'in-progress', 'ivr-hangup', 'queued', 'transferred', 'answered', 'abandoned', 'cancelled',
      'rejected', 'failed', 'interrupted', 'voicemail', 'callback'));
    ALTER TABLE call_record ADD CONSTRAINT call_record_ended_check
      CHECK ((outcome = 'in-progress') = (ended_at IS NULL));
    CREATE INDEX call_record_live_idx ON call_record (node) WHERE outcome = 'in-progress';

    CREATE TABLE call_queue_entry (
      call_id     uuid PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      queue       text NOT NULL,
      node        text NOT NULL,
      entered_at  timestamptz NOT NULL,
      alive_until timestamptz NOT NULL
    );
    CREATE INDEX call_queue_entry_order_idx ON call_queue_entry (tenant_id, queue, entered_at, call_id);

    ALTER TABLE agent_state
      ADD COLUMN reason text,
      ADD COLUMN missed_calls integer NOT NULL DEFAULT 0 CHECK (missed_calls >= 0);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE agent_state DROP COLUMN reason, DROP COLUMN missed_calls;
    DROP TABLE call_queue_entry;
    DROP INDEX call_record_live_idx;
    DELETE FROM call_record WHERE outcome = 'in-progress';
    ALTER TABLE call_record DROP CONSTRAINT call_record_ended_check;
    ALTER TABLE call_record DROP CONSTRAINT call_record_outcome_check;
    ALTER TABLE call_record ADD CONSTRAINT call_record_outcome_check CHECK (outcome IN (
      'ivr-hangup', 'queued', 'transferred', 'answered', 'abandoned', 'cancelled', 'rejected',
      'failed', 'interrupted', 'voicemail', 'callback'));
    ALTER TABLE call_record DROP COLUMN node;
    ALTER TABLE call_record ALTER COLUMN ended_at SET NOT NULL;
  `.execute(db);
}
