/**
 * The demo organization: "Acme Robotics" (slug `demo`), with the seed
 * framework, three teams, their managers, ~30 engineers, role profiles,
 * team targets and two assessment cycles full of plausible ratings.
 *
 * Everything is derived from one numeric seed (faker and a small PRNG), so two
 * runs produce the same people and the same ratings; only database ids and the
 * clamp of future timestamps to "now" differ. The seed is idempotent: when the
 * `demo` organization already exists it is left untouched and only summarised.
 *
 * Deliberately free of `server-only`: it runs from `tsx scripts/db-seed.ts`
 * and from the integration tests, outside any React Server Component.
 */
import path from 'node:path';
import { Faker, base, en } from '@faker-js/faker';
import { and, count, eq, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  assessmentCycles,
  frameworks,
  memberships,
  organizations,
  proficiencyLevels,
  ratingHistory,
  ratings,
  roleProfileTargets,
  roleProfiles,
  skillNodes,
  teamManagers,
  teamMembers,
  teamTargets,
  teams,
  users,
  type MembershipRole,
  type RatingSource,
  type SkillNodeKind,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { importFramework } from '@/lib/frameworks/import';
import { loadFrameworkFile } from '@/lib/frameworks/load-file';
// The e2e tests' import-free credentials module is the single source of truth for the
// documented accounts, so the seed and the browser tests can never disagree on them.
import { DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD } from '@/db/seed/demo-credentials';

// ---------------------------------------------------------------- public constants

export const DEMO_ORGANIZATION_SLUG = 'demo';
export const DEMO_ORGANIZATION_NAME = 'Acme Robotics';
/** admin@ runs the org; manager@ manages Platform, where member@ works (half-way through the open cycle). */
export { DEMO_ADMIN_EMAIL, DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD };
export const DEMO_EMAIL_DOMAIN = 'demo.skillgrid.dev';
/** Manage Data Infrastructure and Developer Experience. */
export const DEMO_MANAGER2_EMAIL = `manager2@${DEMO_EMAIL_DOMAIN}`;
export const DEMO_MANAGER3_EMAIL = `manager3@${DEMO_EMAIL_DOMAIN}`;
export const DEMO_TEAM_NAMES = ['Platform', 'Data Infrastructure', 'Developer Experience'] as const;
export const DEMO_FRAMEWORK_KEY = 'python-devops-mastery';
// Resolved from the working directory like MIGRATIONS_FOLDER: scripts and tests run from the repository root.
export const DEMO_FRAMEWORK_PATH = path.join(process.cwd(), 'db', 'seed', 'frameworks', `${DEMO_FRAMEWORK_KEY}.md`);
export const DEMO_CLOSED_CYCLE = { name: '2026 Q2', opensOn: '2026-04-01', closesOn: '2026-06-30' } as const;
export const DEMO_OPEN_CYCLE = { name: '2026 Q4', opensOn: '2026-10-01', closesOn: '2026-12-31' } as const;
export const DEMO_DEFAULT_SEED = 20260401;

export interface DemoSignIn {
  role: MembershipRole;
  email: string;
  password: string;
}

export interface DemoSummary {
  organizationSlug: string;
  organizationName: string;
  /** Active memberships of the demo organization. */
  users: number;
  teams: number;
  ratings: number;
  signIn: DemoSignIn[];
}

export const DEMO_SIGN_IN: readonly DemoSignIn[] = [
  { role: 'admin', email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD },
  { role: 'manager', email: DEMO_MANAGER_EMAIL, password: DEMO_PASSWORD },
  { role: 'manager', email: DEMO_MANAGER2_EMAIL, password: DEMO_PASSWORD },
  { role: 'manager', email: DEMO_MANAGER3_EMAIL, password: DEMO_PASSWORD },
  { role: 'member', email: DEMO_MEMBER_EMAIL, password: DEMO_PASSWORD },
];

// ---------------------------------------------------------------- entry point

/** Creates the demo organization once; later calls only return its summary. */
export async function seedDemoOrganization(db: Db, options: { seed?: number } = {}): Promise<DemoSummary> {
  const existing = await findDemoOrganizationId(db);
  if (existing) return summarizeDemoOrganization(db, existing);

  // argon2id is slow on purpose: hash once, outside the transaction, and share the hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const loaded = await loadFrameworkFile(DEMO_FRAMEWORK_PATH);
  const seed = options.seed ?? DEMO_DEFAULT_SEED;

  // One transaction: a failed seed leaves no half-built `demo` organization behind
  // that would make every later run skip it as "already seeded".
  const organizationId = await db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({ slug: DEMO_ORGANIZATION_SLUG, name: DEMO_ORGANIZATION_NAME })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id });
    // A concurrent seed won the race; its organization is the demo one.
    if (!org) return null;
    await buildDemoOrganization(tx, org.id, { seed, passwordHash, loaded });
    return org.id;
  });

  const id = organizationId ?? (await findDemoOrganizationId(db));
  if (!id) throw new Error('Demo seed: the demo organization vanished while seeding');
  return summarizeDemoOrganization(db, id);
}

