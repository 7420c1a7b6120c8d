/**
 * The skills an admin can mark "requires a valid certification": every live skill
 * of the organization's live frameworks, with its flag.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';

export interface RequirementSkill {
  id: string;
  name: string;
  frameworkName: string;
  required: boolean;
}

export async function listRequirementSkills(db: Db, organizationId: string): Promise<RequirementSkill[]> {
  const result = await db.execute(sql`
    select s.id, s.name, f.name as framework_name, s.requires_certification as required
    from skill_nodes s
    join frameworks f on f.organization_id = s.organization_id and f.id = s.framework_id
    where s.organization_id = ${organizationId} and s.kind = 'skill' and s.archived_at is null
      and f.archived_at is null
    order by f.is_default desc, lower(f.name), lower(s.name), s.id`);
  return parseRows(
    result,
    z.object({ id: column.text, name: column.text, framework_name: column.text, required: column.boolean }),
  ).map((r) => ({ id: r.id, name: r.name, frameworkName: r.framework_name, required: r.required }));
}
