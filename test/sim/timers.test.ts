import { describe, expect, it } from 'vitest';
import { NO_FAULTS, Simulation, type NodeLogic, type NodeSpec } from '../../sim/index.js';

/** What a timer node saw: each fire as "name@ms". */
interface TimerState {
  fired: string[];
}

type Script = (state: TimerState, name: string, id: number, ctx: Parameters<NonNullable<NodeLogic<TimerState>['onTimer']>>[2]) => void;

/** A node that sets the given timers at init and runs `script` on every fire. */
function timerNode(timers: [afterMs: number, name: string][], script: Script = () => {}): NodeLogic<TimerState> & { ids: number[] } {
  const ids: number[] = [];
  return {
    ids,
    init(ctx) {
      for (const [afterMs, name] of timers) ids.push(ctx.setTimer(afterMs, name));
      return { fired: [] };
    },
    onMessage() {},
    onTimer(state, timer, ctx) {
      state.fired.push(`${timer.name}@${ctx.nowMs}`);
      script(state, timer.name, timer.id, ctx);
    },
  };
}

function run(nodes: NodeSpec[], record = false, setup: (sim: Simulation) => void = () => {}): Simulation {
  const sim = new Simulation({ seed: '1', nodes, profile: { ...NO_FAULTS }, runMs: 1_000, record });
  setup(sim);
  sim.run();
  return sim;
}

const fired = (sim: Simulation, id: string): string[] => sim.nodeState<TimerState>(id)!.fired;

describe.each([false, true])('timers (record mode %s)', (record) => {
  it('fire in time order, equal times in the order they were set', () => {
    const sim = run([{ id: 'a', logic: timerNode([[30, 'c'], [10, 'a'], [10, 'b'], [20, 'x']]) }], record);
    expect(fired(sim, 'a')).toEqual(['a@10', 'b@10', 'x@20', 'c@30']);
  });

  it('cancelTimer(id) stops that timer only, and cancelling a fired id changes nothing', () => {
    const logic = timerNode([[10, 'first'], [20, 'victim'], [30, 'last']], (_state, name, id, ctx) => {
      if (name === 'first') {
        ctx.cancelTimer(id); // already fired
        ctx.cancelTimer(logic.ids[1]!);
      }
    });
    const sim = run([{ id: 'a', logic }], record);
    expect(fired(sim, 'a')).toEqual(['first@10', 'last@30']);
  });

  it('cancelTimer(name) stops every pending timer of that name, interleaved with others, and none set later', () => {
    const logic = timerNode(
      [[10, 'go'], [20, 'tick'], [25, 'keep'], [30, 'tick'], [35, 'keep'], [40, 'tick'], [45, 'keep'], [50, 'tick']],
      (_state, name, _id, ctx) => {
        if (name === 'go') {
          ctx.cancelTimer('tick');
          ctx.setTimer(60, 'tick');
        }
      },
    );
    const other = timerNode([[20, 'tick']]);
    const sim = run([{ id: 'a', logic }, { id: 'b', logic: other }], record);
    expect(fired(sim, 'a')).toEqual(['go@10', 'keep@25', 'keep@35', 'keep@45', 'tick@70']);
    expect(fired(sim, 'b')).toEqual(['tick@20']); // another node's timer of the same name
  });

  it('a crash drops the pending timers; after a restart only the new incarnation\'s timers fire', () => {
    const sim = run([{ id: 'a', logic: timerNode([[100, 'old'], [300, 'old']]) }], record, (s) => {
      s.at(150, (x) => x.crash('a', 'recover'));
      s.at(200, (x) => x.restart('a'));
    });
    // init after the restart (t=200) sets timers for t=300 and t=500; the first incarnation's t=300 is gone.
    expect(fired(sim, 'a')).toEqual(['old@300', 'old@500']);
  });
});
