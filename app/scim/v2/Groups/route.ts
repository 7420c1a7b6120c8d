import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson } from '@/lib/scim/errors';
import { createGroup, listGroups } from '@/lib/scim/groups';
import { groupResourceSchema, listQuerySchema } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  query: listQuerySchema,
  run: async ({ context, query }) => scimJson(200, await listGroups(context, query)),
});

export const POST = defineScimRoute({
  body: groupResourceSchema,
  run: async ({ context, body }) => {
    const group = await createGroup(context, body);
    return scimJson(201, group, { location: group.meta.location });
  },
});
