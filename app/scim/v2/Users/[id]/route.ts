import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson } from '@/lib/scim/errors';
import { patchRequestSchema, resourceQuerySchema, userResourceSchema } from '@/lib/scim/schemas';
import { deleteUser, getUser, patchUser, replaceUser } from '@/lib/scim/users';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  query: resourceQuerySchema,
  run: async ({ context, id }) => scimJson(200, await getUser(context, id)),
});

export const PUT = defineScimRoute({
  body: userResourceSchema,
  run: async ({ context, id, body }) => scimJson(200, await replaceUser(context, id, body)),
});

export const PATCH = defineScimRoute({
  body: patchRequestSchema,
  run: async ({ context, id, body }) => scimJson(200, await patchUser(context, id, body.Operations)),
});

export const DELETE = defineScimRoute({
  run: async ({ context, id }) => {
    await deleteUser(context, id);
    return new Response(null, { status: 204 });
  },
});
