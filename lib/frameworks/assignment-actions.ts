'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from '@/lib/members/revalidate';
import { setFrameworkAssignment } from './assignment';

// A select sends "" for "the organization" / "no framework".
const optionalId = (message: string) =>
  z.union([z.literal('').transform(() => null), z.guid(message), z.null()]).default(null);

const assignmentSchema = z.object({
  teamId: optionalId('Choose a team.'),
  frameworkId: optionalId('Choose a framework.'),
});

/** Sets the organization's default framework (no team) or a team's override (empty framework: follow the default). */
export const assignFrameworkAction = defineAction({
  input: assignmentSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const result = await setFrameworkAssignment(
      db,
      { organizationId: context.organization.id, userId: context.user.id, ip: await requestIp() },
      input,
    );
    if (result.ok) refreshAdminPages('/admin/frameworks');
    return result;
  },
});
