import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson } from '@/lib/scim/errors';
import { listQuerySchema, userResourceSchema } from '@/lib/scim/schemas';
import { createUser, listUsers } from '@/lib/scim/users';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  query: listQuerySchema,
  run: async ({ context, query }) => scimJson(200, await listUsers(context, query)),
});

export const POST = defineScimRoute({
  body: userResourceSchema,
  run: async ({ context, body }) => {
    const user = await createUser(context, body);
    return scimJson(201, user, { location: user.meta.location });
  },
});
