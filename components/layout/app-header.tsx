import Link from 'next/link';
import type { SessionContext } from '@/lib/auth/session';
import { signOutAction } from '@/lib/auth/sign-out-action';

export function AppHeader({ context }: { context: SessionContext }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-6">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Skillgrid
          </Link>
          <span className="text-sm text-slate-600" data-testid="active-organization">
            {context.organization.name}
          </span>
        </div>
        <div className="flex items-center gap-4 text-sm">
          <span className="text-slate-700">
            {context.user.name} <span className="text-slate-500">({context.membership.role})</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