async function findDemoOrganizationId(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO_ORGANIZATION_SLUG))
    .limit(1);
  return row?.id ?? null;
}

/** Counts straight from the database, so a fresh and an existing demo organization report alike. */
export async function summarizeDemoOrganization(db: Db, organizationId: string): Promise<DemoSummary> {
  const [[userCount], [teamCount], [ratingCount]] = await Promise.all([
    db
      .select({ value: count() })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.status, 'active'))),
    db.select({ value: count() }).from(teams).where(eq(teams.organizationId, organizationId)),
    db.select({ value: count() }).from(ratings).where(eq(ratings.organizationId, organizationId)),
  ]);
  return {
    organizationSlug: DEMO_ORGANIZATION_SLUG,
    organizationName: DEMO_ORGANIZATION_NAME,
    users: userCount?.value ?? 0,
    teams: teamCount?.value ?? 0,
    ratings: ratingCount?.value ?? 0,
    signIn: DEMO_SIGN_IN.map((entry) => ({ ...entry })),
  };
}

// ---------------------------------------------------------------- randomness

/** mulberry32: tiny, fast and deterministic; faker is kept for names only. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return Math.floor(this.between(min, maxInclusive + 1));
  }

  /** Box–Muller; ratings cluster around a person's level rather than spreading uniformly. */
  normal(mean: number, sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Random.pick on an empty list');
    return item;
  }

  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) {
      const [item] = pool.splice(Math.floor(this.next() * pool.length), 1);
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}

// ---------------------------------------------------------------- the people

type Seniority = 'junior' | 'mid' | 'senior' | 'staff' | 'manager';
type ProfileName = 'DevOps Engineer II' | 'Senior Python Engineer' | 'Staff SRE' | 'Engineering Manager';
type AreaKind = 'technical' | 'devops' | 'leadership';

interface PersonPlan {
  email: string;
  name: string;
  role: MembershipRole;
  title: string;
  /** Index into DEMO_TEAM_NAMES; null for the admin, who runs the org and rates nothing. */
  team: number | null;
  seniority: Seniority;
  profile: ProfileName | null;
  /** Share of the open cycle confirmed so far (0 = not started). */
  openCompletion: number;
}

const TEAM_DISCIPLINE = ['Platform Engineer', 'Data Engineer', 'Software Engineer'] as const;
const SENIORITY_PREFIX: Record<Exclude<Seniority, 'manager'>, string> = {
  junior: 'Associate',
  mid: '',
  senior: 'Senior',
  staff: 'Staff',
};

/** Which role profile a new hire of a team and seniority gets. */
function profileFor(team: number, seniority: Seniority, random: Random): ProfileName {
  if (seniority === 'manager') return 'Engineering Manager';
  if (team === 0)
    return seniority === 'staff' || (seniority === 'senior' && random.chance(0.4)) ? 'Staff SRE' : 'DevOps Engineer II';
  if (team === 1) return seniority === 'junior' || random.chance(0.2) ? 'DevOps Engineer II' : 'Senior Python Engineer';
  return random.chance(0.3) ? 'DevOps Engineer II' : 'Senior Python Engineer';
}

function openCompletionFor(random: Random): number {
  const roll = random.next();
  if (roll < 0.42) return 1;
  if (roll < 0.8) return random.between(0.3, 0.85);
  return random.between(0.05, 0.25);
}

function emailLocalPart(first: string, last: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase();
  return `${clean(first)}.${clean(last)}`;
}

