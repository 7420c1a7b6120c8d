import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { roleProfiles, teams } from '@/db/schema';
import type { ActionResult } from './result';

/** Organization-owned tables whose `name` is unique per organization. */
type NamedTable = typeof teams | typeof roleProfiles;

/**
 * Whether another row of the organization already has this name, ignoring
 * case, so "Platform" and "platform" are not two teams. The unique constraint
 * still guards the race between this check and the insert.
 */
export async function nameTakenInOrganization(
  db: Db,
  table: NamedTable,
  organizationId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const rows = parseRows(
    await db.execute(sql`
      select ${table.id} as id from ${table}
      where ${table.organizationId} = ${organizationId}
        and lower(${table.name}) = lower(${name})
        ${exceptId ? sql`and ${table.id} <> ${exceptId}` : sql``}
      limit 1`),
    z.object({ id: column.text }),
  );
  return rows.length > 0;
}

/** The form error for a taken name, shown beside the name field. */
export function duplicateNameResult(message: string): Extract<ActionResult<never>, { ok: false }> {
  return { ok: false, error: message, fieldErrors: { name: [message] } };
}
