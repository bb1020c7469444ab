/** Virtual time is an integer count of microseconds. Nothing here reads a clock. */

export const US_PER_MS = 1000;

export function usFromMs(ms: number): number {
  return Math.round(ms * US_PER_MS);
}

export function msFromUs(us: number): number {
  return us / US_PER_MS;
}

const DURATION_UNITS_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
};

/**
 * Parses "250ms", "30s", "5m", "1h", "1.5s" (or a bare number of milliseconds) into milliseconds.
 * Returns undefined for anything else so callers can name the bad value in their own message.
 */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|min|h)?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unitMs = DURATION_UNITS_MS[match[2] ?? 'ms'];
  if (unitMs === undefined || !Number.isFinite(value)) return undefined;
  return value * unitMs;
}

export function formatDurationMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
