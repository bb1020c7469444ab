import type { Scenario } from '../sim/index.js';
import { broadcastGossip } from './broadcast-gossip.js';

/** Every named scenario, in the order `faultline list` shows them. */
export const SCENARIOS: readonly Scenario[] = [broadcastGossip];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