/** The cast: five fixed accounts (for docs and tests) and faker engineers around them. */
function planPeople(faker: Faker, random: Random): PersonPlan[] {
  const people: PersonPlan[] = [
    {
      email: DEMO_ADMIN_EMAIL,
      name: 'Jordan Blake',
      role: 'admin',
      title: 'Head of Engineering',
      team: null,
      seniority: 'manager',
      profile: null,
      openCompletion: 0,
    },
  ];
  const managers: [string, string][] = [
    [DEMO_MANAGER_EMAIL, 'Priya Natarajan'],
    [DEMO_MANAGER2_EMAIL, 'Diego Fernández'],
    [DEMO_MANAGER3_EMAIL, 'Hannah Weber'],
  ];
  managers.forEach(([email, name], team) => {
    people.push({
      email,
      name,
      role: 'manager',
      title: `Engineering Manager, ${DEMO_TEAM_NAMES[team] ?? ''}`,
      team,
      seniority: 'manager',
      profile: 'Engineering Manager',
      // The first manager has finished, so the demo manager sees their own complete profile.
      openCompletion: team === 0 ? 1 : openCompletionFor(random),
    });
  });
  people.push({
    email: DEMO_MEMBER_EMAIL,
    name: 'Sam Okafor',
    role: 'member',
    title: 'Platform Engineer',
    team: 0,
    seniority: 'mid',
    profile: 'DevOps Engineer II',
    // Half done: the demo member lands on an assessment to continue, not a blank or a finished one.
    openCompletion: 0.55,
  });

  const usedEmails = new Set(people.map((p) => p.email));
  // Platform already has member@, so it gets one engineer fewer: 10 people per team, managers included.
  const engineersPerTeam = [8, 9, 9];
  const seniorities: Exclude<Seniority, 'manager'>[] = ['junior', 'mid', 'mid', 'senior', 'senior', 'staff'];
  let notStarted = 0;
  engineersPerTeam.forEach((n, team) => {
    for (let i = 0; i < n; i++) {
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      let local = emailLocalPart(first, last);
      for (let suffix = 2; usedEmails.has(`${local}@${DEMO_EMAIL_DOMAIN}`); suffix++) {
        local = `${emailLocalPart(first, last)}${suffix}`;
      }
      const email = `${local}@${DEMO_EMAIL_DOMAIN}`;
      usedEmails.add(email);
      const seniority = random.pick(seniorities);
      const prefix = SENIORITY_PREFIX[seniority];
      // The last engineer of the first two teams has not opened the new cycle yet.
      const lastOfTeam = i === n - 1 && team < 2;
      if (lastOfTeam) notStarted++;
      people.push({
        email,
        name: `${first} ${last}`,
        role: 'member',
        title: prefix ? `${prefix} ${TEAM_DISCIPLINE[team] ?? ''}` : (TEAM_DISCIPLINE[team] ?? ''),
        team,
        seniority,
        profile: profileFor(team, seniority, random),
        openCompletion: lastOfTeam ? 0 : openCompletionFor(random),
      });
    }
  });
  if (notStarted !== 2) throw new Error('Demo seed: expected two members who have not started the open cycle');
  return people;
}

// ---------------------------------------------------------------- skill strength model

/** Typical level by seniority before team and personal leanings. */
const BASE_LEVEL: Record<Seniority, number> = { junior: 1.0, mid: 1.7, senior: 2.4, staff: 2.9, manager: 2.3 };
/** Leadership grows with seniority faster than technical depth does. */
const LEADERSHIP_LEVEL: Record<Seniority, number> = { junior: 0.8, mid: 1.4, senior: 2.3, staff: 3.0, manager: 3.3 };

/** What each team works on all day (by category name in the seed), and what it never touches. */
const TEAM_CATEGORY_LEANING: readonly Record<string, number>[] = [
  {
    'Container & Orchestration': 0.8,
    'Infrastructure as Code (IaC)': 0.6,
    'Monitoring & Observability': 0.6,
    'Cloud Automation & APIs': 0.4,
    'Network Automation': 0.2,
    'AI/ML Integration in DevOps': -0.7,
  },
  {
    'Performance & Optimization': 0.6,
    'AI/ML Integration in DevOps': 0.7,
    'Advanced Automation Frameworks': 0.5,
    'Core Python Fundamentals': 0.4,
    'Advanced Python Concepts': 0.3,
    'Network Automation': -0.7,
    'Configuration Management': -0.4,
  },
  {
    'Testing & Quality Assurance': 0.8,
    'Modern Python Tools & Ecosystem': 0.8,
    'CI/CD Pipeline Development': 0.6,
    'Core Python Fundamentals': 0.3,
    'Network Automation': -0.6,
    'AI/ML Integration in DevOps': -0.3,
  },
];
const TEAM_AREA_LEANING: readonly Record<AreaKind, number>[] = [
  { technical: -0.1, devops: 0.4, leadership: 0 },
  { technical: 0.4, devops: -0.1, leadership: 0 },
  { technical: 0.3, devops: 0, leadership: 0 },
];

/** Niche groups that whole teams or people legitimately never touch: the source of most "n/a". */
const NICHE_GROUPS = [
  'Chef Integration',
  'Puppet Integration',
  'Azure Automation',
  'Azure DevOps',
  'Computer Vision',
  'Network Device Management',
  'Software-Defined Networking',
  'Natural Language Processing',
];

const NOTES = [
  'Used this every day during the platform migration.',
  'Only read about it so far, no production use yet.',
  'Took the internal workshop; want a real project to practise on.',
  'Wrote the runbook the team uses for this.',
  'Rusty: last used it two years ago at my previous job.',
  'Pairing with a teammate on this for the next quarter.',
  'Led the rollout across all our services.',
  'Comfortable with the basics, struggle with edge cases.',
];

interface SkillInfo {
  id: string;
  name: string;
  area: AreaKind | null;
  categoryId: string | null;
  categoryName: string;
  groupName: string | null;
  /** Position in the framework's reading order: members assess one section after another. */
  order: number;
}

interface RatingValue {
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  evidenceLinks: string[];
  changedAt: Date;
}

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const clampLevel = (value: number, max: number) => Math.max(0, Math.min(max, Math.round(value)));

