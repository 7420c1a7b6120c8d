import { schemaById } from '@/lib/scim/discovery';
import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson, scimNotFound } from '@/lib/scim/errors';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  run: async ({ context, id }) => {
    const found = schemaById(context.baseUrl, id);
    if (!found) throw scimNotFound('Schema', id);
    return scimJson(200, found);
  },
});
