/** One reported number: printed as `name: value unit`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Free text printed after the figure as a comment line (`# …`). */
  note?: string;
}

export function fig(name: string, value: number, unit: string, note?: string): Figure {
  return note === undefined ? { name, value, unit } : { name, value, unit, note };
}

/** Fixed decimals scaled to the magnitude: 812.3, 0.512, 12345. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 10_000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function formatFigure(f: Figure): string {
  const line = `${f.name}: ${formatValue(f.value)}${f.unit ? ` ${f.unit}` : ''}`;
  return f.note ? `${line}\n  # ${f.note}` : line;
}

/** Percentile (nearest rank) of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
