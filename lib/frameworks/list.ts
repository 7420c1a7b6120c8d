/**
 * The admin's framework list: counts and version history per framework,
 * aggregated in SQL and always scoped to one organization.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, frameworkVersions, skillNodes, users } from '@/db/schema';

export interface FrameworkVersionEntry {
  version: number;
  sourceFormat: string;
  changes: { added: number; renamed: number; archived: number; restored: number };
  createdAt: Date;
  createdBy: string | null;
  /** Whether the version's tree was recorded (every version since snapshots exist): it can be exported. */
  hasSnapshot: boolean;
}

export interface FrameworkListEntry {
  id: string;
  key: string;
  name: string;
  version: number;
  /** The organization's default framework for new cycles. */
  isDefault: boolean;
  areas: number;
  sections: number;
  skills: number;
  archived: number;
  updatedAt: Date;
  versions: FrameworkVersionEntry[];
}

/** How many versions each framework shows; older ones stay in the table (and the audit log). */
export const VERSION_HISTORY_LIMIT = 10;

export async function listFrameworks(db: Db, organizationId: string): Promise<FrameworkListEntry[]> {
  const rows = await db
    .select({
      id: frameworks.id,
      key: frameworks.key,
      name: frameworks.name,
      version: frameworks.version,
      isDefault: frameworks.isDefault,
      updatedAt: frameworks.updatedAt,
      areas:
        sql<number>`count(*) filter (where ${skillNodes.kind} = 'area' and ${skillNodes.archivedAt} is null)`.mapWith(
          Number,
        ),
      sections:
        sql<number>`count(*) filter (where ${skillNodes.kind} = 'category' and ${skillNodes.archivedAt} is null)`.mapWith(
          Number,
        ),
      skills:
        sql<number>`count(*) filter (where ${skillNodes.kind} = 'skill' and ${skillNodes.archivedAt} is null)`.mapWith(
          Number,
        ),
      archived:
        sql<number>`count(*) filter (where ${skillNodes.kind} = 'skill' and ${skillNodes.archivedAt} is not null)`.mapWith(
          Number,
        ),
    })
    .from(frameworks)
    .leftJoin(
      skillNodes,
      and(eq(skillNodes.organizationId, frameworks.organizationId), eq(skillNodes.frameworkId, frameworks.id)),
    )
    .where(and(eq(frameworks.organizationId, organizationId), sql`${frameworks.archivedAt} is null`))
    .groupBy(frameworks.id)
    .orderBy(frameworks.name);
  if (rows.length === 0) return [];

  const versions = await db
    .select({
      frameworkId: frameworkVersions.frameworkId,
      version: frameworkVersions.version,
      sourceFormat: frameworkVersions.sourceFormat,
      changes: frameworkVersions.changes,
      createdAt: frameworkVersions.createdAt,
      createdBy: users.name,
      hasSnapshot: sql<boolean>`${frameworkVersions.meta} is not null`,
      rank: sql<number>`row_number() over (partition by ${frameworkVersions.frameworkId} order by ${frameworkVersions.version} desc)`.as(
        'rank',
      ),
    })
    .from(frameworkVersions)
    .leftJoin(users, eq(users.id, frameworkVersions.createdByUserId))
    .where(
      and(
        eq(frameworkVersions.organizationId, organizationId),
        inArray(
          frameworkVersions.frameworkId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .orderBy(desc(frameworkVersions.version));
  const byFramework = new Map<string, FrameworkVersionEntry[]>();
  for (const { frameworkId, rank, ...entry } of versions) {
    if (Number(rank) > VERSION_HISTORY_LIMIT) continue;
    const list = byFramework.get(frameworkId) ?? [];
    list.push(entry);
    byFramework.set(frameworkId, list);
  }
  return rows.map((row) => ({ ...row, versions: byFramework.get(row.id) ?? [] }));
}
