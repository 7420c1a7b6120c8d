/**
 * Edits a framework in place, one change per transaction.
 *
 * Every change that really changes something bumps `frameworks.version` and
 * records a `framework_versions` row (source format `edit`, hashed over a
 * canonical JSON of the change), like an import does. Nodes are never deleted:
 * archiving sets `archived_at` on the node and its subtree, so ratings stay
 * attached to the same node ids and past cycles' reports keep their skills.
 * `ancestor_ids`/`depth` only change when a node is added (edits never
 * re-parent), and a new node gets its parent's ancestors plus itself.
 * The audit entry is the caller's (the audited edit actions): inside their
 * transaction the edit's own runs as a savepoint.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, frameworkVersions, proficiencyLevels, skillNodes, type SkillNodeKind } from '@/db/schema';
import { notFoundError } from '@/lib/auth/errors';
import { CHILD_KINDS, normalizeText, slugify } from './document';
import type { FrameworkChanges } from './import';
import { recordVersionSnapshot } from './snapshot';

export type FrameworkEdit =
  | { type: 'rename'; nodeId: string; name: string; description: string | null }
  | { type: 'move'; nodeId: string; direction: 'up' | 'down' }
  | { type: 'add'; parentId: string | null; kind: SkillNodeKind; name: string; description: string | null }
  | { type: 'archive'; nodeId: string }
  | { type: 'restore'; nodeId: string }
  | { type: 'level'; level: number; name: string; descriptor: string };

export interface EditFrameworkInput {
  organizationId: string;
  frameworkId: string;
  actorUserId: string | null;
  edit: FrameworkEdit;
}

export interface EditFrameworkResult {
  /** False when the edit matched what was already stored: no new version then. */
  changed: boolean;
  version: number;
  /** The node the edit was about (the new node for `add`). */
  nodeId?: string;
  /** What the new version changed (all zero when nothing did). */
  changes: FrameworkChanges;
}

/** A refusal the admin can act on ("already first", "not allowed under a group"); nothing was written. */
export class FrameworkEditError extends Error {}

