import type { Actor } from '@/lib/auth/authorize';

/**
 * The organization's admin as an `Actor`, for scripts that run the report and
 * team queries as an admin would (benchmarks, EXPLAIN). The queries read
 * through the authorization module's visibility filters, and an admin's
 * visibility depends on the organization alone (lib/auth/authorize.ts), so a
 * generated benchmark organization without an admin account reads the same.
 * The user and membership ids are the nil UUID: no admin filter compares them.
 */
export function organizationAdminActor(organizationId: string): Actor {
  const nil = '00000000-0000-0000-0000-000000000000';
  return { user: { id: nil }, membership: { id: nil, role: 'admin', organizationId } };
}
