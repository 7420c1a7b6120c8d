import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson } from '@/lib/scim/errors';
import { deleteGroup, getGroup, patchGroup, replaceGroup } from '@/lib/scim/groups';
import { groupResourceSchema, patchRequestSchema, resourceQuerySchema } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  query: resourceQuerySchema,
  run: async ({ context, id, query }) => scimJson(200, await getGroup(context, id, query.excludedAttributes)),
});

export const PUT = defineScimRoute({
  body: groupResourceSchema,
  run: async ({ context, id, body }) => scimJson(200, await replaceGroup(context, id, body)),
});

// RFC 7644 §3.5.2: 200 with the resource (Okta and Entra both accept it; 204 would also do).
export const PATCH = defineScimRoute({
  body: patchRequestSchema,
  run: async ({ context, id, body }) => scimJson(200, await patchGroup(context, id, body.Operations)),
});

export const DELETE = defineScimRoute({
  run: async ({ context, id }) => {
    await deleteGroup(context, id);
    return new Response(null, { status: 204 });
  },
});
