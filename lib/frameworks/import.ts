/**
 * Writes a framework document into the database, as one transaction.
 *
 * Nodes are matched by their stable key, never by name or position, so that a
 * renamed or moved skill keeps its id and with it every rating. Nothing is
 * ever deleted: a node missing from the document is archived, and restored if
 * it comes back. Importing the same document twice changes nothing (not even
 * `updated_at`), so the version only moves when the framework really changed.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, frameworkVersions, learningStages, proficiencyLevels, skillNodes } from '@/db/schema';
import { frameworkDocumentSchema, type FrameworkDocument } from './document';
import { planFrameworkNodes, type FrameworkChanges, type PlannedNode } from './plan';
import { recordVersionSnapshot } from './snapshot';

export type { FrameworkChanges } from './plan';

export interface ImportFrameworkInput {
  organizationId: string;
  document: FrameworkDocument;
  sourceFormat: 'markdown' | 'json' | 'csv';
  sourceText: string;
  actorUserId?: string | null;
}

export interface ImportFrameworkResult {
  frameworkId: string;
  version: number;
  changed: boolean;
  changes: FrameworkChanges;
}

type NodeState = PlannedNode;

// Comfortably under PostgreSQL's 65,535 bind parameters per statement.
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export async function importFramework(db: Db, input: ImportFrameworkInput): Promise<ImportFrameworkResult> {
  // Callers may hand over JSON they only cast; the document rules are checked before anything is written.
  const document = frameworkDocumentSchema.parse(input.document);
  const { organizationId } = input;

  return db.transaction(async (tx) => {
    // ---- the framework row, locked so concurrent imports of one framework run one after the other
    const inserted = await tx
      .insert(frameworks)
      .values({
        organizationId,
        key: document.key,
        name: document.name,
        description: document.description ?? null,
        version: 1,
      })
      .onConflictDoNothing({ target: [frameworks.organizationId, frameworks.key] })
      .returning({ id: frameworks.id });
    const isNew = inserted.length > 0;
    const [framework] = await tx
      .select()
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.key, document.key)))
      .for('update');
    if (!framework) throw new Error(`framework "${document.key}" vanished during import`);
    const frameworkId = framework.id;

    // ---- nodes: plan the final state of every row, then write only the differences
    const existingRows = await tx
      .select({
        id: skillNodes.id,
        key: skillNodes.key,
        parentId: skillNodes.parentId,
        kind: skillNodes.kind,
        name: skillNodes.name,
        description: skillNodes.description,
        position: skillNodes.position,
        depth: skillNodes.depth,
        ancestorIds: skillNodes.ancestorIds,
        archivedAt: skillNodes.archivedAt,
      })
      .from(skillNodes)
      .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.frameworkId, frameworkId)));
    const existingById = new Map(existingRows.map((row) => [row.id, row]));

    const now = new Date();
    const { planned, fresh, contentChanged, changes } = planFrameworkNodes(existingRows, document, now);

    const inserts: NodeState[] = [];
    const updates: NodeState[] = [];
    for (const node of planned.values()) {
      if (fresh.has(node.id)) {
        inserts.push(node);
        continue;
      }
      const before = existingById.get(node.id);
      if (
        !before ||
        contentChanged.has(node.id) ||
        before.position !== node.position ||
        before.depth !== node.depth ||
        !sameArray(before.ancestorIds, node.ancestorIds) ||
        (before.archivedAt?.getTime() ?? null) !== (node.archivedAt?.getTime() ?? null)
      ) {
        updates.push(node);
      }
    }

    // Parents first: the parent foreign key is checked per statement.
    inserts.sort((a, b) => a.depth - b.depth);
    for (const batch of chunks(inserts)) {
      await tx.insert(skillNodes).values(
        batch.map((node) => ({
          id: node.id,
          organizationId,
          frameworkId,
          parentId: node.parentId,
          key: node.key,
          kind: node.kind,
          name: node.name,
          description: node.description,
          position: node.position,
          depth: node.depth,
          ancestorIds: node.ancestorIds,
          archivedAt: node.archivedAt,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    // One UPDATE … FROM (VALUES …) per batch instead of a round trip per row.
    for (const batch of chunks(updates)) {
      const values = sql.join(
        batch.map(
          (node) =>
            sql`(${node.id}::uuid, ${node.parentId}::uuid, ${node.kind}::skill_node_kind, ${node.name}::text, ${node.description}::text, ${node.position}::integer, ${node.depth}::smallint, ${`{${node.ancestorIds.join(',')}}`}::uuid[], ${node.archivedAt?.toISOString() ?? null}::timestamptz)`,
        ),
        sql`, `,
      );
      await tx.execute(sql`
        update ${skillNodes} as n
        set parent_id = v.parent_id, kind = v.kind, name = v.name, description = v.description,
            position = v.position, depth = v.depth, ancestor_ids = v.ancestor_ids, archived_at = v.archived_at,
            updated_at = now()
        from (values ${values}) as v(id, parent_id, kind, name, description, position, depth, ancestor_ids, archived_at)
        where n.organization_id = ${organizationId} and n.framework_id = ${frameworkId} and n.id = v.id`);
    }
    const nodesChanged = inserts.length > 0 || updates.length > 0;

    // ---- proficiency levels and learning stages: small, so replaced whole when they differ
    const levelScope = and(
      eq(proficiencyLevels.organizationId, organizationId),
      eq(proficiencyLevels.frameworkId, frameworkId),
    );
    const stageScope = and(
      eq(learningStages.organizationId, organizationId),
      eq(learningStages.frameworkId, frameworkId),
    );

    const levelRows = await tx.select().from(proficiencyLevels).where(levelScope).orderBy(proficiencyLevels.level);
    const levelsChanged =
      levelRows.length !== document.levels.length ||
      document.levels.some((level, index) => {
        const row = levelRows[index];
        return !row || row.level !== level.level || row.name !== level.name || row.descriptor !== level.descriptor;
      });
    if (levelsChanged) {
      await tx.delete(proficiencyLevels).where(levelScope);
      await tx
        .insert(proficiencyLevels)
        .values(document.levels.map((level) => ({ organizationId, frameworkId, ...level })));
    }

    const stageRows = await tx.select().from(learningStages).where(stageScope).orderBy(learningStages.position);
    const stagesChanged =
      stageRows.length !== document.learningStages.length ||
      document.learningStages.some((stage, index) => {
        const row = stageRows[index];
        return (
          !row ||
          row.key !== stage.key ||
          row.name !== stage.name ||
          row.position !== index ||
          row.fromLevel !== stage.fromLevel ||
          row.toLevel !== stage.toLevel ||
          !sameArray(row.steps, stage.steps)
        );
      });
    if (stagesChanged) {
      await tx.delete(learningStages).where(stageScope);
      if (document.learningStages.length > 0) {
        await tx
          .insert(learningStages)
          .values(
            document.learningStages.map((stage, position) => ({ organizationId, frameworkId, position, ...stage })),
          );
      }
    }

    const metaChanged = framework.name !== document.name || framework.description !== (document.description ?? null);
    const changed = isNew || nodesChanged || levelsChanged || stagesChanged || metaChanged;
    if (!changed) return { frameworkId, version: framework.version, changed: false, changes };

    const version = isNew ? framework.version : framework.version + 1;
    if (!isNew) {
      await tx
        .update(frameworks)
        .set({ name: document.name, description: document.description ?? null, version, updatedAt: now })
        .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)));
    }
    await tx.insert(frameworkVersions).values({
      organizationId,
      frameworkId,
      version,
      sourceFormat: input.sourceFormat,
      sourceHash: createHash('sha256').update(input.sourceText).digest('hex'),
      changes,
      createdByUserId: input.actorUserId ?? null,
    });
    await recordVersionSnapshot(tx, organizationId, frameworkId, version);
    return { frameworkId, version, changed: true, changes };
  });
}
