import { defineApiRoute } from '@/lib/api/define-api-route';
import { listGapsEndpoint } from '@/lib/api/v1/gaps';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listGapsEndpoint);
