// Deployments are Vietnamese (UTC+7, no daylight saving): dates in codes and promised dates
// follow local time, not UTC.
const OFFSET_MS = 7 * 3600_000;

export function localDate(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function localYear(d: Date): number {
  return new Date(d.getTime() + OFFSET_MS).getUTCFullYear();
}
