/**
 * The gap CSV against gaps computed independently, in plain JavaScript, from
 * the raw ratings and targets this file inserts: byte for byte for the long
 * format, cell for cell between long and wide, with formula-looking names
 * neutralised, and authorized like the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import {
  auditLog,
  memberships,
  ratings,
  roleProfiles,
  roleProfileTargets,
  skillNodes,
  teamTargets,
  users,
} from '@/db/schema';
import { GET } from '@/app/api/reports/gaps.csv/route';
import { gapCsvStream } from '@/lib/reports/csv-export';
import { resolveReportScope } from '@/lib/reports/scope';
import type { GapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';
import { computeGapSnapshot, snapshotScope } from '@/lib/reports/gap-snapshot';
import { loadGapReportTogether, loadGapsByPerson, loadGapsBySkill, loadGapSummary } from '@/lib/reports/gap-report';
import type { RatingView } from '@/lib/insight/effective-ratings';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

// ---------------------------------------------------------------- the fixture, as plain data

const SKILLS = [
  'tech/python/basics/syntax',
  'tech/python/basics/typing',
  'tech/python/async/asyncio',
  'tech/testing/pytest',
  'tech/testing/property-tests',
  'lead/people/mentoring',
] as const;
type SkillKey = (typeof SKILLS)[number];

// Names that look like formulas or need quoting; set on the framework and people below.
const NODE_NAMES: Record<string, string> = {
  tech: 'Technical',
  'tech/python': 'Python',
  'tech/python/basics': 'Basics\nline, "two"',
  'tech/python/async': 'Async',
  'tech/testing': '-2',
  lead: 'Leadership',
  'lead/people': 'People',
  'tech/python/basics/syntax': 'Syntax',
  'tech/python/basics/typing': 'Typing',
  'tech/python/async/asyncio': 'asyncio',
  'tech/testing/pytest': 'pytest',
  'tech/testing/property-tests': '@SUM(A1)',
  'lead/people/mentoring': '+1',
};
const SECTION_KEY = (skill: string) => skill.split('/').slice(0, 2).join('/');
const GROUP_KEY = (skill: string) => (skill.split('/').length === 4 ? skill.split('/').slice(0, 3).join('/') : null);
const ANCESTORS = (skill: string) => skill.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));

const PROFILE_NAME = 'Engineer, II';
const ROLE_TARGETS: Record<string, number> = {
  tech: 2,
  'tech/python/basics/syntax': 4,
  'tech/testing': 3,
  // A deeper node may lower what its parent asks.
  'tech/testing/property-tests': 1,
};
const TEAM_TARGETS: Record<string, number> = { lead: 2, 'tech/python/async': 3, 'tech/testing/pytest': 2 };

type Who = 'manager' | 'member' | 'subject';
const PEOPLE: Record<Who, { name: string; profile: boolean }> = {
  manager: { name: 'Mona Manager', profile: false },
  member: { name: 'Zoë, "the" tester', profile: true },
  subject: { name: '=HYPERLINK("http://x")', profile: true },
};
interface Raw {
  who: Who;
  skill: SkillKey;
  source: 'self' | 'manager';
  level: number | null;
  na?: boolean;
  interest?: boolean;
  at: string;
}
const RAW: Raw[] = [
  { who: 'member', skill: 'tech/python/basics/syntax', source: 'self', level: 2, at: '2026-10-02T09:00:00Z' },
  { who: 'member', skill: 'tech/python/basics/typing', source: 'self', level: 2, at: '2026-10-02T09:01:00Z' },
  { who: 'member', skill: 'tech/python/basics/typing', source: 'manager', level: 1, at: '2026-10-05T12:00:00Z' },
  {
    who: 'member',
    skill: 'tech/python/async/asyncio',
    source: 'self',
    level: null,
    na: true,
    at: '2026-10-02T09:02:00Z',
  },
  {
    who: 'member',
    skill: 'tech/testing/property-tests',
    source: 'self',
    level: 0,
    interest: true,
    at: '2026-10-02T09:03:00Z',
  },
  {
    who: 'member',
    skill: 'lead/people/mentoring',
    source: 'self',
    level: 1,
    interest: true,
    at: '2026-10-02T09:04:00Z',
  },
  { who: 'subject', skill: 'tech/python/basics/syntax', source: 'self', level: 4, at: '2026-10-03T08:00:00Z' },
  {
    who: 'subject',
    skill: 'tech/python/async/asyncio',
    source: 'self',
    level: 1,
    interest: true,
    at: '2026-10-03T08:01:00Z',
  },
  { who: 'subject', skill: 'tech/python/async/asyncio', source: 'manager', level: 3, at: '2026-10-06T08:00:00Z' },
  { who: 'subject', skill: 'tech/testing/pytest', source: 'self', level: 3, at: '2026-10-03T08:02:00Z' },
  {
    who: 'subject',
    skill: 'tech/testing/property-tests',
    source: 'manager',
    level: null,
    na: true,
    at: '2026-10-06T08:01:00Z',
  },
  { who: 'subject', skill: 'lead/people/mentoring', source: 'self', level: 2, at: '2026-10-03T08:03:00Z' },
  { who: 'manager', skill: 'tech/python/basics/syntax', source: 'self', level: 1, at: '2026-10-04T10:00:00Z' },
  { who: 'manager', skill: 'lead/people/mentoring', source: 'self', level: 0, at: '2026-10-04T10:01:00Z' },
];

// ---------------------------------------------------------------- the independent computation

function deepest(targets: Record<string, number>, skill: string): number | null {
  let found: number | null = null;
  for (const key of ANCESTORS(skill)) if (key in targets) found = targets[key] ?? null;
  return found;
}

function expectedTarget(who: Who, skill: string): number | null {
  const role = PEOPLE[who].profile ? deepest(ROLE_TARGETS, skill) : null;
  const team = deepest(TEAM_TARGETS, skill);
  if (role === null) return team;
  if (team === null) return role;
  return Math.max(role, team);
}

interface Expected {
  who: Who;
  skill: SkillKey;
  self: number | null;
  manager: number | null;
  used: number | null;
  target: number;
  gap: number;
  interest: boolean;
  at: string | null;
}

function expectedGaps(options: {
  view: RatingView;
  minGap: number;
  interestOnly?: boolean;
  area?: string;
}): Expected[] {
  const out: Expected[] = [];
  const order = (Object.keys(PEOPLE) as Who[]).sort((a, b) => (PEOPLE[a].name < PEOPLE[b].name ? -1 : 1));
  for (const who of order) {
    for (const skill of SKILLS) {
      if (options.area && !skill.startsWith(`${options.area}/`)) continue;
      const target = expectedTarget(who, skill);
      if (target === null) continue;
      const self = RAW.find((raw) => raw.who === who && raw.skill === skill && raw.source === 'self');
      const manager = RAW.find((raw) => raw.who === who && raw.skill === skill && raw.source === 'manager');
      const chosen = options.view === 'self' ? self : options.view === 'manager' ? manager : (manager ?? self);
      if (chosen?.na) continue;
      const used = chosen?.level ?? null;
      const gap = target - (used ?? 0);
      const interest = self?.interest ?? false;
      if (gap < options.minGap) continue;
      if (options.interestOnly && !interest) continue;
      const times = [self?.at, manager?.at].filter((value): value is string => Boolean(value)).sort();
      out.push({
        who,
        skill,
        self: self?.na ? null : (self?.level ?? null),
        manager: manager?.na ? null : (manager?.level ?? null),
        used,
        target,
        gap,
        interest,
        at: times.at(-1) ?? null,
      });
    }
  }
  return out;
}

// A hand-written RFC 4180 writer and OWASP guard, deliberately not the production code.
const guard = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const field = (value: string | number | null) => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = guard(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const line = (cells: (string | number | null)[]) => `${cells.map(field).join(',')}\r\n`;

const HEADER =
  'organization,team,member name,email,role profile,area,section,group,skill key,skill,self level,manager level,level used,target,gap,interest,last rated at,cycle\r\n';

function expectedLongCsv(rows: Expected[], emails: Record<Who, string>, orgName: string): string {
  return (
    HEADER +
    rows
      .map((row) =>
        line([
          orgName,
          'Platform',
          PEOPLE[row.who].name,
          emails[row.who],
          PEOPLE[row.who].profile ? PROFILE_NAME : null,
          NODE_NAMES[row.skill.split('/')[0] ?? ''] ?? '',
          NODE_NAMES[SECTION_KEY(row.skill)] ?? '',
          GROUP_KEY(row.skill) ? (NODE_NAMES[GROUP_KEY(row.skill) ?? ''] ?? '') : null,
          row.skill,
          NODE_NAMES[row.skill] ?? '',
          row.self,
          row.manager,
          row.used,
          row.target,
          row.gap,
          row.interest ? 'yes' : 'no',
          row.at ? row.at.replace('.000', '') : null,
          '2026 Q4',
        ]),
      )
      .join('')
  );
}

/** A small RFC 4180 reader for the wide/long comparison. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      index += 1;
    } else cell += char;
  }
  return records;
}

// ---------------------------------------------------------------- setup

const who = (name: Who) =>
  name === 'manager' ? world.managerA1 : name === 'member' ? world.memberA1 : world.subjectA1;
let emails: Record<Who, string>;
let orgName: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  const db = database.db;
  for (const [key, name] of Object.entries(NODE_NAMES)) {
    await db
      .update(skillNodes)
      .set({ name })
      .where(eq(skillNodes.id, world.framework.id(key)));
  }
  const [profile] = await db
    .insert(roleProfiles)
    .values({ organizationId: world.orgA, name: PROFILE_NAME })
    .returning({ id: roleProfiles.id });
  if (!profile) throw new Error('insert failed');
  await db.insert(roleProfileTargets).values(
    Object.entries(ROLE_TARGETS).map(([key, level]) => ({
      organizationId: world.orgA,
      roleProfileId: profile.id,
      nodeId: world.framework.id(key),
      level,
    })),
  );
  await db.insert(teamTargets).values(
    Object.entries(TEAM_TARGETS).map(([key, level]) => ({
      organizationId: world.orgA,
      teamId: world.teamA1,
      nodeId: world.framework.id(key),
      level,
    })),
  );
  for (const person of Object.keys(PEOPLE) as Who[]) {
    const context = who(person);
    await db.update(users).set({ name: PEOPLE[person].name }).where(eq(users.id, context.user.id));
    if (PEOPLE[person].profile) {
      await db.update(memberships).set({ roleProfileId: profile.id }).where(eq(memberships.id, context.membership.id));
    }
  }
  await db.insert(ratings).values(
    RAW.map((raw) => ({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: who(raw.who).membership.id,
      skillId: world.framework.id(raw.skill),
      source: raw.source,
      level: raw.level,
      notApplicable: raw.na ?? false,
      interest: raw.interest ?? false,
      note: '=HYPERLINK("http://x") +1 -2 @SUM(A1)',
      ratedByMembershipId: raw.source === 'self' ? who(raw.who).membership.id : world.managerA1.membership.id,
      changedAt: new Date(raw.at),
    })),
  );
  const emailRows = await db.select({ id: users.id, email: users.email }).from(users);
  const emailOf = (person: Who) => emailRows.find((row) => row.id === who(person).user.id)?.email ?? '';
  emails = { manager: emailOf('manager'), member: emailOf('member'), subject: emailOf('subject') };
  orgName = world.adminA.organization.name;
});

afterAll(async () => {
  await database?.close();
});

const request = (params: Record<string, string>) =>
  new Request(`http://localhost:3000/api/reports/gaps.csv?${new URLSearchParams(params).toString()}`);

async function download(params: Record<string, string>) {
  const response = await GET(request(params));
  return { response, text: await response.text() };
}

// ---------------------------------------------------------------- tests

describe('GET /api/reports/gaps.csv — long format', () => {
  it.each([
    { view: 'self' as const, minGap: 1 },
    { view: 'manager-else-self' as const, minGap: 1 },
    { view: 'manager' as const, minGap: 2 },
    { view: 'self' as const, minGap: 1, interestOnly: true },
    { view: 'self' as const, minGap: 1, area: 'tech' },
  ])('matches the independent computation byte for byte: %j', async (options) => {
    actAs(world.managerA1);
    const params: Record<string, string> = { team: world.teamA1, view: options.view, minGap: String(options.minGap) };
    if (options.interestOnly) params.interestOnly = '1';
    if (options.area) params.area = world.framework.id(options.area);
    const { response, text } = await download(params);
    expect(response.status).toBe(200);
    const expected = expectedGaps(options);
    expect(expected.length).toBeGreaterThan(0);
    expect(text).toBe(expectedLongCsv(expected, emails, orgName));
    expect(response.headers.get('x-row-count-estimate')).toBe(String(expected.length));
  });

  it('sends CSV headers, an attachment name and an optional UTF-8 BOM', async () => {
    actAs(world.managerA1);
    const plain = await download({ team: world.teamA1 });
    expect(plain.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(plain.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="skillgrid-gaps-long-.*\.csv"$/,
    );
    const withBom = await GET(request({ team: world.teamA1, bom: '1' }));
    const bytes = new Uint8Array(await withBom.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`\uFEFF${plain.text}`);
  });

  it('neutralises formula-looking names and quotes quotes, commas, newlines; keeps non-ASCII', async () => {
    actAs(world.managerA1);
    const { text } = await download({ team: world.teamA1 });
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`,'@SUM(A1),`);
    expect(text).toContain(`,'+1,`);
    expect(text).toContain(`,'-2,`);
    expect(text).toContain(`"Zoë, ""the"" tester"`);
    expect(text).toContain(`"Basics\nline, ""two"""`);
    // No cell of the parsed file starts with a trigger character.
    for (const record of parseCsv(text)) {
      for (const cell of record) if (!/^-?\d+$/.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('streams the same bytes whatever the batch size', async () => {
    const { scope } = await resolveReportScope(database.db, world.adminA, {
      team: world.teamA1,
      minGap: 1,
      interestOnly: false,
      view: 'self',
    });
    if (!scope) throw new Error('no scope');
    const read = (membersPerBatch: number) =>
      new Response(gapCsvStream(database.db, scope, { format: 'long', bom: false, membersPerBatch })).text();
    const one = await read(1);
    expect(await read(2)).toBe(one);
    expect(await read(500)).toBe(one);
    // The default: on PostgreSQL one COPY whose bytes are decoded (lib/reports/copy-stream.ts), on PGlite the batches.
    let rows = -1;
    const text = await new Response(
      gapCsvStream(database.db, scope, { format: 'long', bom: false, onFinish: (result) => void (rows = result.rows) }),
    ).text();
    expect(text).toBe(one);
    expect(rows).toBe(parseCsv(one).length - 1);
    // The wide file too: rendered by PostgreSQL for COPY there, in JavaScript from the batches here.
    const wide = (membersPerBatch?: number) =>
      new Response(gapCsvStream(database.db, scope, { format: 'wide', bom: false, membersPerBatch })).text();
    const wideBatches = await wide(2);
    expect(parseCsv(wideBatches).length).toBeGreaterThan(2);
    expect(await wide()).toBe(wideBatches);
  });
});

/** A name as the CSV shows it: one starting like a formula gets a leading apostrophe. */
const guardedName = (name: string) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);

