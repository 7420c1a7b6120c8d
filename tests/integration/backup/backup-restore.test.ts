/**
 * npm run db:backup / db:restore: a backup restored into a fresh database
 * brings back every rating and every history row (same counts, same checksum
 * over organization, cycle, member, skill, source, level, n/a, interest), and
 * the tools refuse what would lose or corrupt data: a directory another
 * process has open, a target that already holds a database, an existing
 * backup file.
 *
 * The embedded half runs in the PGlite project, the PostgreSQL half (pg_dump
 * / pg_restore into a scratch database created with the CI role's CREATEDB
 * right and dropped afterwards) in the PostgreSQL project.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateConnection, openConnection, type Connection, type Db } from '@/db';
import { assessmentCycles, ratingHistory, ratings } from '@/db/schema';
import {
  assertDirectoryNotInUse,
  backupPglite,
  restorePglite,
  type PgliteBackupResult,
} from '@/lib/backup/pglite-backup';
import { backupPostgres, findPgTool, restorePostgres } from '@/lib/backup/postgres-backup';
import { ratingChecksum, type RatingChecksum } from '@/lib/backup/rating-checksum';
import { createTestDatabase, realServerUrl, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { buildWorld } from '../../fixtures/world';

/** Ratings in both organizations, self and manager, with levels, n/a and interest, each with its history. */
async function seedRatings(db: Db): Promise<void> {
  const world = await buildWorld(db);
  const frameworkB = await insertSmallFramework(db, world.orgB, 'small-b');
  const [cycleB] = await db
    .insert(assessmentCycles)
    .values({
      organizationId: world.orgB,
      frameworkId: frameworkB.frameworkId,
      name: 'B 2026',
      opensOn: '2026-10-01',
      closesOn: '2026-12-31',
    })
    .returning({ id: assessmentCycles.id });
  if (!cycleB) throw new Error('insert failed');

  const rows: (typeof ratings.$inferInsert)[] = [];
  const membersA = [world.adminA, world.managerA1, world.memberA1, world.subjectA1, world.managerA2];
  membersA.forEach((member, m) =>
    world.framework.skillIds.forEach((skillId, s) => {
      const notApplicable = (m + s) % 7 === 0;
      rows.push({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: member.membership.id,
        skillId,
        source: 'self',
        level: notApplicable ? null : (m + s) % 5,
        notApplicable,
        interest: s % 3 === 0,
        ratedByMembershipId: member.membership.id,
      });
    }),
  );
  for (const subject of [world.memberA1, world.subjectA1]) {
    world.framework.skillIds.forEach((skillId, s) =>
      rows.push({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: subject.membership.id,
        skillId,
        source: 'manager',
        level: (s * 3) % 5,
        ratedByMembershipId: world.managerA1.membership.id,
      }),
    );
  }
  frameworkB.skillIds.forEach((skillId, s) =>
    rows.push({
      organizationId: world.orgB,
      cycleId: cycleB.id,
      membershipId: world.adminB.membership.id,
      skillId,
      level: 4 - (s % 5),
      ratedByMembershipId: world.adminB.membership.id,
    }),
  );
  await db.insert(ratings).values(rows);
  const changedAt = new Date('2026-11-01T10:00:00Z');
  await db.insert(ratingHistory).values(
    rows.map((row) => ({
      organizationId: row.organizationId,
      cycleId: row.cycleId,
      membershipId: row.membershipId,
      skillId: row.skillId,
      source: row.source ?? 'self',
      level: row.level ?? null,
      notApplicable: row.notApplicable ?? false,
      interest: row.interest ?? false,
      ratedByMembershipId: row.ratedByMembershipId,
      changedAt,
    })),
  );
}

/** Runs one of the npm scripts' entry points on an embedded database directory; never throws. */
function runScript(
  script: string,
  args: string[],
  pgliteDir: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.resolve('node_modules/.bin/tsx'),
      [script, ...args],
      // DATABASE_URL emptied: CI sets it for the whole suite, and these are the embedded-database paths.
      { env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: pgliteDir }, timeout: 60_000 },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'skillgrid-backup-test-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// Skipped in the PostgreSQL project only: there the backup tools take the pg_dump path, tested below;
