'use server';

import { z } from 'zod';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
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

type EditResult = { version: number; nodeId?: string };

/**
 * One edit of one framework as an audited action: every change is a new
 * version, recorded as `framework.edited`; a refusal the admin can act on
 * ("already first") comes back as the form's message.
 */
function defineEditAction<Schema extends z.ZodType<{ frameworkId: string }>>(
  input: Schema,
  toEdit: (input: z.output<Schema>) => FrameworkEdit,
) {
  return defineAuditedAction<Schema, EditResult>({
    input,
    role: 'admin',
    audit: { events: ['framework.edited'], target: 'framework' },
    revalidate: ({ frameworkId }) => [`/admin/frameworks/${frameworkId}`],
    refuse: (error) => (error instanceof FrameworkEditError ? { ok: false, error: error.message } : undefined),
    write: async ({ input, tx, context }) => {
      const { frameworkId } = input;
      const edit = toEdit(input);
      const result = await editFramework(tx, {
        organizationId: context.organization.id,
        frameworkId,
        actorUserId: context.user.id,
        edit,
      });
      const data = { version: result.version, nodeId: result.nodeId };
      if (!result.changed) return { ok: true, data, message: 'Nothing changed.', audit: null };
      return {
        ok: true,
        data,
        message: `Saved as version ${result.version}.`,
        audit: {
          targetId: frameworkId,
          details: { version: result.version, edit: edit.type, nodeId: result.nodeId ?? null, changes: result.changes },
        },
      };
    },
  });
}

export const renameFrameworkNodeAction = defineEditAction(
  z.object({ frameworkId: id, nodeId: id, name, description }),
  (input) => ({
    type: 'rename',
    nodeId: input.nodeId,
    name: input.name,
    description: input.description,
  }),
);

export const moveFrameworkNodeAction = defineEditAction(
  z.object({ frameworkId: id, nodeId: id, direction: z.enum(['up', 'down'], 'Choose up or down.') }),
  (input) => ({ type: 'move', nodeId: input.nodeId, direction: input.direction }),
);

export const addFrameworkNodeAction = defineEditAction(
  z.object({
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
  (input) => ({
    type: 'add',
    parentId: input.parentId,
    kind: input.kind,
    name: input.name,
    description: input.description,
  }),
);

export const archiveFrameworkNodeAction = defineEditAction(z.object({ frameworkId: id, nodeId: id }), (input) => ({
  type: 'archive',
  nodeId: input.nodeId,
}));

export const restoreFrameworkNodeAction = defineEditAction(z.object({ frameworkId: id, nodeId: id }), (input) => ({
  type: 'restore',
  nodeId: input.nodeId,
}));

export const updateProficiencyLevelAction = defineEditAction(
  z.object({
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
  (input) => ({
    type: 'level',
    level: input.level,
    name: input.name,
    descriptor: input.descriptor,
  }),
);
