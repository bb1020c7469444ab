import { runScenarioOnce, type RunOptions, type RunResult, type Scenario } from '../../sim/index.js';

/** The same scenario with only the named checker, to show that this checker alone catches a fault. */
export function onlyChecker(scenario: Scenario, checker: string): Scenario {
  return {
    ...scenario,
    setup: (env) => {
      const setup = scenario.setup(env);
      const checkers = setup.checkers.filter((c) => c.name === checker);
      if (checkers.length !== 1) throw new Error(`${scenario.name} has no checker named ${checker}`);
      return { ...setup, checkers };
    },
  };
}

/** The first seed in [1, maxSeeds] on which the scenario fails, with its result, or undefined. */
export function firstFailure(scenario: Scenario, maxSeeds: number, options: Omit<RunOptions, 'seed'> = {}): RunResult | undefined {
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const result = runScenarioOnce(scenario, { ...options, seed });
    if (!result.ok) return result;
  }
  return undefined;
}

/** Every failing seed in [1, count], each with its checker and message, for an assertion that shows them. */
export function failuresOver(scenario: Scenario, count: number, options: Omit<RunOptions, 'seed'> = {}): string[] {
  const failures: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const result = runScenarioOnce(scenario, { ...options, seed });
    if (!result.ok) failures.push(`seed ${seed}: ${result.violation.checker}: ${result.violation.message} (${result.repro})`);
  }
  return failures;
}
