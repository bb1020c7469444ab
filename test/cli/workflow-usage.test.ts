import { describe, expect, it } from 'vitest';
import { faultlineAsync, LOSSY, type CliResult } from './workflow-cli.js';

/** Each bad invocation: one line on stderr, nothing on stdout that looks like a stack, exit 2. */
const BAD: string[][] = [
  ['fuzz', 'broadcast-gossip'],
  ['fuzz', 'broadcast-gossip', '--seeds', '0'],
  ['fuzz', 'broadcast-gossip', '--seeds', '9..2'],
  ['fuzz', 'broadcast-gossip', '--seeds', 'many'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--shard', '3/2'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--shard', 'half'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--workers', '0'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--time-budget', 'soon'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--seed-timeout', '-1s'],
  ['fuzz', 'broadcast-gossip', '--seeds', '3', '--faults', 'bogus'],
  ['fuzz', 'no-such-scenario', '--seeds', '3'],
  ['fuzz', './no/such/module.mjs', '--seeds', '3'],
  ['fuzz', `${LOSSY}#no-such-name`, '--seeds', '3'],
  ['replay', 'broadcast-gossip'],
  ['replay', 'broadcast-gossip', '--seed', 'x'],
  ['replay', 'broadcast-gossip', '--seed', '1', '--digest', 'xyz'],
  ['replay', 'broadcast-gossip', '--seed', '1', '--until', '-4'],
  ['replay', 'broadcast-gossip', '--seed', '1', '--time', '1s', '--inspect', 'nobody'],
  ['replay', 'broadcast-gossip', '--seed', '1', '--time', '1s', '--until', '99999999'],
  ['replay', '/no/such/trace.jsonl'],
  ['replay', '/no/such/trace.jsonl', '--seed', '3'],
  ['shrink', 'broadcast-gossip'],
  ['shrink', 'broadcast-gossip', '--seed', '1', '--max-runs', '0'],
  ['shrink', 'broadcast-gossip', '--seed', '1', '--time', '1s'],
];

describe('bad flags and input for fuzz, replay and shrink', () => {
  it('each gives exactly one line on stderr and exit 2', { timeout: 120_000 }, async () => {
    // Four at a time: a 2-core machine, and each is a Node process start.
    const results: CliResult[] = [];
    for (let i = 0; i < BAD.length; i += 4) results.push(...(await Promise.all(BAD.slice(i, i + 4).map((args) => faultlineAsync(args)))));
    const wrong = results
      .map((result, i) => ({ args: BAD[i]!.join(' '), ...result, lines: result.stderr.trim().split('\n') }))
      .filter((r) => r.code !== 2 || r.lines.length !== 1 || r.lines[0] === '' || /\n\s+at /.test(r.stderr));
    expect(wrong.map((r) => `${r.args} → exit ${r.code}: ${r.stderr}`)).toEqual([]);
  });
});
