/**
 * Child process of the raft-kv benchmark: measures in a fresh process, as a fuzz worker runs one
 * scenario, so that the engine's code is not first shaped by the other benchmarks' node logic
 * (after the no-op loop, the same run took about 20% longer in the parent).
 *
 * Usage: node dist/bench/raft-child.js <virtualMs>   (prints the rows as JSON)
 */
import { raftRowsHere } from './groups/raft.js';

const virtualMs = Number(process.argv[2]);
if (!(virtualMs > 0)) {
  process.stderr.write('usage: raft-child <virtualMs>\n');
  process.exitCode = 2;
} else {
  process.stdout.write(JSON.stringify(raftRowsHere(virtualMs)) + '\n');
}
