import type { FaultProfile } from '../faults/profile.js';

/**
 * The one place every profile a strategy makes passes through before it runs. Strategies only
 * rescale timing and aim the fault kinds the scenario's profile already enables; once the
 * `assumptions` workstream lands, this calls its `clampToAssumptions(profile, assumptions, beyond)`
 * (sim/assumptions.ts) so that no strategy draws outside what the scenario declares.
 */
export function clampStrategyProfile(profile: FaultProfile, assumptions: unknown): FaultProfile {
  void assumptions;
  return profile;
}
