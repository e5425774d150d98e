/**
 * Small helpers every repository shares. Repositories take the database or the caller's
 * transaction as their first argument (`Q`), so one service method can run several of them in
 * one transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The database or a transaction: the first argument of every repository method. */
export type Q = Kysely<Database> | Transaction<Database>;

/** PostgreSQL refused a row because a unique index already holds its key (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

type Patch<B, M> = {
  [K in keyof M & keyof B as M[K] extends string ? M[K] : never]?: Exclude<B[K], undefined>;
};

/**
 * The columns a PATCH body sets: each field the body carries, under its column's name; fields
 * the body leaves out are left out (so they keep their value).
 *
 * ### Examples
 * ```ts
 * q.updateTable('message_template')
 *   .set({ ...patchColumns(b, { title: 'title', bodyVi: 'body_vi' }), updated_at: now })
 * // b = { bodyVi: 'Xin chào' } → SET body_vi = 'Xin chào', updated_at = …
 * ```
 */
export function patchColumns<B extends object, const M extends { [K in keyof B]?: string }>(
  body: B,
  map: M,
): Patch<B, M> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(map) as [keyof B & string, string][]) {
    const value = body[field];
    if (value !== undefined) out[column] = value;
  }
  return out as Patch<B, M>;
}
