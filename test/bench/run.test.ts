import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceRunToFile } from '../../bench/groups/memory.js';
import { bareHeapLoop } from '../../bench/heap-loop.js';
import { engineNoopLoop } from '../../bench/engine-noop.js';
import { GROUPS, parseBenchArgs, QUICK_SIZES, runBench } from '../../bench/run.js';
import { formatTable } from '../../bench/table.js';

// Benchmarks are not tests: these only check that every code path runs and reports well-formed
// rows at tiny sizes. Nothing here looks at a timing.
describe('bench (smoke, tiny sizes)', () => {
  it('runs every group except the child-process one and reports well-formed rows', async () => {
    const groups = GROUPS.filter((group) => group !== 'memory');
    const report = await runBench(groups, QUICK_SIZES);
    expect(report.rows.length).toBeGreaterThanOrEqual(groups.length);
    for (const row of report.rows) {
      expect(row.name).not.toBe('');
      if (row.figure === null) expect(row.note).toMatch(/^not available: /);
      else expect(Number.isFinite(row.figure)).toBe(true);
      if (row.ratio !== null) expect(row.met === null || typeof row.met === 'boolean').toBe(true);
      if (row.met !== null) expect(row.goal).not.toBe('');
    }
    const names = report.rows.map((row) => row.name);
    expect(names.some((name) => name.startsWith('engine no-op events (fast mode'))).toBe(true);
    expect(names.some((name) => name.startsWith('raft-kv'))).toBe(true);
    const table = formatTable(report.rows).split('\n');
    expect(table[0]).toMatch(/^\| benchmark +\| figure/);
    expect(table.slice(2, 2 + report.rows.length).every((line) => line.startsWith('| ') && line.endsWith(' |'))).toBe(true);
  }, 60_000);

  it('the engine loop processes exactly the events it is asked for, like the heap loop', () => {
    expect(engineNoopLoop({ nodes: 3, timersPerNode: 2, events: 1_000 })).toBe(1_000);
    expect(typeof bareHeapLoop(6, 1_000)).toBe('number');
  });

  it('streams a no-op run to a JSONL trace with a header, one line per event and a footer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
    try {
      const path = join(dir, 'trace.jsonl');
      const result = traceRunToFile(500, path);
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(result.events).toBe(500);
      expect(lines).toHaveLength(502);
      expect(JSON.parse(lines[0] as string).type).toBe('trace.header');
      expect(JSON.parse(lines[501] as string)).toMatchObject({ type: 'trace.footer', digest: result.digest });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses its options and names a bad one', () => {
    expect(parseBenchArgs(['--json', '--only', 'engine,raft'])).toEqual({ json: true, quick: false, groups: ['engine', 'raft'] });
    expect(parseBenchArgs([]).vs).toBeUndefined();
    expect(() => parseBenchArgs(['--only', 'engine,warp'])).toThrow(/--only expects .* got "engine,warp"/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option "--fast"/);
  });
});
