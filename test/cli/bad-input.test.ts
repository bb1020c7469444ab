import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultline, faultlineAsync } from './workflow-cli.js';

/**
 * The bad-input audit: every row runs the real CLI binary on something wrong and asserts what the
 * README promises: exactly one line on stderr, the documented exit code, no stack trace and no
 * "internal error". The table is meant to grow: add a row for every new way in.
 */
const dir = mkdtempSync(join(tmpdir(), 'faultline-bad-input-'));
const at = (name: string): string => join(dir, name);
let traceLines: string[] = [];

/** Writes a fixture beside the good trace: lines joined as a JSONL file (a final newline unless told). */
function file(name: string, lines: readonly string[], finalNewline = true): string {
  writeFileSync(at(name), lines.join('\n') + (finalNewline ? '\n' : ''));
  return at(name);
}

beforeAll(() => {
  const made = faultline(['run', 'broadcast-gossip', '--seed', '3', '--time', '800ms', '--trace', at('good.jsonl')]);
  expect(made.code).toBe(0);
  traceLines = readFileSync(at('good.jsonl'), 'utf8').trimEnd().split('\n');
  const header = JSON.parse(traceLines[0]!) as Record<string, unknown>;
  const footer = JSON.parse(traceLines.at(-1)!) as Record<string, unknown>;
  const events = traceLines.slice(1, -1);
  file('null-line.jsonl', [traceLines[0]!, 'null', ...traceLines.slice(1)]);
  file('array-line.jsonl', [traceLines[0]!, '[1,2,3]', ...traceLines.slice(1)]);
  file('number-line.jsonl', [traceLines[0]!, '42', ...traceLines.slice(1)]);
  file('string-line.jsonl', [traceLines[0]!, '"event"', ...traceLines.slice(1)]);
  file('not-json.jsonl', [traceLines[0]!, events[0]!, '{"i": 1, oops', ...events.slice(2), traceLines.at(-1)!]);
  file('two-headers.jsonl', [traceLines[0]!, ...traceLines]);
  file('two-traces.jsonl', [...traceLines, ...traceLines]);
  const { version: _version, ...noVersion } = header;
  file('no-version.jsonl', [JSON.stringify(noVersion), ...traceLines.slice(1)]);
  file('empty-version.jsonl', [JSON.stringify({ ...header, version: '' }), ...traceLines.slice(1)]);
  file('foreign-version.jsonl', [JSON.stringify({ ...header, version: '0.0.1-other' }), ...traceLines.slice(1)]);
  const { seed: _seed, ...noSeed } = header;
  file('no-seed.jsonl', [JSON.stringify(noSeed), ...traceLines.slice(1)]);
  file('unknown-scenario.jsonl', [JSON.stringify({ ...header, scenario: 'no-such-scenario' }), ...traceLines.slice(1)]);
  file('empty.jsonl', []);
  file('blank.jsonl', ['', '   ', '']);
  file('events-only.jsonl', events.slice(0, 5));
  file('header-only.jsonl', [traceLines[0]!]);
  file('no-footer.jsonl', traceLines.slice(0, -1));
  file('torn-last-line.jsonl', [...traceLines.slice(0, 30), traceLines[30]!.slice(0, 20)], false);
  file('digest-edited.jsonl', [...traceLines.slice(0, -1), JSON.stringify({ ...footer, digest: '0123456789abcdef' })]);
  file('footer-without-digest.jsonl', [...traceLines.slice(0, -1), JSON.stringify({ type: 'trace.footer', events: events.length })]);
  file('after-footer.jsonl', [...traceLines, events[0]!]);
  file('no-type.jsonl', [traceLines[0]!, JSON.stringify({ i: 0, t: 0 }), ...traceLines.slice(1)]);
  file('interrupted.jsonl', [...traceLines.slice(0, 20), JSON.stringify({ type: 'trace.footer', interrupted: true, signal: 'SIGINT', events: 19 })]);
  mkdirSync(at('a-directory.jsonl'));
  // History files for check.
  file('empty-history.jsonl', []);
  file('no-ops.jsonl', ['']);
  file('null-history.jsonl', ['null']);
  file('deep.edn', ['['.repeat(200_000) + ']'.repeat(200_000)]);
  file('unclosed.edn', ['{:process 0, :type :invoke, :f :read']);
  file('garbage.edn', ['{:process 0 :type :invoke :f :write :value 1} }}}']);
  file('jepsen-no-value.log', ['INFO  jepsen.util - 3\t:invoke\t:write', 'INFO  jepsen.util - 3\t:ok\t:write\t1']);
  file('jepsen-garbled.log', ['INFO  jepsen.util - what is this']);
  file('kv-no-key.txt', ['{:process 0, :type :invoke, :f :put, :value "x"}', '{:process 0, :type :ok, :f :put, :value "x"}']);
  file('kv-no-value.txt', ['{:process 0, :type :invoke, :f :put, :key "x"}', '{:process 0, :type :ok, :f :put, :key "x"}']);
  file('history-missing-fields.jsonl', ['{"op": 1, "type": "invoke"}']);
});

