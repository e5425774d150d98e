/**
 * A small time-bounded cache for rarely changing configuration (tenant settings, agency
 * flags, calendar ids) read on every transition. Entries expire after `ttlMs`, so other app
 * nodes see an administrator's change within that time without a query per use; the node
 * that made the change invalidates at once.
 *
 * ### Examples
 * ```ts
 * const agencies = new TtlCache<AgencyRow | undefined>(5_000);
 * const a = await agencies.get(id, () => repo.agency(db, tenantId, id));
 * ```
 */
export class TtlCache<V> {
  private readonly map = new Map<string, { at: number; value: Promise<V> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.map.size >= this.maxEntries) this.map.clear();
    const value = load();
    this.map.set(key, { at: now, value });
    // A failed load must not be cached.
    value.catch(() => this.map.delete(key));
    return value;
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
