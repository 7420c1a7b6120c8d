/**
 * The whole Skillgrid domain, one table per concept.
 *
 * Tenancy: every organization-owned table carries `organization_id`, puts it
 * first in its unique keys and references its parents through composite
 * foreign keys `(organization_id, id)`. A row can therefore never point at a
 * row of another organization, even if application code got an id wrong,
 * and the tables stay ready to be partitioned by organization.
 */
import { relations, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const membershipRole = pgEnum('membership_role', ['member', 'manager', 'admin']);
export const membershipStatus = pgEnum('membership_status', ['active', 'deactivated']);
export const skillNodeKind = pgEnum('skill_node_kind', ['area', 'category', 'group', 'skill']);
export const ratingSource = pgEnum('rating_source', ['self', 'manager']);
export const cycleStatus = pgEnum('cycle_status', ['open', 'closed']);

export const MEMBERSHIP_ROLES = membershipRole.enumValues;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export type SkillNodeKind = (typeof skillNodeKind.enumValues)[number];
export type RatingSource = (typeof ratingSource.enumValues)[number];

// ---------------------------------------------------------------- identity

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Reminders go to people not done this many days before a cycle's due date (lib/notifications). */
  reminderDays: smallint('reminder_days')
    .array()
    .notNull()
    .default(sql`'{7,1}'::smallint[]`),
  createdAt: createdAt(),
});

/** People are global: one account may hold memberships in several organizations. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored lower-cased so that uniqueness and sign-in ignore case.
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /**
     * Every session cookie carries the generation it was issued under; raising
     * it (lib/auth/revoke-sessions.ts) ends all of the user's sessions at once.
     * Read on every request in the same query as the memberships (by primary key).
     */
    sessionGeneration: integer('session_generation').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

/** A person's name as an identity provider sends it (RFC 7643 §4.1.1), per membership. */
export interface ScimName {
  givenName?: string | null;
  familyName?: string | null;
  formatted?: string | null;
  displayName?: string | null;
}

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: membershipRole('role').notNull().default('member'),
    status: membershipStatus('status').notNull().default('active'),
    roleProfileId: uuid('role_profile_id'),
    title: text('title'),
    /**
     * The identity provider's own id for this person (SCIM `externalId`, lib/scim/): per
     * organization, since each organization brings its own provider. Null for people who
     * joined by invitation.
     */
    externalId: text('external_id'),
    /**
     * SCIM `userName` when the provider's differs from the sign-in email (an Entra UPN);
     * null = the user's email. Kept per organization: the account itself is shared.
     */
    scimUserName: text('scim_user_name'),
    /** The name parts the provider sent (SCIM `name`, `displayName`), so partial updates compose. */
    scimName: jsonb('scim_name').$type<ScimName>(),
    /**
     * Set when the identity provider deleted the person (SCIM `DELETE /Users/{id}`): the membership
     * is deactivated and no longer a SCIM resource, but it and its ratings stay until an admin erases it.
     */
    deprovisionedAt: timestamp('deprovisioned_at', { withTimezone: true }),
    /**
     * When the welcome mail of a membership created without an invitation (the API, SCIM) was sent
     * (lib/members/welcome-mail-job.ts): it makes that mail once. Null for everyone else.
     */
    welcomeMailedAt: timestamp('welcome_mailed_at', { withTimezone: true }),
    createdAt: createdAt(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    unique('memberships_org_user_uq').on(t.organizationId, t.userId),
    uniqueIndex('memberships_org_external_id_uq')
      .on(t.organizationId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex('memberships_org_scim_user_name_uq')
      .on(t.organizationId, sql`lower(${t.scimUserName})`)
      .where(sql`${t.scimUserName} is not null`),
    unique('memberships_org_id_uq').on(t.organizationId, t.id),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_role_idx').on(t.organizationId, t.role),
    foreignKey({
      name: 'memberships_role_profile_fk',
      columns: [t.organizationId, t.roleProfileId],
      foreignColumns: [roleProfiles.organizationId, roleProfiles.id],
    }),
  ],
);