/** A person's self-assessment of every skill in the closed cycle, from their strength profile. */
function closedCycleRatings(
  person: PersonPlan,
  skills: readonly SkillInfo[],
  categoryNames: readonly string[],
  maxLevel: number,
  random: Random,
): Map<string, RatingValue> {
  const team = person.team ?? 0;
  const overall = random.normal(0, 0.25);
  const categoryOffset = new Map<string, number>();
  for (const name of categoryNames)
    categoryOffset.set(name, random.normal(0, 0.45) + (TEAM_CATEGORY_LEANING[team]?.[name] ?? 0));
  // A couple of personal specialities and blind spots make each profile recognisable on the radar.
  for (const name of random.sample(categoryNames, random.int(1, 3)))
    categoryOffset.set(name, (categoryOffset.get(name) ?? 0) + 1.3);
  for (const name of random.sample(categoryNames, random.int(1, 2)))
    categoryOffset.set(name, (categoryOffset.get(name) ?? 0) - 1.0);
  const interestCategories = new Set(random.sample(categoryNames, random.int(1, 2)));
  const notApplicableGroups = new Set(NICHE_GROUPS.filter(() => random.chance(0.3)));

  // Most people finished the closed cycle; a few skipped a handful of skills.
  const skipRate = random.chance(0.8) ? 0 : random.between(0.03, 0.12);
  const start = Date.UTC(2026, 3, 1, 8) + random.int(0, 55) * 86_400_000 + random.int(0, 8) * 3_600_000;
  const secondSessionAt = Math.floor(skills.length * random.between(0.3, 0.7));
  const notesAt = new Set(
    random.sample(
      skills.map((s) => s.id),
      random.int(0, 4),
    ),
  );

  const out = new Map<string, RatingValue>();
  for (const skill of skills) {
    if (random.chance(skipRate)) continue;
    // Skills are rated in reading order, in two sittings a few days apart.
    const changedAt = new Date(
      start + skill.order * 20_000 + (skill.order >= secondSessionAt ? 3 * 86_400_000 : 0) + random.int(0, 15_000),
    );
    const notApplicable = (skill.groupName !== null && notApplicableGroups.has(skill.groupName)) || random.chance(0.01);
    const areaBase =
      skill.area === 'leadership'
        ? LEADERSHIP_LEVEL[person.seniority]
        : BASE_LEVEL[person.seniority] + (skill.area ? (TEAM_AREA_LEANING[team]?.[skill.area] ?? 0) : 0);
    const level = notApplicable
      ? null
      : clampLevel(
          areaBase + overall + (categoryOffset.get(skill.categoryName) ?? 0) + random.normal(0, 0.55),
          maxLevel,
        );
    const interest =
      !notApplicable &&
      ((interestCategories.has(skill.categoryName) && (level ?? 0) <= 2 && random.chance(0.5)) || random.chance(0.02));
    const withNote = !notApplicable && notesAt.has(skill.id);
    const evidenceLinks =
      level !== null && level >= 3 && random.chance(0.03)
        ? [
            `https://git.acme-robotics.example/${slugify(DEMO_TEAM_NAMES[team] ?? 'eng')}/runbooks/${slugify(skill.name)}`,
          ]
        : [];
    out.set(skill.id, {
      level,
      notApplicable,
      interest,
      note: withNote ? random.pick(NOTES) : null,
      evidenceLinks,
      changedAt,
    });
  }
  return out;
}

/** A confirmed open-cycle rating: the closed one reviewed, mostly the same, sometimes a level up. */
function driftUpward(
  previous: RatingValue | undefined,
  maxLevel: number,
  random: Random,
  changedAt: Date,
): RatingValue {
  if (previous?.notApplicable && random.chance(0.9)) return { ...previous, changedAt };
  const before = previous?.level ?? clampLevel(random.normal(1.5, 0.8), maxLevel);
  const growth = random.chance(previous?.interest ? 0.45 : 0.2) ? 1 : random.chance(0.03) ? -1 : 0;
  const level = clampLevel(before + growth, maxLevel);
  return {
    level,
    notApplicable: false,
    // Once grown, the itch to grow there often goes away.
    interest: previous?.interest === true && !(growth > 0 && random.chance(0.5)),
    note: previous?.note ?? null,
    evidenceLinks: previous?.evidenceLinks ?? [],
    changedAt,
  };
}

// ---------------------------------------------------------------- build

/** One rating as shipped to the database inside a JSON batch (column names as in SQL). */
interface RatingRow {
  cycle_id: string;
  membership_id: string;
  skill_id: string;
  source: RatingSource;
  level: number | null;
  not_applicable: boolean;
  interest: boolean;
  note: string | null;
  evidence_links: string[];
  carried_over: boolean;
  /** A carried-over value confirmed as still true in the open cycle. */
  confirmed_at: string | null;
  rated_by_membership_id: string;
  changed_at: string;
}

/** Rows per statement: big enough to be quick, small enough to keep each statement's payload modest. */
const INSERT_BATCH = 4_000;