type Row = [title: string, args: () => string[], code: number, stderr?: RegExp];

const RUN = ['run', 'broadcast-gossip'];
const RAFT = ['run', 'raft-kv'];
const SEED = ['replay', 'broadcast-gossip', '--seed', '1', '--time', '300ms'];

const rows: Row[] = [
  // run: scenario and seed
  ['run: an unknown scenario', () => ['run', 'no-such-scenario'], 2, /no-such-scenario/],
  ['run: no scenario at all', () => ['run'], 2, /missing required argument/],
  ['run: a second scenario argument', () => [...RUN, 'extra'], 2],
  ['run: a negative seed', () => [...RUN, '--seed', '-4'], 2],
  ['run: --seed 2^53 names the limit', () => [...RUN, '--seed', '2^53'], 2, /9007199254740991/],
  ['run: a seed past 2^53 - 1', () => [...RUN, '--seed', '9007199254740992'], 2, /9007199254740991/],
  ['run: a fractional seed', () => [...RUN, '--seed', '1.5'], 2, /whole number/],
  ['run: a seed in hex', () => [...RUN, '--seed', '0x10'], 2],
  ['run: an empty seed', () => [...RUN, '--seed', ''], 2],
  ['run: an unknown option', () => [...RUN, '--colour'], 2, /unknown option/],
  // run: durations
  ['run: --time without a unit', () => [...RUN, '--time', '10'], 2, /no unit/],
  ['run: --time below 1 µs', () => [...RUN, '--time', '0.0000001ms'], 2, /microsecond/],
  ['run: --time not a whole number of µs', () => [...RUN, '--time', '1.5us'], 2, /microsecond/],
  ['run: --time zero', () => [...RUN, '--time', '0s'], 2, /positive duration/],
  ['run: --time with an unknown unit', () => [...RUN, '--time', '5parsecs'], 2, /positive duration/],
  ['run: --time Infinity', () => [...RUN, '--time', 'Infinityh'], 2],
  ['run: --time as words', () => [...RUN, '--time', 'soon'], 2],
  ['run: --time with an exponent', () => [...RUN, '--time', '1e3ms'], 2],
  ['run: --time past 2^53 µs', () => [...RUN, '--time', '99999999999999h'], 2, /too long/],
  // run: fault specs
  ['run: more Byzantine nodes than nodes', () => [...RAFT, '--faults', 'byzantineNodes=99'], 2, /5 faultable nodes/],
  ['run: maxDownNodes beyond the nodes', () => [...RAFT, '--faults', 'maxDownNodes=6'], 2, /faultable nodes/],
  ['run: a fractional node count', () => [...RAFT, '--faults', 'maxDownNodes=1.5'], 2, /whole number/],
  ['run: maxDownNodes below -1', () => [...RAFT, '--faults', 'maxDownNodes=-2'], 2],
  ['run: a probability in hex', () => [...RUN, '--faults', 'drop=0x1'], 2, /decimal/],
  ['run: a probability in binary', () => [...RUN, '--faults', 'drop=0b1'], 2, /decimal/],
  ['run: a probability above 1', () => [...RUN, '--faults', 'drop=1.5'], 2, /0\.\.1/],
  ['run: a negative probability', () => [...RUN, '--faults', 'drop=-0.1'], 2],
  ['run: an overflowing number', () => [...RUN, '--faults', 'nemesis=1e400'], 2],
  ['run: an empty value', () => [...RUN, '--faults', 'drop='], 2],
  ['run: a spec of only commas', () => [...RUN, '--faults', ','], 2, /profile name/],
  ['run: an unknown setting', () => [...RUN, '--faults', 'dorp=0.1'], 2, /unknown setting/],
  ['run: an unknown profile', () => [...RUN, '--faults', 'mayhem'], 2, /unknown profile/],
  ['run: a boolean that is not one', () => [...RUN, '--faults', 'fifo=maybe'], 2, /true or false/],
  ['run: an unknown delay distribution', () => [...RUN, '--faults', 'delayDistribution=normal'], 2],
  // run: fault ids
  ["run: --mask '###'", () => [...RUN, '--mask', '###'], 2, /not a fault id/],
  ["run: --only-faults 'garbage id'", () => [...RUN, '--only-faults', 'garbage id'], 2, /not a fault id/],
  ['run: --mask with only commas', () => [...RUN, '--mask', ',,'], 2],
  ['run: --mask with a kind but no counter', () => [...RUN, '--mask', 'partition'], 2, /not a fault id/],
  ['run: --only-faults with an unfinished link', () => [...RUN, '--only-faults', 'drop:n1>#3'], 2, /not a fault id/],
  ['run: --only-faults with a space inside the list', () => [...RUN, '--only-faults', 'partition#3 crash#5'], 2],
  // fuzz
  ['fuzz: an unknown scenario', () => ['fuzz', 'no-such-scenario', '--seeds', '2'], 2],
  ['fuzz: --seeds as words', () => ['fuzz', 'broadcast-gossip', '--seeds', 'many'], 2],
  ['fuzz: --seeds backwards', () => ['fuzz', 'broadcast-gossip', '--seeds', '9..2'], 2],
  ['fuzz: --seeds 0', () => ['fuzz', 'broadcast-gossip', '--seeds', '0'], 2],
  ['fuzz: --seeds past 2^53', () => ['fuzz', 'broadcast-gossip', '--seeds', '1..9007199254740993'], 2],
  ['fuzz: --workers 0', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--workers', '0'], 2],
  ['fuzz: --workers as words', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--workers', 'lots'], 2],
  ['fuzz: --shard 3/2', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--shard', '3/2'], 2],
  ['fuzz: --shard 0/2', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--shard', '0/2'], 2],
  ['fuzz: --time-budget without a unit', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--time-budget', '3'], 2, /no unit/],
  ['fuzz: --seed-timeout 0ms', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--seed-timeout', '0ms'], 2],
  ['fuzz: --time without a unit', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--time', '10'], 2, /no unit/],
  ['fuzz: --faults drop=0x1', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--faults', 'drop=0x1'], 2, /decimal/],
  ['fuzz: --faults byzantineNodes=99', () => ['fuzz', 'raft-kv', '--seeds', '2', '--faults', 'byzantineNodes=99'], 2, /faultable nodes/],
  ['fuzz: --faults with an unknown profile', () => ['fuzz', 'broadcast-gossip', '--seeds', '2', '--faults', 'mayhem'], 2],
  // replay: scenario form
  ['replay: a scenario without --seed', () => ['replay', 'broadcast-gossip'], 2, /needs --seed/],
  ['replay: a digest that is not 16 hex digits', () => [...SEED, '--digest', 'xyz'], 2, /16 hex digits/],
  ['replay: --until as words', () => [...SEED, '--until', 'end'], 2],
  ['replay: --until past the last event', () => [...SEED, '--until', '99999999'], 2, /past the run's last event/],
  ['replay: --inspect an unknown node', () => [...SEED, '--inspect', 'n99'], 2, /no node "n99"/],
  ['replay: a digest the run does not give (exit 4)', () => [...SEED, '--digest', '0123456789abcdef'], 4, /digest differs/],
  ['replay: --time without a unit', () => ['replay', 'broadcast-gossip', '--seed', '1', '--time', '10'], 2, /no unit/],
  ["replay: --mask '###'", () => ['replay', 'broadcast-gossip', '--seed', '1', '--mask', '###'], 2, /not a fault id/],
  // replay: trace files
  ['replay: a missing trace', () => ['replay', at('missing.jsonl')], 2, /no such file/],
  ['replay: a directory named like a trace', () => ['replay', at('a-directory.jsonl')], 2, /directory/],
  ['replay: a null line', () => ['replay', at('null-line.jsonl')], 2, /got null/],
  ['replay: an array line', () => ['replay', at('array-line.jsonl')], 2, /got an array/],
  ['replay: a number line', () => ['replay', at('number-line.jsonl')], 2, /got number/],
  ['replay: a string line', () => ['replay', at('string-line.jsonl')], 2, /got string/],
  ['replay: a broken JSON line in the middle', () => ['replay', at('not-json.jsonl')], 2, /:3: not a JSON line/],
  ['replay: a duplicated header', () => ['replay', at('two-headers.jsonl')], 2, /second trace\.header/],
  ['replay: two traces joined', () => ['replay', at('two-traces.jsonl')], 2, /after the trace\.footer/],
  ['replay: a header without a version', () => ['replay', at('no-version.jsonl')], 2, /no "version"/],
  ['replay: a header with an empty version', () => ['replay', at('empty-version.jsonl')], 2, /no "version"/],
  ['replay: a trace from another version', () => ['replay', at('foreign-version.jsonl')], 2, /0\.0\.1-other/],
  ['replay: a header without a seed', () => ['replay', at('no-seed.jsonl')], 2, /no scenario or seed/],
  ['replay: a header naming an unknown scenario', () => ['replay', at('unknown-scenario.jsonl')], 2, /no-such-scenario/],
  ['replay: an empty file', () => ['replay', at('empty.jsonl')], 2, /no trace\.header/],
  ['replay: a file of blank lines', () => ['replay', at('blank.jsonl')], 2, /no trace\.header/],
  ['replay: events without a header', () => ['replay', at('events-only.jsonl')], 2, /no trace\.header/],
  ['replay: an event without a type', () => ['replay', at('no-type.jsonl')], 2, /without a "type"/],
  ['replay: a line after the footer', () => ['replay', at('after-footer.jsonl')], 2, /after the trace\.footer/],
  ['replay: a forged footer digest (edited, not reproduced)', () => ['replay', at('digest-edited.jsonl')], 2, /footer's digest 0123456789abcdef is not/],
  ['replay: a footer without its digest', () => ['replay', at('footer-without-digest.jsonl')], 2, /digest \(missing\)/],
  ['replay: a header-only trace is incomplete (exit 3)', () => ['replay', at('header-only.jsonl')], 3, /incomplete/],
  ['replay: a trace without footer is incomplete (exit 3)', () => ['replay', at('no-footer.jsonl')], 3, /incomplete/],
  ['replay: a trace torn mid-line is incomplete (exit 3)', () => ['replay', at('torn-last-line.jsonl')], 3, /incomplete/],
  ['replay: an interrupted trace is incomplete (exit 3)', () => ['replay', at('interrupted.jsonl')], 3, /all 19 events it has match/],
  ['replay: run options beside a trace', () => ['replay', at('good.jsonl'), '--seed', '4'], 2, /drop --seed/],
  // shrink
  ['shrink: an unknown scenario', () => ['shrink', 'no-such-scenario', '--seed', '1'], 2],
  ['shrink: --seed 2^53', () => ['shrink', 'broadcast-gossip', '--seed', '2^53'], 2, /9007199254740991/],
  ['shrink: --time without a unit', () => ['shrink', 'broadcast-gossip', '--seed', '1', '--time', '10'], 2, /no unit/],
  ['shrink: --max-runs 0', () => ['shrink', 'broadcast-gossip', '--seed', '1', '--max-runs', '0'], 2],
  ["shrink: --mask 'garbage id'", () => ['shrink', 'broadcast-gossip', '--seed', '1', '--mask', 'garbage id'], 2, /not a fault id/],
  ['shrink: --faults drop=0x1', () => ['shrink', 'broadcast-gossip', '--seed', '1', '--faults', 'drop=0x1'], 2, /decimal/],
  // check
  ['check: no --model', () => ['check', at('deep.edn')], 2, /--model/],
  ['check: an unknown model', () => ['check', at('deep.edn'), '--model', 'queue'], 2],
  ['check: a missing file', () => ['check', at('missing.edn'), '--model', 'register'], 2, /cannot read/],
  ['check: a directory', () => ['check', at('a-directory.jsonl'), '--model', 'register'], 2],
  ['check: an empty history says so', () => ['check', at('empty-history.jsonl'), '--model', 'kv', '--format', 'jsonl'], 2, /no operations/],
  ['check: a blank JSONL history says so', () => ['check', at('no-ops.jsonl'), '--model', 'kv', '--format', 'jsonl'], 2, /no operations/],
  ['check: a trace with no history events says so', () => ['check', at('good.jsonl'), '--model', 'kv'], 2, /no operations/],
  ['check: a null JSONL line', () => ['check', at('null-history.jsonl'), '--model', 'kv', '--format', 'jsonl'], 2, /JSON object/],
  ['check: EDN nested 200,000 deep', () => ['check', at('deep.edn'), '--model', 'register', '--format', 'edn'], 2, /nested more than/],
  ['check: unclosed EDN', () => ['check', at('unclosed.edn'), '--model', 'register', '--format', 'edn'], 2, /unclosed/],
  ['check: EDN with stray braces', () => ['check', at('garbage.edn'), '--model', 'register', '--format', 'edn'], 2],
  ['check: a Jepsen line with no value', () => ['check', at('jepsen-no-value.log'), '--model', 'cas-register', '--format', 'jepsen-log'], 2, /has no value/],
  ['check: a garbled Jepsen line', () => ['check', at('jepsen-garbled.log'), '--model', 'cas-register', '--format', 'jepsen-log'], 2],
  ['check: a kv operation with no key', () => ['check', at('kv-no-key.txt'), '--model', 'kv', '--format', 'edn'], 2],
  ['check: a Porcupine kv put with no value', () => ['check', at('kv-no-value.txt'), '--model', 'kv'], 2, /has no :value/],
  ['check: a JSONL history missing fields', () => ['check', at('history-missing-fields.jsonl'), '--model', 'kv', '--format', 'jsonl'], 2],
  ['check: --timeout without a unit', () => ['check', at('deep.edn'), '--model', 'register', '--timeout', '10'], 2, /no unit/],
  ['check: an unknown format', () => ['check', at('deep.edn'), '--model', 'register', '--format', 'csv'], 2],
  ['check: an empty --initial', () => ['check', at('deep.edn'), '--model', 'register', '--initial', ''], 2],
  ['check: --initial with the kv model', () => ['check', at('kv-no-key.txt'), '--model', 'kv', '--initial', '0'], 2, /does not apply/],
  // export
  ['export: a missing trace', () => ['export', at('missing.jsonl'), '--format', 'html'], 2, /no such file/],
  ['export: an unknown format', () => ['export', at('good.jsonl'), '--format', 'pdf'], 2],
  ['export: a null line', () => ['export', at('null-line.jsonl'), '--format', 'mermaid'], 2, /got null/],
  ['export: a duplicated header', () => ['export', at('two-headers.jsonl'), '--format', 'shiviz'], 2, /second trace\.header/],
  ['export: a header without a version', () => ['export', at('no-version.jsonl'), '--format', 'mermaid'], 2, /no "version"/],
  ['export: --max-steps 0', () => ['export', at('good.jsonl'), '--format', 'mermaid', '--max-steps', '0'], 2],
  // list and the program
  ['list: an extra argument', () => ['list', 'extra'], 2],
  ['list: an unknown option', () => ['list', '--yaml'], 2, /unknown option/],
  ['an unknown command', () => ['frobnicate'], 2, /unknown command/],
];

describe.concurrent('bad input through the real CLI: one line on stderr, the documented exit code, no stack trace', { timeout: 120_000 }, () => {
  it('has a wide table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows)('%s', async (_title, args, code, stderrPattern) => {
    const result = await faultlineAsync(args());
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
    expect({ code: result.code, stderr: lines }).toMatchObject({ code, stderr: [expect.any(String)] });
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(result.stderr).not.toContain('internal error');
    if (stderrPattern) expect(lines[0]).toMatch(stderrPattern);
  });
});
