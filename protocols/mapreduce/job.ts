import type { RandomStream } from '../../sim/random.js';

/**
 * Word count, the job every MapReduce course starts with. Map and reduce are deterministic and free
 * of side effects, which is what makes re-running a task harmless once its output commits atomically.
 */

export interface JobSpec {
  splits: string[];
  reducers: number;
}

/** Intermediate file of map task m for reduce partition r. */
export const intermediateName = (map: number, reduce: number): string => `mr-${map}-${reduce}`;
/** Final output file of reduce partition r. */
export const outputName = (reduce: number): string => `out-${reduce}`;
export const isTempName = (name: string): boolean => name.startsWith('tmp/');

/** Which reduce partition a word belongs to: a fixed hash, the same in every process. */
export function partitionOf(word: string, reducers: number): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (hash * 31 + word.charCodeAt(i)) >>> 0;
  return hash % reducers;
}

/** Map: one "word 1" line per occurrence, split into the reducers' partitions. */
export function mapSplit(split: string, reducers: number): string[] {
  const partitions: string[][] = Array.from({ length: reducers }, () => []);
  for (const word of split.split(/\s+/)) {
    if (word.length > 0) partitions[partitionOf(word, reducers)]!.push(`${word} 1`);
  }
  return partitions.map((lines) => lines.map((line) => `${line}\n`).join(''));
}

/** Parses "word count" lines into (word, count) pairs, in order. */
export function parseRecords(content: string): [string, number][] {
  const records: [string, number][] = [];
  for (const line of content.split('\n')) {
    if (line.length === 0) continue;
    const space = line.lastIndexOf(' ');
    records.push([line.slice(0, space), Number(line.slice(space + 1))]);
  }
  return records;
}

/** Reduce: sums the counts of each word over every input, sorted by word. */
export function reduceInputs(inputs: readonly string[]): string {
  const totals = new Map<string, number>();
  for (const input of inputs) {
    for (const [word, count] of parseRecords(input)) totals.set(word, (totals.get(word) ?? 0) + count);
  }
  const words = [...totals.keys()].sort();
  return words.map((word) => `${word} ${totals.get(word)}\n`).join('');
}

/** The sequential result: every file the job must end with, by name, computed in one process. */
export function expectedFiles(job: JobSpec): Map<string, string> {
  const files = new Map<string, string>();
  const mapped = job.splits.map((split) => mapSplit(split, job.reducers));
  mapped.forEach((partitions, m) => partitions.forEach((content, r) => files.set(intermediateName(m, r), content)));
  for (let r = 0; r < job.reducers; r++) files.set(outputName(r), reduceInputs(mapped.map((partitions) => partitions[r]!)));
  return files;
}

/** Word counts of the whole corpus, counted directly (not through map/reduce). */
export function sequentialWordCount(job: JobSpec): Map<string, number> {
  const counts = new Map<string, number>();
  for (const split of job.splits) {
    for (const word of split.split(/\s+/)) if (word.length > 0) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

const VOCABULARY = ['the', 'a', 'of', 'clock', 'node', 'lease', 'fault', 'seed', 'log', 'quorum', 'raft', 'paxos'];

/** A small corpus from the workload stream: skewed word frequencies, as in real text. */
export function generateJob(rng: RandomStream, maps: number, reducers: number): JobSpec {
  const splits: string[] = [];
  for (let m = 0; m < maps; m++) {
    const words: string[] = [];
    const length = 20 + rng.int(21);
    // min of two draws favours the front of the vocabulary (a cheap Zipf-like skew)
    for (let i = 0; i < length; i++) words.push(VOCABULARY[Math.min(rng.int(VOCABULARY.length), rng.int(VOCABULARY.length))]!);
    splits.push(words.join(' '));
  }
  return { splits, reducers };
}
