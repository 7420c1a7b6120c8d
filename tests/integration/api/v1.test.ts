/**
 * Every /api/v1 route, called through its route file with real tokens: what each answers, its pagination and
 * filters, bad input (4xx problem+json, nothing written), and that every answer matches the OpenAPI document
 * (v1-client.ts checks each one against its schema and the documented statuses).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { assessmentCycles, auditLog, ratings, teamTargets } from '@/db/schema';
import { GET as gapCsv } from '@/app/api/reports/gaps.csv/route';
import type { ApiScope } from '@/lib/api/scopes';
import { createTestToken, type TestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { fingerprint } from '../permissions/harness';
import { call, dataOf, nextCursorOf, routeHandler } from './v1-client';

let database: TestDatabase;
let world: World;
let admin: TestToken;
let personal: TestToken;
let subjectPersonal: TestToken;

const token = (scopes: ApiScope[], organizationId = world.orgA) =>
  createTestToken(database.db, {
    organizationId,
    scopes,
    createdByUserId: organizationId === world.orgA ? world.adminA.user.id : world.adminB.user.id,
  });

const ALL_READ: ApiScope[] = [
  'members:read',
  'teams:read',
  'frameworks:read',
  'cycles:read',
  'ratings:read',
  'reports:read',
];

const handlers = {
  members: () => routeHandler('app/api/v1/members/route.ts', 'GET'),
  member: () => routeHandler('app/api/v1/members/[memberId]/route.ts', 'GET'),
  teams: () => routeHandler('app/api/v1/teams/route.ts', 'GET'),
  team: () => routeHandler('app/api/v1/teams/[teamId]/route.ts', 'GET'),
  frameworks: () => routeHandler('app/api/v1/frameworks/route.ts', 'GET'),
  framework: () => routeHandler('app/api/v1/frameworks/[frameworkId]/route.ts', 'GET'),
  cycles: () => routeHandler('app/api/v1/cycles/route.ts', 'GET'),
  cycle: () => routeHandler('app/api/v1/cycles/[cycleId]/route.ts', 'GET'),
  ratings: () => routeHandler('app/api/v1/ratings/route.ts', 'GET'),
  saveRatings: () => routeHandler('app/api/v1/ratings/route.ts', 'POST'),
  gaps: () => routeHandler('app/api/v1/gaps/route.ts', 'GET'),
  openapi: () => routeHandler('app/api/v1/openapi.json/route.ts', 'GET'),
};

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  // Organization B has data of its own, which no token of A may reach.
  await buildWorld(database.db);
  admin = await token(ALL_READ);
  personal = await createTestToken(database.db, {
    organizationId: world.orgA,
    scopes: ['ratings:self'],
    membershipId: world.memberA1.membership.id,
    createdByUserId: world.memberA1.user.id,
    expiresInDays: 30,
  });
  subjectPersonal = await createTestToken(database.db, {
    organizationId: world.orgA,
    scopes: ['ratings:self'],
    membershipId: world.subjectA1.membership.id,
    createdByUserId: world.subjectA1.user.id,
    expiresInDays: 30,
  });
});
afterAll(async () => {
  await database?.close();
});

interface MemberItem {
  id: string;
  name: string;
  role: string;
  teams: { id: string; name: string }[];
}

describe('GET /api/v1/members', () => {
  it('lists the organization’s members by name, and only them', async () => {
    const answer = await call(await handlers.members(), '/api/v1/members', { token: admin });
    expect(answer.status).toBe(200);
    const members = dataOf<MemberItem>(answer);
    expect(members.map((member) => member.name)).toEqual([
      'Ada Admin',
      'Max Member',
      'Mona Manager',
      'Olga Other',
      'Sam Subject',
    ]);
    expect(members.find((member) => member.name === 'Max Member')?.teams).toEqual([
      { id: world.teamA1, name: 'Platform' },
    ]);
    expect(nextCursorOf(answer)).toBeNull();
    expect(answer.headers.get('ratelimit-limit')).toBe('300');
  });

  it('pages with an opaque cursor: every member once, in the same order', async () => {
    const handler = await handlers.members();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await call(handler, '/api/v1/members', { token: admin, query });
      expect(answer.status).toBe(200);
      seen.push(...dataOf<MemberItem>(answer).map((member) => member.name));
      cursor = nextCursorOf(answer);
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Ada Admin', 'Max Member', 'Mona Manager', 'Olga Other', 'Sam Subject']);
  });

  it('filters as the admin page does (role, status, text) and by team', async () => {
    const handler = await handlers.members();
    const names = async (query: string) =>
      dataOf<MemberItem>(await call(handler, '/api/v1/members', { token: admin, query })).map((member) => member.name);
    expect(await names('role=manager')).toEqual(['Mona Manager', 'Olga Other']);
    expect(await names(`team=${world.teamA1}`)).toEqual(['Max Member', 'Mona Manager', 'Sam Subject']);
    expect(await names('q=sam')).toEqual(['Sam Subject']);
    expect(await names('status=deactivated')).toEqual([]);
  });

  it('refuses bad input with a 400 problem naming the parameter', async () => {
    const handler = await handlers.members();
    for (const query of ['cursor=not-a-cursor', 'cursor=WzFd', 'limit=0', 'limit=abc', 'role=owner', 'colour=red']) {
      const answer = await call(handler, '/api/v1/members', { token: admin, query });
      expect(answer.status, query).toBe(400);
      expect(answer.problem?.type).toBe('/docs/api#problem-invalid-request');
      expect(answer.problem?.errors?.[0]?.location, query).toMatch(/^query\./);
    }
    const twice = await call(handler, '/api/v1/members', { token: admin, query: 'role=admin&role=member' });
    expect(twice.status).toBe(400);
  });

  it('answers another organization’s team as not found', async () => {
    const other = await buildWorld(database.db);
    const answer = await call(await handlers.members(), '/api/v1/members', {
      token: admin,
      query: `team=${other.teamA1}`,
    });
    expect(answer.status).toBe(404);
  });
});

describe('GET /api/v1/members/{memberId}', () => {
  it('reads one member; another organization’s member and a malformed id are not found', async () => {
    const handler = await handlers.member();
    const url = '/api/v1/members/x';
    const found = await call(handler, url, { token: admin, params: { memberId: world.subjectA1.membership.id } });
    expect(found.json).toMatchObject({ id: world.subjectA1.membership.id, name: 'Sam Subject', role: 'member' });
    const foreign = await call(handler, url, { token: admin, params: { memberId: world.adminB.membership.id } });
    expect(foreign.status).toBe(404);
    const malformed = await call(handler, url, { token: admin, params: { memberId: 'nope' } });
    expect(malformed.status).toBe(404);
  });
});

describe('teams', () => {
  it('lists teams with managers and counts, and reads one with its members', async () => {
    const list = await call(await handlers.teams(), '/api/v1/teams', { token: admin });
    expect(dataOf(list)).toMatchObject([
      { id: world.teamA2, name: 'Data', memberCount: 1, managers: [{ name: 'Olga Other' }] },
      { id: world.teamA1, name: 'Platform', memberCount: 3, managers: [{ name: 'Mona Manager' }] },
    ]);
    const filtered = await call(await handlers.teams(), '/api/v1/teams', { token: admin, query: 'q=plat' });
    expect(dataOf<{ name: string }>(filtered).map((team) => team.name)).toEqual(['Platform']);
    const one = await call(await handlers.team(), '/api/v1/teams/x', {
      token: admin,
      params: { teamId: world.teamA1 },
    });
    expect((one.json as { members: { name: string }[] }).members.map((member) => member.name)).toEqual([
      'Max Member',
      'Mona Manager',
      'Sam Subject',
    ]);
    const missing = await call(await handlers.team(), '/api/v1/teams/x', {
      token: admin,
      params: { teamId: crypto.randomUUID() },
    });
    expect(missing.status).toBe(404);
  });
});

describe('frameworks', () => {
  it('lists frameworks and reads one with its levels and skills (the ids ratings use)', async () => {
    const list = await call(await handlers.frameworks(), '/api/v1/frameworks', { token: admin });
    expect(dataOf(list)).toMatchObject([{ id: world.framework.frameworkId, archived: false }]);
    const one = await call(await handlers.framework(), '/api/v1/frameworks/x', {
      token: admin,
      params: { frameworkId: world.framework.frameworkId },
    });
    const detail = one.json as { levels: unknown[]; nodes: { id: string; kind: string; parentId: string | null }[] };
    expect(detail.levels).toHaveLength(5);
    expect(
      detail.nodes
        .filter((node) => node.kind === 'skill')
        .map((node) => node.id)
        .sort(),
    ).toEqual([...world.framework.skillIds].sort());
    // Parents come before their children.
    const seen = new Set<string>();
    for (const node of detail.nodes) {
      if (node.parentId) expect(seen.has(node.parentId)).toBe(true);
      seen.add(node.id);
    }
  });
});

describe('cycles', () => {
  it('lists cycles newest first with filters, and reads one', async () => {
    await database.db.insert(assessmentCycles).values({
      organizationId: world.orgA,
      frameworkId: world.framework.frameworkId,
      teamId: world.teamA2,
      name: '2026 Q1 Data',
      status: 'closed',
      opensOn: '2026-01-01',
      closesOn: '2026-03-31',
      closedAt: new Date('2026-04-01T00:00:00Z'),
    });
    const handler = await handlers.cycles();
    const names = async (query?: string) =>
      dataOf<{ name: string }>(await call(handler, '/api/v1/cycles', { token: admin, query })).map(
        (cycle) => cycle.name,
      );
    expect(await names()).toEqual(['2026 Q4', '2026 Q1 Data']);
    expect(await names('status=closed')).toEqual(['2026 Q1 Data']);
    expect(await names('team=organization')).toEqual(['2026 Q4']);
    expect(await names(`team=${world.teamA2}`)).toEqual(['2026 Q1 Data']);
    expect(await names('limit=1&status=open')).toEqual(['2026 Q4']);
    const paged = await call(handler, '/api/v1/cycles', { token: admin, query: 'limit=1' });
    const second = await call(handler, '/api/v1/cycles', {
      token: admin,
      query: `limit=1&cursor=${nextCursorOf(paged)}`,
    });
    expect(dataOf<{ name: string }>(second).map((cycle) => cycle.name)).toEqual(['2026 Q1 Data']);
    expect(nextCursorOf(second)).toBeNull();
    const one = await call(await handlers.cycle(), '/api/v1/cycles/x', {
      token: admin,
      params: { cycleId: world.cycleA },
    });
    expect(one.json).toMatchObject({ id: world.cycleA, status: 'open', teamId: null });
  });
});

describe('ratings', () => {
  const skill = (index: number) => world.framework.skillIds[index]!;

  it('a personal token saves its owner’s ratings through the assessment save, audited', async () => {
    const handler = await handlers.saveRatings();
    const answer = await call(handler, '/api/v1/ratings', {
      token: personal,
      body: {
        cycleId: world.cycleA,
        changes: [
          { skillId: skill(0), level: 3, notApplicable: false, interest: true, note: 'from my CLI' },
          { skillId: skill(1), level: null, notApplicable: true, interest: false, note: null },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ applied: [skill(0), skill(1)], stale: [] });
    const stored = await database.db
      .select({ skillId: ratings.skillId, level: ratings.level, ratedBy: ratings.ratedByMembershipId })
      .from(ratings)
      .where(and(eq(ratings.organizationId, world.orgA), eq(ratings.membershipId, world.memberA1.membership.id)));
    expect(stored).toHaveLength(2);
    expect(stored.every((row) => row.ratedBy === world.memberA1.membership.id)).toBe(true);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'api_token.used'), eq(auditLog.targetId, personal.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: world.memberA1.user.id, organizationId: world.orgA });
    expect(audits[0]!.details).toMatchObject({ scope: 'ratings:self', method: 'POST', path: '/api/v1/ratings' });

    // An older change than the stored one is answered with the stored value.
    const old = await call(handler, '/api/v1/ratings', {
      token: personal,
      body: {
        cycleId: world.cycleA,
        changes: [
          {
            skillId: skill(0),
            level: 1,
            notApplicable: false,
            interest: false,
            note: null,
            changedAt: '2020-01-01T00:00:00Z',
          },
        ],
      },
    });
    expect(old.json).toMatchObject({ applied: [], stale: [{ skillId: skill(0), value: { level: 3 } }] });
  });

  it('reads the member’s ratings: any member with ratings:read, only one’s own self ratings with a personal token', async () => {
    const handler = await handlers.ratings();
    const own = await call(handler, '/api/v1/ratings', { token: personal, query: `cycle=${world.cycleA}` });
    expect(dataOf(own)).toMatchObject([
      { skillId: skill(0), level: 3, interest: true, note: 'from my CLI', source: 'self' },
      { skillId: skill(1), level: null, notApplicable: true },
    ]);
    const byAdmin = await call(handler, '/api/v1/ratings', {
      token: admin,
      query: `cycle=${world.cycleA}&member=${world.memberA1.membership.id}&limit=1`,
    });
    expect(dataOf(byAdmin)).toHaveLength(1);
    const rest = await call(handler, '/api/v1/ratings', {
      token: admin,
      query: `cycle=${world.cycleA}&member=${world.memberA1.membership.id}&cursor=${nextCursorOf(byAdmin)}`,
    });
    expect(dataOf(rest)).toMatchObject([{ skillId: skill(1) }]);

    const someoneElse = await call(handler, '/api/v1/ratings', {
      token: personal,
      query: `cycle=${world.cycleA}&member=${world.subjectA1.membership.id}`,
    });
    expect(someoneElse.status).toBe(404);
    const managerRatings = await call(handler, '/api/v1/ratings', {
      token: personal,
      query: `cycle=${world.cycleA}&source=manager`,
    });
    expect(managerRatings.status).toBe(403);
    const noMember = await call(handler, '/api/v1/ratings', { token: admin, query: `cycle=${world.cycleA}` });
    expect(noMember.status).toBe(400);
    const noCycle = await call(handler, '/api/v1/ratings', { token: personal });
    expect(noCycle.status).toBe(400);
    const unknownCycle = await call(handler, '/api/v1/ratings', {
      token: personal,
      query: `cycle=${crypto.randomUUID()}`,
    });
    expect(unknownCycle.status).toBe(404);
  });

  it('refuses bad bodies with 4xx problems and writes nothing', async () => {
    const handler = await handlers.saveRatings();
    const good = { skillId: skill(2), level: 2, notApplicable: false, interest: false, note: null };
    const cases: { label: string; options: Parameters<typeof call>[2]; status: number }[] = [
      { label: 'malformed JSON', options: { rawBody: '{"cycleId": ' }, status: 400 },
      { label: 'not JSON', options: { rawBody: 'level=3', headers: { 'content-type': 'text/plain' } }, status: 415 },
      {
        label: 'unknown field',
        options: { body: { cycleId: world.cycleA, changes: [good], force: true } },
        status: 400,
      },
      {
        label: 'unknown change field',
        options: {
          body: { cycleId: world.cycleA, changes: [{ ...good, membershipId: world.subjectA1.membership.id }] },
        },
        status: 400,
      },
      { label: 'no changes', options: { body: { cycleId: world.cycleA, changes: [] } }, status: 400 },
      {
        label: 'level too high for the framework',
        options: { body: { cycleId: world.cycleA, changes: [{ ...good, level: 9 }] } },
        status: 400,
      },
      {
        label: 'n/a with a level',
        options: { body: { cycleId: world.cycleA, changes: [{ ...good, notApplicable: true }] } },
        status: 400,
      },
      { label: 'unknown cycle', options: { body: { cycleId: crypto.randomUUID(), changes: [good] } }, status: 404 },
      {
        label: 'oversized',
        options: {
          rawBody: JSON.stringify({ cycleId: world.cycleA, changes: [good], pad: 'x'.repeat(2 * 1024 * 1024) }),
        },
        status: 413,
      },
    ];
    for (const { label, options, status } of cases) {
      const before = await fingerprint(database.db, ['ratings', 'rating_history', 'audit_log']);
      const answer = await call(handler, '/api/v1/ratings', { token: personal, ...options });
      expect(answer.status, label).toBe(status);
      expect(answer.problem?.detail, label).toBeTruthy();
      expect(await fingerprint(database.db, ['ratings', 'rating_history', 'audit_log']), label).toBe(before);
    }
  });

  it('refuses a closed cycle with 409, and an organization token with 403', async () => {
    const [closed] = await database.db
      .insert(assessmentCycles)
      .values({
        organizationId: world.orgA,
        frameworkId: world.framework.frameworkId,
        name: '2025 closed',
        status: 'closed',
        opensOn: '2025-01-01',
        closesOn: '2025-03-31',
        closedAt: new Date('2025-04-01T00:00:00Z'),
      })
      .returning({ id: assessmentCycles.id });
    const handler = await handlers.saveRatings();
    const change = { skillId: skill(2), level: 2, notApplicable: false, interest: false, note: null };
    const answer = await call(handler, '/api/v1/ratings', {
      token: subjectPersonal,
      body: { cycleId: closed!.id, changes: [change] },
    });
    expect(answer.status).toBe(409);
    const organizationToken = await call(handler, '/api/v1/ratings', {
      token: admin,
      body: { cycleId: world.cycleA, changes: [change] },
    });
    expect(organizationToken.status).toBe(403);
  });
});

describe('GET /api/v1/gaps', () => {
  interface GapItem {
    memberId: string;
    email: string;
    skillKey: string;
    selfLevel: number | null;
    managerLevel: number | null;
    level: number | null;
    target: number;
    gap: number;
    interest: boolean;
    lastRatedAt: string | null;
  }

  it('answers exactly the rows of the gap CSV, a few members a page', async () => {
    await database.db.insert(teamTargets).values([
      { organizationId: world.orgA, teamId: world.teamA1, nodeId: world.framework.id('tech'), level: 3 },
      { organizationId: world.orgA, teamId: world.teamA1, nodeId: world.framework.id('lead'), level: 2 },
    ]);
    await database.db.insert(ratings).values({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: world.subjectA1.membership.id,
      skillId: world.framework.id('tech/testing/pytest'),
      source: 'manager',
      level: 1,
      ratedByMembershipId: world.managerA1.membership.id,
      changedAt: new Date('2026-11-02T10:00:00Z'),
    });
    const handler = await handlers.gaps();
    for (const query of [`team=${world.teamA1}`, `team=${world.teamA1}&view=manager-else-self&minGap=2`, '']) {
      const rows: GapItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer = await call(handler, '/api/v1/gaps', {
          token: admin,
          query: [query, 'limit=1', cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&'),
        });
        expect(answer.status).toBe(200);
        expect((answer.json as { cycle: { id: string } }).cycle.id).toBe(world.cycleA);
        rows.push(...dataOf<GapItem>(answer));
        cursor = nextCursorOf(answer);
        pages += 1;
      } while (cursor && pages < 20);

      actAs(world.adminA);
      const csv = await gapCsv(new Request(`http://localhost:3000/api/reports/gaps.csv?${query}`));
      const records = parse(await csv.text(), { columns: true }) as Record<string, string>[];
      const fromCsv = records.map((record) => [
        record.email,
        record['skill key'],
        record['self level'],
        record['manager level'],
        record['level used'],
        record.target,
        record.gap,
        record.interest,
        record['last rated at'],
      ]);
      const text = (value: number | null | string) => (value === null ? '' : String(value));
      const fromApi = rows.map((row) => [
        row.email,
        row.skillKey,
        text(row.selfLevel),
        text(row.managerLevel),
        text(row.level),
        text(row.target),
        text(row.gap),
        row.interest ? 'yes' : 'no',
        text(row.lastRatedAt),
      ]);
      expect(fromCsv.length, query).toBeGreaterThan(0);
      expect(fromApi, query).toEqual(fromCsv);
    }
  });

  it('refuses the CSV’s own options and unknown filters, and a cycle of another organization', async () => {
    const handler = await handlers.gaps();
    for (const query of ['format=wide', 'bom=1', 'minGap=0', 'team=abc', 'limit=26']) {
      expect((await call(handler, '/api/v1/gaps', { token: admin, query })).status, query).toBe(400);
    }
    const other = await buildWorld(database.db);
    const foreign = await call(handler, '/api/v1/gaps', { token: admin, query: `cycle=${other.cycleA}` });
    expect(foreign.status).toBe(404);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is public and is the document', async () => {
    const answer = await call(await handlers.openapi(), '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ openapi: '3.1.0', info: { title: 'Skillgrid REST API' } });
  });
});
