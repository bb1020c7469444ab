import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/index.js';

// Child processes and workers run the built package (npm test builds before vitest).
const distEntry = fileURLToPath(new URL('../../dist/scenarios/index.js', import.meta.url));
const options = { seed: 9, timeMs: 5000 };
const script = `import(${JSON.stringify(distEntry)}).then((m) => {
  const digest = m.runScenario('broadcast-gossip', ${JSON.stringify(options)}).digest;
  if (typeof process.send === 'function' || !globalThis.postDigest) console.log(digest); else postDigest(digest);
});`;

describe('same scenario + options + seed gives the same digest (broadcast-gossip, seed 9)', () => {
  const inProcess = runScenario('broadcast-gossip', options).digest;

  it('in process, run after run', () => {
    expect(runScenario('broadcast-gossip', options).digest).toBe(inProcess);
  });

  it('in a child process', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe(inProcess);
  });

  it('in a worker thread', async () => {
    const workerCode = `const { parentPort } = require('node:worker_threads');
      globalThis.postDigest = (d) => parentPort.postMessage(d);
      ${script}`;
    const digest = await new Promise<string>((resolve, reject) => {
      const worker = new Worker(workerCode, { eval: true });
      worker.once('message', (d: string) => {
        resolve(d);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    expect(digest).toBe(inProcess);
  });

  it('in recording mode (immer) as in fast mode', () => {
    expect(runScenario('broadcast-gossip', { ...options, record: true }).digest).toBe(inProcess);
  });

  it('and different seeds give different digests', () => {
    const digests = new Set([1, 2, 3, 4, 5].map((seed) => runScenario('broadcast-gossip', { seed, timeMs: 2000 }).digest));
    expect(digests.size).toBe(5);
  });

  it('and different options give a different digest', () => {
    expect(runScenario('broadcast-gossip', { ...options, faults: 'drop=0.3' }).digest).not.toBe(inProcess);
  });
});