describe('GET /api/reports/gaps.csv — framework order', () => {
  it('lists each member’s skills as the framework does (area → section → group → skill), not by name or id', async () => {
    actAs(world.managerA1);
    const [, ...rows] = parseCsv((await download({ team: world.teamA1, view: 'self' })).text);
    const frameworkOrder = SKILLS.map((key) => guardedName(NODE_NAMES[key]!));
    // The fixture's names sort differently from its tree, so the check can fail.
    expect([...frameworkOrder].sort()).not.toEqual(frameworkOrder);
    const byMember = new Map<string, string[]>();
    for (const row of rows) byMember.set(row[2]!, [...(byMember.get(row[2]!) ?? []), row[9]!]);
    expect(byMember.size).toBeGreaterThan(1);
    for (const [member, skills] of byMember) {
      expect(skills, member).toEqual(frameworkOrder.filter((name) => skills.includes(name)));
      expect(skills.length, member).toBeGreaterThan(1);
    }
  });
});

describe('GET /api/reports/gaps.csv — wide format', () => {
  it('has one row per member with a gap, and agrees with the long format cell for cell', async () => {
    actAs(world.managerA1);
    for (const view of ['self', 'manager-else-self'] as const) {
      const long = parseCsv((await download({ team: world.teamA1, view })).text);
      const wide = parseCsv((await download({ team: world.teamA1, view, format: 'wide' })).text);
      const [wideHeader, ...wideRows] = wide;
      const [, ...longRows] = long;
      expect(wideHeader?.slice(0, 6)).toEqual([
        'organization',
        'team',
        'member name',
        'email',
        'role profile',
        'cycle',
      ]);
      expect(wideHeader).toHaveLength(6 + SKILLS.length * 2);
      // Short headers; the legend (a second file) names each column in full.
      for (const cell of wideHeader!.slice(6)) expect(cell.length).toBeLessThanOrEqual(40);
      const [legendHeader, ...legend] = parseCsv((await download({ team: world.teamA1, view, format: 'legend' })).text);
      expect(legendHeader).toEqual([
        'column',
        'level column',
        'gap column',
        'skill key',
        'skill',
        'area',
        'section',
        'group',
      ]);
      expect(legend.map((row) => row[1])).toEqual(wideHeader!.slice(6).filter((_, index) => index % 2 === 0));
      expect(legend.map((row) => row[2])).toEqual(wideHeader!.slice(6).filter((_, index) => index % 2 === 1));
      // In framework order, with the full (formula-guarded) names.
      expect(legend.map((row) => row[4])).toEqual(SKILLS.map((key) => guardedName(NODE_NAMES[key]!)));
      const columnOf = new Map(legend.map((row) => [row[4], row[1]]));
      expect(wideRows.map((row) => row[2])).toEqual([...new Set(longRows.map((row) => row[2]))]);
      let gapCells = 0;
      for (const row of wideRows) {
        for (let column = 6; column < row.length; column += 2) {
          if (row[column + 1] !== '') gapCells += 1;
        }
      }
      expect(gapCells).toBe(longRows.length);
      for (const longRow of longRows) {
        const wideRow = wideRows.find((row) => row[2] === longRow[2]);
        const skillName = longRow[9] ?? '';
        const levelColumn = wideHeader?.indexOf(columnOf.get(skillName) ?? '') ?? -1;
        expect(levelColumn, `${skillName} column`).toBeGreaterThan(0);
        expect(wideRow?.[levelColumn]).toBe(longRow[12]);
        expect(wideRow?.[levelColumn + 1]).toBe(longRow[14]);
      }
    }
  });
});

