import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderShiViz, SHIVIZ_REGEX } from '../../../cli/export/shiviz.js';
import { checkShiVizLog } from '../../../cli/export/shiviz-rules.js';
import type { TraceEvent } from '../../../scenarios/index.js';
import { handEvents } from './hand-trace.js';
import { handTrace, recordTrace } from './traces.js';
import { ORACLES_DIR } from '../../helpers/oracles.js';

const ORACLES = `${ORACLES_DIR}/shiviz`;
const BROKEN = fileURLToPath(new URL('../../fixtures/shiviz/', import.meta.url));
const EVENT_FIRST = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';

/** The external logs, with the format each is written in (the README gives the family). */
const EXTERNAL: [string, { regex: string; delimiter: string } | undefined][] = [
  ['RpcClientServer.log', undefined],
  ['govector-readme-example.log', undefined],
  ['chord.log', undefined],
  ['facebook-multiple.log', { regex: EVENT_FIRST, delimiter: '=== Execution #\\d+ ===' }],
  ['simpledb.log', { regex: EVENT_FIRST, delimiter: '' }],
];

describe('ShiViz rule checker', () => {
  it.each(EXTERNAL)('accepts the external log %s, finding every event in it', (file, format) => {
    const text = readFileSync(join(ORACLES, file), 'utf8');
    const check = checkShiVizLog(text, format);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.events).toBe(text.split('\n').filter((line) => /^\S* \{.*\}\s*$/.test(line)).length);
  });

  it('reads facebook-multiple.log as two executions', () => {
    const text = readFileSync(join(ORACLES, 'facebook-multiple.log'), 'utf8');
    expect(checkShiVizLog(text, EXTERNAL[3]![1]).executions).toBe(2);
  });

  const expectations: Record<string, RegExp> = {
    'counter-gap.log': /own counter should be 2 here but is 3/,
    'missing-own-host.log': /host "b" is missing from its own clock/,
    'unknown-host.log': /names host "c", which logs no events/,
    'clock-beyond-host.log': /claims a:5, but "a" logs only 1 events/,
    'cycle.log': /cycle/,
    'clock-not-json.log': /not JSON/,
  };
  const brokenFiles = readdirSync(BROKEN).filter((name) => name.endsWith('.log'));

  it('has a broken fixture for every rule', () => {
    expect(brokenFiles.sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(brokenFiles)('rejects the broken log %s and names the rule', (file) => {
    const check = checkShiVizLog(readFileSync(join(BROKEN, file), 'utf8'));
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(expectations[file]!);
  });

  it('rejects a parser regex without the named groups ShiViz needs', () => {
    expect(checkShiVizLog('(?<host>\\S*) (?<time>{.*})\n\n\na {"a":1}\nx\n').problems[0]).toMatch(/named groups/);
  });
});

/** The hosts of an exported log, one per logged event, parsed back from the text. */
function parseExported(text: string): { host: string; clock: Record<string, number>; text: string }[] {
  const lines = text.split('\n').slice(3);
  const out: { host: string; clock: Record<string, number>; text: string }[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const line = lines[i]!;
    const space = line.indexOf(' ');
    out.push({ host: line.slice(0, space), clock: JSON.parse(line.slice(space + 1)) as Record<string, number>, text: lines[i + 1]! });
  }
  return out;
}

/** The test's own statement of which node an event happens at (independent of the exporter). */
function nodeOf(event: TraceEvent): string | undefined {
  if (event.type === 'net.send') return event.from;
  if (event.type === 'net.deliver') return event.to;
  if (event.type.startsWith('net.') || event.type.startsWith('fault.') || event.type.startsWith('byz.')) return undefined;
  return (event as { node: string }).node;
}

/** Ground truth: a reaches b iff a path of program-order and send→deliver edges leads from a to b. */
function reachability(events: TraceEvent[]): { positions: number[]; reaches: (a: number, b: number) => boolean } {
  const positions = events.flatMap((event, pos) => (nodeOf(event) !== undefined ? [pos] : []));
  const edges: number[][] = positions.map(() => []);
  const lastOf = new Map<string, number>();
  const sendOf = new Map<number, number>();
  positions.forEach((pos, k) => {
    const event = events[pos]!;
    const node = nodeOf(event)!;
    const previous = lastOf.get(node);
    if (previous !== undefined) edges[previous]!.push(k);
    lastOf.set(node, k);
    if (event.type === 'net.send') sendOf.set(event.msg, k);
    if (event.type === 'net.deliver') edges[sendOf.get(event.msg)!]!.push(k);
  });
  const reach = positions.map((_pos, start) => {
    const seen = new Uint8Array(positions.length);
    const stack = [...edges[start]!];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen[k]) continue;
      seen[k] = 1;
      stack.push(...edges[k]!);
    }
    return seen;
  });
  return { positions, reaches: (a, b) => reach[a]![b] === 1 };
}

