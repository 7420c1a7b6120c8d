'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import type { ActionResult } from '@/lib/actions/result';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from '@/lib/members/revalidate';
import type { SessionContext } from '@/lib/auth/session';
import type { Db } from '@/db';
import { FRAMEWORK_NODE_KINDS } from './document';
import { editFramework, FrameworkEditError, type FrameworkEdit } from './edit';

const id = z.guid('Not a valid id.');
const name = z
  .string('A name is required.')
  .trim()
  .min(1, 'A name is required.')
  .max(300, 'At most 300 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE);
// FormData sends "" for an emptied field: that clears the description.
const description = z
  .string()
  .trim()
  .max(2000, 'At most 2,000 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .optional()
  .transform((value) => (value ? value : null));

async function run(
  db: Db,
  context: SessionContext,
  frameworkId: string,
  edit: FrameworkEdit,
): Promise<ActionResult<{ version: number; nodeId?: string }>> {
  try {
    const result = await editFramework(db, {
      organizationId: context.organization.id,
      frameworkId,
      actorUserId: context.user.id,
      ip: await requestIp(),
      edit,
    });
    if (result.changed) refreshAdminPages(`/admin/frameworks/${frameworkId}`);
    return {
      ok: true,
      data: { version: result.version, nodeId: result.nodeId },
      message: result.changed ? `Saved as version ${result.version}.` : 'Nothing changed.',
    };
  } catch (error) {
    if (error instanceof FrameworkEditError) return { ok: false, error: error.message };
    throw error;
  }
}

export const renameFrameworkNodeAction = defineAction({
  input: z.object({ frameworkId: id, nodeId: id, name, description }),
  role: 'admin',
  run: ({ input, db, context }) =>
    run(db, context, input.frameworkId, {
      type: 'rename',
      nodeId: input.nodeId,
      name: input.name,
      description: input.description,
    }),
});

export const moveFrameworkNodeAction = defineAction({
  input: z.object({ frameworkId: id, nodeId: id, direction: z.enum(['up', 'down'], 'Choose up or down.') }),
  role: 'admin',
  run: ({ input, db, context }) =>
    run(db, context, input.frameworkId, { type: 'move', nodeId: input.nodeId, direction: input.direction }),
});

export const addFrameworkNodeAction = defineAction({
  input: z.object({
    frameworkId: id,
    // Empty (from a form) means "at the top": only areas go there.
    parentId: z
      .union([id, z.literal('')])
      .optional()
      .transform((value) => (value ? value : null)),
    kind: z.enum(FRAMEWORK_NODE_KINDS, 'Choose a kind.'),
    name,
    description,
  }),
  role: 'admin',
  run: ({ input, db, context }) =>
    run(db, context, input.frameworkId, {
      type: 'add',
      parentId: input.parentId,
      kind: input.kind,
      name: input.name,
      description: input.description,
    }),
});

export const archiveFrameworkNodeAction = defineAction({
  input: z.object({ frameworkId: id, nodeId: id }),
  role: 'admin',
  run: ({ input, db, context }) => run(db, context, input.frameworkId, { type: 'archive', nodeId: input.nodeId }),
});

export const restoreFrameworkNodeAction = defineAction({
  input: z.object({ frameworkId: id, nodeId: id }),
  role: 'admin',
  run: ({ input, db, context }) => run(db, context, input.frameworkId, { type: 'restore', nodeId: input.nodeId }),
});

export const updateProficiencyLevelAction = defineAction({
  input: z.object({
    frameworkId: id,
    level: z.coerce.number('Not a level.').int('Not a level.').min(0).max(10),
    name: z
      .string('A name is required.')
      .trim()
      .min(1, 'A name is required.')
      .max(100, 'At most 100 characters.')
      .regex(NO_NUL, NO_NUL_MESSAGE),
    descriptor: z
      .string('A descriptor is required.')
      .trim()
      .min(1, 'A descriptor is required.')
      .max(2000, 'At most 2,000 characters.')
      .regex(NO_NUL, NO_NUL_MESSAGE),
  }),
  role: 'admin',
  run: ({ input, db, context }) =>
    run(db, context, input.frameworkId, {
      type: 'level',
      level: input.level,
      name: input.name,
      descriptor: input.descriptor,
    }),
});
