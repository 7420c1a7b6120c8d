import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const shared = {
  resolve: {
    alias: {
      '@': import.meta.dirname,
      // `server-only` throws outside React Server Components; tests import server modules directly.
      'server-only': path.resolve(import.meta.dirname, 'tests/fixtures/server-only.ts'),
    },
  },
};

// The integration suite runs once on an in-memory PGlite per file and, when
// DATABASE_URL points at a real server, once more on a fresh database there.
const realServer = process.env.DATABASE_URL;

/** What every project sets: a project inherits none of the root `test` options below but maxWorkers. */
const projectDefaults = {
  // Booting and migrating a PGlite per file takes seconds when two cores are busy.
  testTimeout: 30_000,
  hookTimeout: 120_000,
  // next-auth imports `next/server` without an extension, which Node's ESM
  // resolver refuses; letting Vite process it resolves the import.
  server: { deps: { inline: ['next-auth'] } },
  // Worker threads, not child processes (Vitest's default), still one fresh worker per file. A forked
  // worker is a new Node process that loads Vitest, the app's modules and PGlite's WebAssembly again, and the
  // kernel's share of the suite's CPU was ~28%. On 25 integration files, two cores: 85 and 95 s with forks,
  // 59 and 71 s with threads; the whole suite (240 files) 584 s in CI with forks, 474 s with threads.
  pool: 'threads' as const,
};

const projects: TestProjectInlineConfiguration[] = [
  { ...shared, test: { ...projectDefaults, name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
  {
    ...shared,
    test: {
      ...projectDefaults,
      name: 'integration:pglite',
      include: ['tests/integration/**/*.test.ts'],
      setupFiles: ['tests/setup-integration.ts'],
      // One migrated database per run, copied for each file (instead of ~80 fresh clusters migrated one by one).
      globalSetup: ['tests/global-setup-database.ts'],
      env: { TEST_DATABASE_URL: '' },
    },
  },
];
if (realServer) {
  projects.push({
    ...shared,
    test: {
      ...projectDefaults,
      name: 'integration:postgres',
      include: ['tests/integration/**/*.test.ts'],
      setupFiles: ['tests/setup-integration.ts'],
      globalSetup: ['tests/global-setup-database.ts'],
      env: { TEST_DATABASE_URL: realServer },
    },
  });
}

export default defineConfig({
  test: {
    projects,
    environment: 'node',
    // Vitest's default is one worker fewer than the cores, kept free for its own process: on the
    // two-core machines the suite runs on, that is ONE worker, so ~150 integration files ran one
    // after another while the other core idled (and, on PostgreSQL, the worker mostly waits on the
    // server). Vitest's main process only collects results; every core runs a worker.
    maxWorkers: availableParallelism(),
  },
});
