/**
 * Reconnect delay after `attempt` failed connections: exponential, capped, with jitter so that
 * a few hundred consoles reconnecting after a server restart do not arrive all at once.
 */
export function backoffDelay(
  attempt: number,
  baseMs = 500,
  maxMs = 30_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
