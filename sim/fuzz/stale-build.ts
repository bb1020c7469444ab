import { existsSync, statSync } from 'node:fs';
import { sep } from 'node:path';

const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'out']);

/**
 * A compiled scenario module older than its TypeScript source runs yesterday's protocol. For
 * `…/dist/x.js` (or build/, lib/, out/) this looks for `…/src/x.ts` (.mts, .tsx) and names it
 * when the source is newer; undefined otherwise.
 */
export function staleBuildSource(modulePath: string): string | undefined {
  if (!/\.m?js$/.test(modulePath)) return undefined;
  const parts = modulePath.split(sep);
  const buildIndex = parts.findIndex((part) => BUILD_DIRS.has(part));
  if (buildIndex < 0) return undefined;
  const compiledMs = statSync(modulePath).mtimeMs;
  const stem = [...parts.slice(0, buildIndex), 'src', ...parts.slice(buildIndex + 1)].join(sep).replace(/\.m?js$/, '');
  for (const extension of ['.ts', '.mts', '.tsx']) {
    const source = stem + extension;
    if (existsSync(source) && statSync(source).mtimeMs > compiledMs) return source;
  }
  return undefined;
}
