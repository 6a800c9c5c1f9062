import { defineConfig, type Plugin } from 'vitest/config';
import solid from 'vite-plugin-solid';

/**
 * Under Vitest, vite-plugin-solid adds the `browser` export condition to every environment,
 * Node included; packages such as `ws` then resolve to their browser stubs and the real
 * server cannot start in tests. Our tests run in Node (the UI is tested in real Chromium),
 * so the condition is dropped again for test runs.
 */
const nodeConditionsInTests: Plugin = {
  name: 'luoshi:node-conditions-in-tests',
  enforce: 'post',
  configEnvironment(_name, config) {
    if (process.env.VITEST && config.resolve?.conditions) {
      config.resolve.conditions = config.resolve.conditions.filter((c) => c !== 'browser');
    }
  },
};

/**
 * One config for the client build (Vite) and every test (Vitest).
 * The client lives in client/ and is built into dist/client, which the server serves.
 */
export default defineConfig({
  root: 'client',
  plugins: [solid(), nodeConditionsInTests],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
  },
  test: {
    root: '.',
    include: ['{server,client,shared,models,test}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
