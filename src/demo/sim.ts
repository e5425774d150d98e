import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

/** A small seeded PRNG (mulberry32): the same seed always yields the same demo province. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A float in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  /** An integer in [a, b]. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
}

/**
 * A `DB` that is really one open transaction: the services' own `db.transaction()` calls run
 * inline in it. Seeding through the real services therefore stays one transaction — a crash
 * or a database error leaves nothing behind. No savepoints (each costs two round-trips): the
 * services make every check before their first write, so a refused step writes nothing.
 */
export function nestedTransactions(trx: Transaction<Database>): DB {
  const builder = {
    execute<T>(fn: (t: Transaction<Database>) => Promise<T>): Promise<T> {
      return fn(trx);
    },
  };
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => builder;
      // Kysely keeps its state in #private fields: call methods on the real object.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  }) as unknown as DB;
}

const OFFSET_MS = 7 * 3600_000;

/** Local (UTC+7) hour of an instant. */
export function localHour(d: Date): number {
  return new Date(d.getTime() + OFFSET_MS).getUTCHours();
}

/** 'dd/mm/yyyy' in local time, as Vietnamese documents write dates. */
export function viDate(d: Date): string {
  const l = new Date(d.getTime() + OFFSET_MS);
  return `${String(l.getUTCDate()).padStart(2, '0')}/${String(l.getUTCMonth() + 1).padStart(2, '0')}/${l.getUTCFullYear()}`;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
