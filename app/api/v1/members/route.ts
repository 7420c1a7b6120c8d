import { defineApiRoute } from '@/lib/api/define-api-route';
import { createMemberEndpoint, listMembersEndpoint } from '@/lib/api/v1/members';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listMembersEndpoint);
export const POST = defineApiRoute(createMemberEndpoint);