/**
 * Inserts ratings and their history rows, one JSON parameter per batch. Thousands of bound
 * parameters per statement are slow on PGlite (the seed took ~5 s that way); one jsonb
 * parameter unpacked by `jsonb_to_recordset` is several times faster and reads the same
 * on PostgreSQL. Each seeded rating was set once, so its history is one identical row.
 */
async function insertRatings(db: Db, organizationId: string, rows: readonly RatingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const payload = JSON.stringify(rows.slice(i, i + INSERT_BATCH));
    await db.execute(sql`
      with batch as (
        select * from jsonb_to_recordset(${payload}::jsonb) as r(
          cycle_id uuid, membership_id uuid, skill_id uuid, source rating_source, level smallint,
          not_applicable boolean, interest boolean, note text, evidence_links text[],
          carried_over boolean, confirmed_at timestamptz, rated_by_membership_id uuid, changed_at timestamptz)
      ),
      inserted as (
        insert into ${ratings} (organization_id, cycle_id, membership_id, skill_id, source, level,
          not_applicable, interest, note, evidence_links, carried_over, confirmed_at, rated_by_membership_id,
          changed_at)
        select ${organizationId}::uuid, cycle_id, membership_id, skill_id, source, level,
          not_applicable, interest, note, evidence_links, carried_over, confirmed_at, rated_by_membership_id,
          changed_at
        from batch
      )
      insert into ${ratingHistory} (organization_id, cycle_id, membership_id, skill_id, source, level,
        not_applicable, interest, note, rated_by_membership_id, changed_at)
      select ${organizationId}::uuid, cycle_id, membership_id, skill_id, source, level,
        not_applicable, interest, note, rated_by_membership_id, changed_at
      from batch
    `);
  }
}

interface NodeRow {
  id: string;
  parentId: string | null;
  key: string;
  kind: SkillNodeKind;
  name: string;
  position: number;
  ancestorIds: string[];
}

/** Finds a node by the names on its path (a subsequence of its ancestors, then itself), failing loudly. */
function nodeByPath(
  nodes: readonly NodeRow[],
  byId: ReadonlyMap<string, NodeRow>,
  kind: SkillNodeKind,
  names: string[],
): NodeRow {
  const wanted = names.map((n) => n.toLowerCase());
  const last = wanted[wanted.length - 1];
  const matches = nodes.filter((node) => {
    if (node.kind !== kind || node.name.toLowerCase() !== last) return false;
    const ancestors = node.ancestorIds.filter((id) => id !== node.id).map((id) => byId.get(id)?.name.toLowerCase());
    let at = 0;
    for (const name of ancestors) if (name === wanted[at]) at++;
    return at >= wanted.length - 1;
  });
  const [match] = matches;
  if (!match || matches.length > 1) {
    throw new Error(
      `Demo seed: expected one ${kind} "${names.join(' › ')}" in the seed framework, found ${matches.length}`,
    );
  }
  return match;
}

function areaKindOf(node: NodeRow): AreaKind | null {
  if (node.key === 'technical' || node.key === 'devops' || node.key === 'leadership') return node.key;
  const text = `${node.key} ${node.name}`.toLowerCase();
  if (text.includes('technical')) return 'technical';
  if (text.includes('devops')) return 'devops';
  if (text.includes('leadership')) return 'leadership';
  return null;
}

interface BuildInput {
  seed: number;
  passwordHash: string;
  loaded: Awaited<ReturnType<typeof loadFrameworkFile>>;
}

