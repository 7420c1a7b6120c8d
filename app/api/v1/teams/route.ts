import { defineApiRoute } from '@/lib/api/define-api-route';
import { listTeamsEndpoint } from '@/lib/api/v1/teams';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listTeamsEndpoint);
