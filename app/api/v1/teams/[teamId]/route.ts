import { defineApiRoute } from '@/lib/api/define-api-route';
import { getTeamEndpoint } from '@/lib/api/v1/teams';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(getTeamEndpoint);
