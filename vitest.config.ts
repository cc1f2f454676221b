import { defineConfig } from 'vitest/config';
import { runTempDir } from './test/temp-dir.js';

// Three projects: `unit` needs nothing but Node; `browser` needs the system chromium; `env` needs the
// real services of test/env (apiserver, registries, helm, crane, skopeo), started once by the global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.env.test.ts', 'test/**/*.browser.test.ts', '**/node_modules/**'],
          // Some tests run the installed binary: it loads the bundle, rebuilt here when src/ is newer.
          globalSetup: ['test/temp-setup.ts', 'test/build/bundle-setup.ts'],
          env: { TMPDIR: runTempDir },
          testTimeout: 30_000,
        },
      },
      {
        // The HTML report in the system chromium (test/env/prereqs.sh installs it); no other service.
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/temp-setup.ts'],
          env: { TMPDIR: runTempDir },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'env',
          include: ['test/**/*.env.test.ts'],
          globalSetup: ['test/env/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
