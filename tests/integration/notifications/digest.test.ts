/**
 * The weekly team digest's "largest new gaps" (lib/notifications/digest.ts),
 * through the real send (notify.send's runSend → a real SMTP server in this
 * process, the mail parsed): the first digest lists the current gaps and says
 * so; after it went out, a member who lowers a rating is exactly the next
 * digest's new gap, a target that rises is the one after, a week without
 * change says "no new gaps", and a digest that never went out is no baseline.
 */
import { and, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ratings, teamDigests, teamTargets, users } from '@/db/schema';
import { runSend } from '@/lib/notifications/send-job';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { smtpTarget, startInbox, type Inbox } from '../../fixtures/smtp-inbox';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

let database: TestDatabase;
let inbox: Inbox;
let world: World;
let managerEmail: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
  world = await buildWorld(database.db);
  const [user] = await database.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, world.managerA1.user.id));
  managerEmail = user!.email;
  const skill = world.framework.id;
  // Team Platform: Syntax to level 3, pytest to level 2. Max meets both, Sam is 2 below in Syntax,
  // Mona (the manager, also a member) rated nothing: 3 and 2 below.
  await database.db.insert(teamTargets).values([
    { organizationId: world.orgA, teamId: world.teamA1, nodeId: skill('tech/python/basics/syntax'), level: 3 },
    { organizationId: world.orgA, teamId: world.teamA1, nodeId: skill('tech/testing/pytest'), level: 2 },
  ]);
  const rate = (membershipId: string, key: string, level: number) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId: skill(key),
    ratedByMembershipId: membershipId,
    level,
  });
  await database.db
    .insert(ratings)
    .values([
      rate(world.memberA1.membership.id, 'tech/python/basics/syntax', 3),
      rate(world.memberA1.membership.id, 'tech/testing/pytest', 2),
      rate(world.subjectA1.membership.id, 'tech/python/basics/syntax', 1),
      rate(world.subjectA1.membership.id, 'tech/testing/pytest', 2),
    ]);
});

afterAll(async () => {
  await inbox?.close();
  await database?.close();
});

/** Sends the team's digest of `week` to its manager through the job's send, returns the mail (or the outcome). */
async function digestOf(week: string, userId = world.managerA1.user.id): Promise<ParsedMail | string> {
  const since = inbox.messages.length;
  const outcome = await runSend(
    async () => database.db,
    {
      organizationId: world.orgA,
      userId,
      kind: 'team-digest',
      periodKey: `${world.teamA1}:${week}`,
      teamId: world.teamA1,
    },
    `digest-${week}-${userId}/0`,
  );
  if (outcome !== 'sent') return outcome;
  return inbox.next(managerEmail, since);
}

/** The digest's gap part of the plain-text body: its heading and its "• skill — …" lines. */
function gapPart(mail: ParsedMail | string): { heading: string; lines: string[] } {
  if (typeof mail === 'string') throw new Error(`no mail: ${mail}`);
  const text = (mail.text ?? '').split('\n');
  const start = text.findIndex((line) => /gaps/i.test(line) && !line.startsWith('•'));
  const lines: string[] = [];
  for (const line of text.slice(start + 1)) {
    if (!line.startsWith('• ')) break;
    lines.push(line);
  }
  return { heading: text[start] ?? '', lines };
}

async function setLevel(membershipId: string, key: string, level: number): Promise<void> {
  await database.db
    .update(ratings)
    .set({ level })
    .where(
      and(
        eq(ratings.organizationId, world.orgA),
        eq(ratings.membershipId, membershipId),
        eq(ratings.skillId, world.framework.id(key)),
      ),
    );
}

describe('the weekly digest’s largest new gaps', () => {
  it('first digest: the current gaps, said to be the first', async () => {
    const mail = await digestOf('2026-W48');
    expect(typeof mail === 'string' ? mail : mail.subject).toMatch(/your weekly digest for Platform$/);
    const gaps = gapPart(mail);
    expect(gaps.heading).toMatch(/^Largest gaps — this is the team’s first digest of this cycle/);
    expect(gaps.lines).toEqual([
      '• Syntax — 2 below target: Mona Manager (3 levels), Sam Subject (2 levels)',
      '• pytest — 1 below target: Mona Manager (2 levels)',
    ]);
    expect(typeof mail !== 'string' && mail.html).toContain('first digest of this cycle');
  });

  it('a lowered rating is exactly the next digest’s new gap; the old gaps are not repeated', async () => {
    await setLevel(world.memberA1.membership.id, 'tech/python/basics/syntax', 1);
    const gaps = gapPart(await digestOf('2026-W49'));
    expect(gaps.heading).toMatch(/^Largest new gaps since the digest of \d{1,2} \w{3} \d{4}/);
    expect(gaps.lines).toEqual(['• Syntax — 1 below target: Max Member (2 levels)']);
  });

  it('a rising target is new for everyone it leaves below, a larger gap too', async () => {
    await database.db
      .update(teamTargets)
      .set({ level: 3 })
      .where(
        and(eq(teamTargets.teamId, world.teamA1), eq(teamTargets.nodeId, world.framework.id('tech/testing/pytest'))),
      );
    const gaps = gapPart(await digestOf('2026-W50'));
    expect(gaps.lines).toEqual([
      '• pytest — 3 below target: Mona Manager (3 levels), Max Member (1 level), Sam Subject (1 level)',
    ]);
  });

  it('a week without change says so; a gap that shrank is not new', async () => {
    await setLevel(world.subjectA1.membership.id, 'tech/python/basics/syntax', 2);
    const mail = await digestOf('2026-W51');
    const gaps = gapPart(mail);
    expect(gaps.heading).toMatch(/^No new gaps since the digest of /);
    expect(gaps.lines).toEqual([]);
  });

  it('a digest that did not go out is no baseline: its week’s changes come in the next one that does', async () => {
    // Week 52's digest is built (its gaps recorded) but its only reader turned it off: nothing went out.
    await setLevel(world.memberA1.membership.id, 'tech/testing/pytest', 0);
    const [row] = await database.db
      .insert(teamDigests)
      .values({
        organizationId: world.orgA,
        teamId: world.teamA1,
        periodKey: `${world.teamA1}:2026-W52`,
        cycleId: world.cycleA,
        gaps: { [`${world.memberA1.membership.id}:${world.framework.id('tech/testing/pytest')}`]: 3 },
      })
      .returning();
    expect(row).toBeDefined();
    const gaps = gapPart(await digestOf('2026-W53'));
    expect(gaps.lines).toEqual(['• pytest — 1 below target: Max Member (3 levels)']);
    // Pruned: the rows before the latest digest that went out (W51) can never be a baseline again.
    const left = await database.db.select().from(teamDigests).where(eq(teamDigests.teamId, world.teamA1));
    expect(left.map((digest) => digest.periodKey.split(':')[1]).sort()).toEqual(['2026-W51', '2026-W52', '2026-W53']);
  });
});