// ---------------------------------------------------------------- teams

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Overrides the organization's default framework for this team's cycles; null = the default. */
    frameworkId: uuid('framework_id'),
    /** The identity provider's id of the group this team mirrors (SCIM `externalId`); null for teams made here. */
    externalId: text('external_id'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('teams_org_name_uq').on(t.organizationId, t.name),
    uniqueIndex('teams_org_external_id_uq')
      .on(t.organizationId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    unique('teams_org_id_uq').on(t.organizationId, t.id),
    foreignKey({
      name: 'teams_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'team_members_pk', columns: [t.organizationId, t.teamId, t.membershipId] }),
    index('team_members_membership_idx').on(t.organizationId, t.membershipId),
    foreignKey({
      name: 'team_members_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'team_members_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

/** A team may have several managers and a manager may lead several teams. */
export const teamManagers = pgTable(
  'team_managers',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'team_managers_pk', columns: [t.organizationId, t.teamId, t.membershipId] }),
    index('team_managers_membership_idx').on(t.organizationId, t.membershipId),
    foreignKey({
      name: 'team_managers_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'team_managers_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- frameworks

export const frameworks = pgTable(
  'frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Stable slug used by the CLI and exports, e.g. `python-devops-mastery`. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Bumped by every import or edit that changes the tree. */
    version: integer('version').notNull().default(1),
    /**
     * The organization's default framework: cycles are opened against it unless
     * a team overrides it (`teams.framework_id`) or the admin picks another.
     * A flag here rather than a column on organizations, so it can only ever
     * name one of the organization's own frameworks; at most one per organization.
     */
    isDefault: boolean('is_default').notNull().default(false),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('frameworks_org_key_uq').on(t.organizationId, t.key),
    unique('frameworks_org_id_uq').on(t.organizationId, t.id),
    uniqueIndex('frameworks_org_default_uq')
      .on(t.organizationId)
      .where(sql`${t.isDefault}`),
  ],
);

/** What a version's tree does not hold: the framework's name and description, its scale and learning stages then. */
export interface FrameworkVersionMeta {
  name: string;
  description: string | null;
  levels: { level: number; name: string; descriptor: string }[];
  learningStages: { key: string; name: string; fromLevel: number | null; toLevel: number | null; steps: string[] }[];
}

/**
 * One row per version of a framework: what changed, a hash of the source it
 * came from and (`meta` + `framework_version_nodes`) the version itself, so
 * any version can be exported and a cycle bound to it reported as it was.
 * `meta` is null only for versions published before snapshots existed.
 */
export const frameworkVersions = pgTable(
  'framework_versions',
  {
    organizationId: uuid('organization_id').notNull(),
    frameworkId: uuid('framework_id').notNull(),
    version: integer('version').notNull(),
    sourceFormat: text('source_format').notNull(),
    sourceHash: text('source_hash').notNull(),
    changes: jsonb('changes').$type<{ added: number; renamed: number; archived: number; restored: number }>().notNull(),
    meta: jsonb('meta').$type<FrameworkVersionMeta>(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'framework_versions_pk', columns: [t.organizationId, t.frameworkId, t.version] }),
    foreignKey({
      name: 'framework_versions_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }).onDelete('cascade'),
  ],
);

/**
 * The framework tree: area → category → group → skill (depth may vary; leaves
 * of kind `skill` are rated). `ancestorIds` lists the node's ancestors and the
 * node itself, root first, so "the nearest node with a target" is one SQL join.
 */
export const skillNodes = pgTable(
  'skill_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    frameworkId: uuid('framework_id').notNull(),
    parentId: uuid('parent_id'),
    key: text('key').notNull(),
    kind: skillNodeKind('kind').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull(),
    depth: smallint('depth').notNull(),
    ancestorIds: uuid('ancestor_ids').array().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /**
     * The organization's policy for this skill (an admin's switch, not part of the
     * framework's text, so not copied into version snapshots): a rating of it counts
     * in coverage and the people finder only for members holding a valid
     * certification linked to it (lib/trust/certified-ratings.ts).
     */
    requiresCertification: boolean('requires_certification').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('skill_nodes_org_framework_key_uq').on(t.organizationId, t.frameworkId, t.key),
    unique('skill_nodes_org_id_uq').on(t.organizationId, t.id),
    index('skill_nodes_tree_idx').on(t.organizationId, t.frameworkId, t.parentId, t.position),
    index('skill_nodes_ancestors_idx').using('gin', t.ancestorIds),
    // The few skills that require a certification: read by every coverage and finder query.
    index('skill_nodes_requires_certification_idx')
      .on(t.organizationId, t.id)
      .where(sql`${t.requiresCertification}`),
    foreignKey({
      name: 'skill_nodes_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'skill_nodes_parent_fk',
      columns: [t.organizationId, t.parentId],
      foreignColumns: [t.organizationId, t.id],
    }),
  ],
);

/**
 * The tree of one framework version: a copy of every `skill_nodes` row
 * (archived ones included, with the `archived_at` they had) taken in the
 * publishing transaction by one INSERT … SELECT. Same column names as
 * `skill_nodes` (`node_id` aside), so "the nodes of a cycle" can stand in for
 * `skill_nodes` in report SQL (lib/frameworks/cycle-skills.ts).
 */
export const frameworkVersionNodes = pgTable(
  'framework_version_nodes',
  {
    organizationId: uuid('organization_id').notNull(),
    frameworkId: uuid('framework_id').notNull(),
    version: integer('version').notNull(),
    nodeId: uuid('node_id').notNull(),
    parentId: uuid('parent_id'),
    key: text('key').notNull(),
    kind: skillNodeKind('kind').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull(),
    depth: smallint('depth').notNull(),
    ancestorIds: uuid('ancestor_ids').array().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    // Serves "the nodes of version v" and "node x in version v" (reports join on it).
    primaryKey({ name: 'framework_version_nodes_pk', columns: [t.organizationId, t.frameworkId, t.version, t.nodeId] }),
    foreignKey({
      name: 'framework_version_nodes_version_fk',
      columns: [t.organizationId, t.frameworkId, t.version],
      foreignColumns: [frameworkVersions.organizationId, frameworkVersions.frameworkId, frameworkVersions.version],
    }).onDelete('cascade'),
    foreignKey({
      name: 'framework_version_nodes_node_fk',
      columns: [t.organizationId, t.nodeId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }),
  ],
);

export const proficiencyLevels = pgTable(
  'proficiency_levels',
  {
    organizationId: uuid('organization_id').notNull(),
    frameworkId: uuid('framework_id').notNull(),
    level: smallint('level').notNull(),
    name: text('name').notNull(),
    descriptor: text('descriptor').notNull(),
  },
  (t) => [
    primaryKey({ name: 'proficiency_levels_pk', columns: [t.organizationId, t.frameworkId, t.level] }),
    check('proficiency_levels_level_range', sql`${t.level} between 0 and 10`),
    foreignKey({
      name: 'proficiency_levels_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }).onDelete('cascade'),
  ],
);

/** The seed's "Recommended Learning Path": ordered stages, each moving a skill from one level to the next. */
export const learningStages = pgTable(
  'learning_stages',
  {
    organizationId: uuid('organization_id').notNull(),
    frameworkId: uuid('framework_id').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** The level a learner starts the stage from; null for open-ended stages (continuous learning). */
    fromLevel: smallint('from_level'),
    toLevel: smallint('to_level'),
    steps: jsonb('steps').$type<string[]>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'learning_stages_pk', columns: [t.organizationId, t.frameworkId, t.key] }),
    foreignKey({
      name: 'learning_stages_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- targets

export const roleProfiles = pgTable(
  'role_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('role_profiles_org_name_uq').on(t.organizationId, t.name),
    unique('role_profiles_org_id_uq').on(t.organizationId, t.id),
  ],
);

/** A required level on any node; it applies to every skill below unless a deeper node overrides it. */
export const roleProfileTargets = pgTable(
  'role_profile_targets',
  {
    organizationId: uuid('organization_id').notNull(),
    roleProfileId: uuid('role_profile_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    level: smallint('level').notNull(),
  },
  (t) => [
    primaryKey({ name: 'role_profile_targets_pk', columns: [t.organizationId, t.roleProfileId, t.nodeId] }),
    check('role_profile_targets_level_range', sql`${t.level} between 0 and 10`),
    foreignKey({
      name: 'role_profile_targets_profile_fk',
      columns: [t.organizationId, t.roleProfileId],
      foreignColumns: [roleProfiles.organizationId, roleProfiles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'role_profile_targets_node_fk',
      columns: [t.organizationId, t.nodeId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }).onDelete('cascade'),
  ],
);

export const teamTargets = pgTable(
  'team_targets',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    nodeId: uuid('node_id').notNull(),
    level: smallint('level').notNull(),
  },
  (t) => [
    primaryKey({ name: 'team_targets_pk', columns: [t.organizationId, t.teamId, t.nodeId] }),
    check('team_targets_level_range', sql`${t.level} between 0 and 10`),
    foreignKey({
      name: 'team_targets_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'team_targets_node_fk',
      columns: [t.organizationId, t.nodeId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- assessment

export const assessmentCycles = pgTable(
  'assessment_cycles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    frameworkId: uuid('framework_id').notNull(),
    /**
     * The framework version the cycle was opened with: its skills, names and
     * tree are the cycle's, whatever is published later. Null only for rows
     * written without a recorded version (fixtures, raw SQL): those follow the
     * live tree.
     */
    frameworkVersion: integer('framework_version'),
    /** Null for an organization-wide cycle. */
    teamId: uuid('team_id'),
    name: text('name').notNull(),
    status: cycleStatus('status').notNull().default('open'),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
    /** When members should be done (reminders count down to it, then an overdue notice); optional. */
    dueOn: date('due_on'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('assessment_cycles_org_name_uq').on(t.organizationId, t.name),
    unique('assessment_cycles_org_id_uq').on(t.organizationId, t.id),
    index('assessment_cycles_org_status_idx').on(t.organizationId, t.status, t.opensOn),
    check('assessment_cycles_dates', sql`${t.closesOn} >= ${t.opensOn}`),
    check('assessment_cycles_due_date', sql`${t.dueOn} is null or ${t.dueOn} >= ${t.opensOn}`),
    foreignKey({
      name: 'assessment_cycles_framework_fk',
      columns: [t.organizationId, t.frameworkId],
      foreignColumns: [frameworks.organizationId, frameworks.id],
    }),
    foreignKey({
      name: 'assessment_cycles_framework_version_fk',
      columns: [t.organizationId, t.frameworkId, t.frameworkVersion],
      foreignColumns: [frameworkVersions.organizationId, frameworkVersions.frameworkId, frameworkVersions.version],
    }),
    foreignKey({
      // Deliberately no cascade: deleting a team must never delete ratings.
      name: 'assessment_cycles_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }),
  ],
);

/**
 * The current rating of (member, skill, cycle, source). A manager rating is a
 * second row with source `manager` beside the self rating, never over it.
 * Every change is also appended to `rating_history`.
 */
export const ratings = pgTable(
  'ratings',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    source: ratingSource('source').notNull().default('self'),
    /** 0..max level of the framework; null when not applicable or only interest/note is set. */
    level: smallint('level'),
    notApplicable: boolean('not_applicable').notNull().default(false),
    interest: boolean('interest').notNull().default(false),
    note: text('note'),
    evidenceLinks: text('evidence_links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * The value was pre-filled from the previous cycle and not changed in this one. Until the member
     * confirms it (`confirmedAt`) it is "to confirm", not done (lib/assessments/completion-rule.ts).
     */
    carriedOver: boolean('carried_over').notNull().default(false),
    /**
     * When the member confirmed a carried-over value as still true in this cycle; null while it waits
     * (and for any value rated or changed in this cycle: a change clears it). The last time a member
     * vouched for a rating is greatest(changed_at, confirmed_at): `lastAffirmedSql` in
     * lib/trust/stale.ts, which stale-rating checks read.
     */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    ratedByMembershipId: uuid('rated_by_membership_id').notNull(),
    /** When the change was made in the browser: the newest change of a skill wins. */
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Batched autosave: the browser queue that wrote this value and its sequence number. A later
     * change from the same queue wins by number, whatever the clocks say; a replay (same queue,
     * same number) changes nothing. Null for values written any other way.
     */
    clientId: text('client_id'),
    clientSeq: bigint('client_seq', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'ratings_pk', columns: [t.organizationId, t.id] }),
    unique('ratings_org_cycle_member_skill_source_uq').on(
      t.organizationId,
      t.cycleId,
      t.membershipId,
      t.skillId,
      t.source,
    ),
    // Covering: a few skills' ratings in one cycle across the organization (people finder, coverage holders)
    // as an index-only scan; without the other columns each rating cost a heap page — at 10,000 members
    // the finder read ~34,000 pages for three skills (people-finder bench, EXPLAIN ANALYZE).
    index('ratings_skill_level_idx').on(
      t.organizationId,
      t.cycleId,
      t.skillId,
      t.source,
      t.level,
      t.membershipId,
      t.notApplicable,
      t.interest,
      t.changedAt,
    ),
    // Covering: a team's or a batch's ratings of one cycle (heatmap, gap report, CSV) are an
    // index-only scan of contiguous entries instead of ~1 heap page per rating (bench: 50-member team).
    // carried_over and confirmed_at make the completion counts of the same members (lib/assessments/completion.ts:
    // rated, confirmed, to confirm, stale) index-only too: on the team gaps page they read 11,842 heap pages
    // for a 50-member team's 13,258 self ratings (issue 23). Wider, not another index: a save updates as many.
    index('ratings_member_cover_idx').on(
      t.organizationId,
      t.cycleId,
      t.membershipId,
      t.skillId,
      t.source,
      t.level,
      t.notApplicable,
      t.interest,
      t.changedAt,
      t.carriedOver,
      t.confirmedAt,
    ),
    // Trends (lib/reports/trends.ts): the levels done in whole cycles (rated, or carried over and confirmed —
    // lib/assessments/completion-sql.ts) as an index-only scan; the cover index above lacks carried_over and
    // confirmed_at, so reading them cost one heap page per rating over millions of rows at 10,000 members.
    index('ratings_done_level_idx')
      .on(t.organizationId, t.cycleId, t.membershipId, t.skillId, t.level)
      .where(
        sql`${t.source} = 'self' and ${t.level} is not null and (not ${t.carriedOver} or ${t.confirmedAt} is not null)`,
      ),
    check('ratings_level_range', sql`${t.level} is null or ${t.level} between 0 and 10`),
    check('ratings_na_has_no_level', sql`not (${t.notApplicable} and ${t.level} is not null)`),
    check('ratings_evidence_max_5', sql`coalesce(array_length(${t.evidenceLinks}, 1), 0) <= 5`),
    foreignKey({
      name: 'ratings_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'ratings_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'ratings_skill_fk',
      columns: [t.organizationId, t.skillId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }),
    foreignKey({
      name: 'ratings_rated_by_fk',
      columns: [t.organizationId, t.ratedByMembershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }),
  ],
);

export const ratingHistory = pgTable(
  'rating_history',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    source: ratingSource('source').notNull(),
    level: smallint('level'),
    notApplicable: boolean('not_applicable').notNull(),
    interest: boolean('interest').notNull(),
    note: text('note'),
    ratedByMembershipId: uuid('rated_by_membership_id').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rating_history_pk', columns: [t.organizationId, t.id] }),
    index('rating_history_member_skill_idx').on(t.organizationId, t.membershipId, t.skillId, t.changedAt),
    foreignKey({
      name: 'rating_history_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'rating_history_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- trust: settings, endorsements, certifications

/**
 * An organization's switches for issue 22 (docs/product.md): one row per organization,
 * created on first save; a missing row means the defaults below (lib/trust/settings.ts).
 */
export const organizationSettings = pgTable(
  'organization_settings',
  {
    organizationId: uuid('organization_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    endorsementsEnabled: boolean('endorsements_enabled').notNull().default(true),
    /** A rating not changed or confirmed for longer than this is shown as stale. */
    staleAfterMonths: smallint('stale_after_months').notNull().default(12),
    updatedAt: updatedAt(),
  },
  (t) => [check('organization_settings_stale_range', sql`${t.staleAfterMonths} between 1 and 60`)],
);

/**
 * A teammate's or manager's endorsement of a member's self rating of one skill in
 * one cycle. `level_endorsed` is the self level when it was given: when the rating
 * changes later the endorsement stays, marked as given for another level. Who may
 * endorse whom lives in lib/trust/endorsement-rules.ts.
 */
export const endorsements = pgTable(
  'endorsements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    endorserMembershipId: uuid('endorser_membership_id').notNull(),
    levelEndorsed: smallint('level_endorsed').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('endorsements_org_id_uq').on(t.organizationId, t.id),
    unique('endorsements_one_per_endorser_uq').on(
      t.organizationId,
      t.cycleId,
      t.membershipId,
      t.skillId,
      t.endorserMembershipId,
    ),
    // A member's endorsements (profile, heatmap detail, finder filter, CSV).
    index('endorsements_member_idx').on(t.organizationId, t.membershipId, t.skillId),
    // The people finder's endorsements of the asked skills, read once per search (lib/people/finder.ts).
    index('endorsements_skill_idx').on(t.organizationId, t.skillId, t.membershipId, t.levelEndorsed),
    // "Recent endorsements" on the people finder: the newest few of the organization without sorting all of
    // them (186 ms for 70,000 at 10,000 members on the loaded bench machine, 2 ms with it). NULLS FIRST is
    // what `order by created_at desc` means: with NULLS LAST the planner cannot use it for that order.
    index('endorsements_recent_idx').on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id),
    index('endorsements_endorser_idx').on(t.organizationId, t.endorserMembershipId),
    check('endorsements_not_self', sql`${t.endorserMembershipId} <> ${t.membershipId}`),
    check('endorsements_level_range', sql`${t.levelEndorsed} between 0 and 10`),
    check('endorsements_comment_length', sql`char_length(${t.comment}) <= 500`),
    foreignKey({
      name: 'endorsements_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'endorsements_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'endorsements_endorser_fk',
      columns: [t.organizationId, t.endorserMembershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'endorsements_skill_fk',
      columns: [t.organizationId, t.skillId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }),
  ],
);

/**
 * A certification a member holds. Linked by URL only (http/https); no file uploads.
 * Valid on a day when issued on or before it and not expired (expiry null = no expiry);
 * the rule lives in lib/trust/certified-ratings.ts.
 */
export const certifications = pgTable(
  'certifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    issuedOn: date('issued_on').notNull(),
    expiresOn: date('expires_on'),
    credentialUrl: text('credential_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('certifications_org_id_uq').on(t.organizationId, t.id),
    index('certifications_member_idx').on(t.organizationId, t.membershipId),
    // "Expiring in the next 60 days" and the reminder sweep.
    index('certifications_expiry_idx').on(t.organizationId, t.expiresOn),
    check('certifications_dates', sql`${t.expiresOn} is null or ${t.expiresOn} >= ${t.issuedOn}`),
    check('certifications_url_http', sql`${t.credentialUrl} is null or ${t.credentialUrl} ~ '^https?://'`),
    foreignKey({
      name: 'certifications_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

export const certificationSkills = pgTable(
  'certification_skills',
  {
    organizationId: uuid('organization_id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    skillId: uuid('skill_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'certification_skills_pk', columns: [t.organizationId, t.certificationId, t.skillId] }),
    // "Does this member hold a valid certification for this skill": from the skill side.
    index('certification_skills_skill_idx').on(t.organizationId, t.skillId, t.certificationId),
    foreignKey({
      name: 'certification_skills_certification_fk',
      columns: [t.organizationId, t.certificationId],
      foreignColumns: [certifications.organizationId, certifications.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'certification_skills_skill_fk',
      columns: [t.organizationId, t.skillId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }).onDelete('cascade'),
  ],
);

/**
 * What is left of an erased member's ratings when the organization chooses to keep them
 * (lib/portability/erase-member.ts): counts per cycle, skill, source and level, with no
 * person attached. Added to on every erasure; never read per person.
 */
export const anonymousRatingCounts = pgTable(
  'anonymous_rating_counts',
  {
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    source: ratingSource('source').notNull(),
    /** -1 stands for "not applicable" (a level is 0..10), so the key has no nulls. */
    level: smallint('level').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'anonymous_rating_counts_pk',
      columns: [t.organizationId, t.cycleId, t.skillId, t.source, t.level],
    }),
    check('anonymous_rating_counts_level_range', sql`${t.level} between -1 and 10`),
    check('anonymous_rating_counts_positive', sql`${t.count} > 0`),
    foreignKey({
      name: 'anonymous_rating_counts_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'anonymous_rating_counts_skill_fk',
      columns: [t.organizationId, t.skillId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }),
  ],
);

// ---------------------------------------------------------------- trend aggregates (lib/reports/trend-aggregates.ts)

/**
 * One cycle's trend figures for one scope, computed once (docs/decisions/0014-trend-aggregates.md):
 * a closed cycle's when it closes (frozen: its numbers no longer change), the open cycle's
 * organization-wide snapshot when it is read stale. `team_id` null is the whole organization,
 * each person counted once; a row per team serves managers and the team filter. The skill rows
 * (`trend_skill_figures`) belong to this header; a missing or outdated header means "compute live".
 */
export const trendCycleFigures = pgTable(
  'trend_cycle_figures',
  {
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    /** null: the organization (every membership once); else the members of this team when computed. */
    teamId: uuid('team_id'),
    /** The cycle's status and `closed_at` the figures were computed for: a reopen or re-close outdates them. */
    cycleStatus: cycleStatus('cycle_status').notNull(),
    cycleClosedAt: timestamp('cycle_closed_at', { withTimezone: true }),
    /** The earlier cycle of the "gaps closed" pair in these rows; null when the cycle had none that was closed. */
    prevCycleId: uuid('prev_cycle_id'),
    prevClosedAt: timestamp('prev_closed_at', { withTimezone: true }),
    /** Members in scope with at least one level done in the cycle. */
    raters: integer('raters').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('trend_cycle_figures_scope_uq').on(t.organizationId, t.cycleId, t.teamId).nullsNotDistinct(),
    foreignKey({
      name: 'trend_cycle_figures_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'trend_cycle_figures_prev_fk',
      columns: [t.organizationId, t.prevCycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'trend_cycle_figures_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
  ],
);

/** Per skill of one header (`trend_cycle_figures`): the sum and count of levels done, and the pair's gaps. */
export const trendSkillFigures = pgTable(
  'trend_skill_figures',
  {
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    teamId: uuid('team_id'),
    skillId: uuid('skill_id').notNull(),
    levelSum: integer('level_sum').notNull(),
    levelCount: integer('level_count').notNull(),
    /** Gaps (target above the level) in the header's earlier cycle, and of those closed / narrowed in this one. */
    gaps: integer('gaps').notNull(),
    closed: integer('closed').notNull(),
    narrowed: integer('narrowed').notNull(),
  },
  (t) => [
    unique('trend_skill_figures_scope_uq').on(t.organizationId, t.cycleId, t.teamId, t.skillId).nullsNotDistinct(),
    // No foreign key to the header: with a null team_id PostgreSQL would not check (nor cascade) it.
    // lib/reports/trend-aggregates.ts writes and deletes a cycle's header and skill rows together.
    foreignKey({
      name: 'trend_skill_figures_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'trend_skill_figures_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'trend_skill_figures_skill_fk',
      columns: [t.organizationId, t.skillId],
      foreignColumns: [skillNodes.organizationId, skillNodes.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- invitations, audit, rate limits

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: membershipRole('role').notNull().default('member'),
    teamId: uuid('team_id'),
    /** SHA-256 of the link token: a database leak does not leak usable links. */
    tokenHash: text('token_hash').notNull(),
    invitedByMembershipId: uuid('invited_by_membership_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /**
     * When the mail for the current token went out (lib/invitations/mail-job.ts): the
     * send's record, so a retried job never mails the same link twice. Cleared with a new token (resend).
     */
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_uq').on(t.tokenHash),
    unique('invitations_org_id_uq').on(t.organizationId, t.id),
    index('invitations_org_email_idx').on(t.organizationId, t.email),
    foreignKey({
      // No `set null` here: on a composite key it would null organization_id too;
      // deleting a team clears its pending invitations' team first.
      name: 'invitations_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Null only for events outside any organization, such as a failed sign-in of an unknown email. */
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_org_created_idx').on(t.organizationId, t.createdAt),
    index('audit_log_org_action_idx').on(t.organizationId, t.action, t.createdAt),
  ],
);

/** Sign-in attempts, kept in the database so rate limits hold across restarts and app instances. */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sign_in_attempts_email_idx').on(t.email, t.createdAt),
    index('sign_in_attempts_ip_idx').on(t.ip, t.createdAt),
  ],
);

/**
 * Sessions ended one by one (sign-out on one device): the cookie's session id,
 * kept until any copy of that cookie has expired anyway. Checked by primary
 * key on every request, in the same query as the memberships.
 */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sessionId: uuid('session_id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt), index('revoked_sessions_user_idx').on(t.userId)],
);

// ---------------------------------------------------------------- email ownership and mail

export const accountTokenPurpose = pgEnum('account_token_purpose', ['verify_email', 'reset_password']);
export type AccountTokenPurpose = (typeof accountTokenPurpose.enumValues)[number];

/**
 * Single-use links mailed to an account's address: email verification and
 * password reset. Only the SHA-256 of the token is stored, so a database leak
 * holds no usable link.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Sign-up: the organization to create once the address is verified (nothing exists before). */
    pendingOrganizationName: text('pending_organization_name'),
    pendingOrganizationSlug: text('pending_organization_slug'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('account_tokens_token_hash_uq').on(t.tokenHash),
    index('account_tokens_user_idx').on(t.userId, t.purpose),
  ],
);

/**
 * Mail kept in the database when no SMTP server is configured (the `npm run dev`
 * default), listed at /dev/mail. In the database rather than on disk so that
 * several instances share it.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** Set for an organization's mail (invitations), null for account mail. */
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
  },
  (t) => [index('mail_outbox_created_idx').on(t.createdAt)],
);

/** Requests that send mail to an address (sign-up, reset, resend), counted per address and per IP for rate limits. */
export const mailRequests = pgTable(
  'mail_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_requests_email_idx').on(t.kind, t.email, t.createdAt),
    index('mail_requests_ip_idx').on(t.kind, t.ip, t.createdAt),
  ],
);

// ---------------------------------------------------------------- API tokens

/**
 * Bearer tokens for the REST API (`/api/v1`) and SCIM (`/scim/v2`), created by an admin for the
 * organization, or by a member for themselves (a personal token: `membership_id` set, its scopes
 * limited to the member's own ratings). Only the SHA-256 of the secret is stored (lib/api/token-secret.ts
 * says why a fast hash is right here); `secret_prefix` is the secret's first characters, shown in
 * lists so that a leaked secret can be matched to its row.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scopes: text('scopes').array().notNull(),
    secretHash: text('secret_hash').notNull(),
    secretPrefix: text('secret_prefix').notNull(),
    /** A member's personal token: it acts as this member and dies with the membership. Null = organization token. */
    membershipId: uuid('membership_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Null = never expires (organization tokens only; personal tokens always expire). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Written at most once a minute per token (lib/api/authenticate.ts), so a busy token costs no write per request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: uuid('revoked_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_tokens_secret_hash_uq').on(t.secretHash),
    unique('api_tokens_org_id_uq').on(t.organizationId, t.id),
    index('api_tokens_org_created_idx').on(t.organizationId, t.createdAt),
    index('api_tokens_org_membership_idx').on(t.organizationId, t.membershipId),
    check('api_tokens_has_scopes', sql`cardinality(${t.scopes}) > 0`),
    foreignKey({
      name: 'api_tokens_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

/**
 * Requests per token per minute, counted in the database (like the sign-in limits) so that the
 * limit holds across restarts and app instances: one upsert per request, old windows pruned.
 */
export const apiTokenUsage = pgTable(
  'api_token_usage',
  {
    organizationId: uuid('organization_id').notNull(),
    tokenId: uuid('token_id').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    requests: integer('requests').notNull(),
  },
  (t) => [
    primaryKey({ name: 'api_token_usage_pk', columns: [t.organizationId, t.tokenId, t.windowStart] }),
    index('api_token_usage_window_idx').on(t.windowStart),
    foreignKey({
      name: 'api_token_usage_token_fk',
      columns: [t.organizationId, t.tokenId],
      foreignColumns: [apiTokens.organizationId, apiTokens.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- webhooks

/** What happened, as receivers subscribe to it (lib/webhooks/events.ts describes each). */
export const WEBHOOK_EVENT_TYPES = [
  'member.created',
  'member.deactivated',
  'assessment.completed',
  'cycle.opened',
  'cycle.closed',
  'rating.reviewed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * A receiver an admin registered: where to send, which events, and the key
 * that signs what is sent (Standard Webhooks). The secret is shown once; it is
 * kept readable because every delivery is signed with it (an HMAC key cannot be
 * stored as a hash). After a rotation the previous secret still signs, beside the
 * new one, until `previous_secret_expires_at`, so receivers can switch without a gap.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    events: text('events').array().$type<WebhookEventType[]>().notNull(),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('webhook_endpoints_org_id_uq').on(t.organizationId, t.id),
    index('webhook_endpoints_org_idx').on(t.organizationId, t.enabled),
  ],
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatus.enumValues)[number];

/**
 * One event for one endpoint, written in the transaction of the change it
 * reports (an outbox): it exists exactly when the change does. The body is
 * kept as the bytes that are signed and sent, identical on every attempt.
 * `(organization, endpoint, event id)` is unique: an event reaches an endpoint
 * once however often it is emitted (assessment.completed has an id derived
 * from the member and cycle). `locked_until` is the lease of the worker
 * sending it, so two workers never send the same delivery at once.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    /** The `webhook-id` header: the same on every attempt and re-send, so receivers can drop repeats. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').$type<WebhookEventType>().notNull(),
    payload: text('payload').notNull(),
    status: webhookDeliveryStatus('status').notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    responseStatus: integer('response_status'),
    responseMs: integer('response_ms'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('webhook_deliveries_org_id_uq').on(t.organizationId, t.id),
    unique('webhook_deliveries_org_endpoint_event_uq').on(t.organizationId, t.endpointId, t.eventId),
    // The delivery log: an endpoint's deliveries, newest first.
    index('webhook_deliveries_endpoint_idx').on(t.organizationId, t.endpointId, t.createdAt),
    // The sweep for due deliveries across organizations.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    foreignKey({
      name: 'webhook_deliveries_endpoint_fk',
      columns: [t.organizationId, t.endpointId],
      foreignColumns: [webhookEndpoints.organizationId, webhookEndpoints.id],
    }).onDelete('cascade'),
  ],
);

/** Every attempt at a delivery, for the log: when, what came back, how long it took. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id').notNull(),
    deliveryId: uuid('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    responseStatus: integer('response_status'),
    responseMs: integer('response_ms'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ name: 'webhook_delivery_attempts_pk', columns: [t.organizationId, t.id] }),
    index('webhook_delivery_attempts_delivery_idx').on(t.organizationId, t.deliveryId, t.attempt),
    foreignKey({
      name: 'webhook_delivery_attempts_delivery_fk',
      columns: [t.organizationId, t.deliveryId],
      foreignColumns: [webhookDeliveries.organizationId, webhookDeliveries.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- notifications

/**
 * One row per message a person is due (kind + period, e.g. the 7-day reminder
 * of one cycle): the record that makes each send happen once and checkable.
 * A worker claims the row (`sending`), sends, then marks it `sent`; see
 * lib/notifications/send-job.ts for the states and the one window in which
 * a crash can repeat a mail.
 */
export const notificationSends = pgTable(
  'notification_sends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    /** Which occurrence: a cycle id, `cycleId:d7`, `teamId:2026-W49`… */
    periodKey: text('period_key').notNull(),
    /** pending → sending → sent | skipped; sending → failed (retried) → sending … */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The job attempt holding the claim (`jobId/retryCount`), and since when. */
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Why it was skipped, or the last failure. */
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('notification_sends_once_uq').on(t.organizationId, t.userId, t.kind, t.periodKey),
    index('notification_sends_state_idx').on(t.organizationId, t.state),
    // Whether a team's digest of a week went out to anyone (lib/notifications/digest.ts): by period, not person.
    index('notification_sends_period_idx').on(t.organizationId, t.kind, t.periodKey),
    check('notification_sends_state', sql`${t.state} in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    foreignKey({
      name: 'notification_sends_membership_fk',
      columns: [t.organizationId, t.userId],
      foreignColumns: [memberships.organizationId, memberships.userId],
    }).onDelete('cascade'),
  ],
);

/** A kind of message a person chose not to get from an organization (absent = they get it). */
export const notificationOptOuts = pgTable(
  'notification_opt_outs',
  {
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'notification_opt_outs_pk', columns: [t.organizationId, t.userId, t.kind] }),
    foreignKey({
      name: 'notification_opt_outs_membership_fk',
      columns: [t.organizationId, t.userId],
      foreignColumns: [memberships.organizationId, memberships.userId],
    }).onDelete('cascade'),
  ],
);

/**
 * A team's weekly digest (lib/notifications/digest.ts): the team's gaps (member × skill → levels below
 * target) as they were when the week's digest was first built. Every manager's mail and the team's chat
 * post of that week say the same, and the next digest's "new gaps" are the gaps that are larger than in the
 * last digest that went out (a sent mail of its period, or `posted_at`). Older rows are pruned.
 */
export const teamDigests = pgTable(
  'team_digests',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    /** The digest sends' period, `<team id>:<ISO week>` (notification_sends.period_key). */
    periodKey: text('period_key').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    /** `<membership id>:<skill id>` → gap (≥ 1) at `taken_at`. */
    gaps: jsonb('gaps').$type<Record<string, number>>().notNull(),
    /** When the team's chat webhook (team_chat_webhooks) accepted this digest; null: not posted. */
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /**
     * The chat post's claim (lib/notifications/chat-job.ts): the job attempt posting it (`jobId/retryCount`)
     * and since when, so two workers never post one digest at once; a lease that ran out is taken over.
     */
    postClaimedBy: text('post_claimed_by'),
    postClaimedAt: timestamp('post_claimed_at', { withTimezone: true }),
    /** null: not tried yet; `posted` (see `posted_at`), `skipped` (nothing to say), `failed` (retried with backoff). */
    postState: text('post_state'),
    /** Posts tried, and why it was skipped or the last failure (HTTP status, refusal), for the team's settings page. */
    postAttempts: integer('post_attempts').notNull().default(0),
    postDetail: text('post_detail'),
  },
  (t) => [
    primaryKey({ name: 'team_digests_pk', columns: [t.organizationId, t.teamId, t.periodKey] }),
    index('team_digests_taken_idx').on(t.organizationId, t.teamId, t.takenAt),
    check('team_digests_post_state', sql`${t.postState} in ('posted', 'skipped', 'failed')`),
    foreignKey({
      name: 'team_digests_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'team_digests_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
  ],
);

export const CHAT_WEBHOOK_PROVIDERS = ['slack', 'teams'] as const;
export type ChatWebhookProvider = (typeof CHAT_WEBHOOK_PROVIDERS)[number];

/**
 * A team's Slack or Microsoft Teams incoming webhook for its weekly digest (lib/notifications/chat-webhook.ts).
 * The URL is the secret (whoever has it can post to the channel): stored sealed (AES-256-GCM under a key
 * derived from the server's secret, lib/security/seal.ts), shown masked once saved, never in logs or jobs.
 */
export const teamChatWebhooks = pgTable(
  'team_chat_webhooks',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    provider: text('provider').$type<ChatWebhookProvider>().notNull(),
    /** Sealed: `v1.` + base64url(iv ‖ ciphertext ‖ tag), bound to the team (lib/notifications/chat-webhook.ts). */
    url: text('url').notNull(),
    updatedByMembershipId: uuid('updated_by_membership_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'team_chat_webhooks_pk', columns: [t.organizationId, t.teamId] }),
    check('team_chat_webhooks_provider', sql`${t.provider} in ('slack', 'teams')`),
    foreignKey({
      name: 'team_chat_webhooks_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
  ],
);

/**
 * The organization-wide gap report, precomputed (docs/decisions/0013-gap-report-at-scale.md): at 10,000
 * members it resolves ~3.2 M member × skill pairs, minutes of work no request can do. One snapshot per
 * cycle, rating view, minimum gap and interest filter, written by the `reports.gap-snapshot` job with the
 * live report's own SQL (lib/reports/gap-snapshot.ts) and read by the page with its "as of" time.
 */
export const gapReportSnapshots = pgTable(
  'gap_report_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    view: text('view').notNull(),
    minGap: integer('min_gap').notNull(),
    interestOnly: boolean('interest_only').notNull(),
    /** When the figures were read: the page shows it ("as of"). */
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The summary's parts as the live statement returns them (lib/reports/gap-report.ts parses both alike). */
    counts: jsonb('counts').notNull(),
    largest: jsonb('largest').notNull(),
    risks: jsonb('risks').notNull(),
  },
  (t) => [
    unique('gap_report_snapshots_key_uq').on(t.organizationId, t.cycleId, t.view, t.minGap, t.interestOnly),
    unique('gap_report_snapshots_org_id_uq').on(t.organizationId, t.id),
    foreignKey({
      name: 'gap_report_snapshots_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
  ],
);

/** A snapshot's rows by skill: the skills with at least one selected gap, as the live page's `agg` × `cov`. */
export const gapReportSnapshotSkills = pgTable(
  'gap_report_snapshot_skills',
  {
    organizationId: uuid('organization_id').notNull(),
    snapshotId: uuid('snapshot_id').notNull(),
    skillId: uuid('skill_id').notNull(),
    skillName: text('skill_name').notNull(),
    skillKey: text('skill_key').notNull(),
    areaName: text('area_name').notNull(),
    sectionName: text('section_name').notNull(),
    /** The skill's place in reading order (positions from the root): the live page's tie-break. */
    skillOrder: integer('skill_order').array().notNull(),
    membersBelow: integer('members_below').notNull(),
    totalGap: integer('total_gap').notNull(),
    meanGap: doublePrecision('mean_gap').notNull(),
    interested: integer('interested').notNull(),
    holders: integer('holders').notNull(),
    members: integer('members').notNull(),
  },
  (t) => [
    primaryKey({ name: 'gap_report_snapshot_skills_pk', columns: [t.organizationId, t.snapshotId, t.skillId] }),
    foreignKey({
      name: 'gap_report_snapshot_skills_snapshot_fk',
      columns: [t.organizationId, t.snapshotId],
      foreignColumns: [gapReportSnapshots.organizationId, gapReportSnapshots.id],
    }).onDelete('cascade'),
  ],
);

/** A snapshot's rows by person: the members with at least one selected gap, as the live page's `agg` × `mem`. */
export const gapReportSnapshotPeople = pgTable(
  'gap_report_snapshot_people',
  {
    organizationId: uuid('organization_id').notNull(),
    snapshotId: uuid('snapshot_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    memberName: text('member_name').notNull(),
    email: text('email').notNull(),
    roleProfileName: text('role_profile_name'),
    teamNames: text('team_names').notNull(),
    gapCount: integer('gap_count').notNull(),
    totalGap: integer('total_gap').notNull(),
    maxGap: integer('max_gap').notNull(),
    topNames: text('top_names').array().notNull(),
    topGaps: integer('top_gaps').array().notNull(),
  },
  (t) => [
    primaryKey({
      name: 'gap_report_snapshot_people_pk',
      columns: [t.organizationId, t.snapshotId, t.membershipId],
    }),
    foreignKey({
      name: 'gap_report_snapshot_people_snapshot_fk',
      columns: [t.organizationId, t.snapshotId],
      foreignColumns: [gapReportSnapshots.organizationId, gapReportSnapshots.id],
    }).onDelete('cascade'),
  ],
);

/**
 * The admin's /teams list of a large organization, precomputed (docs/decisions/0015-teams-list-completion-snapshot.md):
 * one row per team with its current cycle's completion, written by the `teams.completion-snapshot` job with the
 * live list's own statement (lib/insight/visible-teams.ts), every row of one organization in one transaction
 * (they share `computed_at`). A team created since has no row; a row of another cycle than the team's current
 * one is not shown.
 */
export const teamCompletionSnapshots = pgTable(
  'team_completion_snapshots',
  {
    organizationId: uuid('organization_id').notNull(),
    teamId: uuid('team_id').notNull(),
    /** The team's current cycle when computed; null: the team had none. */
    cycleId: uuid('cycle_id'),
    /** When the figures were read: the page shows it ("as of"). */
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    memberCount: integer('member_count').notNull(),
    raters: integer('raters').notNull(),
    skills: integer('skills'),
    membersDone: integer('members_done').notNull(),
    rated: integer('rated').notNull(),
    confirmed: integer('confirmed').notNull(),
    toConfirm: integer('to_confirm').notNull(),
    teamMean: doublePrecision('team_mean'),
  },
  (t) => [
    primaryKey({ name: 'team_completion_snapshots_pk', columns: [t.organizationId, t.teamId] }),
    foreignKey({
      name: 'team_completion_snapshots_team_fk',
      columns: [t.organizationId, t.teamId],
      foreignColumns: [teams.organizationId, teams.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'team_completion_snapshots_cycle_fk',
      columns: [t.organizationId, t.cycleId],
      foreignColumns: [assessmentCycles.organizationId, assessmentCycles.id],
    }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------- relations

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  teams: many(teams),
  frameworks: many(frameworks),
}));

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.organizationId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const teamsRelations = relations(teams, ({ one }) => ({
  organization: one(organizations, { fields: [teams.organizationId], references: [organizations.id] }),
}));

export const frameworksRelations = relations(frameworks, ({ one, many }) => ({
  organization: one(organizations, { fields: [frameworks.organizationId], references: [organizations.id] }),
  nodes: many(skillNodes),
}));

export const skillNodesRelations = relations(skillNodes, ({ one }) => ({
  framework: one(frameworks, { fields: [skillNodes.frameworkId], references: [frameworks.id] }),
}));

// ---------------------------------------------------------------- types

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Framework = typeof frameworks.$inferSelect;
export type SkillNode = typeof skillNodes.$inferSelect;
export type FrameworkVersionNode = typeof frameworkVersionNodes.$inferSelect;
export type ProficiencyLevel = typeof proficiencyLevels.$inferSelect;
export type LearningStage = typeof learningStages.$inferSelect;
export type AssessmentCycle = typeof assessmentCycles.$inferSelect;
export type Rating = typeof ratings.$inferSelect;
export type RoleProfile = typeof roleProfiles.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type OrganizationSettings = typeof organizationSettings.$inferSelect;
export type Endorsement = typeof endorsements.$inferSelect;
export type Certification = typeof certifications.$inferSelect;