describe('GET /api/reports/gaps.csv — who may export', () => {
  const latestExportAudit = async () =>
    rowsOf<{ details: Record<string, unknown>; actor_user_id: string }>(
      await database.db.execute(
        sql`select details, actor_user_id from audit_log where action = 'report.exported' order by created_at desc, id desc limit 1`,
      ),
    )[0];

  it.each([
    ['a member of the team', () => world.memberA1, 403],
    ['another team’s manager', () => world.managerA2, 403],
    ['another organization’s admin', () => world.adminB, 404],
    ['nobody signed in', () => null, 401],
  ])('refuses %s the team export', async (_label, caller, status) => {
    actAs(caller());
    const { response, text } = await download({ team: world.teamA1 });
    expect(response.status).toBe(status);
    expect(text).not.toContain('HYPERLINK');
  });

  it('keeps the organization-wide export to admins', async () => {
    actAs(world.managerA1);
    expect((await download({})).response.status).toBe(403);
    actAs(world.adminA);
    const { response, text } = await download({});
    expect(response.status).toBe(200);
    // Org-wide: every active member of the organization with a gap, here team A1's.
    expect(text.split('\r\n').length - 2).toBe(expectedGaps({ view: 'self', minGap: 1 }).length);
  });

  it('rejects malformed filters with a 400 and a message', async () => {
    actAs(world.adminA);
    const bad: Record<string, string>[] = [{ team: 'not-an-id' }, { format: 'xml' }, { minGap: '0' }, { view: 'peer' }];
    for (const params of bad) {
      const { response, text } = await download(params);
      expect(response.status, JSON.stringify(params)).toBe(400);
      expect(text).toMatch(/Invalid query/);
    }
  });

  it('writes the export to the audit log with who, filters and row count', async () => {
    actAs(world.managerA1);
    const { text } = await download({ team: world.teamA1, minGap: '2' });
    const audit = await latestExportAudit();
    expect(audit?.actor_user_id).toBe(world.managerA1.user.id);
    expect(audit?.details).toMatchObject({
      report: 'gaps',
      format: 'long',
      rows: text.split('\r\n').length - 2,
      completed: true,
      filters: { team: world.teamA1, minGap: 2, view: 'self', cycle: world.cycleA },
    });
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, 'report.exported'));
    expect(count?.n).toBeGreaterThan(0);
  });
});

