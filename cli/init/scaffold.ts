import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULTLINE_VERSION, UsageError } from '../../sim/index.js';

/** The starter project is the packaged example, so what `init` writes is what CI tests from the tarball. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/quorum-kv/', import.meta.url));
const TEMPLATE_ENTRIES = ['src', 'test', 'tsconfig.json', 'README.md'];

/**
 * How the new project depends on faultline: as the enclosing project does (a `file:` tarball path
 * rebased to the new folder), else the published version of this faultline.
 */
export function faultlineSpec(targetDir: string, cwd: string): string {
  const manifest = join(cwd, 'package.json');
  if (existsSync(manifest)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const spec = pkg.devDependencies?.faultline ?? pkg.dependencies?.faultline;
    if (spec?.startsWith('file:')) {
      const path = spec.slice('file:'.length);
      const absolute = isAbsolute(path) ? path : resolve(cwd, path);
      return `file:${relative(targetDir, absolute).split('\\').join('/')}`;
    }
    if (spec) return spec;
  }
  return `^${FAULTLINE_VERSION}`;
}

function packageName(dir: string): string {
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return name || 'faultline-project';
}

/** Writes the starter project into `dir` (which must be absent or empty). Returns the files written. */
export function scaffold(dir: string, faultline: string): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty; give a new folder: faultline init my-protocol`);
  if (!existsSync(TEMPLATE_DIR)) throw new UsageError(`the starter template is missing from this faultline install (${TEMPLATE_DIR})`);
  mkdirSync(dir, { recursive: true });
  for (const entry of TEMPLATE_ENTRIES) cpSync(join(TEMPLATE_DIR, entry), join(dir, entry), { recursive: true });
  const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, 'package.json'), 'utf8')) as Record<string, unknown> & { devDependencies: Record<string, string> };
  const pkg = { ...template, name: packageName(dir), devDependencies: { ...template.devDependencies, faultline } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n*.jsonl\n*.html\n');
  return [...TEMPLATE_ENTRIES, 'package.json', '.gitignore'].map((entry) => join(relative(dirname(dir), dir), entry));
}
