import type { NodeSpec } from '../actor.js';
import type { FaultProfile } from '../faults/profile.js';
import { PROBE_EVENTS_MAX, PROBE_MS_MAX, probeProfile, TimescaleProbe, type Timescale } from './timescale.js';

/** Runs a scenario once with the given profile and node wrapper (scenario.ts supplies it). */
export type ProbeRunner = (profile: FaultProfile, runMs: number, maxEvents: number, nodes: (nodes: NodeSpec[]) => NodeSpec[]) => void;

let probing = 0;

/** True while a probe runs (coverage for feedback ignores it: only the seed's own run counts). */
export function isProbing(): boolean {
  return probing > 0;
}

/**
 * Learnt timescales, per scenario object and link-delay settings. The probe is a fixed run (seed 0,
 * no faults, bounded by virtual time and events, never by wall time, which a loaded machine would
 * make differ between processes), so what it learns depends only on the scenario: caching it per
 * process changes no result, and a replay learns the same.
 */
const learnt = new WeakMap<object, Map<string, Timescale>>();

export function learnTimescale(scenario: object, profile: FaultProfile, defaultTimeMs: number, run: ProbeRunner): Timescale {
  const key = `${profile.delayMsMin}/${profile.delayMsSpread}/${profile.delayDistribution}`;
  let byDelays = learnt.get(scenario);
  if (!byDelays) learnt.set(scenario, (byDelays = new Map()));
  const known = byDelays.get(key);
  if (known) return known;
  const probe = new TimescaleProbe();
  const quiet = probeProfile(profile);
  probing++;
  try {
    run(quiet, Math.min(defaultTimeMs, PROBE_MS_MAX), PROBE_EVENTS_MAX, (nodes) => probe.observe(nodes));
  } catch {
    // A scenario that throws without faults fails in its own run too; learn from what was seen.
  } finally {
    probing--;
  }
  const timescale = probe.result(quiet);
  byDelays.set(key, timescale);
  return timescale;
}