/** Object keys sorted at every level, so the same change always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const KEY_MAX = 200;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function editFramework(db: Db, input: EditFrameworkInput): Promise<EditFrameworkResult> {
  const { organizationId, frameworkId, edit } = input;
  return db.transaction(async (tx) => {
    // Locked: two admins editing one framework get consecutive versions, never the same one twice.
    const [framework] = await tx
      .select({ id: frameworks.id, version: frameworks.version })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)))
      .for('update');
    if (!framework) throw notFoundError('That framework');

    const now = new Date();
    const changes: FrameworkChanges = { added: 0, renamed: 0, archived: 0, restored: 0 };
    const applied = await applyEdit(tx, organizationId, frameworkId, edit, now, changes);
    if (!applied.changed) return { changed: false, version: framework.version, nodeId: applied.nodeId, changes };

    const version = framework.version + 1;
    await tx
      .update(frameworks)
      .set({ version, updatedAt: now })
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)));
    const change = { frameworkId, fromVersion: framework.version, edit, nodeId: applied.nodeId ?? null };
    await tx.insert(frameworkVersions).values({
      organizationId,
      frameworkId,
      version,
      sourceFormat: 'edit',
      sourceHash: createHash('sha256').update(canonicalJson(change)).digest('hex'),
      changes,
      createdByUserId: input.actorUserId,
    });
    await recordVersionSnapshot(tx, organizationId, frameworkId, version);
    return { changed: true, version, nodeId: applied.nodeId, changes };
  });
}

async function findNode(tx: Tx, organizationId: string, frameworkId: string, nodeId: string) {
  const [node] = await tx
    .select()
    .from(skillNodes)
    .where(
      and(
        eq(skillNodes.organizationId, organizationId),
        eq(skillNodes.frameworkId, frameworkId),
        eq(skillNodes.id, nodeId),
      ),
    )
    .for('update');
  if (!node) throw notFoundError('That node');
  return node;
}

async function applyEdit(
  tx: Tx,
  organizationId: string,
  frameworkId: string,
  edit: FrameworkEdit,
  now: Date,
  changes: FrameworkChanges,
): Promise<{ changed: boolean; nodeId?: string }> {
  const inFramework = and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.frameworkId, frameworkId));
  switch (edit.type) {
    case 'rename': {
      const node = await findNode(tx, organizationId, frameworkId, edit.nodeId);
      const name = normalizeText(edit.name);
      const description = edit.description ? normalizeText(edit.description) || null : null;
      if (!name) throw new FrameworkEditError('A name is required.');
      if (node.name === name && node.description === description) return { changed: false, nodeId: node.id };
      await tx
        .update(skillNodes)
        .set({ name, description, updatedAt: now })
        .where(and(inFramework, eq(skillNodes.id, node.id)));
      changes.renamed = 1;
      return { changed: true, nodeId: node.id };
    }
    case 'move': {
      const node = await findNode(tx, organizationId, frameworkId, edit.nodeId);
      if (node.archivedAt) throw new FrameworkEditError('Restore the node before moving it.');
      const siblings = await tx
        .select({ id: skillNodes.id, position: skillNodes.position, archivedAt: skillNodes.archivedAt })
        .from(skillNodes)
        .where(and(inFramework, node.parentId ? eq(skillNodes.parentId, node.parentId) : isNull(skillNodes.parentId)))
        .orderBy(asc(skillNodes.position), asc(skillNodes.key));
      const index = siblings.findIndex((sibling) => sibling.id === node.id);
      // The neighbour is the next live sibling: archived ones are invisible in the editor and in /assess.
      const step = edit.direction === 'up' ? -1 : 1;
      let other = index + step;
      while (other >= 0 && other < siblings.length && siblings[other]?.archivedAt) other += step;
      if (other < 0 || other >= siblings.length) {
        throw new FrameworkEditError(
          edit.direction === 'up' ? 'This node is already first.' : 'This node is already last.',
        );
      }
      const order = siblings.map((sibling) => sibling.id);
      order[index] = siblings[other]!.id;
      order[other] = node.id;
      // Renumber 0..n-1 so duplicate or sparse positions from older data cannot make a move a no-op.
      for (const [position, id] of order.entries()) {
        const before = siblings.find((sibling) => sibling.id === id);
        if (before?.position === position) continue;
        await tx
          .update(skillNodes)
          .set({ position, updatedAt: now })
          .where(and(inFramework, eq(skillNodes.id, id)));
      }
      return { changed: true, nodeId: node.id };
    }
    case 'add': {
      const parent = edit.parentId ? await findNode(tx, organizationId, frameworkId, edit.parentId) : null;
      if (parent?.archivedAt) throw new FrameworkEditError('Restore the parent before adding to it.');
      const allowed: readonly SkillNodeKind[] = parent ? CHILD_KINDS[parent.kind] : ['area'];
      if (!allowed.includes(edit.kind)) {
        throw new FrameworkEditError(
          parent
            ? `A ${edit.kind} cannot sit under a ${parent.kind}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}.`
            : 'Only areas sit at the top of the framework.',
        );
      }
      const name = normalizeText(edit.name);
      const slug = slugify(name);
      if (!slug) throw new FrameworkEditError('The name needs at least one letter or digit.');
      const base = parent ? `${parent.key}/${slug}` : slug;
      if (base.length > KEY_MAX - 4) throw new FrameworkEditError('The name makes the node key too long; shorten it.');
      const taken = new Set(
        (
          await tx
            .select({ key: skillNodes.key })
            .from(skillNodes)
            .where(and(inFramework, like(skillNodes.key, `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)))
        ).map((row) => row.key),
      );
      let key = base;
      for (let suffix = 2; taken.has(key); suffix += 1) key = `${base}-${suffix}`;
      const [last] = await tx
        .select({ max: sql<number | null>`max(${skillNodes.position})` })
        .from(skillNodes)
        .where(and(inFramework, parent ? eq(skillNodes.parentId, parent.id) : isNull(skillNodes.parentId)));
      const id = randomUUID();
      await tx.insert(skillNodes).values({
        id,
        organizationId,
        frameworkId,
        parentId: parent?.id ?? null,
        key,
        kind: edit.kind,
        name,
        description: edit.description ? normalizeText(edit.description) || null : null,
        position: last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1,
        depth: parent ? parent.depth + 1 : 0,
        ancestorIds: parent ? [...parent.ancestorIds, id] : [id],
        createdAt: now,
        updatedAt: now,
      });
      changes.added = 1;
      return { changed: true, nodeId: id };
    }
    case 'archive': {
      const node = await findNode(tx, organizationId, frameworkId, edit.nodeId);
      const archived = await tx
        .update(skillNodes)
        .set({ archivedAt: now, updatedAt: now })
        .where(
          and(inFramework, isNull(skillNodes.archivedAt), sql`${skillNodes.ancestorIds} @> array[${node.id}]::uuid[]`),
        )
        .returning({ id: skillNodes.id });
      changes.archived = archived.length;
      return { changed: archived.length > 0, nodeId: node.id };
    }
    case 'restore': {
      const node = await findNode(tx, organizationId, frameworkId, edit.nodeId);
      if (!node.archivedAt) return { changed: false, nodeId: node.id };
      if (node.parentId) {
        const parent = await findNode(tx, organizationId, frameworkId, node.parentId);
        if (parent.archivedAt) throw new FrameworkEditError('Restore the parent first.');
      }
      // Brings back what was archived with the node (same timestamp), not descendants retired on their own earlier.
      const restored = await tx
        .update(skillNodes)
        .set({ archivedAt: null, updatedAt: now })
        .where(
          and(
            inFramework,
            sql`${skillNodes.ancestorIds} @> array[${node.id}]::uuid[]`,
            sql`${skillNodes.archivedAt} >= ${node.archivedAt.toISOString()}::timestamptz`,
          ),
        )
        .returning({ id: skillNodes.id });
      changes.restored = restored.length;
      return { changed: restored.length > 0, nodeId: node.id };
    }
    case 'level': {
      const name = normalizeText(edit.name);
      const descriptor = normalizeText(edit.descriptor);
      if (!name || !descriptor) throw new FrameworkEditError('A level needs a name and a descriptor.');
      const scope = and(
        eq(proficiencyLevels.organizationId, organizationId),
        eq(proficiencyLevels.frameworkId, frameworkId),
        eq(proficiencyLevels.level, edit.level),
      );
      // Only names and descriptors change: adding or removing levels would change what stored ratings mean.
      const [row] = await tx.select().from(proficiencyLevels).where(scope).for('update');
      if (!row) throw notFoundError('That level');
      if (row.name === name && row.descriptor === descriptor) return { changed: false };
      await tx.update(proficiencyLevels).set({ name, descriptor }).where(scope);
      return { changed: true };
    }
  }
}

export interface EditableNode {
  id: string;
  parentId: string | null;
  key: string;
  kind: SkillNodeKind;
  name: string;
  description: string | null;
  archived: boolean;
}

export interface EditableFramework {
  id: string;
  key: string;
  name: string;
  version: number;
  /** Every node, archived ones included, siblings in position order. */
  nodes: EditableNode[];
  levels: { level: number; name: string; descriptor: string }[];
  versions: { version: number; sourceFormat: string; changes: FrameworkChanges; createdAt: Date }[];
}

