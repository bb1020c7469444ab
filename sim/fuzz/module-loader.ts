import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../scenario.js';

/** The tsx release faultline is tested with (the README and the error below name it). */
export const TSX_VERSION = '4.23.15';

const TYPESCRIPT_MODULE = /\.(?:c|m)?tsx?$/;

export function isTypeScriptModule(moduleUrl: string): boolean {
  return TYPESCRIPT_MODULE.test(moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl);
}

interface TsxApi {
  register(): unknown;
}

let registered: Promise<void> | undefined;

/**
 * Imports a scenario module. A TypeScript module is compiled on the fly by tsx (esbuild, types
 * stripped, not checked), registered once per process and only when such a module is loaded, so
 * JavaScript scenarios never pay for it. Fuzz workers call this too, so they load the same file.
 */
export async function importModule(moduleUrl: string): Promise<Record<string, unknown>> {
  if (isTypeScriptModule(moduleUrl)) {
    registered ??= registerTsx(moduleUrl).catch((error: unknown) => {
      registered = undefined;
      throw error;
    });
    await registered;
  }
  return (await import(moduleUrl)) as Record<string, unknown>;
}

async function registerTsx(moduleUrl: string): Promise<void> {
  const esm = await importTsx('tsx/esm/api', moduleUrl);
  const cjs = await importTsx('tsx/cjs/api', moduleUrl);
  // Both hooks: a .ts file is ESM in a "type": "module" project and CommonJS otherwise.
  esm.register();
  cjs.register();
}

/** tsx from beside faultline, else from the scenario module's own project. */
async function importTsx(specifier: string, moduleUrl: string): Promise<TsxApi> {
  try {
    return (await import(specifier)) as TsxApi;
  } catch {
    try {
      const path = createRequire(moduleUrl).resolve(specifier);
      const api = (await import(pathToFileURL(path).href)) as TsxApi & { default?: TsxApi };
      return typeof api.register === 'function' ? api : (api.default as TsxApi);
    } catch {
      const shown = fileURLToPath(moduleUrl);
      throw new UsageError(`scenario module ${shown} is TypeScript: faultline loads it with tsx, which is not installed here; run npm install --save-dev tsx@${TSX_VERSION} (or compile it and pass the .js file)`);
    }
  }
}
