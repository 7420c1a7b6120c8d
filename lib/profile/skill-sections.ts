/**
 * Where each live skill of a framework sits: its area (the root of its
 * ancestor path) and its section (the category above it, or the area itself
 * when the skill hangs directly under an area). Profile and team reports group
 * by these two.
 */
import { sql, type SQL } from 'drizzle-orm';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';

export type AxisGrouping = 'area' | 'section';

/**
 * A derived table `(skill_id, skill_name, skill_position, area_id, area_name,
 * area_position, section_id, section_name, section_position)`, for
 * `from ${skillSectionsSubquery(org, fw)} as sk`.
 */
export function skillSectionsSubquery(organizationId: string, frameworkId: string, cycleId?: string | null): SQL {
  // With a cycle: the skills, names and tree of the framework version it is bound to.
  const nodes = cycleId ? cycleNodes({ organizationId, cycleId }) : sql`skill_nodes`;
  return sql`(
    select
      s.id as skill_id,
      s.name as skill_name,
      s.position as skill_position,
      a.id as area_id,
      a.name as area_name,
      a.position as area_position,
      coalesce(c.id, a.id) as section_id,
      coalesce(c.name, a.name) as section_name,
      coalesce(c.position, -1) as section_position
    from ${nodes} s
    join ${nodes} a
      on a.organization_id = ${organizationId} and a.id = s.ancestor_ids[1]
    -- Categories only sit under areas (lib/frameworks/document.ts CHILD_KINDS), so a skill's
    -- category, if any, is the second node of its path: an equality join the planner hashes.
    left join ${nodes} c
      on c.organization_id = ${organizationId} and c.id = s.ancestor_ids[2] and c.kind = 'category'
    where s.organization_id = ${organizationId}
      and s.framework_id = ${frameworkId}
      and s.kind = 'skill'
      and s.archived_at is null
  )`;
}

/**
 * Each live skill with the axis it is grouped under:
 * `(skill_id, axis_id, axis_name, axis_order_1, axis_order_2)`.
 */
export function skillAxesSubquery(
  organizationId: string,
  frameworkId: string,
  grouping: AxisGrouping,
  cycleId?: string | null,
): SQL {
  const columns =
    grouping === 'area'
      ? sql.raw('s.area_id as axis_id, s.area_name as axis_name, s.area_position as axis_order_1, 0 as axis_order_2')
      : sql.raw(
          's.section_id as axis_id, s.section_name as axis_name, s.area_position as axis_order_1, s.section_position as axis_order_2',
        );
  return sql`(select s.skill_id, ${columns} from ${skillSectionsSubquery(organizationId, frameworkId, cycleId)} as s)`;
}