/** What the edit page shows; null for an unknown id or another organization's framework. */
export async function loadEditableFramework(
  db: Db,
  organizationId: string,
  frameworkId: string,
): Promise<EditableFramework | null> {
  const [framework] = await db
    .select({ id: frameworks.id, key: frameworks.key, name: frameworks.name, version: frameworks.version })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)))
    .limit(1);
  if (!framework) return null;
  const [nodes, levels, versions] = await Promise.all([
    db
      .select({
        id: skillNodes.id,
        parentId: skillNodes.parentId,
        key: skillNodes.key,
        kind: skillNodes.kind,
        name: skillNodes.name,
        description: skillNodes.description,
        archived: sql<boolean>`${skillNodes.archivedAt} is not null`,
      })
      .from(skillNodes)
      .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.frameworkId, frameworkId)))
      .orderBy(asc(skillNodes.depth), asc(skillNodes.position), asc(skillNodes.key)),
    db
      .select({
        level: proficiencyLevels.level,
        name: proficiencyLevels.name,
        descriptor: proficiencyLevels.descriptor,
      })
      .from(proficiencyLevels)
      .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)))
      .orderBy(asc(proficiencyLevels.level)),
    db
      .select({
        version: frameworkVersions.version,
        sourceFormat: frameworkVersions.sourceFormat,
        changes: frameworkVersions.changes,
        createdAt: frameworkVersions.createdAt,
      })
      .from(frameworkVersions)
      .where(and(eq(frameworkVersions.organizationId, organizationId), eq(frameworkVersions.frameworkId, frameworkId)))
      .orderBy(desc(frameworkVersions.version))
      .limit(10),
  ]);
  return { ...framework, nodes, levels, versions };
}
