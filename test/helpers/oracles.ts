import { fileURLToPath } from 'node:url';

/** External histories and logs live in shared/, beside the repository (as CI clones it). */
export const ORACLES_DIR = fileURLToPath(new URL('../../../shared/oracles', import.meta.url));
