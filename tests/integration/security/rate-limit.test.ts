import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateConnection, openConnection, type Connection, type Db } from '@/db';
import { auditLog, memberships, signInAttempts, users } from '@/db/schema';
import { authenticateWithPassword } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import {
  SIGN_IN_ACCOUNT_FAILURE_LIMIT,
  SIGN_IN_FAILURE_LIMIT,
  SIGN_IN_IP_FAILURE_LIMIT,
  isSignInBlocked,
  pruneSignInAttempts,
  recordSignInAttempt,
} from '@/lib/auth/rate-limit';
import { createTestDatabase, realServerUrl, type TestDatabase } from '../../fixtures/db';
import { createOrganization } from '../../fixtures/actors';

// Each attempt runs argon2; the suite shares two cores with other test files.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const PASSWORD = 'correct horse battery staple';
let passwordHash: string;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await database?.close();
});

let counter = 0;
async function createUser(db: Db, status: 'active' | 'deactivated' = 'active') {
  counter += 1;
  const organizationId = await createOrganization(db, `Rate ${counter}`);
  const [user] = await db
    .insert(users)
    .values({
      email: `user${counter}-${Date.now()}@example.test`,
      name: `User ${counter}`,
      passwordHash,
      emailVerifiedAt: new Date(),
    })
    .returning();
  if (!user) throw new Error('insert failed');
  await db.insert(memberships).values({ organizationId, userId: user.id, role: 'member', status });
  return { ...user, organizationId };
}

