/**
 * THE definition of "the framework nodes of a cycle".
 *
 * A cycle is bound to the framework version it was opened with
 * (`assessment_cycles.framework_version`); its tree is that version's
 * snapshot in `framework_version_nodes`: a skill archived later still belongs
 * to the cycle (its reports keep it, with its ratings), a skill added later
 * does not, and names, parents and order are those of that version. A cycle
 * without a recorded version (rows written by fixtures or raw SQL) follows
 * the live `skill_nodes` tree.
 *
 * `cycleNodes()` is a derived table with the columns of `skill_nodes`
 * (`id, organization_id, framework_id, parent_id, key, kind, name,
 * description, position, depth, ancestor_ids, archived_at`), so report SQL
 * swaps `from skill_nodes s` for `from ${cycleNodes(scope)} s` and keeps its
 * own predicates, `s.archived_at is null` included. Every query that lists a
 * cycle's skills goes through here instead of filtering `skill_nodes` itself.
 *
 * The cycle is looked up inside the SQL (two one-row InitPlans), so callers
 * need no extra round trip; each branch is a plain scan of one table by its
 * key, which the planner can pull up into the caller's joins.
 *
 * Not `server-only`: pure SQL builders, also used by scripts and tests.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export interface CycleNodesScope {
  /** An organization id, or a SQL expression holding one (the save statement's session check). */
  organizationId: string | SQL;
  /** A cycle id, or a SQL column holding one (e.g. inside a lateral join over several cycles). */
  cycleId: string | SQL;
  /**
   * For rating (/assess, saving): while the cycle is open, a node archived
   * since it opened counts as archived too, so members are never asked to
   * rate a retired skill. Reports leave it off: they show the version as published.
   */
  forRating?: boolean;
}

/** The cycle's nodes as a parenthesised derived table; give it an alias: `${cycleNodes(scope)} s`. */
export function cycleNodes(scope: CycleNodesScope): SQL {
  const { organizationId: org, cycleId } = scope;
  const binding = sql`(select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = ${org} and c.id = ${cycleId})`;
  const archivedAt = scope.forRating
    ? sql`coalesce(v.archived_at, case when (select c.status from assessment_cycles c
                                             where c.organization_id = ${org} and c.id = ${cycleId}) = 'open'
                                       then (select l.archived_at from skill_nodes l
                                             where l.organization_id = v.organization_id and l.id = v.node_id) end)`
    : sql`v.archived_at`;
  return sql`(
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, ${archivedAt} as archived_at
    from framework_version_nodes v
    where v.organization_id = ${org} and (v.framework_id, v.version) = ${binding}
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = ${org}
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = ${org} and c.id = ${cycleId} and c.framework_version is null)
  )`;
}

/** One column of the ids of the cycle's skills (not archived as far as the cycle is concerned). */
export function cycleSkillIds(scope: CycleNodesScope): SQL {
  return sql`select cs.id from ${cycleNodes(scope)} cs where cs.kind = 'skill' and cs.archived_at is null`;
}

/** `column in (the cycle's skills)`, for query-builder `where`s that validate skill ids. */
export function isCycleSkill(column: SQL | AnyColumn, scope: CycleNodesScope): SQL {
  return sql`${column} in (${cycleSkillIds(scope)})`;
}

/** `column in (the cycle's nodes of any kind, not archived as far as the cycle is concerned)`. */
export function isCycleNode(column: SQL | AnyColumn, scope: CycleNodesScope): SQL {
  return sql`${column} in (select cn.id from ${cycleNodes(scope)} cn where cn.archived_at is null)`;
}
