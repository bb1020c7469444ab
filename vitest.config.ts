import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Many tests run tens to hundreds of seeds; vitest's 5 s default fails them on a slow, loaded
// 2-core machine (CI runs every file at once). A hang still fails, after two minutes.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Absolute: projects that tests create under .tmp/ run vitest with this config too.
    globalSetup: [fileURLToPath(new URL('./test/temp-root.ts', import.meta.url))],
  },
});
