import type { Checker, Simulation } from '../../sim/simulation.js';
import type { CoordinatorState } from './coordinator.js';
import { listFiles } from './file-server.js';
import { expectedFiles, isTempName, outputName, parseRecords, sequentialWordCount, type JobSpec } from './job.js';

export interface MapReduceTopology {
  coordinator: string;
  fileServer: string;
}

const describeWords = (counts: Map<string, number>): string => [...counts].map(([word, count]) => `${word}=${count}`).join(' ');

/** Differences between two word counts, as "word: got X, want Y" (first few). */
function countDiff(got: Map<string, number>, want: Map<string, number>): string[] {
  const words = [...new Set([...want.keys(), ...got.keys()])].sort();
  return words.filter((word) => got.get(word) !== want.get(word)).map((word) => `${word}: got ${got.get(word) ?? 'none'}, want ${want.get(word) ?? 'none'}`);
}

/**
 * Safety, at the end: once the coordinator reports the job done, the final output files, merged,
 * equal the word count computed sequentially from the corpus (no word lost, none counted twice).
 */
export function finalOutputChecker(job: JobSpec, topology: MapReduceTopology): Checker {
  const want = sequentialWordCount(job);
  return {
    name: 'mapreduce-output',
    kind: 'safety',
    atEnd: (sim: Simulation) => {
      const coordinator = sim.nodeState<CoordinatorState>(topology.coordinator);
      if (!coordinator || coordinator.completedAtMs < 0) return undefined; // unfinished: the liveness checker's case
      const files = listFiles(sim.storageOf(topology.fileServer));
      const got = new Map<string, number>();
      for (let r = 0; r < job.reducers; r++) {
        const content = files.get(outputName(r));
        if (content === undefined) return `job reported done but ${outputName(r)} does not exist`;
        for (const [word, count] of parseRecords(content)) got.set(word, (got.get(word) ?? 0) + count);
      }
      const diff = countDiff(got, want);
      if (diff.length === 0) return undefined;
      return `final output differs from the sequential word count (${describeWords(want)}): ${diff.slice(0, 4).join('; ')}`;
    },
  };
}

/**
 * Safety, after every step of the file server: every file visible under a final name (not a
 * temporary one) is complete, i.e. equals what that task computes. A reader can never see half an
 * output, nor one that a repeated task has added to.
 */
export function atomicOutputChecker(job: JobSpec, topology: MapReduceTopology): Checker {
  const expected = expectedFiles(job);
  return {
    name: 'mapreduce-atomic-output',
    kind: 'safety',
    nodes: [topology.fileServer],
    afterStep: (_step, sim) => {
      for (const [name, content] of listFiles(sim.storageOf(topology.fileServer))) {
        if (isTempName(name)) continue;
        const want = expected.get(name);
        if (want === undefined) return `unexpected file ${name} is visible`;
        if (content !== want) return `${name} is visible with ${content.length} bytes, not its complete output (${want.length} bytes): a partial or repeated write`;
      }
      return undefined;
    },
  };
}

/**
 * Liveness, at the end: after the fault plan ends (the quiet period), every task completes. The run
 * lasts long enough past the plan that a job still unfinished is stuck, not slow.
 */
export function completionChecker(topology: MapReduceTopology): Checker {
  return {
    name: 'mapreduce-completion',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const coordinator = sim.nodeState<CoordinatorState>(topology.coordinator);
      if (!coordinator) return `coordinator ${topology.coordinator} has no state`;
      if (coordinator.completedAtMs >= 0) return undefined;
      const open = coordinator.tasks.filter((entry) => entry.status !== 'done').map((entry) => `${entry.task.id} (${entry.status}, ${entry.attempts} attempts)`);
      const quietMs = Math.round(sim.nowMs - sim.faultPlanEndUs / 1000);
      return `job not done ${quietMs} ms after the faults stopped: ${open.join(', ')}`;
    },
  };
}
