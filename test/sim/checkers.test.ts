import { describe, expect, it } from 'vitest';
import type { Checker } from '../../sim/index.js';
import { receiver, sender, simulation } from '../helpers/nodes.js';

const nodes = () => [
  { id: 'a', logic: sender('b', 5) },
  { id: 'b', logic: receiver() },
];

/** A checker that records whose steps it saw. */
function watcher(watch?: string[]): Checker & { seen: string[] } {
  const seen: string[] = [];
  return { name: 'watcher', ...(watch ? { nodes: watch } : {}), seen, afterStep: (step) => void seen.push(step.node) };
}

describe('step checkers', () => {
  it('see every node by default, and only the nodes they name when they name some', () => {
    const all = watcher();
    const onlyB = watcher(['b']);
    simulation(nodes(), {}, 1000, [all, onlyB]).run();
    expect(new Set(all.seen)).toEqual(new Set(['a', 'b']));
    expect(onlyB.seen.length).toBeGreaterThan(0);
    expect(onlyB.seen.every((node) => node === 'b')).toBe(true);
    expect(onlyB.seen.length).toBe(all.seen.filter((node) => node === 'b').length);
  });

  it('naming a node that does not exist is an error at setup, not a silent no-op', () => {
    expect(() => simulation(nodes(), {}, 1000, [watcher(['c'])])).toThrow('checker watcher watches unknown node "c"');
  });
});
