import { sql, type Kysely } from 'kysely';

// Candidates of a search tier from a list of clauses (each an AND of a few words) instead of
// one tsquery ORing them. GIN answers `@@ ANY(clauses)` clause by clause, each led by its
// rarest word; one ORed tsquery makes it walk the whole posting list of every word in it
// (5–8 times slower on the relaxed tiers of long questions, measured on 50 000 articles).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION kb_candidates_any(p_tenant uuid, p_clauses tsquery[], p_whole boolean,
                                      p_cap integer, p_kind text, p_field uuid, p_agency uuid,
                                      p_exclude uuid[])
      RETURNS TABLE (id uuid, kind text, search_head tsvector, search_title text)
      LANGUAGE plpgsql STABLE
      SET enable_seqscan = off SET enable_indexscan = off SET jit = off
    AS $$
    BEGIN
      IF p_whole THEN
        RETURN QUERY
          SELECT a.id, a.kind, a.search_head, a.search_title FROM kb_article a
           WHERE a.search_vector @@ ANY (p_clauses) AND a.status = 'published'
             AND a.tenant_id = p_tenant
             AND (p_kind IS NULL OR a.kind = p_kind) AND (p_field IS NULL OR a.field_id = p_field)
             AND (p_agency IS NULL OR a.agency_id = p_agency) AND NOT (a.id = ANY (p_exclude))
           LIMIT p_cap;
      ELSE
        RETURN QUERY
          SELECT a.id, a.kind, a.search_head, a.search_title FROM kb_article a
           WHERE a.search_head @@ ANY (p_clauses) AND a.status = 'published'
             AND a.tenant_id = p_tenant
             AND (p_kind IS NULL OR a.kind = p_kind) AND (p_field IS NULL OR a.field_id = p_field)
             AND (p_agency IS NULL OR a.agency_id = p_agency) AND NOT (a.id = ANY (p_exclude))
           LIMIT p_cap;
      END IF;
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION IF EXISTS kb_candidates_any(uuid, tsquery[], boolean, integer, text, uuid, uuid, uuid[]);
  `.execute(db);
}