async function failTimes(db: Db, email: string, ip: string, times: number) {
  for (let i = 0; i < times; i += 1) {
    expect(await authenticateWithPassword(db, { email, password: 'wrong password' }, ip)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  }
}

describe('sign-in rate limit', () => {
  it('blocks the account from that address after 10 failures there, even with the right password', async () => {
    const { db } = database;
    const user = await createUser(db);
    await failTimes(db, user.email, '10.0.0.1', SIGN_IN_FAILURE_LIMIT);
    expect(await authenticateWithPassword(db, { email: user.email, password: PASSWORD }, '10.0.0.1')).toEqual({
      ok: false,
      reason: 'rate-limited',
    });
    // Ten failures from one address do not lock the owner out of everywhere (issue 17, finding 6).
    expect(await authenticateWithPassword(db, { email: user.email, password: PASSWORD }, '10.0.0.99')).toMatchObject({
      ok: true,
    });
  });

  it('blocks the address after 30 failures across accounts, but not other addresses and accounts', async () => {
    const { db } = database;
    const victim = await createUser(db);
    const bystander = await createUser(db);
    for (let i = 0; i < SIGN_IN_IP_FAILURE_LIMIT - 1; i += 1) {
      await recordSignInAttempt(db, `nobody${i}@example.test`, '10.0.0.2', false, () => 1);
    }
    await failTimes(db, 'one-more@example.test', '10.0.0.2', 1);
    expect(await authenticateWithPassword(db, { email: victim.email, password: PASSWORD }, '10.0.0.2')).toMatchObject({
      ok: false,
      reason: 'rate-limited',
    });
    const elsewhere = await authenticateWithPassword(db, { email: bystander.email, password: PASSWORD }, '10.0.0.3');
    expect(elsewhere).toMatchObject({ ok: true, user: { id: bystander.id }, organizationId: bystander.organizationId });
  });

  it('a distributed guess is capped per account, yet cannot lock the owner out of a place they signed in from', async () => {
    const { db } = database;
    const owner = await createUser(db);
    // The owner signed in from home last week.
    await db.insert(signInAttempts).values({
      email: owner.email,
      ip: '192.0.2.10',
      succeeded: true,
      createdAt: new Date(Date.now() - 7 * 24 * 3600 * 1000),
    });
    // A botnet: one or two wrong passwords each from many addresses (before issue 17, ten locked the account everywhere).
    for (let i = 0; i < SIGN_IN_ACCOUNT_FAILURE_LIMIT; i += 1) {
      await recordSignInAttempt(db, owner.email, `198.51.100.${i % 250}`, false, () => 1);
    }
    // The next guess from a new address is refused without checking the password…
    expect(await authenticateWithPassword(db, { email: owner.email, password: PASSWORD }, '203.0.113.77')).toEqual({
      ok: false,
      reason: 'rate-limited',
    });
    // …while the owner, at home, signs in.
    expect(await authenticateWithPassword(db, { email: owner.email, password: PASSWORD }, '192.0.2.10')).toMatchObject({
      ok: true,
      user: { id: owner.id },
    });
  });

  it('fewer failures than the per-account cap, spread over addresses, block nobody', async () => {
    const { db } = database;
    const owner = await createUser(db);
    for (let i = 0; i < SIGN_IN_ACCOUNT_FAILURE_LIMIT - 1; i += 1) {
      await recordSignInAttempt(db, owner.email, `198.51.100.${i}`, false, () => 1);
    }
    expect(
      await authenticateWithPassword(db, { email: owner.email, password: PASSWORD }, '203.0.113.78'),
    ).toMatchObject({
      ok: true,
    });
  });

  it('does not count failures older than the window', async () => {
    const { db } = database;
    const user = await createUser(db);
    const old = new Date(Date.now() - 16 * 60 * 1000);
    await db
      .insert(signInAttempts)
      .values(
        Array.from({ length: 25 }, () => ({ email: user.email, ip: '10.0.0.4', succeeded: false, createdAt: old })),
      );
    await failTimes(db, user.email, '10.0.0.4', SIGN_IN_FAILURE_LIMIT - 1);
    expect(await authenticateWithPassword(db, { email: user.email, password: PASSWORD }, '10.0.0.4')).toMatchObject({
      ok: true,
    });
  });

  it('holds across a restart: a new connection to the same database is still blocked', async () => {
    const email = 'restart@example.test';
    const ip = '10.0.0.5';
    const serverUrl = realServerUrl();
    const dataDir = serverUrl ? undefined : mkdtempSync(path.join(tmpdir(), 'skillgrid-rate-'));
    const target = () => {
      if (!serverUrl) return { dataDir };
      const url = new URL(serverUrl);
      url.pathname = `/${database.name}`;
      return { url: url.toString() };
    };
    let first: Connection | undefined;
    let second: Connection | undefined;
    try {
      first = await openConnection(target());
      await migrateConnection(first);
      for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i += 1) await recordSignInAttempt(first.db, email, ip, false, () => 1);
      await first.close();
      first = undefined;
      second = await openConnection(target());
      expect(await isSignInBlocked(second.db, email, ip)).toBe(true);
      expect(await isSignInBlocked(second.db, email, '10.9.9.9')).toBe(false);
      expect(await isSignInBlocked(second.db, 'other@example.test', '10.9.9.9')).toBe(false);
    } finally {
      await first?.close();
      await second?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
    // Two on-disk databases are opened and migrated: slow on a busy two-core machine.
  }, 180_000);

  it('refuses a deactivated member with the right password', async () => {
    const { db } = database;
    const user = await createUser(db, 'deactivated');
    expect(await authenticateWithPassword(db, { email: user.email, password: PASSWORD }, '10.0.0.6')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('rejects malformed input without recording anything', async () => {
    const { db } = database;
    const before = await db.$count(signInAttempts);
    expect(await authenticateWithPassword(db, { email: 'not-an-email', password: '' }, '10.0.0.7')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await authenticateWithPassword(db, null, '10.0.0.7')).toEqual({ ok: false, reason: 'invalid' });
    expect(await db.$count(signInAttempts)).toBe(before);
  });
});

describe('pruning old attempts', () => {
  it('deletes failures older than a day and successes older than 30 days, and keeps the rest', async () => {
    const { db } = database;
    const email = 'prune@example.test';
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);
    await db.insert(signInAttempts).values([
      { email, ip: '10.1.0.1', succeeded: false, createdAt: new Date(now.getTime() - 25 * 3600 * 1000) },
      { email, ip: '10.1.0.1', succeeded: true, createdAt: daysAgo(31) },
      { email, ip: '10.1.0.1', succeeded: true, createdAt: daysAgo(2) },
      { email, ip: '10.1.0.1', succeeded: false, createdAt: new Date(now.getTime() - 3600 * 1000) },
    ]);
    expect(await pruneSignInAttempts(db, now)).toBeGreaterThanOrEqual(2);
    const left = await db.select().from(signInAttempts).where(eq(signInAttempts.email, email));
    expect(left.map((row) => row.succeeded).sort()).toEqual([false, true]);
  });

  it('runs now and then from recordSignInAttempt', async () => {
    const { db } = database;
    const email = 'prune-on-record@example.test';
    await db
      .insert(signInAttempts)
      .values({ email, ip: '10.1.0.2', succeeded: false, createdAt: new Date(Date.now() - 30 * 3600 * 1000) });
    await recordSignInAttempt(db, email, '10.1.0.2', false, () => 0.5);
    expect(await db.$count(signInAttempts, eq(signInAttempts.email, email))).toBe(2);
    await recordSignInAttempt(db, email, '10.1.0.2', false, () => 0);
    expect(await db.$count(signInAttempts, eq(signInAttempts.email, email))).toBe(2);
  });
});

describe('sign-in audit entries', () => {
  it('records a success in the active organization and failures in the member’s organizations too', async () => {
    const { db } = database;
    const user = await createUser(db);
    await authenticateWithPassword(db, { email: user.email, password: 'nope' }, '10.2.0.1');
    await authenticateWithPassword(db, { email: user.email, password: PASSWORD }, '10.2.0.1');
    const inOrganization = await db
      .select({ action: auditLog.action, ip: auditLog.ip, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(eq(auditLog.organizationId, user.organizationId))
      .orderBy(auditLog.id);
    expect(inOrganization).toEqual([
      { action: 'auth.sign_in_failed', ip: '10.2.0.1', actor: user.id },
      { action: 'auth.sign_in', ip: '10.2.0.1', actor: user.id },
    ]);
    const outside = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(isNull(auditLog.organizationId), eq(auditLog.actorUserId, user.id)));
    expect(outside).toEqual([{ action: 'auth.sign_in_failed' }]);
  });

  it('records failures of unknown emails outside any organization only', async () => {
    const { db } = database;
    await authenticateWithPassword(db, { email: 'ghost@example.test', password: 'x' }, '10.2.0.2');
    const rows = await db.select().from(auditLog).where(eq(auditLog.ip, '10.2.0.2'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organizationId: null, actorUserId: null, action: 'auth.sign_in_failed' });
  });
});