describe('the report pages’ queries', () => {
  const params = (overrides: Partial<GapPageParams> = {}): GapPageParams => ({
    team: world.teamA1,
    minGap: 1,
    interestOnly: false,
    view: 'self',
    by: 'skill',
    sort: 'total',
    dir: 'desc',
    page: 1,
    ...overrides,
  });

  it('summarises, groups by skill and by person exactly as the independent computation does', async () => {
    const report = await loadGapReport(database.db, world.adminA, params());
    const expected = expectedGaps({ view: 'self', minGap: 1 });
    expect(report.summary?.gapRows).toBe(expected.length);
    expect(report.summary?.membersInScope).toBe(3);
    expect(report.summary?.completion).toMatchObject({ members: 3 });
    expect(report.summary?.completion.ratings.rated).toBeGreaterThan(0);
    expect(report.summary?.largest[0]?.gap).toBe(Math.max(...expected.map((row) => row.gap)));
    // Largest gaps name each person once, with their largest gap and how many more they have.
    const largest = report.summary?.largest ?? [];
    expect(new Set(largest.map((row) => row.membershipId)).size).toBe(largest.length);
    expect(largest.map((row) => row.memberName).sort()).toEqual(
      [...new Set(expected.map((row) => PEOPLE[row.who].name))].sort(),
    );
    for (const row of largest) {
      const theirs = expected.filter((gap) => PEOPLE[gap.who].name === row.memberName);
      expect(row.gap).toBe(Math.max(...theirs.map((gap) => gap.gap)));
      expect(row.otherGaps).toBe(theirs.length - 1);
    }
    const bySkill = new Map<string, { members: number; total: number }>();
    for (const row of expected) {
      const entry = bySkill.get(NODE_NAMES[row.skill] ?? '') ?? { members: 0, total: 0 };
      bySkill.set(NODE_NAMES[row.skill] ?? '', { members: entry.members + 1, total: entry.total + row.gap });
    }
    expect(report.bySkill?.total).toBe(bySkill.size);
    for (const row of report.bySkill?.rows ?? []) {
      expect({ members: row.membersBelow, total: row.totalGap }).toEqual(bySkill.get(row.skillName));
    }
    const totals = report.bySkill?.rows.map((row) => row.totalGap) ?? [];
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    const byPerson = await loadGapReport(database.db, world.adminA, params({ by: 'person', sort: 'name', dir: 'asc' }));
    expect(byPerson.byPerson?.rows.map((row) => row.name)).toEqual([
      ...new Set(expected.map((row) => PEOPLE[row.who].name)),
    ]);
    for (const row of byPerson.byPerson?.rows ?? []) {
      const mine = expected.filter((gap) => PEOPLE[gap.who].name === row.name);
      expect(row.gapCount).toBe(mine.length);
      expect(row.totalGap).toBe(mine.reduce((sum, gap) => sum + gap.gap, 0));
    }
  });

  it('counts pairs at or above target and flags skills with fewer than two members at 3+', async () => {
    const report = await loadGapReport(database.db, world.adminA, params());
    let targeted = 0;
    let met = 0;
    for (const person of Object.keys(PEOPLE) as Who[]) {
      for (const skill of SKILLS) {
        const target = expectedTarget(person, skill);
        const self = RAW.find((raw) => raw.who === person && raw.skill === skill && raw.source === 'self');
        if (target === null || self?.na) continue;
        targeted += 1;
        if ((self?.level ?? 0) >= target) met += 1;
      }
    }
    expect(report.summary?.targetedPairs).toBe(targeted);
    expect(report.summary?.metPairs).toBe(met);
    // Self levels ≥ 3: only the subject in syntax and pytest; every skill has < 2 holders.
    expect(report.summary?.keyPersonRiskCount).toBe(SKILLS.length);
    // A single holder is named.
    const single = report.summary?.keyPersonRisks.filter((risk) => risk.holders === 1) ?? [];
    expect(single.length).toBeGreaterThan(0);
    for (const risk of single) expect(risk.holder?.name).toBe(PEOPLE.subject.name);
    for (const risk of report.summary?.keyPersonRisks.filter((r) => r.holders === 0) ?? []) {
      expect(risk.holder).toBeNull();
    }
  });

  it('pages past the end still report the total, and a foreign cycle id falls back to the default', async () => {
    const report = await loadGapReport(database.db, world.adminA, params({ page: 99, cycle: crypto.randomUUID() }));
    expect(report.bySkill?.rows).toEqual([]);
    expect(report.bySkill?.total).toBeGreaterThan(0);
    expect(report.params.cycle).toBe(world.cycleA);
  });

  it('in one statement gives what the summary and page loaders give one statement each (issue 23)', async () => {
    const db = database.db;
    for (const overrides of [{}, { by: 'person' as const, sort: 'name' as const, dir: 'asc' as const }, { page: 99 }]) {
      const page = params(overrides);
      const { scope } = await resolveReportScope(db, world.adminA, page);
      if (!scope) throw new Error('no scope');
      const together = await loadGapReportTogether(db, scope, page);
      expect(together.summary).toEqual(await loadGapSummary(db, scope));
      expect(together.summary.targetedPairs).toBeGreaterThan(0);
      if (page.by === 'person') expect(together.byPerson).toEqual(await loadGapsByPerson(db, scope, page));
      else expect(together.bySkill).toEqual(await loadGapsBySkill(db, scope, page));
    }
  });
});

