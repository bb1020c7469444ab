import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, firstFailingSeed, LOSSY } from './workflow-cli.js';

const failing = firstFailingSeed();
const seedArgs = ['replay', LOSSY, '--seed', String(failing.seed)];

/** Writes a trace of the failing seed and returns its lines. */
function recordTrace(): { path: string; lines: string[] } {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-replay-')), 'run.jsonl');
  const { code } = faultline([...seedArgs, '--trace', path]);
  expect(code).toBe(1);
  return { path, lines: readFileSync(path, 'utf8').trimEnd().split('\n') };
}

function rewrite(path: string, lines: string[]): string {
  const edited = path.replace(/\.jsonl$/, '.edited.jsonl');
  writeFileSync(edited, lines.join('\n') + '\n');
  return edited;
}

describe(`faultline replay <scenario> --seed (lossy-tally, first failing seed ${failing.seed})`, { timeout: 60_000 }, () => {
  it('verifies the digest, prints the violation and a timeline centred on it', () => {
    const { code, stdout } = faultline([...seedArgs, '--digest', failing.digest]);
    expect(code).toBe(1);
    expect(stdout).toContain(`✔ digest matches ${failing.digest}`);
    expect(stdout).toContain(failing.message);
    expect(stdout).toContain(`timeline around the violation (event #${failing.eventIndex})`);
    expect(stdout).toMatch(new RegExp(`^▶ #${failing.eventIndex} `, 'm'));
  });

  it('exits 4 when the digest differs', () => {
    const wrong = failing.digest.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const { code, stderr } = faultline([...seedArgs, '--digest', wrong]);
    expect(code).toBe(4);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`✘ digest differs: expected ${wrong}, this run gave ${failing.digest}`);
  });

  it("--until/--inspect give a node's state after that event, matching the trace (n1's tally counts its deliveries)", () => {
    const { lines } = recordTrace();
    const events = lines.slice(1, -1).map((line) => JSON.parse(line) as { i: number; type: string; to?: string });
    const until = Math.floor(failing.eventIndex / 2);
    const delivered = events.filter((e) => e.type === 'net.deliver' && e.to === 'n1' && e.i <= until).length;
    const { code, stdout } = faultline([...seedArgs, '--until', String(until), '--inspect', 'n1', '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { state: { node: string; eventIndex: number; value: { total: number } }; timeline: { i: number }[] };
    expect(json.state.node).toBe('n1');
    expect(json.state.eventIndex).toBe(until);
    expect(json.state.value.total).toBe(delivered);
    expect(json.timeline.map((e) => e.i)).toContain(until);
  });
});

describe('faultline replay <trace.jsonl>', { timeout: 60_000 }, () => {
  it('re-runs from the header and verifies every event and the digest', () => {
    const { path } = recordTrace();
    const { code, stdout } = faultline(['replay', path]);
    expect(code).toBe(1);
    expect(stdout).toContain(`✔ trace verified: every event of ${path} and its digest ${failing.digest} are reproduced exactly`);
  });

  it('catches an edited payload and names the first differing event (exit 2)', () => {
    const { path, lines } = recordTrace();
    const position = lines.findIndex((line, i) => i > 10 && line.includes('"type":"net.send"'));
    const original = JSON.parse(lines[position]!) as { i: number; payload: { seq: number } };
    lines[position] = JSON.stringify({ ...original, payload: { ...original.payload, seq: original.payload.seq + 1 } });
    const { code, stdout, stderr } = faultline(['replay', rewrite(path, lines)]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('was modified after it was written');
    expect(stderr).toContain(`the file's events differ at event #${original.i}`);
    expect(stdout).toContain(`first difference at event #${original.i}`);
  });

  it('catches a deleted event and an edited footer digest (exit 2)', () => {
    const { path, lines } = recordTrace();
    const withoutOne = lines.filter((_, i) => i !== 20);
    expect(faultline(['replay', rewrite(path, withoutOne)]).code).toBe(2);
    const footer = JSON.parse(lines.at(-1)!) as { digest: string };
    const forged = [...lines.slice(0, -1), JSON.stringify({ ...footer, digest: '0123456789abcdef' })];
    const { code, stderr } = faultline(['replay', rewrite(path, forged)]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    // Every event matches, so the run does not reproduce the forged digest and must not say it does.
    expect(stderr).toContain(`every event matches, but its footer's digest 0123456789abcdef is not the run's ${failing.digest}`);
    expect(stderr).not.toContain('reproduces its recorded digest');
  });

  it('a trace whose events and digest both differ from the replay is reported as diverged (exit 4)', () => {
    const { path, lines } = recordTrace();
    const event = JSON.parse(lines[5]!) as { t: number };
    lines[5] = JSON.stringify({ ...event, t: event.t + 1 });
    const footer = JSON.parse(lines.at(-1)!) as { digest: string };
    lines[lines.length - 1] = JSON.stringify({ ...footer, digest: '0123456789abcdef' });
    const { code, stdout, stderr } = faultline(['replay', rewrite(path, lines)]);
    expect(code).toBe(4);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('replay diverged from');
    expect(stdout).toContain('first difference at event #');
  });

  it('a trace cut short (no footer, or header only) is incomplete, not nondeterminism: its events are verified (exit 3)', () => {
    const { path, lines } = recordTrace();
    for (const kept of [lines.slice(0, -1), lines.slice(0, 40), lines.slice(0, 1), [...lines.slice(0, 40), lines[40]!.slice(0, 25)]]) {
      const { code, stderr } = faultline(['replay', rewrite(path, kept)]);
      expect(code).toBe(3);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(kept.length === 1 ? /is incomplete: a header and no events/ : /is incomplete .* all \d+ events it has match/);
    }
  });

  it('a cut-short trace with an edited event is still caught (exit 4)', () => {
    const { path, lines } = recordTrace();
    const event = JSON.parse(lines[5]!) as { t: number };
    lines[5] = JSON.stringify({ ...event, t: event.t + 1 });
    const { code, stderr } = faultline(['replay', rewrite(path, lines.slice(0, 30))]);
    expect(code).toBe(4);
    expect(stderr).toContain('replay diverged from');
  });

  it('refuses a trace written by another faultline version, in one line (exit 2)', () => {
    const { path, lines } = recordTrace();
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    lines[0] = JSON.stringify({ ...header, version: '0.0.1-other' });
    const { code, stderr, stdout } = faultline(['replay', rewrite(path, lines)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('was written by faultline 0.0.1-other');
  });
});
