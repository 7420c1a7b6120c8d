/**
 * Framework versions as snapshots.
 *
 * Every publish (import, CLI import, in-place edit, seed) calls
 * `recordVersionSnapshot` in its transaction, right after writing the
 * `framework_versions` row: one INSERT … SELECT copies the framework's
 * `skill_nodes` (archived rows included) into `framework_version_nodes`, and
 * one UPDATE stores the name, scale and learning stages in `meta`. Nothing
 * passes through JavaScript, whatever the size of the tree.
 *
 * Not `server-only`: also used by the CLI, the seed and tests.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, frameworkVersions } from '@/db/schema';

/** `meta` of a version, built in SQL from the framework row `f` and its levels and stages. */
export function versionMetaSql(framework: SQL): SQL {
  return sql`jsonb_build_object(
    'name', ${framework}.name,
    'description', ${framework}.description,
    'levels', coalesce((
      select jsonb_agg(jsonb_build_object('level', l.level, 'name', l.name, 'descriptor', l.descriptor) order by l.level)
      from proficiency_levels l
      where l.organization_id = ${framework}.organization_id and l.framework_id = ${framework}.id
    ), '[]'::jsonb),
    'learningStages', coalesce((
      select jsonb_agg(jsonb_build_object('key', st.key, 'name', st.name, 'fromLevel', st.from_level,
                                          'toLevel', st.to_level, 'steps', st.steps) order by st.position)
      from learning_stages st
      where st.organization_id = ${framework}.organization_id and st.framework_id = ${framework}.id
    ), '[]'::jsonb))`;
}

/**
 * Copies the framework's current tree and meta into version `version`, whose
 * `framework_versions` row the caller has just inserted (same transaction).
 */
export async function recordVersionSnapshot(
  db: Db,
  organizationId: string,
  frameworkId: string,
  version: number,
): Promise<void> {
  await db.execute(sql`
    insert into framework_version_nodes (organization_id, framework_id, version, node_id, parent_id, key, kind, name,
      description, position, depth, ancestor_ids, archived_at)
    select s.organization_id, s.framework_id, ${version}::integer, s.id, s.parent_id, s.key, s.kind, s.name,
      s.description, s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = ${organizationId} and s.framework_id = ${frameworkId}`);
  await db.execute(sql`
    update framework_versions v
    set meta = ${versionMetaSql(sql`f`)}
    from frameworks f
    where f.organization_id = ${organizationId} and f.id = ${frameworkId}
      and v.organization_id = f.organization_id and v.framework_id = f.id and v.version = ${version}::integer`);
}

/**
 * The framework's current version, making sure it has a snapshot: a framework
 * written without going through a publish (raw SQL, test fixtures) gets its
 * current tree recorded as that version first. Used when a cycle is opened,
 * so every cycle opened by the product is bound to a reconstructable version.
 */
export async function ensureCurrentVersionSnapshot(
  db: Db,
  organizationId: string,
  frameworkId: string,
): Promise<number> {
  const [framework] = await db
    .select({ version: frameworks.version })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)))
    // Shares the lock publishers take: the version read here is committed and cannot move under us.
    .for('share');
  if (!framework) throw new Error(`framework ${frameworkId} not found`);
  const inserted = await db
    .insert(frameworkVersions)
    .values({
      organizationId,
      frameworkId,
      version: framework.version,
      sourceFormat: 'snapshot',
      sourceHash: '',
      changes: { added: 0, renamed: 0, archived: 0, restored: 0 },
    })
    .onConflictDoNothing()
    .returning({ version: frameworkVersions.version });
  const [existing] = inserted.length
    ? [{ hasMeta: false }]
    : await db
        .select({ hasMeta: sql<boolean>`${frameworkVersions.meta} is not null` })
        .from(frameworkVersions)
        .where(
          and(
            eq(frameworkVersions.organizationId, organizationId),
            eq(frameworkVersions.frameworkId, frameworkId),
            eq(frameworkVersions.version, framework.version),
          ),
        );
  if (!existing?.hasMeta) {
    // Idempotent for a version row written before snapshots existed.
    await db.execute(sql`
      delete from framework_version_nodes
      where organization_id = ${organizationId} and framework_id = ${frameworkId} and version = ${framework.version}::integer`);
    await recordVersionSnapshot(db, organizationId, frameworkId, framework.version);
  }
  return framework.version;
}
