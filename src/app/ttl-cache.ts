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
  private readonly map = new Map<string, { at: number; value: V }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * Only resolved values are shared. An in-flight load is not: callers load with their own
   * executor (often their transaction's connection), and waiting on another caller's load
   * from the pool while holding a connection can deadlock a busy pool.
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(key, { at: Date.now(), value });
    return value;
  }

  /** The value if present and fresh; never loads. */
  peek(key: string): V | undefined {
    const hit = this.map.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  set(key: string, value: V): void {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(key, { at: Date.now(), value });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
