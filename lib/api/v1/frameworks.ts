import 'server-only';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { frameworks, proficiencyLevels, skillNodeKind, skillNodes } from '@/db/schema';
import { endpoint } from '../endpoint';
import { notFound } from '../errors';
import { cursorName, id, timestamp } from './common';
import { cursorParam, flagParam, isoTime, limitParam, pageOf, pageSchema } from './pagination';

export const frameworkSchema = z
  .strictObject({
    id: id(),
    key: z.string().describe('A stable slug, as in the framework export.'),
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
    isDefault: z.boolean().describe('Cycles are opened against it unless a team overrides it.'),
    archived: z.boolean(),
    updatedAt: timestamp(),
  })
  .meta({ id: 'Framework' });

export const skillNodeSchema = z
  .strictObject({
    id: id().describe('Ratings name skills by this id.'),
    parentId: id().nullable(),
    key: z.string(),
    kind: z.enum(skillNodeKind.enumValues).describe('Only nodes of kind `skill` are rated.'),
    name: z.string(),
    description: z.string().nullable().describe('Markdown.'),
    position: z.number().int().describe('Order among its siblings.'),
    depth: z.number().int(),
  })
  .meta({ id: 'SkillNode' });

export const frameworkDetailSchema = frameworkSchema
  .extend({
    levels: z.array(z.strictObject({ level: z.number().int(), name: z.string(), descriptor: z.string() })),
    nodes: z.array(skillNodeSchema).describe('The live tree (retired nodes left out), parents before children.'),
  })
  .meta({ id: 'FrameworkDetail' });

const frameworkColumns = {
  id: frameworks.id,
  key: frameworks.key,
  name: frameworks.name,
  description: frameworks.description,
  version: frameworks.version,
  isDefault: frameworks.isDefault,
  archivedAt: frameworks.archivedAt,
  updatedAt: frameworks.updatedAt,
};

type FrameworkRow = { [K in keyof typeof frameworkColumns]: (typeof frameworks.$inferSelect)[K] };

const toFramework = (row: FrameworkRow) => ({
  id: row.id,
  key: row.key,
  name: row.name,
  description: row.description,
  version: row.version,
  isDefault: row.isDefault,
  archived: row.archivedAt !== null,
  updatedAt: isoTime(row.updatedAt),
});

function selectFrameworks(db: Db, organizationId: string, where: SQL | undefined, limit: number) {
  return db
    .select(frameworkColumns)
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), where))
    .orderBy(asc(frameworks.name), asc(frameworks.id))
    .limit(limit);
}

export const listFrameworksEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/frameworks',
  tag: 'Frameworks',
  operationId: 'listFrameworks',
  summary: 'List frameworks',
  scopes: ['frameworks:read'],
  query: z.strictObject({
    includeArchived: flagParam('Also list archived frameworks (as /admin/frameworks shows them apart).'),
    cursor: cursorParam(z.tuple([cursorName(), id()])),
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of frameworks.', schema: pageSchema(frameworkSchema) },
  problems: ['invalid-request'],
  run: async ({ query, db, actor }) => {
    const rows = await selectFrameworks(
      db,
      actor!.membership.organizationId,
      and(
        query.includeArchived ? undefined : isNull(frameworks.archivedAt),
        query.cursor
          ? sql`(${frameworks.name}, ${frameworks.id}) > (${query.cursor[0]}, ${query.cursor[1]}::uuid)`
          : undefined,
      ),
      query.limit + 1,
    );
    return pageOf(rows, query.limit, (row) => [row.name, row.id], toFramework);
  },
});

export const getFrameworkEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/frameworks/{frameworkId}',
  tag: 'Frameworks',
  operationId: 'getFramework',
  summary: 'Get a framework with its levels and skills',
  scopes: ['frameworks:read'],
  params: z.strictObject({ frameworkId: id() }),
  response: { status: 200, description: 'The framework and its tree.', schema: frameworkDetailSchema },
  problems: ['not-found'],
  run: async ({ params, db, actor }) => {
    const organizationId = actor!.membership.organizationId;
    const [framework] = await selectFrameworks(db, organizationId, eq(frameworks.id, params.frameworkId), 1);
    if (!framework) throw notFound('Framework');
    const scope = and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.frameworkId, framework.id));
    const [levels, nodes] = await Promise.all([
      db
        .select({
          level: proficiencyLevels.level,
          name: proficiencyLevels.name,
          descriptor: proficiencyLevels.descriptor,
        })
        .from(proficiencyLevels)
        .where(
          and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, framework.id)),
        )
        .orderBy(asc(proficiencyLevels.level)),
      db
        .select({
          id: skillNodes.id,
          parentId: skillNodes.parentId,
          key: skillNodes.key,
          kind: skillNodes.kind,
          name: skillNodes.name,
          description: skillNodes.description,
          position: skillNodes.position,
          depth: skillNodes.depth,
        })
        .from(skillNodes)
        .where(and(scope, isNull(skillNodes.archivedAt)))
        .orderBy(asc(skillNodes.depth), asc(skillNodes.parentId), asc(skillNodes.position), asc(skillNodes.id)),
    ]);
    return { ...toFramework(framework), levels, nodes };
  },
});
