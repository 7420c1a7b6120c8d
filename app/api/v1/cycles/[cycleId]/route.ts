import { defineApiRoute } from '@/lib/api/define-api-route';
import { getCycleEndpoint } from '@/lib/api/v1/cycles';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(getCycleEndpoint);
