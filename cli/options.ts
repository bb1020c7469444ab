import { InvalidArgumentError } from 'commander';
import { normalizeSeed, parseDurationMs, strategyError, strategyNames, UsageError } from '../sim/index.js';

/** Commander argument parsers: each names the bad value and the fix in one line. */

export function parseSeedOption(value: string): string {
  try {
    return normalizeSeed(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** A --strategy value: the mix or one strategy of sim/search. */
/** The strategies besides plain random, for help texts (every registered one, so none goes unlisted). */
export function searchStrategiesText(): string {
  return strategyNames().filter((name) => name !== 'mix' && name !== 'random').join(', ');
}

export function parseStrategyOption(value: string): string {
  const error = strategyError(value.trim());
  if (error) throw new InvalidArgumentError(error);
  return value.trim();
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|min|h)\s*$/;

/**
 * A duration with its unit (500ms, 30s, 5m, 1h, 250us). A bare number is refused rather than read
 * as milliseconds: "10" could mean seconds to the reader. Virtual time is whole microseconds, so
 * anything below 1 µs, or not a whole number of µs, is refused too.
 */
export function parseDurationOption(value: string): number {
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" has no unit: write ${value.trim()}ms, ${value.trim()}s, ${value.trim()}m or ${value.trim()}h`);
  }
  const ms = DURATION.test(value) ? parseDurationMs(value) : undefined;
  if (ms === undefined || !(ms > 0)) {
    throw new InvalidArgumentError(`expected a positive duration such as 500ms, 30s, 5m or 1h, got "${value}"`);
  }
  const us = ms * 1000;
  if (us < 1 || Math.abs(us - Math.round(us)) > 1e-6) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of microseconds (virtual time's resolution is 1us)`);
  }
  if (!Number.isSafeInteger(Math.round(us))) throw new InvalidArgumentError(`"${value}" is too long: virtual time is counted in microseconds up to 2^53`);
  return Math.round(us) / 1000;
}

/**
 * Fault ids as runs print them: a kind, optionally the node or link it hit, then a counter or a
 * stable hash (`partition#3`, `crash#5`, `byz:n2#4`, `drop:n1>n2#7`, `drop:n1>n2@3fa2c1.1`).
 * A grammar rather than a list of kinds, so new fault kinds need no change here.
 */
const FAULT_ID = /^[a-z][a-z0-9-]*(:[\w.-]+(>[\w.-]+)?)?[#@][\w.:>-]+$/;
/** A strategy's one episode of its kind in a run has a hyphenated name and no counter (`laggard-lag`). */
const EPISODE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

function parseFaultIds(flag: string, value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (ids.length === 0) throw new InvalidArgumentError(`${flag} expects comma-separated fault ids such as partition#3,drop:n1>n2#7, got "${value}"`);
  const bad = ids.find((id) => !FAULT_ID.test(id) && !EPISODE_ID.test(id));
  if (bad !== undefined) {
    throw new InvalidArgumentError(`"${bad}" is not a fault id; ids look like partition#3, crash#5, drop:n1>n2#7, drop:n1>n2@3fa2c1.1 or laggard-lag (as run and shrink print them)`);
  }
  return ids;
}

export function parseMaskOption(value: string): string[] {
  return parseFaultIds('--mask', value);
}

/** `--only-faults`: fault ids to keep; `none` keeps none. */
export function parseOnlyFaultsOption(value: string): string[] {
  return value.trim() === 'none' ? [] : parseFaultIds('--only-faults', value);
}

/** `--size clients=1,ops=4`: the scenario checks the names and bounds. */
export function parseSizeOption(value: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) throw new InvalidArgumentError(`--size expects name=count pairs such as clients=1,ops=4, got "${value}"`);
  for (const part of parts) {
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
