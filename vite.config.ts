import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

/**
 * One config for the client build (Vite) and every test (Vitest).
 * The client lives in client/ and is built into dist/client, which the server serves.
 */
export default defineConfig({
  root: 'client',
  plugins: [solid()],
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
