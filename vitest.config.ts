import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

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
          fileParallelism: false,
          retry: 1,
        },
      },
      {
        // The Firefox build in Firefox ESR over WebDriver BiDi (npm run build:firefox first).
        test: {
          name: 'firefox',
          include: ['tests/e2e/firefox/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          retry: 1,
        },
      },
    ],
  },
});
