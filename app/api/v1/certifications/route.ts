import { defineApiRoute } from '@/lib/api/define-api-route';
import { listCertificationsEndpoint } from '@/lib/api/v1/trust';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(listCertificationsEndpoint);
