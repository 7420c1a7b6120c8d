import path from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const shared = {
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` throws outside React Server Components; tests import server modules directly.
      'server-only': path.resolve(__dirname, 'tests/fixtures/server-only.ts'),
    },
  },
};

// The integration suite runs once on an in-memory PGlite per file and, when
// DATABASE_URL points at a real server, once more on a fresh database there.
const realServer = process.env.DATABASE_URL;

const projects: TestProjectInlineConfiguration[] = [
  { ...shared, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
  {
    ...shared,
    test: {
      name: 'integration:pglite',
      include: ['tests/integration/**/*.test.ts'],
      setupFiles: ['tests/setup-integration.ts'],
      env: { TEST_DATABASE_URL: '' },
    },
  },
];
if (realServer) {
  projects.push({
    ...shared,
    test: {
      name: 'integration:postgres',
      include: ['tests/integration/**/*.test.ts'],
      setupFiles: ['tests/setup-integration.ts'],
      env: { TEST_DATABASE_URL: realServer },
    },
  });
}

export default defineConfig({
  test: {
    projects,
    environment: 'node',
    // A PGlite per file takes a second or two to boot and migrate on two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
