import type { Checker } from '../../sim/simulation.js';
import type { ServerState } from './server.js';

interface CommitOutput {
  view: number;
  seq: number;
  reqId: string;
}

interface ActivateOutput {
  view: number;
  primary: string;
}

/**
 * Committed entries are stable: no two primaries ever commit different operations at the same log
 * position, at most one primary activates per view, and a primary that activates a view holds every
 * entry committed in an earlier view, in place. (A primary paused after its view was decided may
 * activate that view late, after a later view has committed more: those later commits are not its to
 * hold, and its own late commits are checked against them position by position.) Checked
 * incrementally over the servers' outputs.
 */
export function committedStableChecker(): Checker {
  let cursor = 0;
  const committed: string[] = [];
  const committedIn: number[] = [];
  const primaryOf = new Map<number, string>();
  return {
    name: 'pb-committed-stable',
    kind: 'safety',
    afterStep: (_step, sim) => {
      const outputs = sim.outputs;
      for (; cursor < outputs.length; cursor++) {
        const output = outputs[cursor]!;
        if (output.name === 'pb.commit') {
          const { view, seq, reqId } = output.value as CommitOutput;
          const earlier = committed[seq - 1];
          if (earlier !== undefined && earlier !== reqId) {
            return `${output.node} committed ${reqId} at position ${seq} in view ${view}, where ${earlier} was committed in view ${committedIn[seq - 1]}`;
          }
          committed[seq - 1] = reqId;
          committedIn[seq - 1] = view;
        } else if (output.name === 'pb.activate') {
          const { view, primary } = output.value as ActivateOutput;
          const other = primaryOf.get(view);
          if (other !== undefined && other !== primary) return `view ${view} has two primaries: ${other} and ${primary}`;
          primaryOf.set(view, primary);
          const log = sim.nodeState<ServerState>(primary)?.log ?? [];
          for (let i = 0; i < committed.length; i++) {
            const reqId = committed[i];
            if (reqId !== undefined && (committedIn[i] as number) < view && log[i]?.reqId !== reqId) {
              return `${primary} activated view ${view} without ${reqId}, committed at position ${i + 1} in view ${committedIn[i]}`;
            }
          }
        }
      }
      return undefined;
    },
  };
}
