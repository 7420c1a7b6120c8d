/**
 * Database → framework document: the inverse of `importFramework`, used by
 * the JSON and Markdown exports and by anything that needs the whole tree.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  frameworks,
  frameworkVersionNodes,
  frameworkVersions,
  learningStages,
  proficiencyLevels,
  skillNodes,
} from '@/db/schema';
import { frameworkDocumentSchema, type FrameworkDocument, type FrameworkNode } from './document';

export interface LoadFrameworkOptions {
  /** Include retired nodes (marked `archived: true`); off by default, as users see them. */
  includeArchived?: boolean;
  /** A published version (its snapshot) instead of the current tree; `current` (or none) is the live tree. */
  version?: number;
}

/** Why a version cannot be exported: it never existed, or it predates snapshots (only its change counts were kept). */
export class FrameworkVersionUnavailableError extends Error {
  constructor(
    readonly version: number,
    readonly reason: 'unknown' | 'no-snapshot',
  ) {
    super(
      reason === 'unknown'
        ? `there is no version ${version}`
        : `version ${version} was published before versions were recorded as snapshots`,
    );
  }
}

/** The framework `key` of an organization as a document, or null when it has no such framework. */
export async function loadFrameworkDocument(
  db: Db,
  organizationId: string,
  key: string,
  options: LoadFrameworkOptions = {},
): Promise<FrameworkDocument | null> {
  const [framework] = await db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.key, key)));
  if (!framework) return null;
  const scope = { organizationId, frameworkId: framework.id };
  if (options.version !== undefined && options.version !== framework.version) {
    return loadVersionDocument(db, framework, options.version, options.includeArchived ?? false);
  }

  const [rows, levels, stages] = await Promise.all([
    db
      .select({
        id: skillNodes.id,
        parentId: skillNodes.parentId,
        key: skillNodes.key,
        kind: skillNodes.kind,
        name: skillNodes.name,
        description: skillNodes.description,
        archivedAt: skillNodes.archivedAt,
      })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, scope.organizationId),
          eq(skillNodes.frameworkId, scope.frameworkId),
          options.includeArchived ? undefined : isNull(skillNodes.archivedAt),
        ),
      )
      // An archived node keeps its old position; live siblings win the tie.
      .orderBy(asc(skillNodes.position), sql`${skillNodes.archivedAt} asc nulls first`, asc(skillNodes.key)),
    db
      .select()
      .from(proficiencyLevels)
      .where(
        and(
          eq(proficiencyLevels.organizationId, scope.organizationId),
          eq(proficiencyLevels.frameworkId, scope.frameworkId),
        ),
      )
      .orderBy(asc(proficiencyLevels.level)),
    db
      .select()
      .from(learningStages)
      .where(
        and(eq(learningStages.organizationId, scope.organizationId), eq(learningStages.frameworkId, scope.frameworkId)),
      )
      .orderBy(asc(learningStages.position)),
  ]);
  return buildDocument(
    { key: framework.key, name: framework.name, description: framework.description },
    rows,
    levels.map(({ level, name, descriptor }) => ({ level, name, descriptor })),
    stages.map(({ key: stageKey, name, fromLevel, toLevel, steps }) => ({
      key: stageKey,
      name,
      fromLevel,
      toLevel,
      steps,
    })),
  );
}

/** Version `version` of the framework, from its snapshot (`framework_version_nodes` + `framework_versions.meta`). */
async function loadVersionDocument(
  db: Db,
  framework: { id: string; organizationId: string; key: string },
  version: number,
  includeArchived: boolean,
): Promise<FrameworkDocument> {
  const { organizationId, id: frameworkId } = framework;
  const [versionRow] = await db
    .select({ meta: frameworkVersions.meta })
    .from(frameworkVersions)
    .where(
      and(
        eq(frameworkVersions.organizationId, organizationId),
        eq(frameworkVersions.frameworkId, frameworkId),
        eq(frameworkVersions.version, version),
      ),
    );
  if (!versionRow) throw new FrameworkVersionUnavailableError(version, 'unknown');
  if (!versionRow.meta) throw new FrameworkVersionUnavailableError(version, 'no-snapshot');
  const v = frameworkVersionNodes;
  const rows = await db
    .select({
      id: v.nodeId,
      parentId: v.parentId,
      key: v.key,
      kind: v.kind,
      name: v.name,
      description: v.description,
      archivedAt: v.archivedAt,
    })
    .from(v)
    .where(
      and(
        eq(v.organizationId, organizationId),
        eq(v.frameworkId, frameworkId),
        eq(v.version, version),
        includeArchived ? undefined : isNull(v.archivedAt),
      ),
    )
    .orderBy(asc(v.position), sql`${v.archivedAt} asc nulls first`, asc(v.key));
  const { meta } = versionRow;
  return buildDocument(
    { key: framework.key, name: meta.name, description: meta.description },
    rows,
    meta.levels,
    meta.learningStages,
  );
}

interface TreeRow {
  id: string;
  parentId: string | null;
  key: string;
  kind: FrameworkNode['kind'];
  name: string;
  description: string | null;
  archivedAt: Date | null;
}

function buildDocument(
  framework: { key: string; name: string; description: string | null },
  rows: TreeRow[],
  levels: FrameworkDocument['levels'],
  learningStagesOut: FrameworkDocument['learningStages'],
): FrameworkDocument {
  const childrenOf = new Map<string | null, typeof rows>();
  for (const row of rows) {
    const siblings = childrenOf.get(row.parentId);
    if (siblings) siblings.push(row);
    else childrenOf.set(row.parentId, [row]);
  }
  const build = (parentId: string | null): FrameworkNode[] =>
    (childrenOf.get(parentId) ?? []).flatMap((row): FrameworkNode[] => {
      const children = build(row.id);
      // A branch whose skills were all retired outside an import has nothing left to rate: leave it out.
      if (row.kind !== 'skill' && children.length === 0) return [];
      return [
        {
          key: row.key,
          kind: row.kind,
          name: row.name,
          ...(row.description ? { description: row.description } : {}),
          ...(row.archivedAt ? { archived: true } : {}),
          children,
        },
      ];
    });

  // Validated on the way out too, so an export always re-imports.
  return frameworkDocumentSchema.parse({
    key: framework.key,
    name: framework.name,
    ...(framework.description ? { description: framework.description } : {}),
    levels,
    nodes: build(null),
    learningStages: learningStagesOut,
  });
}
