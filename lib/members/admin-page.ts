import 'server-only';
import { notFound } from 'next/navigation';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession, type SessionContext } from '@/lib/auth/session';

/**
 * For admin pages and the admin layout: the signed-in admin's context. Anyone
 * else gets a plain 404, so the admin area does not even reveal that it exists.
 * Each page calls this itself as well as the layout: layouts and pages render
 * independently, so the layout alone does not protect a page's data.
 */
export async function requireAdminPage(): Promise<SessionContext> {
  const context = await requireSession();
  if (!hasRole(context, 'admin')) notFound();
  return context;
}
