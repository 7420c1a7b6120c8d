import 'server-only';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';

const heatmapSectionRow = z.object({ id: column.text, key: column.text, name: column.text });
export type HeatmapSection = z.output<typeof heatmapSectionRow>;

/**
 * A section (category, or an area that has skills directly under it) of the
 * framework, by id or by stable key; null for anything else — including
 * another organization's ids, which the organization filter never matches.
 */
export async function findSection(
  db: Db,
  organizationId: string,
  frameworkId: string,
  keyOrId: string,
): Promise<HeatmapSection | null> {
  const trimmed = keyOrId.trim().slice(0, 300);
  if (!trimmed) return null;
  const isId = z.uuid().safeParse(trimmed).success;
  const result = await db.execute(sql`
    select n.id, n.key, n.name from skill_nodes n
    where n.organization_id = ${organizationId} and n.framework_id = ${frameworkId}
      and n.kind in ('category', 'area') and n.archived_at is null
      and ${isId ? sql`n.id = ${trimmed}` : sql`n.key = ${trimmed}`}
    limit 1`);
  const row = parseRows(result, heatmapSectionRow)[0];
  return row ?? null;
}