describe('the organization-wide report from its snapshot (issue 23)', () => {
  const orgWide = (overrides: Partial<GapPageParams> = {}): GapPageParams => ({
    minGap: 1,
    interestOnly: false,
    view: 'self',
    by: 'skill',
    sort: 'total',
    dir: 'desc',
    page: 1,
    ...overrides,
  });
  // Every page of the report with these filters: both groupings, every sort both ways, a page past the end.
  const pages = (filters: Partial<GapPageParams>): GapPageParams[] => [
    ...(['total', 'members', 'mean', 'skill', 'coverage'] as const).flatMap((sort) =>
      (['asc', 'desc'] as const).map((dir) => orgWide({ ...filters, sort, dir })),
    ),
    ...(['total', 'gaps', 'max', 'name'] as const).flatMap((sort) =>
      (['asc', 'desc'] as const).map((dir) => orgWide({ ...filters, by: 'person', sort, dir })),
    ),
    orgWide({ ...filters, page: 99 }),
    orgWide({ ...filters, by: 'person', page: 99 }),
  ];
  const fromSnapshot = { snapshotMinPairs: 0 };

  it('is pending until computed, then shows exactly the live figures for every page, sort and filter', async () => {
    const db = database.db;
    const before = await loadGapReport(db, world.adminA, orgWide(), fromSnapshot);
    expect(before.source.kind).toBe('pending');
    expect(before.summary).toBeNull();
    for (const filters of [
      {},
      { minGap: 2 },
      { interestOnly: true },
      { view: 'manager' as const },
      { view: 'manager-else-self' as const },
    ]) {
      const scope = await snapshotScope(db, {
        organizationId: world.orgA,
        cycleId: world.cycleA,
        view: filters.view ?? 'self',
        minGap: filters.minGap ?? 1,
        interestOnly: filters.interestOnly ?? false,
      });
      if (!scope) throw new Error('no scope');
      const asOf = await computeGapSnapshot(db, scope);
      // Every sort and page with the default filters; the first page of each grouping with the others.
      const checked =
        Object.keys(filters).length === 0 ? pages(filters) : [orgWide(filters), orgWide({ ...filters, by: 'person' })];
      for (const page of checked) {
        const live = await loadGapReport(db, world.adminA, page);
        const stored = await loadGapReport(db, world.adminA, page, fromSnapshot);
        expect(live.source.kind).toBe('live');
        expect(stored.source).toMatchObject({ kind: 'snapshot', asOf, stale: false });
        expect({ summary: stored.summary, bySkill: stored.bySkill, byPerson: stored.byPerson }).toEqual({
          summary: live.summary,
          bySkill: live.bySkill,
          byPerson: live.byPerson,
        });
      }
    }
    // The figures are real: the organization has gaps and people with them.
    const live = await loadGapReport(db, world.adminA, orgWide({ by: 'person' }));
    expect(live.byPerson?.rows.length).toBeGreaterThan(0);
  });

  it('is stale after a quarter of an hour; team and other filtered views and non-admins stay live', async () => {
    const db = database.db;
    const later = new Date(Date.now() + 16 * 60 * 1000);
    const stale = await loadGapReport(db, world.adminA, orgWide(), { ...fromSnapshot, now: later });
    expect(stale.source).toMatchObject({ kind: 'snapshot', stale: true });
    for (const filters of [{ team: world.teamA1 }, { area: world.framework.id('tech') }]) {
      const report = await loadGapReport(db, world.adminA, orgWide(filters), fromSnapshot);
      expect(report.source.kind).toBe('live');
    }
    const manager = await loadGapReport(db, world.managerA1, orgWide({ team: world.teamA1 }), fromSnapshot);
    expect(manager.source.kind).toBe('live');
  });

  it('recomputing replaces the snapshot (one per key) and follows changed ratings', async () => {
    const db = database.db;
    const key = {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      view: 'self' as const,
      minGap: 1,
      interestOnly: false,
    };
    const scope = await snapshotScope(db, key);
    if (!scope) throw new Error('no scope');
    await db.execute(sql`update ratings set level = 0
      where organization_id = ${world.orgA} and membership_id = ${world.subjectA1.membership.id} and source = 'self'
        and level is not null`);
    const stale = await loadGapReport(db, world.adminA, orgWide(), fromSnapshot);
    const live = await loadGapReport(db, world.adminA, orgWide());
    expect(stale.summary).not.toEqual(live.summary);
    await computeGapSnapshot(db, scope);
    const fresh = await loadGapReport(db, world.adminA, orgWide(), fromSnapshot);
    expect(fresh.summary).toEqual(live.summary);
    const [count] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from gap_report_snapshots where organization_id = ${world.orgA}`),
    );
    expect(Number(count?.n)).toBe(5);
  });
});
