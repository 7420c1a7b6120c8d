import { defineApiRoute } from '@/lib/api/define-api-route';
import { listEndorsementsEndpoint } from '@/lib/api/v1/trust';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listEndorsementsEndpoint);
