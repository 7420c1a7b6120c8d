/**
 * Once per run of each integration project: one database migrated from
 * scratch, which every test file's database is then copied from
 * (tests/fixtures/db.ts).
 *
 * - PGlite: a fresh in-memory PGlite costs ~2.3 s of CPU (its own initdb) plus
 *   ~0.6 s of migrations; starting one from a dump of a migrated one costs
 *   ~0.6 s. The dump is written to a temporary file the test files read.
 * - PostgreSQL: `create database … template …` is one statement, instead of
 *   every migration and the job queue's install again per file.
 *
 * With ~80 integration files per project this is minutes of the suite on two
 * cores. The migrations themselves still run from scratch here, on every run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateConnection, openConnection } from '@/db';
import { dropTestDatabase } from './fixtures/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding a dump of a migrated PGlite (PGlite project). */
    templateDump: string;
    /** The migrated database each test file's database is copied from (PostgreSQL project). */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = project.config.env?.TEST_DATABASE_URL;
  if (!serverUrl) {
    const connection = await openConnection({ dataDir: undefined });
    const directory = mkdtempSync(path.join(tmpdir(), 'skillgrid-template-'));
    try {
      await migrateConnection(connection);
      if (!connection.jobs || !('pglite' in connection.jobs)) throw new Error('expected an embedded PGlite');
      const dump = await connection.jobs.pglite.dumpDataDir('none');
      const file = path.join(directory, 'migrated.tar');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      project.provide('templateDump', file);
    } finally {
      await connection.close();
    }
    return async () => rmSync(directory, { recursive: true, force: true });
  }

  const { default: postgres } = await import('postgres');
  const name = `skillgrid_template_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await openConnection({ url: url.toString() });
  try {
    await migrateConnection(connection);
  } finally {
    // A template may have no open session while it is copied.
    await connection.close();
  }
  project.provide('templateDatabase', name);
  return () => dropTestDatabase(serverUrl, name);
}
