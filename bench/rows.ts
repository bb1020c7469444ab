/** One line of the benchmark table: a figure beside its reference or limit, and whether the goal holds. */
export interface BenchRow {
  /** What was measured, e.g. "engine no-op events". */
  name: string;
  figure: number | null;
  unit: string;
  /** The peer measured in the same run, or the limit; null when there is none. */
  reference: number | null;
  referenceLabel: string;
  /** figure / reference (for a limit: reference / figure, so that > 1 is always better). */
  ratio: number | null;
  /** The goal in words, e.g. "≥ 0.7×"; "" when the row only reports. */
  goal: string;
  /** null: no goal, or not measurable here (see note). */
  met: boolean | null;
  note?: string;
}

/** A throughput compared with a peer measured in the same run: goal is a minimum ratio. */
export function peerRow(name: string, figure: number, unit: string, reference: number, referenceLabel: string, minRatio: number, note?: string): BenchRow {
  const ratio = figure / reference;
  return { name, figure, unit, reference, referenceLabel, ratio, goal: `≥ ${minRatio}×`, met: ratio >= minRatio, ...(note ? { note } : {}) };
}

/** A cost compared with a limit (lower is better): the ratio is limit / figure, so ≥ 1 meets it. */
export function limitRow(name: string, figure: number, unit: string, limit: number, note?: string): BenchRow {
  return {
    name,
    figure,
    unit,
    reference: limit,
    referenceLabel: `limit ${formatNumber(limit)} ${unit}`,
    ratio: limit / figure,
    goal: `≤ ${formatNumber(limit)} ${unit}`,
    met: figure <= limit,
    ...(note ? { note } : {}),
  };
}

/** A figure reported without a goal. */
export function infoRow(name: string, figure: number, unit: string, note?: string): BenchRow {
  return { name, figure, unit, reference: null, referenceLabel: '', ratio: null, goal: '', met: null, ...(note ? { note } : {}) };
}

/** A benchmark that could not run here (a peer not installed, a scenario not registered). */
export function unavailableRow(name: string, goal: string, why: string): BenchRow {
  return { name, figure: null, unit: '', reference: null, referenceLabel: '', ratio: null, goal, met: null, note: `not available: ${why}` };
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
