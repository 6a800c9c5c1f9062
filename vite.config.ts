import { configDefaults, defineConfig, type Plugin } from 'vitest/config';
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
 * The slow test lane: suites whose cost is not the code under test — real Chromium or a LiveKit
 * server, the Whisper test models through ONNX, child processes and worker threads, clusters of
 * nodes. `npm test` runs both lanes (CI); `npm run test:fast` runs only the fast one, for the inner
 * loop. A new suite of one of these kinds belongs here (README.md, "Tests", says why each is).
 */
const SLOW_TESTS = [
  // Real Chromium (playwright-core) and a real LiveKit server. (The PNG reader of the harness,
  // test/e2e/harness/png.test.ts, is pure and runs in the fast lane.)
  'test/e2e/**/*.e2e.test.ts',
  'test/livekit-e2e.test.ts',
  // Whisper test models through Transformers.js / ONNX: model load and decode.
  'server/transcription/recogniser/whisper-decode.test.ts',
  'server/transcription/recogniser/whisper-worker.test.ts',
  'server/transcription/recogniser/fast-decode.test.ts',
  'server/transcription/service.test.ts',
  'server/transcription/live-interims.test.ts',
  'server/transcription/vad/silero-worker.test.ts',
  'test/audio.test.ts',
  'test/meeting-end-drain.test.ts',
  'test/export-demo.test.ts',
  // Child processes and threads: servers killed and restarted, servers refused a read-only file
  // or printing their banner, CLIs run as processes, the export render pool's worker threads
  // (each loads the DOCX/XLSX libraries).
  'server/exports/render-thread.test.ts',
  'test/fault.test.ts',
  'test/crash-audio.test.ts',
  'test/uplink-stall.test.ts',
  'test/followup-crash.test.ts',
  'test/storage.test.ts',
  'test/organisers.test.ts',
  'test/transcribe-cli.test.ts',
  'server/cli/extract.test.ts',
  // Hostile clients against a real server process (issue 13).
  'test/abuse/**',
  // Several nodes over PostgreSQL and Redis (issue 15), in process and as child processes.
  'test/cluster/**',
];

const ALL_TESTS = ['{server,client,shared,models,test}/**/*.test.{ts,tsx}'];

/**
 * Integration suites that run a second time with every test server on its own PostgreSQL
 * database (issue 15): the state-heavy paths — meetings, requirements, acks, secretaries,
 * archive, exports, follow-up. Only when a PostgreSQL server is given (CI always gives one).
 */
const POSTGRES_SUITES = [
  'test/rest.test.ts',
  'test/realtime.test.ts',
  'test/secretary.test.ts',
  'test/requirements-live.test.ts',
  'test/minutes-draft.test.ts',
  'test/archive.test.ts',
  'test/exports.test.ts',
  'test/attendance.test.ts',
  'test/followup.test.ts',
  'test/followup-scope.test.ts',
  'test/followup-overview.test.ts',
  'test/followup-uploads.test.ts',
  'test/meeting-end-order.test.ts',
  'test/organisers.test.ts',
];
const postgresProjects = process.env.LUOSHI_TEST_POSTGRES_URL
  ? [{ extends: true as const, test: { name: 'postgres', include: POSTGRES_SUITES, env: { LUOSHI_TEST_DIALECT: 'postgres' } } }]
  : [];

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
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'fast', include: ALL_TESTS, exclude: [...configDefaults.exclude, ...SLOW_TESTS] } },
      { extends: true, test: { name: 'slow', include: SLOW_TESTS.map((p) => (p.endsWith('/**') ? `${p}/*.test.{ts,tsx}` : p)) } },
      ...postgresProjects,
    ],
  },
});
