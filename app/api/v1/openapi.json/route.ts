import { defineApiRoute } from '@/lib/api/define-api-route';
import { openApiDocumentEndpoint } from '@/lib/api/v1/endpoints';

export const dynamic = 'force-dynamic';

export const GET = defineApiRoute(openApiDocumentEndpoint);
