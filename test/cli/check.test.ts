import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORACLES_DIR } from '../helpers/oracles.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const ORACLES = ORACLES_DIR;
const knossos = (path: string) => join(ORACLES, 'knossos/cas-register', path);
const kv = (name: string) => join(ORACLES, 'porcupine/kv', name);

function faultline(args: string[]) {
  const result = spawnSync(process.execPath, [main, 'check', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-check-')), name);
  writeFileSync(path, text);
  return path;
}

describe('faultline check', () => {
  it('exits 0 when every history is linearizable, with a verdict line per file', () => {
    const { code, stdout } = faultline([knossos('good/memstress3-1.edn'), knossos('good/memstress3-2.edn'), '--model', 'cas-register']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^✔ linearizable\s+\S*memstress3-1\.edn \(\d+ ops, edn, \d+ ms\)$/m);
  });

  it('exits 1 when any history is not, and says which operation and the longest prefix', () => {
    const { code, stdout } = faultline([kv('c01-ok.txt'), kv('c01-bad.txt'), '--model', 'kv']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^✔ linearizable\s+\S*c01-ok\.txt/m);
    expect(stdout).toMatch(/^✘ not linearizable \S*c01-bad\.txt/m);
    expect(stdout).toMatch(/^ {4}in key "\d+"$/m);
    expect(stdout).toMatch(/^ {4}cannot linearize: \d+ get \d+ -> "[^"]*" \(line \d+\)$/m);
    expect(stdout).toMatch(/^ {4}longest linearizable prefix: \d+ operations/m);
    expect(stdout).toMatch(/^2 histories: 1 linearizable, 1 not linearizable, 0 unknown$/m);
  });

  it('--json prints an array of { file, verdict, ms }', () => {
    const { code, stdout } = faultline([kv('c01-ok.txt'), kv('c01-bad.txt'), '--model', 'kv', '--json']);
    expect(code).toBe(1);
    const rows = JSON.parse(stdout) as { file: string; verdict: string; ms: number }[];
    expect(rows.map((row) => [row.file, row.verdict])).toEqual([
      [kv('c01-ok.txt'), 'linearizable'],
      [kv('c01-bad.txt'), 'not-linearizable'],
    ]);
    for (const row of rows) expect(typeof row.ms).toBe('number');
  });

  it('exits 3 when a check runs out of time and none is not linearizable', () => {
    // c50-ok needs ~700k search steps; 1 ms cannot hold them.
    const { code, stdout } = faultline([kv('c01-ok.txt'), kv('c50-ok.txt'), '--model', 'kv', '--timeout', '1ms']);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^\? unknown\s+\S*c50-ok\.txt .*timed out after/m);
  });

  it('honours --initial: a knossos history that starts at nil', () => {
    const file = knossos('bad/rethink-fail-minimal.edn');
    expect(faultline([file, '--model', 'cas-register', '--initial', 'nil']).code).toBe(1);
    const ok = tempFile('nil.edn', '[{:process 0, :type :invoke, :f :cas, :value ["a" "b"]}\n{:process 0, :type :ok, :f :cas, :value ["a" "b"]}]');
    expect(faultline([ok, '--model', 'cas-register', '--initial', 'a']).code).toBe(0);
    expect(faultline([ok, '--model', 'cas-register', '--initial', 'nil']).code).toBe(1);
  });

  it('exits 2 with one line naming the file and line of a malformed entry', () => {
    const bad = tempFile('bad.edn', '[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :okay, :f :read, :value 1}]');
    const { code, stdout, stderr } = faultline([knossos('good/memstress3-1.edn'), bad, '--model', 'cas-register']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`faultline: ${bad}:2: :type must be :invoke, :ok, :fail or :info, got :okay\n`);
  });

  it('exits 2 on a missing file, an unknown model, or an operation the model does not know', () => {
    const missing = faultline(['/nonexistent/h.edn', '--model', 'register']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('faultline: /nonexistent/h.edn: cannot read: ENOENT\n');
    const model = faultline([kv('c01-ok.txt'), '--model', 'queue']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/--model <model>.*queue.*register, cas-register, kv/);
    const cas = faultline([knossos('good/memstress3-1.edn'), '--model', 'register']);
    expect(cas.code).toBe(2);
    expect(cas.stderr.trim().split('\n')).toHaveLength(1);
    expect(cas.stderr).toMatch(/memstress3-1\.edn: the register model has no "cas" operation/);
    const initial = faultline([kv('c01-ok.txt'), '--model', 'kv', '--initial', '0']);
    expect(initial.code).toBe(2);
    expect(initial.stderr).toBe('faultline: --initial does not apply to the kv model (every key starts as "")\n');
  });
});
