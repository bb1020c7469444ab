import type { Simulation } from '../simulation.js';
import type { PlanStep } from './plan.js';

/**
 * Carries out one step of the nemesis plan through the simulation's public fault actions (the same
 * ones scripted tests and search hooks use). Masked or not-kept episodes do nothing.
 */
export function applyPlanStep(sim: Simulation, step: PlanStep): void {
  if (!sim.faultAllowed(step.fault)) return;
  const action = step.action;
  switch (action.type) {
    case 'partition':
      sim.partition(action.groups, action.oneWay, step.fault);
      return;
    case 'heal':
      if (sim.activePartition === step.fault) sim.heal(step.fault);
      return;
    case 'crash':
      sim.crash(action.node, action.mode, step.fault);
      return;
    case 'restart':
      sim.restart(action.node, step.fault);
      return;
    case 'pause':
      sim.pause(action.node, action.durationMs, step.fault);
      return;
    case 'clock-jump':
      sim.jumpClock(action.node, action.jumpMs, step.fault);
      return;
    case 'omission':
      sim.startOmission(action.node, action.probability, step.fault);
      return;
    case 'omission-end':
      sim.endOmission(action.node, step.fault);
      return;
  }
}
