import { defineApiRoute } from '@/lib/api/define-api-route';
import { getMemberEndpoint, updateMemberEndpoint } from '@/lib/api/v1/members';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(getMemberEndpoint);
export const PATCH = defineApiRoute(updateMemberEndpoint);
