/**
 * vitest global setup: every test's temporary files (tmpdir(), inherited by the CLI processes the
 * tests start) go under one fresh folder, removed when the run ends, so runs leave nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'faultline-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
