import { fileURLToPath } from 'node:url';

/** External histories and logs, copied into the repository (origin and licence in each NOTICE.md). */
export const ORACLES_DIR = fileURLToPath(new URL('../oracles', import.meta.url));