// the PGlite project (no DATABASE_URL) runs this block.
describe.skipIf(Boolean(realServerUrl()))('embedded database (PGlite): db:backup / db:restore', () => {
  let sourceDir: string;
  let original: RatingChecksum;
  let file: string;
  let backup: PgliteBackupResult;
  // Restored into by the second test and, holding a database then, the target the third refuses.
  let freshDir: string;

  beforeAll(async () => {
    sourceDir = path.join(workDir, 'source');
    const connection = await openConnection({ dataDir: sourceDir });
    try {
      await migrateConnection(connection);
      await seedRatings(connection.db);
      original = await ratingChecksum(connection.db);
    } finally {
      await connection.close();
    }
    file = path.join(workDir, 'backup.tar.gz');
    backup = await backupPglite({ dataDir: sourceDir, out: file });
    freshDir = path.join(workDir, 'restored');
  });

  it('refuses to back up a directory another connection has open, from the library and the command line', async () => {
    const open = await openConnection({ dataDir: sourceDir });
    try {
      await expect(backupPglite({ dataDir: sourceDir, out: path.join(workDir, 'while-open.tar.gz') })).rejects.toThrow(
        /is in use by process \d+/,
      );
      const cli = await runScript(
        'scripts/db-backup.ts',
        ['--out', path.join(workDir, 'while-open.tar.gz')],
        sourceDir,
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`db:backup: ${sourceDir} is in use by process ${process.pid}`);
      expect(existsSync(path.join(workDir, 'while-open.tar.gz'))).toBe(false);
    } finally {
      await open.close();
    }
    const usage = await runScript('scripts/db-restore.ts', [], path.join(workDir, 'unused'));
    expect(usage).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('usage: npm run db:restore -- <backup file>'),
    });
  });

  it('restores into a fresh directory with every rating and history row', async () => {
    expect(original.ratings).toBe(5 * 6 + 2 * 6 + 6);
    expect(original.history).toBe(original.ratings);

    expect(backup.bytes).toBeGreaterThan(100_000);
    expect(backup.sum).toEqual(original);
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restored = await restorePglite({ file, dataDir: freshDir });
    expect(restored.sum).toEqual(original);

    // The app opens the restored directory as it would on start (migrations included).
    const reopened: Connection = await openConnection({ dataDir: freshDir });
    try {
      await migrateConnection(reopened);
      expect(await ratingChecksum(reopened.db)).toEqual(original);
    } finally {
      await reopened.close();
    }

    await expect(backupPglite({ dataDir: sourceDir, out: file })).rejects.toThrow(/exists; choose another --out/);
  });

  it('refuses to restore over an existing database unless forced, and then keeps the old one aside', async () => {
    expect(existsSync(path.join(freshDir, 'PG_VERSION'))).toBe(true);
    await expect(restorePglite({ file, dataDir: freshDir })).rejects.toThrow(/already holds a database/);
    const forced = await restorePglite({ file, dataDir: freshDir, force: true });
    expect(forced.sum).toEqual(original);
    expect(forced.movedAsideTo && existsSync(path.join(forced.movedAsideTo, 'PG_VERSION'))).toBe(true);
  });

  it('treats a postmaster.pid nobody holds as left by a crash, and refuses a file that is not a backup', async () => {
    writeFileSync(path.join(sourceDir, 'postmaster.pid'), '-42\n');
    expect(assertDirectoryNotInUse(sourceDir)).toEqual([expect.stringMatching(/did not shut down cleanly/)]);
    await rm(path.join(sourceDir, 'postmaster.pid'));

    const bogus = path.join(workDir, 'not-a-backup.tar.gz');
    writeFileSync(bogus, 'hello');
    const targetDir = path.join(workDir, 'from-bogus');
    await expect(restorePglite({ file: bogus, dataDir: targetDir })).rejects.toThrow(/restoring .* failed/);
    expect(existsSync(targetDir)).toBe(false);
  });
});

// Needs a real server (DATABASE_URL, as .ci/run provides); the PGlite project has none to dump.
describe.skipIf(!realServerUrl())('PostgreSQL server: pg_dump / pg_restore', () => {
  let source: TestDatabase;
  let original: RatingChecksum;
  let targetName: string;
  let haveTools = false;

  function urlOf(database: string): string {
    const url = new URL(realServerUrl() ?? '');
    url.pathname = `/${database}`;
    return url.toString();
  }

  async function onServer(statement: string): Promise<void> {
    const { default: postgres } = await import('postgres');
    const admin = postgres(realServerUrl() ?? '', { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(statement);
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    haveTools = Boolean((await findPgTool('pg_dump')) && (await findPgTool('pg_restore')));
    source = await createTestDatabase();
    await seedRatings(source.db);
    original = await ratingChecksum(source.db);
    targetName = `skillgrid_restore_${randomBytes(6).toString('hex')}`;
    await onServer(`create database ${targetName}`);
  });
  afterAll(async () => {
    await source?.close();
    if (targetName) await onServer(`drop database if exists ${targetName} with (force)`);
  });

  it('restores a pg_dump -Fc backup into a fresh database with every rating; refuses a non-empty one unless forced', async (context) => {
    // The server's client tools come with the postgresql package .ci/run installs; a machine with only a remote server may lack them.
    if (!haveTools) context.skip('pg_dump / pg_restore not installed');
    const file = path.join(workDir, 'backup.dump');
    const backup = await backupPostgres({ url: urlOf(source.name), out: file });
    expect(backup.sum).toEqual(original);
    expect(backup.bytes).toBeGreaterThan(10_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restored = await restorePostgres({ url: urlOf(targetName), file });
    expect(restored.sum).toEqual(original);
    expect(original.ratings).toBe(48);

    await expect(restorePostgres({ url: urlOf(targetName), file })).rejects.toThrow(/is not empty \(\d+ tables\)/);
    const forced = await restorePostgres({ url: urlOf(targetName), file, force: true });
    expect(forced.sum).toEqual(original);
  });
});
