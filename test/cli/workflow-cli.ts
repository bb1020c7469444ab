import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runScenarioOnce } from '../../sim/index.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';

/** Helpers for the workflow CLI tests: the built CLI (npm test builds first) and the broken fixtures. */
export const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/workflows/${name}`, import.meta.url));
export const LOSSY = fixture('lossy-tally.mjs');

const env = { ...process.env, NO_COLOR: '1', CI: 'true' };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function faultline(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking, so that many runs can go at once. */
export function faultlineAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first seed of the broken tally fixture that fails, and its result. */
export function firstFailingSeed(checker?: string): { seed: number; digest: string; eventIndex: number; message: string } {
  for (let seed = 1; seed <= 100; seed++) {
    const result = runScenarioOnce(lossyTally, { seed });
    if (!result.ok && (checker === undefined || result.violation.checker === checker)) {
      return { seed, digest: result.digest, eventIndex: result.violation.eventIndex, message: result.violation.message };
    }
  }
  throw new Error('no failing seed in 1..100: the fixture changed');
}

/** Splits a printed command line as a POSIX shell would (plain words and single-quoted words). */
export function shellWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] as string)));
}

/** Polls a condition (no fixed sleep decides a test): resolves when it holds, rejects after `limitMs`. */
export async function until(condition: () => boolean, limitMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
