import { availableParallelism } from 'node:os';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// End-to-end files run two at a time: each drives its own browser, profile, servers and free
// ports, and most of a file's time is spent waiting on the browser, so two files share the
// machine's two cores well (the Chromium suite took 630 s one file at a time). KURABE_E2E_WORKERS=1
// runs them one by one again (to read a failure without the other file's noise).
const e2eWorkers = Number(process.env.KURABE_E2E_WORKERS ?? 2);
// Vitest's default is one worker fewer than the cores: on a 2-core machine (CI's) the unit files
// ran one at a time, with a core idle. They are CPU-bound and independent: use every core.
const unitWorkers = Math.max(2, availableParallelism());
// Two files at a time share the cores, and some files start real servers (WordPress, MariaDB,
// pouchdb-server) or run property tests of many cases: Vitest's 5 s default fails them on a busy
// machine while nothing is wrong. Timeouts only stop a hung test; speed is measured in the bench.
const unitTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 };
// expect.poll waits 1 s by default: two browsers on two cores, one reading thousands of records,
// take longer than that to paint what is certainly coming (a CI run failed so). A poll's timeout
// only bounds the wait for a state; it never makes a wrong state pass.
const e2eExpect = { poll: { timeout: 15_000 } };

export default defineConfig({
  test: {
    projects: [
      {
        // Pure logic: no browser APIs; DOM from jsdom where a test asks for it.
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['fake-indexeddb/auto'],
          maxWorkers: unitWorkers,
          ...unitTimeouts,
        },
      },
      {
        // Entrypoints and components with WXT's fakeBrowser and fake-indexeddb.
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto'],
          maxWorkers: unitWorkers,
          ...unitTimeouts,
        },
      },
      {
        // The built extension in real Chromium (npm run build first).
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: ['tests/e2e/firefox/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: e2eWorkers > 1,
          maxWorkers: e2eWorkers,
          retry: 1,
          expect: e2eExpect,
        },
      },
      {
        // The Firefox build in Firefox ESR over WebDriver BiDi (npm run build:firefox first).
        test: {
          name: 'firefox',
          include: ['tests/e2e/firefox/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: e2eWorkers > 1,
          maxWorkers: e2eWorkers,
          retry: 1,
          expect: e2eExpect,
        },
      },
    ],
  },
});
