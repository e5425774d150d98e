import { sql, type Kysely } from 'kysely';

// The supervisor's per-operator load (GET /api/v1/stats/operators): what each operator
// recorded and did today, and what they hold, read by person and time instead of scanning
// every ticket and event of the tenant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX ticket_created_by_idx ON ticket (created_by, created_at)
      WHERE created_by IS NOT NULL;
    CREATE INDEX ticket_assignee_idx ON ticket (assignee_id, status)
      WHERE assignee_id IS NOT NULL;
    CREATE INDEX ticket_event_actor_idx ON ticket_event (actor_id, at)
      WHERE actor_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS ticket_created_by_idx, ticket_assignee_idx, ticket_event_actor_idx;
  `.execute(db);
}