async function buildDemoOrganization(db: Db, organizationId: string, input: BuildInput): Promise<void> {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(input.seed);
  const random = new Random(input.seed);
  const people = planPeople(faker, random);

  // Users are global; demo addresses belong to the demo, so an earlier leftover account is
  // re-pointed at the demo password rather than breaking the sign-in instructions.
  const userRows = await db
    .insert(users)
    .values(
      people.map((p) => ({
        email: p.email,
        name: p.name,
        passwordHash: input.passwordHash,
        emailVerifiedAt: new Date(),
      })),
    )
    .onConflictDoUpdate({ target: users.email, set: { passwordHash: input.passwordHash } })
    .returning({ id: users.id, email: users.email });
  const userIdByEmail = new Map(userRows.map((u) => [u.email, u.id]));
  const adminUserId = userIdByEmail.get(DEMO_ADMIN_EMAIL);

  // ---- framework
  const imported = await importFramework(db, {
    organizationId,
    document: input.loaded.document,
    sourceFormat: input.loaded.sourceFormat,
    sourceText: input.loaded.sourceText,
    actorUserId: adminUserId,
  });
  const frameworkId = imported.frameworkId;
  // The organization's default: cycles opened without choosing one assess against it.
  await db
    .update(frameworks)
    .set({ isDefault: true })
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)));
  const nodes: NodeRow[] = await db
    .select({
      id: skillNodes.id,
      parentId: skillNodes.parentId,
      key: skillNodes.key,
      kind: skillNodes.kind,
      name: skillNodes.name,
      position: skillNodes.position,
      ancestorIds: skillNodes.ancestorIds,
    })
    .from(skillNodes)
    .where(
      and(
        eq(skillNodes.organizationId, organizationId),
        eq(skillNodes.frameworkId, frameworkId),
        isNull(skillNodes.archivedAt),
      ),
    );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const [scale] = await db
    .select({ top: max(proficiencyLevels.level) })
    .from(proficiencyLevels)
    .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)));
  // The seed framework uses the default 0–4 scale; reading it keeps ratings valid if that ever changes.
  const maxLevel = scale?.top ?? 4;
  const skills = orderedSkills(nodes, byId);
  const categoryNames = [...new Set(skills.map((s) => s.categoryName))];
  const area = (kind: AreaKind): NodeRow => {
    const found = nodes.filter((n) => n.kind === 'area' && areaKindOf(n) === kind);
    if (found.length !== 1 || !found[0])
      throw new Error(`Demo seed: expected one "${kind}" area in the seed framework`);
    return found[0];
  };
  const category = (...names: string[]) => nodeByPath(nodes, byId, 'category', names);
  const group = (...names: string[]) => nodeByPath(nodes, byId, 'group', names);
  const skill = (...names: string[]) => nodeByPath(nodes, byId, 'skill', names);

  // ---- role profiles, with targets at area, category, group and skill depth
  const profileTargets: Record<ProfileName, { description: string; targets: [NodeRow, number][] }> = {
    'DevOps Engineer II': {
      description: 'Owns delivery pipelines and container platforms end to end.',
      targets: [
        [area('devops'), 2],
        [area('technical'), 2],
        [area('leadership'), 1],
        [category('Container & Orchestration'), 3],
        [category('CI/CD Pipeline Development'), 3],
        [skill('Kubernetes Operations', 'Helm Integration'), 4],
      ],
    },
    'Senior Python Engineer': {
      description: 'Writes and reviews the Python behind our automation; sets the bar for code quality.',
      targets: [
        [area('technical'), 3],
        [area('devops'), 2],
        [area('leadership'), 2],
        [category('Testing & Quality Assurance'), 3],
        [group('Concurrency & Parallelism'), 4],
        [skill('Modern Python Features', 'Type Hints'), 4],
      ],
    },
    'Staff SRE': {
      description: 'Keeps production reliable and leads incident response across teams.',
      targets: [
        [area('devops'), 3],
        [area('technical'), 3],
        [area('leadership'), 3],
        [category('Monitoring & Observability'), 4],
        [group('Security & DevSecOps', 'Incident Response'), 4],
        [group('Service Mesh'), 2],
      ],
    },
    'Engineering Manager': {
      description: 'Leads a team: technical judgement, people growth and delivery.',
      targets: [
        [area('leadership'), 3],
        [area('technical'), 2],
        [area('devops'), 2],
      ],
    },
  };
  const profileRows = await db
    .insert(roleProfiles)
    .values(Object.entries(profileTargets).map(([name, p]) => ({ organizationId, name, description: p.description })))
    .returning({ id: roleProfiles.id, name: roleProfiles.name });
  const profileIdByName = new Map(profileRows.map((p) => [p.name, p.id]));
  await db.insert(roleProfileTargets).values(
    Object.entries(profileTargets).flatMap(([name, p]) =>
      p.targets.map(([node, level]) => ({
        organizationId,
        roleProfileId: profileIdByName.get(name) ?? '',
        nodeId: node.id,
        level,
      })),
    ),
  );

  // ---- memberships
  const membershipRows = await db
    .insert(memberships)
    .values(
      people.map((p) => ({
        organizationId,
        userId: userIdByEmail.get(p.email) ?? '',
        role: p.role,
        title: p.title,
        roleProfileId: p.profile ? (profileIdByName.get(p.profile) ?? null) : null,
      })),
    )
    .returning({ id: memberships.id, userId: memberships.userId });
  const membershipIdByUserId = new Map(membershipRows.map((m) => [m.userId, m.id]));
  const membershipIdOf = (person: PersonPlan): string => {
    const id = membershipIdByUserId.get(userIdByEmail.get(person.email) ?? '');
    if (!id) throw new Error(`Demo seed: no membership for ${person.email}`);
    return id;
  };

  // ---- teams, members (managers included: they rate themselves too), managers, team targets
  const teamRows = await db
    .insert(teams)
    .values(DEMO_TEAM_NAMES.map((name) => ({ organizationId, name })))
    .returning({ id: teams.id, name: teams.name });
  const teamIdByIndex = DEMO_TEAM_NAMES.map((name) => teamRows.find((t) => t.name === name)?.id ?? '');
  const onTeams = people.filter((p): p is PersonPlan & { team: number } => p.team !== null);
  await db
    .insert(teamMembers)
    .values(
      onTeams.map((p) => ({ organizationId, teamId: teamIdByIndex[p.team] ?? '', membershipId: membershipIdOf(p) })),
    );
  await db
    .insert(teamManagers)
    .values(
      onTeams
        .filter((p) => p.role === 'manager')
        .map((p) => ({ organizationId, teamId: teamIdByIndex[p.team] ?? '', membershipId: membershipIdOf(p) })),
    );
  const teamTargetRows: [number, NodeRow, number][] = [
    [0, category('Container & Orchestration'), 3],
    [0, group('Security & DevSecOps', 'Incident Response'), 3],
    [1, category('Performance & Optimization'), 3],
    [1, group('Message Queue Systems'), 3],
    [2, category('Testing & Quality Assurance'), 3],
  ];
  await db.insert(teamTargets).values(
    teamTargetRows.map(([team, node, level]) => ({
      organizationId,
      teamId: teamIdByIndex[team] ?? '',
      nodeId: node.id,
      level,
    })),
  );

  // ---- cycles
  const [closedCycle, openCycle] = await db
    .insert(assessmentCycles)
    .values([
      // Both bound to the version the seed published: later edits in the demo make new versions they do not see.
      {
        organizationId,
        frameworkId,
        frameworkVersion: imported.version,
        status: 'closed',
        closedAt: new Date(Date.UTC(2026, 6, 1)),
        ...DEMO_CLOSED_CYCLE,
      },
      { organizationId, frameworkId, frameworkVersion: imported.version, status: 'open', ...DEMO_OPEN_CYCLE },
    ])
    .returning({ id: assessmentCycles.id });
  if (!closedCycle || !openCycle) throw new Error('Demo seed: cycles were not created');

  // ---- ratings
  const now = Date.now();
  // Timestamps in the open cycle never lie in the future: "newest change wins" would
  // otherwise let seeded data beat what a demo user types today.
  const notAfterNow = (ms: number) => new Date(Math.min(ms, now - 60_000));
  const rows: RatingRow[] = [];
  const row = (cycleId: string, membershipId: string, skillId: string, value: RatingValue, extra: Partial<RatingRow>) =>
    rows.push({
      cycle_id: cycleId,
      membership_id: membershipId,
      skill_id: skillId,
      source: 'self',
      level: value.level,
      not_applicable: value.notApplicable,
      interest: value.interest,
      note: value.note,
      evidence_links: value.evidenceLinks,
      carried_over: false,
      confirmed_at: null,
      rated_by_membership_id: membershipId,
      changed_at: value.changedAt.toISOString(),
      ...extra,
    });

  const raters = onTeams;
  const closedByPerson = new Map<string, Map<string, RatingValue>>();
  const openByPerson = new Map<string, Map<string, RatingValue>>();
  for (const person of raters) {
    const membershipId = membershipIdOf(person);
    const closed = closedCycleRatings(person, skills, categoryNames, maxLevel, random);
    closedByPerson.set(person.email, closed);
    for (const [skillId, value] of closed) row(closedCycle.id, membershipId, skillId, value, {});

    // The open cycle was pre-filled from the closed one when it opened (carried over, unconfirmed);
    // the member has confirmed or changed the first part of the framework so far, in reading order.
    const confirmedUpTo = Math.round(skills.length * person.openCompletion);
    const start = Date.UTC(2026, 9, 1, 8) + random.int(0, 45) * 86_400_000 + random.int(0, 8) * 3_600_000;
    const open = new Map<string, RatingValue>();
    for (const s of skills) {
      const previous = closed.get(s.id);
      if (s.order < confirmedUpTo) {
        const value = driftUpward(
          previous,
          maxLevel,
          random,
          notAfterNow(start + s.order * 20_000 + random.int(0, 15_000)),
        );
        open.set(s.id, value);
        const unchanged =
          previous !== undefined &&
          previous.level === value.level &&
          previous.notApplicable === value.notApplicable &&
          previous.interest === value.interest;
        // Looked at and still true: confirmed (the value keeps its own time), not rated anew.
        if (unchanged) {
          open.set(s.id, previous);
          row(openCycle.id, membershipId, s.id, previous, {
            carried_over: true,
            confirmed_at: value.changedAt.toISOString(),
          });
        } else row(openCycle.id, membershipId, s.id, value, {});
      } else if (previous) {
        open.set(s.id, previous);
        // changedAt stays the original one: any change the member makes now is newer.
        row(openCycle.id, membershipId, s.id, previous, { carried_over: true });
      }
    }
    openByPerson.set(person.email, open);
  }

  // Manager ratings beside self ratings, for the first team only: the manager has reviewed a few
  // people in the categories the team is accountable for, and disagrees now and then.
  const manager = people.find((p) => p.email === DEMO_MANAGER_EMAIL);
  if (!manager) throw new Error('Demo seed: the first manager is missing');
  const managerMembershipId = membershipIdOf(manager);
  const firstTeamEngineers = raters.filter((p) => p.team === 0 && p.role === 'member');
  const containerCategoryId = category('Container & Orchestration').id;
  const ciCategoryId = category('CI/CD Pipeline Development').id;
  const kubernetesGroupId = group('Container & Orchestration', 'Kubernetes Operations').id;
  const managerView = (self: number, forceGap: boolean): number => {
    if (forceGap) return self >= 2 ? self - 2 : self + 2;
    const roll = random.next();
    const delta = roll < 0.65 ? 0 : roll < 0.8 ? -1 : roll < 0.9 ? 1 : roll < 0.96 ? -2 : 2;
    return clampLevel(self + delta, maxLevel);
  };
  const managerRatings = (
    cycleId: string,
    reviewed: PersonPlan[],
    byPerson: Map<string, Map<string, RatingValue>>,
    categoryIds: Set<string>,
    at: number,
  ) => {
    for (const person of reviewed) {
      const self = byPerson.get(person.email);
      let forced = person.email === DEMO_MEMBER_EMAIL ? 3 : 1;
      for (const s of skills) {
        const value = self?.get(s.id);
        if (!s.categoryId || !categoryIds.has(s.categoryId) || !value || value.level === null) continue;
        // Guarantee visible calibration gaps (2+ levels) in Kubernetes for the people the demo shows.
        const force = forced > 0 && byId.get(s.id)?.parentId === kubernetesGroupId;
        if (force) forced--;
        row(
          cycleId,
          membershipIdOf(person),
          s.id,
          {
            level: managerView(value.level, force),
            notApplicable: false,
            interest: false,
            note: force ? 'Calibrate in our 1:1: I have seen less of this in practice.' : null,
            evidenceLinks: [],
            changedAt: notAfterNow(at + s.order * 30_000),
          },
          { source: 'manager', rated_by_membership_id: managerMembershipId },
        );
      }
    }
  };
  const memberPlan = people.find((p) => p.email === DEMO_MEMBER_EMAIL);
  const reviewedClosed = memberPlan
    ? [memberPlan, ...firstTeamEngineers.filter((p) => p !== memberPlan).slice(0, 3)]
    : [];
  const reviewedOpen = memberPlan
    ? [memberPlan, ...firstTeamEngineers.filter((p) => p !== memberPlan).slice(3, 5)]
    : [];
  managerRatings(
    closedCycle.id,
    reviewedClosed,
    closedByPerson,
    new Set([containerCategoryId, ciCategoryId]),
    Date.UTC(2026, 5, 15, 9),
  );
  managerRatings(openCycle.id, reviewedOpen, openByPerson, new Set([containerCategoryId]), Date.UTC(2026, 10, 16, 9));

  await insertRatings(db, organizationId, rows);

  // Issue 22: the manager has endorsed three of the demo member's rated skills in the open cycle, so
  // endorsements show on the profile, the cell detail and the people finder from the first start.
  if (memberPlan) {
    await db.execute(sql`
      insert into endorsements
        (organization_id, cycle_id, membership_id, skill_id, endorser_membership_id, level_endorsed, comment)
      select r.organization_id, r.cycle_id, r.membership_id, r.skill_id, ${managerMembershipId}::uuid, r.level,
             'Seen it in the on-call rotation.'
      from ratings r
      where r.organization_id = ${organizationId} and r.cycle_id = ${openCycle.id}
        and r.membership_id = ${membershipIdOf(memberPlan)}::uuid and r.source = 'self' and r.level is not null
      order by r.skill_id
      limit 3`);
  }
}

