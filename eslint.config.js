// Type-aware checks tsc cannot make: a promise nobody awaits loses its errors and its ordering
// (the store is asynchronous since PostgreSQL support). And the import boundaries between the
// folders: shared/ runs in the browser too, and production code never depends on test doubles.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Node's own modules, however they are named (`node:fs`, `fs`, `fs/promises`). */
const NODE_BUILTINS = { regex: `^(node:.*|(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`, message: 'shared/ runs in the browser too: no Node modules (pass what you need in from the server).' };
const SERVER_OR_CLIENT = { regex: '^(\\.\\./)+(server|client)/', message: 'shared/ is the contract both sides import: it imports neither of them.' };
const SERVER = { regex: '^(\\.\\./)+server/', message: 'The client talks to the server over the wire only: types and rules come from shared/.' };
/** Tests of shared rules (and their helpers) may load the fixture corpora through the one Node-side loader. */
const SIDES_BUT_CORPUS = { regex: '^(\\.\\./)+(server/(?!cli/lib/corpus\\.ts$)|client/)', message: SERVER_OR_CLIENT.message };
const TESTING = { regex: '(^|/)testing/', message: 'Production code does not import test doubles: move what it needs out of testing/.' };

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'client/dist/**', 'test-results/**', 'data/**'] },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'test/**/*.ts', 'client/**/*.ts', 'client/**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_BUILTINS, SERVER_OR_CLIENT] }] },
  },
  {
    // Tests of shared rules run in Node and may read their fixtures (through server/cli/lib/corpus.ts,
    // which the eval CLI shares); otherwise they import neither side.
    files: [...TESTS.map((t) => `shared/${t}`), 'shared/**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIDES_BUT_CORPUS] }] },
  },
  {
    files: ['server/**/*.ts'],
    // The held-out report is about the held-out test data itself (npm run eval:heldout).
    ignores: [...TESTS, 'server/**/testing/**', 'server/cli/lib/heldout-report.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TESTING] }] },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SERVER] }] },
  },
);
