import { findScenario, runScenario } from '../../scenarios/index.js';
import { median, timeOnce } from '../measure.js';
import { infoRow, unavailableRow, type BenchRow } from '../rows.js';

/**
 * Recording mode (immer produceWithPatches, every node's state history kept) against fast mode on
 * the same scenario and seed. Both must give the same digest; the row says so.
 */
export function recordingRow(scenarioName: string, timeMs: number, rounds: number, seed = 1): BenchRow {
  const name = `recording mode cost: ${scenarioName}`;
  const scenario = findScenario(scenarioName);
  if (!scenario) return unavailableRow(name, '', `scenario ${scenarioName} is not registered`);
  const fastMs: number[] = [];
  const recordMs: number[] = [];
  let fastDigest = '';
  let recordDigest = '';
  let events = 0;
  runScenario(scenario, { seed, timeMs });
  for (let round = 0; round < rounds; round++) {
    fastMs.push(
      timeOnce(() => {
        const result = runScenario(scenario, { seed, timeMs });
        fastDigest = result.digest;
        events = result.stats.events;
        return 1;
      }).cpuMs,
    );
    recordMs.push(
      timeOnce(() => {
        recordDigest = runScenario(scenario, { seed, timeMs, record: true }).digest;
        return 1;
      }).cpuMs,
    );
  }
  const fast = median(fastMs);
  const record = median(recordMs);
  const digests = fastDigest === recordDigest ? 'same digest in both modes' : `DIGESTS DIFFER (${fastDigest} fast, ${recordDigest} record)`;
  return infoRow(
    name,
    record / fast,
    '× fast mode',
    `${timeMs / 1000} virtual s, seed ${seed}, ${events.toLocaleString('en-US')} events: fast ${fast.toFixed(0)} ms, record ${record.toFixed(0)} ms CPU (median of ${rounds}); ${digests}`,
  );
}