const before = (x: Record<string, number>, y: Record<string, number>): boolean =>
  Object.entries(x).every(([host, value]) => value <= (y[host] ?? 0)) && Object.entries(y).some(([host, value]) => value > (x[host] ?? 0));

/** Pairs where the clocks and the ground truth disagree about happens-before. */
function disagreements(events: TraceEvent[], clocks: Record<string, number>[]): number {
  const { positions, reaches } = reachability(events);
  let wrong = 0;
  for (let a = 0; a < positions.length; a++) {
    for (let b = 0; b < positions.length; b++) {
      if (a !== b && before(clocks[a]!, clocks[b]!) !== reaches(a, b)) wrong++;
    }
  }
  return wrong;
}

describe('ShiViz export', () => {
  it('writes the hand-written trace with exact clocks: program order plus send-to-delivery merges', () => {
    const text = renderShiViz(handTrace(handEvents()));
    expect(text.split('\n').slice(0, 3)).toEqual([SHIVIZ_REGEX, '', '']);
    const clocks = parseExported(text).map((e) => `${e.host} ${JSON.stringify(e.clock)}`);
    expect(clocks).toEqual([
      'a {"a":1}',
      'b {"b":1}',
      'a {"a":2}',
      'b {"b":2,"a":2}',
      'a {"a":3}',
      'b {"b":3,"a":2}',
      'a {"a":4}',
      'b {"b":4,"a":2}',
      'b {"b":5,"a":4}',
      'b {"b":6,"a":4}',
      'a {"a":5,"b":6}',
      'a {"a":6,"b":6}',
      'b {"b":7,"a":6}',
      'a {"a":7,"b":6}',
      'a {"a":8,"b":6}',
    ]);
    expect(text).toContain('dropped (partition partition#1)');
    expect(text).toContain('byzantine alter n (byz:b#1)');
  });

  it('passes ShiViz rules on a run with crashes, partitions, drops and duplicates (broadcast-gossip seed 11)', () => {
    const trace = recordTrace('broadcast-gossip', { seed: 11, timeMs: 4000, faults: 'nemesis=500,partition=1,crash=1,quiet=1000' });
    const check = checkShiVizLog(renderShiViz(trace));
    expect(check.problems).toEqual([]);
    expect(check.hosts).toBe(5);
    expect(check.events).toBe(trace.events.filter((e) => nodeOf(e) !== undefined).length);
  });

  it('gives clocks that order two events exactly when the run ordered them (broadcast-gossip seed 2, 400 ms)', () => {
    const trace = recordTrace('broadcast-gossip', { seed: 2, timeMs: 400, faults: 'drop=0.2,dup=0.2' });
    const logged = parseExported(renderShiViz(trace));
    expect(logged.length).toBeGreaterThan(100);
    expect(disagreements(trace.events, logged.map((e) => e.clock))).toBe(0);
  });

  it('the happens-before comparison catches clocks that forget a delivery merge', () => {
    const trace = recordTrace('broadcast-gossip', { seed: 2, timeMs: 400 });
    const logged = parseExported(renderShiViz(trace));
    // Broken variant: the first receive does not merge the sender's clock (nor do later events learn it).
    const first = logged.findIndex((e) => e.text.includes('receive'));
    const broken = logged.map((e, k) => (k === first ? { [e.host]: e.clock[e.host]! } : e.clock));
    expect(disagreements(trace.events, broken)).toBeGreaterThan(0);
  });
});
