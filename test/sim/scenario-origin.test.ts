import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineScenario, displayModulePath, NO_FAULTS, runScenarioOnce, scenarioOrigin, scenarioRef, type Scenario } from '../../sim/index.js';

const MODULE = pathToFileURL(join(process.cwd(), 'src', 'scenarios.ts')).href;

function failing(name: string): Scenario {
  return {
    name,
    description: 'fails at the end of every run',
    defaultTimeMs: 100,
    faults: NO_FAULTS,
    setup: () => ({
      nodes: [{ id: 'n1', logic: { init: () => ({}), onMessage() {} } }],
      checkers: [{ name: 'always-fails', atEnd: () => 'the end came' }],
    }),
  };
}

describe('defineScenario: where a scenario lives, so its repros load', () => {
  it('records the module; the repro of a failing run names it relative to the cwd', () => {
    const scenario = defineScenario(MODULE, failing('my-protocol-broken'));
    expect(scenarioOrigin(scenario)).toBe(MODULE);
    expect(scenarioRef(scenario)).toBe('./src/scenarios.ts#my-protocol-broken');
    const result = runScenarioOnce(scenario, { seed: 4 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.repro).toBe('faultline replay ./src/scenarios.ts#my-protocol-broken --seed 4');
  });

  it('a spread copy is another scenario and does not inherit the origin; an undeclared one keeps its name', () => {
    const base = defineScenario(MODULE, failing('base'));
    const copy = { ...base, name: 'copy' };
    expect(scenarioOrigin(copy)).toBeUndefined();
    expect(scenarioRef(copy)).toBe('copy');
  });

  it('a frozen scenario is recorded too', () => {
    const frozen = Object.freeze(failing('frozen'));
    defineScenario(MODULE, frozen);
    expect(scenarioRef(frozen)).toBe('./src/scenarios.ts#frozen');
  });

  it('insists on import.meta.url', () => {
    expect(() => defineScenario('scenarios.ts', failing('x'))).toThrow(/the first argument must be the module's import\.meta\.url/);
  });

  it('prints paths inside the cwd relative, others absolute', () => {
    expect(displayModulePath(pathToFileURL('/work/p/src/a.ts').href, '/work/p')).toBe('./src/a.ts');
    expect(displayModulePath(pathToFileURL('/elsewhere/a.ts').href, '/work/p')).toBe('/elsewhere/a.ts');
  });
});
