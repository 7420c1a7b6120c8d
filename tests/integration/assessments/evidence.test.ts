import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, ratings } from '@/db/schema';
import { decodeEvidenceLinks } from '@/lib/assessments/evidence';
import { saveEvidenceAction } from '@/lib/assessments/evidence-actions';
import { saveRatingsAction } from '@/lib/assessments/actions';
import { loadSelfEvidence } from '@/lib/assessments/evidence-queries';
import { loadAssessment } from '@/lib/assessments/queries';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const link = (n: number) => ({ url: `https://github.com/acme/infra/pull/${n}`, label: `PR ${n}` });

async function selfRating(skillId: string, membershipId = world.memberA1.membership.id) {
  const [row] = await database.db
    .select()
    .from(ratings)
    .where(
      and(
        eq(ratings.cycleId, world.cycleA),
        eq(ratings.membershipId, membershipId),
        eq(ratings.skillId, skillId),
        eq(ratings.source, 'self'),
      ),
    );
  return row;
}

describe('evidence links on a self rating', () => {
  it('saves up to five http(s) links and reads them back; keeps the level; evidence may come before the level', async () => {
    const skillId = world.framework.id('tech/python/basics/syntax');
    actAs(world.memberA1);
    const rated = await saveRatingsAction({
      cycleId: world.cycleA,
      changes: [
        {
          skillId,
          level: 3,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date().toISOString(),
          clientChangeId: 'c1',
        },
      ],
    });
    expect(rated.ok).toBe(true);
    const before = await selfRating(skillId);

    const links = [
      link(1),
      { url: 'http://wiki.example.com/design?doc=1|2', label: 'Design | doc' },
      link(3),
      link(4),
      link(5),
    ];
    expect(await saveEvidenceAction({ cycleId: world.cycleA, skillId, links })).toMatchObject({
      ok: true,
      data: { links },
    });
    const after = await selfRating(skillId);
    expect(decodeEvidenceLinks(after?.evidenceLinks)).toEqual(links);
    // JSON text per element (documented in lib/assessments/evidence.ts).
    expect(JSON.parse(after!.evidenceLinks[1]!)).toEqual(links[1]);
    // Same row, same level, and the autosave ordering untouched.
    expect(after).toMatchObject({ id: before!.id, level: 3, changedAt: before!.changedAt });

    // Removing all links.
    expect(await saveEvidenceAction({ cycleId: world.cycleA, skillId, links: [] })).toMatchObject({ ok: true });
    expect((await selfRating(skillId))?.evidenceLinks).toEqual([]);

    // Evidence first: a row without a level, which a later rating still updates (the epoch never beats a real change).
    const typing = world.framework.id('tech/python/basics/typing');
    expect(await saveEvidenceAction({ cycleId: world.cycleA, skillId: typing, links: [link(7)] })).toMatchObject({
      ok: true,
    });
    expect(await selfRating(typing)).toMatchObject({ level: null, notApplicable: false });
    await saveRatingsAction({
      cycleId: world.cycleA,
      changes: [
        {
          skillId: typing,
          level: 2,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date(Date.now() - 60_000).toISOString(),
          clientChangeId: 'c2',
        },
      ],
    });
    const typingRow = await selfRating(typing);
    expect(typingRow?.level).toBe(2);
    expect(decodeEvidenceLinks(typingRow?.evidenceLinks)).toEqual([link(7)]);

    // What /assess and the calibration drill-in read.
    const [cycle] = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.id, world.cycleA));
    const data = await loadAssessment(
      database.db,
      world.memberA1.organization.id,
      world.memberA1.membership.id,
      cycle!,
    );
    const shown = data.areas.flatMap((area) =>
      area.sections.flatMap((section) => section.groups.flatMap((group) => group.skills)),
    );
    expect(shown.find((skill) => skill.id === typing)?.evidence).toEqual({ cycleId: world.cycleA, links: [link(7)] });
    expect(shown.find((skill) => skill.id === skillId)?.evidence).toEqual({ cycleId: world.cycleA, links: [] });
    const forManager = await loadSelfEvidence(
      database.db,
      {
        organizationId: world.memberA1.organization.id,
        cycleId: world.cycleA,
        membershipId: world.memberA1.membership.id,
      },
      [typing, skillId],
    );
    expect(forManager.get(typing)).toEqual([link(7)]);
  });

  it('refuses six links, non-web links, long labels, other organizations and closed cycles, writing nothing', async () => {
    const skillId = world.framework.id('tech/testing/pytest');
    actAs(world.memberA1);
    await saveEvidenceAction({ cycleId: world.cycleA, skillId, links: [link(1)] });
    const before = await selfRating(skillId);

    const refusals = [
      [link(1), link(2), link(3), link(4), link(5), link(6)],
      [{ url: 'javascript:alert(1)', label: 'x' }],
      [{ url: 'ftp://files.example.com/report.pdf', label: 'Report' }],
      [{ url: 'data:text/html,hi', label: 'Data' }],
      [{ url: 'not a url', label: 'Nope' }],
      [{ url: 'https://example.com', label: 'x'.repeat(81) }],
      [{ url: 'https://example.com', label: '   ' }],
      'https://example.com',
    ];
    for (const links of refusals) {
      const result = await saveEvidenceAction({ cycleId: world.cycleA, skillId, links });
      expect(result.ok, JSON.stringify(links)).toBe(false);
      if (!result.ok) expect(result.error).toEqual(expect.any(String));
    }

    // Organization B's admin with organization A's ids: not found.
    actAs(world.adminB);
    expect(await saveEvidenceAction({ cycleId: world.cycleA, skillId, links: [link(9)] })).toEqual({
      ok: false,
      error: 'Assessment cycle was not found.',
    });

    // A closed cycle.
    await database.db.update(assessmentCycles).set({ status: 'closed' }).where(eq(assessmentCycles.id, world.cycleA));
    actAs(world.memberA1);
    const closed = await saveEvidenceAction({ cycleId: world.cycleA, skillId, links: [link(9)] });
    expect(closed).toMatchObject({ ok: false, error: expect.stringContaining('closed') });
    await database.db.update(assessmentCycles).set({ status: 'open' }).where(eq(assessmentCycles.id, world.cycleA));

    // Signed out.
    actAs(null);
    expect((await saveEvidenceAction({ cycleId: world.cycleA, skillId, links: [link(9)] })).ok).toBe(false);

    expect(await selfRating(skillId)).toEqual(before);
    expect(await selfRating(skillId, world.adminB.membership.id)).toBeUndefined();
  });
});
