/**
 * The state the supervisor reads next to each operator's load (R-OP-2). Pure: load.test.ts.
 * "Working" means an action on a ticket in the last quarter of an hour; a signed-in operator
 * without one is "idle" (on a call not yet recorded, on a break…); without a session,
 * "signed out" whatever they did earlier.
 */
export type OperatorState = 'working' | 'idle' | 'signed_out';

export const ACTIVE_MS = 15 * 60_000;

export function operatorState(
  o: { signedIn: boolean; lastActionAt: string | null },
  now: Date,
): OperatorState {
  if (!o.signedIn) return 'signed_out';
  if (o.lastActionAt && now.getTime() - new Date(o.lastActionAt).getTime() < ACTIVE_MS)
    return 'working';
  return 'idle';
}

/** Busiest first (most held, then most handled), then by name: who may need help. */
export function byLoad<T extends { openHeld: number; handledToday: number; displayName: string }>(
  xs: readonly T[],
): T[] {
  return [...xs].sort(
    (a, b) =>
      b.openHeld - a.openHeld ||
      b.handledToday - a.handledToday ||
      a.displayName.localeCompare(b.displayName, 'vi'),
  );
}
