import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../scenarios/index.js';
import { scenarioModuleOf, SCENARIOS } from '../../scenarios/registry.js';
import { loadScenario } from '../../sim/fuzz/scenario-source.js';

describe('registry: each scenario names the module a fuzz worker loads it from', { timeout: 60_000 }, () => {
  it('every registered scenario loads from its own module as the very same object', async () => {
    for (const scenario of SCENARIOS) {
      const module = scenarioModuleOf(scenario);
      expect(module, scenario.name).toMatch(/^file:.*\/scenarios\/[a-z0-9-]+\.(?:ts|js)$/);
      expect(await loadScenario({ module: module as string, name: scenario.name }), scenario.name).toBe(scenario);
    }
  });

  it('the catalog gives a worker that module, and the name stays the ref', () => {
    const found = REGISTRY.find('raft-kv');
    expect(found?.ref).toBe('raft-kv');
    expect(found?.source?.module).toMatch(/\/scenarios\/raft-kv\.(?:ts|js)$/);
    expect(found?.source?.name).toBe('raft-kv');
  });

  it('an object that is not registered has no module', () => {
    expect(scenarioModuleOf({ ...(SCENARIOS[0] as (typeof SCENARIOS)[number]) })).toBeUndefined();
  });
});
