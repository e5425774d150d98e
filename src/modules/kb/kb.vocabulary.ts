/**
 * The search vocabulary (R-KB-3): how many published articles hold each term (typo correction
 * and rarity read it). PostgreSQL keeps the counts (`kb_term`), changed in the transaction
 * that publishes or withdraws a text; each node keeps a copy per tenant in memory.
 *
 * One copy per process: the one `KbService` (built in `app/services.ts`) owns the cache and
 * drops a tenant's copy after its own writes; another node's writes reach this copy within
 * `VOCABULARY_TTL_MS`.
 */
import type { KbArticleRow } from '../../db/schema.ts';
import type { Q } from '../../db/helpers.ts';
import type { Vocabulary } from '../../core/kb/query.ts';
import type { KbIndexing } from '../../core/kb/review.ts';
import { kbRepository as repo } from './kb.repository.ts';

/** How long a node trusts its copy of the vocabulary before refreshing it in the background. */
export const VOCABULARY_TTL_MS = 60_000;

interface LoadedVocabulary extends Vocabulary {
  loadedAt: number;
}

/** The distinct terms of a row's stored search columns. */
export function storedTerms(
  row: Pick<KbArticleRow, 'search_a' | 'search_b' | 'search_c'>,
): Set<string> {
  const out = new Set<string>();
  for (const col of [row.search_a, row.search_b, row.search_c])
    for (const t of col.split(' ')) if (t) out.add(t);
  return out;
}

/** Document-frequency changes as published content comes and goes. */
export class VocabularyDelta {
  readonly deltas = new Map<string, number>();

  add(terms: Iterable<string>, sign: 1 | -1) {
    for (const t of terms) this.deltas.set(t, (this.deltas.get(t) ?? 0) + sign);
  }

  /**
   * What a review decision does to the counts: the article's stored terms leave (`remove`),
   * the published text's enter (`add`), or both.
   */
  apply(indexing: KbIndexing, before: () => Iterable<string>, after: () => Iterable<string>) {
    if (indexing === 'remove' || indexing === 'replace') this.add(before(), -1);
    if (indexing === 'add' || indexing === 'replace') this.add(after(), 1);
  }

  /** Writes the changes in the caller's transaction. */
  save(q: Q, tenantId: string) {
    return repo.adjustVocabulary(q, tenantId, this.deltas);
  }
}

/** This node's copies of the tenants' vocabularies. */
export class VocabularyCache {
  private readonly copies = new Map<
    string,
    { value?: LoadedVocabulary; loading?: Promise<LoadedVocabulary> }
  >();

  constructor(
    private readonly db: Q,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Forgets a tenant's copy: the next search loads the counts this node just changed. */
  invalidate(tenantId: string) {
    this.copies.delete(tenantId);
  }

  /** The tenant's vocabulary: loaded once, refreshed in the background when stale. */
  async get(tenantId: string): Promise<Vocabulary> {
    let entry = this.copies.get(tenantId);
    if (!entry) {
      entry = {};
      this.copies.set(tenantId, entry);
    }
    const e = entry;
    const load = () => {
      e.loading ??= this.load(tenantId)
        .then((v) => {
          e.value = v;
          return v;
        })
        .finally(() => {
          e.loading = undefined;
        });
      return e.loading;
    };
    if (!e.value) return load();
    if (Date.now() - e.value.loadedAt > VOCABULARY_TTL_MS) {
      load().catch((err: unknown) => this.log.warn({ err }, 'kb vocabulary refresh failed'));
    }
    return e.value;
  }

  private async load(tenantId: string): Promise<LoadedVocabulary> {
    const { terms, total } = await repo.vocabulary(this.db, tenantId);
    const df = new Map<string, number>();
    for (const t of terms) df.set(t.term, t.df);
    const sorted = [...df.keys()].sort();
    return {
      loadedAt: Date.now(),
      total,
      df: (t) => df.get(t) ?? 0,
      prefixDf(prefix) {
        // Binary search for the first term ≥ prefix, then sum while terms share it.
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid]! < prefix) lo = mid + 1;
          else hi = mid;
        }
        let n = 0;
        for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
          n += df.get(sorted[i]!)!;
          if (n >= total) return total;
        }
        return n;
      },
    };
  }
}