/** Skill leaves in the order a reader meets them: depth first, siblings by position. */
function orderedSkills(nodes: readonly NodeRow[], byId: ReadonlyMap<string, NodeRow>): SkillInfo[] {
  const children = new Map<string | null, NodeRow[]>();
  for (const node of nodes) {
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(node);
    children.set(node.parentId, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.position - b.position);
  const out: SkillInfo[] = [];
  const visit = (parentId: string | null) => {
    for (const node of children.get(parentId) ?? []) {
      if (node.kind === 'skill') {
        const ancestors = node.ancestorIds.map((id) => byId.get(id)).filter((n): n is NodeRow => n !== undefined);
        const areaNode = ancestors.find((n) => n.kind === 'area');
        const categoryNode = ancestors.find((n) => n.kind === 'category');
        const groupNode = ancestors.find((n) => n.kind === 'group');
        out.push({
          id: node.id,
          name: node.name,
          area: areaNode ? areaKindOf(areaNode) : null,
          categoryId: categoryNode?.id ?? null,
          categoryName: categoryNode?.name ?? areaNode?.name ?? '',
          groupName: groupNode?.name ?? null,
          order: out.length,
        });
      }
      visit(node.id);
    }
  };
  visit(null);
  return out;
}

/**
 * The embedded database has no autovacuum, so after a bulk load its planner
 * knows nothing about the new rows and picks nested loops over the report
 * CTEs (a heatmap in 700 ms instead of 100 ms). One ANALYZE fixes that.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  await db.execute(sql`analyze`);
}
