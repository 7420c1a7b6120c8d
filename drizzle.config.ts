import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are applied by scripts/db-migrate.ts,
// which serves both PGlite and a real PostgreSQL server.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
