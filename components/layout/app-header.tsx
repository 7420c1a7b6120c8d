import Link from 'next/link';
import { hasRole } from '@/lib/auth/authorize';
import type { SessionContext } from '@/lib/auth/session';
import { signOutAction, signOutEverywhereAction } from '@/lib/auth/sign-out-action';
import { HeaderMenu } from './header-menu';
import { OrganizationSwitcher } from './organization-switcher';
import { PrimaryNav, type NavItem } from './primary-nav';

function navItemsFor(context: SessionContext): NavItem[] {
  // Hiding links is convenience only; every page checks the role itself.
  const items: NavItem[] = [
    { href: '/', label: 'Home' },
    { href: '/assess', label: 'Assess' },
    { href: '/me', label: 'My profile' },
    { href: '/teams', label: 'Teams' },
  ];
  if (hasRole(context, 'manager')) items.push({ href: '/people', label: 'People' });
  if (hasRole(context, 'admin')) items.push({ href: '/reports/gaps', label: 'Reports', section: '/reports' });
  // Managers have one organization-style report of their own: their teams' trends.
  else if (hasRole(context, 'manager')) items.push({ href: '/reports/trends', label: 'Trends', section: '/reports' });
  if (hasRole(context, 'admin')) items.push({ href: '/admin/members', label: 'Admin', section: '/admin' });
  return items;
}

/**
 * Brand and organization on one line; navigation, account and sign-out in
 * HeaderMenu, which folds them behind a button on a phone and lays them out
 * inline from the md breakpoint.
 */
export function AppHeader({ context }: { context: SessionContext }) {
  const multipleOrganizations = context.organizations.length > 1;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3">
        <div className="flex min-w-0 flex-1 items-center gap-x-4 md:flex-none">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Skillgrid
          </Link>
          <span
            className={multipleOrganizations ? 'sr-only' : 'truncate text-sm text-slate-600'}
            data-testid="active-organization"
          >
            {context.organization.name}
          </span>
        </div>
        <HeaderMenu>
          <div className="w-full md:order-last">
            <PrimaryNav items={navItemsFor(context)} />
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-slate-200 pt-3 text-sm md:border-0 md:pt-0">
            {multipleOrganizations ? (
              <OrganizationSwitcher
                organizations={context.organizations}
                activeOrganizationId={context.organization.id}
              />
            ) : null}
            <span className="min-w-0 text-slate-700 wrap-anywhere">
              {context.user.name} <span className="text-slate-500">({context.membership.role})</span>
            </span>
            <Link href="/settings/api-tokens" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
              API tokens
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </form>
            <form action={signOutEverywhereAction}>
              <button
                type="submit"
                className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100"
                title="Ends your sessions on every device and browser, including this one"
              >
                Sign out everywhere
              </button>
            </form>
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}
