import { sql, type Kysely } from 'kysely';

// The knowledge base (R-KB): articles (FAQ, policy, administrative procedure), their saved
// versions, and the search vocabulary. Search columns hold text normalised by
// src/core/kb/document.ts (folded, i/y-canonical, synonym tags); PostgreSQL only weights and
// indexes it, so queries and documents are normalised by the same code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Trigram similarity for typo-tolerant title matching. A trusted extension: the database
    -- owner may create it (no superuser needed).
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE kb_article (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id        uuid NOT NULL REFERENCES tenant(id),
      kind             text NOT NULL CHECK (kind IN ('faq', 'policy', 'procedure')),
      -- TTHC code on the national public-service portal (e.g. 1.001612), or the agency's own.
      code             text,
      code_norm        text,
      title            text NOT NULL,
      summary          text NOT NULL DEFAULT '',
      body             text NOT NULL DEFAULT '',
      -- Procedures only: level, implementingAgency, steps[], dossier[], processingTime, fees,
      -- legalBasis[].
      procedure        jsonb,
      keywords         text[] NOT NULL DEFAULT '{}',
      source_url       text,
      field_id         uuid REFERENCES field(id),
      -- The owner: its staff draft and update the article.
      agency_id        uuid NOT NULL REFERENCES agency(id),
      -- The article's lifecycle. A published article's row is what operators read; an edit of
      -- it waits as a pending version (pending_version / pending_status) until published.
      status           text NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
      effective_from   date,
      expires_at       date,
      review_due       date,
      -- The version whose content the row holds.
      version          integer NOT NULL DEFAULT 1,
      pending_version  integer,
      pending_status   text CHECK (pending_status IN ('draft', 'in_review')),
      published_at     timestamptz,
      published_by     uuid REFERENCES app_user(id),
      created_by       uuid REFERENCES app_user(id),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_by       uuid REFERENCES app_user(id),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      -- Normalised text: title alone (trigram), then the A, B and C weighted parts.
      search_title     text NOT NULL DEFAULT '',
      search_a         text NOT NULL DEFAULT '',
      search_b         text NOT NULL DEFAULT '',
      search_c         text NOT NULL DEFAULT '',
      -- SEARCH_REVISION of the code that wrote the search columns (re-index older ones).
      search_revision  integer NOT NULL DEFAULT 0,
      -- Title, code, summary and keywords only: small (stored inline), so ranking reads it
      -- cheaply, and the first search pass matches it.
      search_head      tsvector GENERATED ALWAYS AS (
                         setweight(to_tsvector('simple', search_a), 'A') ||
                         setweight(to_tsvector('simple', search_b), 'B')) STORED,
      -- Everything, body and procedure fields included: matched, never ranked (it may be large
      -- and TOASTed).
      search_vector    tsvector GENERATED ALWAYS AS (
                         setweight(to_tsvector('simple', search_a), 'A') ||
                         setweight(to_tsvector('simple', search_b), 'B') ||
                         setweight(to_tsvector('simple', search_c), 'C')) STORED,
      CHECK (procedure IS NULL OR kind = 'procedure'),
      CHECK ((pending_version IS NULL) = (pending_status IS NULL)),
      CHECK (expires_at IS NULL OR effective_from IS NULL OR expires_at >= effective_from)
    );
    CREATE UNIQUE INDEX kb_article_code_idx ON kb_article (tenant_id, code_norm)
      WHERE code_norm IS NOT NULL;
    -- Code prefix look-ups: '1.001612' finds '1.001612.000.00.00.h12'.
    CREATE INDEX kb_article_code_prefix_idx ON kb_article (code_norm text_pattern_ops)
      WHERE status = 'published';
    -- Search reads published articles only: the indexes hold nothing else.
    CREATE INDEX kb_article_head_idx ON kb_article USING gin (search_head)
      WHERE status = 'published';
    CREATE INDEX kb_article_search_idx ON kb_article USING gin (search_vector)
      WHERE status = 'published';
    CREATE INDEX kb_article_title_trgm_idx ON kb_article USING gin (search_title gin_trgm_ops)
      WHERE status = 'published';
    CREATE INDEX kb_article_agency_idx ON kb_article (tenant_id, agency_id, status, updated_at DESC);
    CREATE INDEX kb_article_updated_idx ON kb_article (tenant_id, updated_at DESC);
    CREATE INDEX kb_article_review_idx ON kb_article (tenant_id, review_due)
      WHERE status = 'published';
    CREATE INDEX kb_article_expiry_idx ON kb_article (tenant_id, expires_at)
      WHERE status = 'published';

    -- Search candidates: published articles of a tenant whose head (p_whole = false) or whole
    -- text matches a tsquery, at most p_cap of them. In a function so that (1) the planner
    -- reaches rows only through the GIN indexes — evaluating @@ row by row (a sequential scan,
    -- or an index scan of some b-tree that merely holds the tenant's published rows) detoasts
    -- every vector and costs far more than estimated, and with a LIMIT it would often choose
    -- that — and (2) its plan is cached per connection instead of planned on every keystroke.
    CREATE FUNCTION kb_candidates(p_tenant uuid, p_query tsquery, p_whole boolean, p_cap integer,
                                  p_kind text, p_field uuid, p_agency uuid, p_exclude uuid[])
      RETURNS TABLE (id uuid, kind text, search_head tsvector, search_title text)
      LANGUAGE plpgsql STABLE
      SET enable_seqscan = off SET enable_indexscan = off SET jit = off
    AS $$
    BEGIN
      IF p_whole THEN
        RETURN QUERY
          SELECT a.id, a.kind, a.search_head, a.search_title FROM kb_article a
           WHERE a.search_vector @@ p_query AND a.status = 'published' AND a.tenant_id = p_tenant
             AND (p_kind IS NULL OR a.kind = p_kind) AND (p_field IS NULL OR a.field_id = p_field)
             AND (p_agency IS NULL OR a.agency_id = p_agency) AND NOT (a.id = ANY (p_exclude))
           LIMIT p_cap;
      ELSE
        RETURN QUERY
          SELECT a.id, a.kind, a.search_head, a.search_title FROM kb_article a
           WHERE a.search_head @@ p_query AND a.status = 'published' AND a.tenant_id = p_tenant
             AND (p_kind IS NULL OR a.kind = p_kind) AND (p_field IS NULL OR a.field_id = p_field)
             AND (p_agency IS NULL OR a.agency_id = p_agency) AND NOT (a.id = ANY (p_exclude))
           LIMIT p_cap;
      END IF;
    END $$;

    -- Titles similar to a text (trigrams, similarity ≥ 0.4: pg_trgm's default 0.3 lets a long
    -- query match half the titles), best first.
    CREATE FUNCTION kb_similar_titles(p_tenant uuid, p_text text, p_limit integer, p_kind text,
                                      p_field uuid, p_agency uuid, p_exclude uuid[])
      RETURNS TABLE (id uuid, kind text, sim real)
      LANGUAGE plpgsql STABLE
      SET enable_seqscan = off SET enable_indexscan = off SET jit = off
      SET pg_trgm.similarity_threshold = 0.4
    AS $$
    BEGIN
      RETURN QUERY
        SELECT a.id, a.kind, similarity(a.search_title, p_text) AS s FROM kb_article a
         WHERE a.search_title % p_text AND a.status = 'published' AND a.tenant_id = p_tenant
           AND (p_kind IS NULL OR a.kind = p_kind) AND (p_field IS NULL OR a.field_id = p_field)
           AND (p_agency IS NULL OR a.agency_id = p_agency) AND NOT (a.id = ANY (p_exclude))
         ORDER BY s DESC, a.id
         LIMIT p_limit;
    END $$;

    -- Every saved version of an article, as a snapshot of its content; the versions that were
    -- published carry who published them and when.
    CREATE TABLE kb_article_version (
      article_id    uuid NOT NULL REFERENCES kb_article(id),
      version       integer NOT NULL,
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      snapshot      jsonb NOT NULL,
      note          text,
      created_by    uuid REFERENCES app_user(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      published_at  timestamptz,
      published_by  uuid REFERENCES app_user(id),
      PRIMARY KEY (article_id, version)
    );

    -- The search vocabulary: each term of published articles' search columns with the number
    -- of published articles holding it. Typo correction proposes only words it holds, and the
    -- query planner skips relaxed clauses whose words are everywhere.
    CREATE TABLE kb_term (
      tenant_id  uuid NOT NULL REFERENCES tenant(id),
      term       text NOT NULL,
      -- Changes arrive as signed deltas in one upsert (a CHECK would reject a negative
      -- delta before the conflict turns it into an update); rows at 0 are deleted.
      df         integer NOT NULL,
      PRIMARY KEY (tenant_id, term)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION IF EXISTS kb_candidates(uuid, tsquery, boolean, integer, text, uuid, uuid, uuid[]);
    DROP FUNCTION IF EXISTS kb_similar_titles(uuid, text, integer, text, uuid, uuid, uuid[]);
    DROP TABLE IF EXISTS kb_term, kb_article_version, kb_article CASCADE;
  `.execute(db);
}
