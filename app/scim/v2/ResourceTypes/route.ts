import { resourceTypeList } from '@/lib/scim/discovery';
import { defineScimRoute } from '@/lib/scim/define-scim-route';
import { scimJson } from '@/lib/scim/errors';

export const dynamic = 'force-dynamic';

export const GET = defineScimRoute({
  run: async ({ context }) => scimJson(200, resourceTypeList(context.baseUrl)),
});
