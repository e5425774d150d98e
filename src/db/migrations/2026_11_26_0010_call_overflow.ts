import { sql, type Kysely } from 'kysely';

// Voicemails and call-back requests become tickets (the overflow sweeper in the worker role).
// The sweeper asks every few seconds for such calls that have no ticket yet: a partial index
// keeps that answer to the handful waiting, however long the call log grows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX call_record_overflow_idx ON call_record (started_at)
      WHERE outcome IN ('voicemail', 'callback') AND ticket_id IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX call_record_overflow_idx;`.execute(db);
}
