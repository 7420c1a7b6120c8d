import Link from 'next/link';
import { getDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { getSessionContext } from '@/lib/auth/session';
import { joinNames, listAdminNames } from '@/lib/onboarding/first-run';

/**
 * The sentence every "no cycle yet" message ends with, addressed to the
 * reader: an admin is told where to open one, anyone else who opens them, by
 * name. One place, so no page tells an admin to wait for "your admin".
 */
export async function WhoOpensCycles() {
  const context = await getSessionContext();
  if (!context) return null;
  if (hasRole(context, 'admin')) {
    return (
      <>
        You open cycles under{' '}
        <Link href="/admin/cycles" className="font-medium text-brand-700 underline hover:text-brand-900">
          Admin → Cycles
        </Link>
        .
      </>
    );
  }
  const admins = await listAdminNames(await getDb(), context.organization.id);
  return admins.length === 0 ? (
    <>Cycles are opened by your organization’s admins.</>
  ) : (
    <>
      Cycles are opened by {admins.length === 1 ? 'your organization’s admin' : 'your organization’s admins'},{' '}
      {joinNames(admins)}.
    </>
  );
}
