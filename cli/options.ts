import { InvalidArgumentError } from 'commander';
import { normalizeSeed, parseDurationMs, strategyError, UsageError } from '../sim/index.js';

/** Commander argument parsers: each names the bad value and the fix in one line. */

export function parseSeedOption(value: string): string {
  try {
    return normalizeSeed(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** A --strategy value: the mix or one strategy of sim/search. */
export function parseStrategyOption(value: string): string {
  const error = strategyError(value.trim());
  if (error) throw new InvalidArgumentError(error);
  return value.trim();
}

export function parseDurationOption(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    throw new InvalidArgumentError(`expected a positive duration such as 500ms, 30s, 5m or 1h, got "${value}"`);
  }
  return ms;
}

export function parseMaskOption(value: string): string[] {
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

/** `--only-faults`: fault ids to keep; `none` keeps none. */
export function parseOnlyFaultsOption(value: string): string[] {
  return value.trim() === 'none' ? [] : parseMaskOption(value);
}

/** `--size clients=1,ops=4`: the scenario checks the names and bounds. */
export function parseSizeOption(value: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const part of parseMaskOption(value)) {
    const match = /^([\w-]+)=(\d+)$/.exec(part);
    if (!match) throw new InvalidArgumentError(`--size expects name=count pairs such as clients=1,ops=4, got "${part}"`);
    sizes[match[1] as string] = Number(match[2]);
  }
  return sizes;
}

export function parsePositiveIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} expects a positive integer, got "${value}"`);
    }
    return n;
  };
}

export { UsageError };
