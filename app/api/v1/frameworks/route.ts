import { defineApiRoute } from '@/lib/api/define-api-route';
import { listFrameworksEndpoint } from '@/lib/api/v1/frameworks';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listFrameworksEndpoint);
