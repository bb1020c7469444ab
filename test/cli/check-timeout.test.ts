import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.js';

describe('check has a default bound', () => {
  it('--timeout defaults to one minute per history, so a hard history ends as unknown (exit 3), not after hours', () => {
    const check = buildProgram(() => {}).commands.find((command) => command.name() === 'check');
    const timeout = check?.options.find((option) => option.long === '--timeout');
    expect(timeout?.defaultValue).toBe(60_000);
    expect(timeout?.description).toContain('default: 1m');
  });
});
