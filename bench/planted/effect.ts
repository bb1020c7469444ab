/**
 * Does a planted patch ever change what the honest handler does? For each message a patched node
 * receives, the honest handler runs on a copy of the state twice, with the message as sent and as
 * the patch rewrites it (then its afterMessage), and the two outcomes (next state, sends, timers,
 * outputs) are compared. A patch that never changes an outcome cannot be seen by any checker.
 *
 *   node dist/bench/planted/effect.js [--bug id,id] [--seeds 100] [--strategies random,timescale,aimed]
 */
import { fileURLToPath } from 'node:url';
import { prepareRun, summarize, type NodeLogic, type Scenario } from '../../sim/index.js';
import { retiredBugs, type RetiredBug } from './retired.js';

export interface EffectCount {
  /** Messages the patch rewrote (or ran afterMessage on). */
  touched: number;
  /** Of those, messages where the honest outcome changed. */
  changed: number;
  /** Seeds whose run failed a checker. */
  failedSeeds: number;
}

function outcome(logic: NodeLogic<any>, state: unknown, from: string, msg: unknown, ctx: any, after?: (state: any, from: string, msg: any, ctx: any) => void): string {
  const copy = JSON.parse(JSON.stringify(state));
  const effects: unknown[] = [];
  const record = (kind: string) => ({ value: (...args: unknown[]) => effects.push([kind, ...args]) });
  const sandbox = Object.create(ctx, { send: record('send'), setTimer: record('timer'), cancelTimer: record('cancel'), output: record('output') });
  const next = logic.onMessage(copy, from, msg as never, sandbox) ?? copy;
  after?.(next, from, msg, sandbox);
  return JSON.stringify([next, effects]);
}

function counting(logic: NodeLogic<any>, bug: RetiredBug, count: EffectCount): NodeLogic<any> {
  const { incoming, afterMessage } = bug.patch;
  return {
    ...logic,
    onMessage: (state, from, msg, ctx) => {
      const seen = incoming ? incoming(state, from, msg, ctx) : msg;
      if (seen !== msg || afterMessage) {
        count.touched++;
        if (outcome(logic, state, from, msg, ctx) !== outcome(logic, state, from, seen, ctx, afterMessage)) count.changed++;
      }
      const next = logic.onMessage(state, from, seen, ctx);
      afterMessage?.(next ?? state, from, seen, ctx);
      return next;
    },
  };
}

export function measureEffect(bug: RetiredBug, seeds: number, strategies: readonly string[]): EffectCount {
  const count: EffectCount = { touched: 0, changed: 0, failedSeeds: 0 };
  const scenario: Scenario = {
    ...bug.base,
    setup: (env) => {
      const setup = bug.base.setup(env);
      return { ...setup, nodes: setup.nodes.map((node) => (bug.which(node) ? { ...node, logic: counting(node.logic, bug, count) } : node)) };
    },
  };
  for (const strategy of strategies) {
    for (let seed = 1; seed <= seeds; seed++) {
      const prepared = prepareRun(scenario, { seed, ...(strategy === 'random' ? {} : { strategy }) });
      prepared.sim.run();
      if (!summarize(prepared).ok) count.failedSeeds++;
    }
  }
  return count;
}

function main(argv: string[]): void {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const ids = value('--bug')?.split(',');
  const bugs = ids ? retiredBugs.filter((bug) => ids.includes(bug.id)) : retiredBugs;
  const seeds = Number(value('--seeds') ?? 100);
  const strategies = (value('--strategies') ?? 'random,timescale,aimed').split(',');
  for (const bug of bugs) {
    const count = measureEffect(bug, seeds, strategies);
    process.stdout.write(`${bug.id}: ${count.touched} messages touched, ${count.changed} changed the honest outcome, ${count.failedSeeds} failing runs (${seeds} seeds × ${strategies.join(', ')})\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
