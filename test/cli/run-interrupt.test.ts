import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultlineAsync, main } from './workflow-cli.js';

/** Resolves once the file exists and holds something (the writer has flushed its first lines). */
async function fileHasContent(path: string): Promise<void> {
  while (!existsSync(path) || statSync(path).size === 0) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('run --trace stopped by Ctrl-C', { timeout: 120_000 }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} ends the trace with an interrupted footer, exits 130, and replay calls it incomplete (exit 3)`, async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'faultline-interrupt-')), 'run.jsonl');
      const child = spawn(process.execPath, [main, 'run', 'raft-kv', '--seed', '2', '--time', '100h', '--trace', path], { env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await fileHasContent(path);
      child.kill(signal);
      expect(await exited).toBe(130);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`interrupted \\(${signal}\\) at event \\d+`));

      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      const footer = JSON.parse(lines.at(-1)!) as { type: string; interrupted: boolean; events: number };
      expect(footer).toMatchObject({ type: 'trace.footer', interrupted: true });
      expect(footer.events).toBe(lines.length - 2);

      const replay = await faultlineAsync(['replay', path]);
      expect(replay.code).toBe(3);
      expect(replay.stderr).toContain(`is incomplete`);
      expect(replay.stderr).toContain(`all ${footer.events} events it has match`);
    });
  }
});
