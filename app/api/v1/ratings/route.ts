import { defineApiRoute } from '@/lib/api/define-api-route';
import { listRatingsEndpoint, saveRatingsEndpoint } from '@/lib/api/v1/ratings';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listRatingsEndpoint);
export const POST = defineApiRoute(saveRatingsEndpoint);
