'use server';

import { z } from 'zod';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { setFrameworkAssignment } from './assignment';

// A select sends "" for "the organization" / "no framework".
const optionalId = (message: string) =>
  z.union([z.literal('').transform(() => null), z.guid(message), z.null()]).default(null);

const assignmentSchema = z.object({
  teamId: optionalId('Choose a team.'),
  frameworkId: optionalId('Choose a framework.'),
});

/** Sets the organization's default framework (no team) or a team's override (empty framework: follow the default). */
export const assignFrameworkAction = defineAuditedAction({
  input: assignmentSchema,
  role: 'admin',
  // The target is the team, or the organization for its default.
  audit: { events: ['framework.assigned'], target: 'team' },
  revalidate: ['/admin/frameworks'],
  write: ({ input, tx, context }) => setFrameworkAssignment(tx, context.organization.id, input),
});
