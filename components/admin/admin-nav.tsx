'use client';

import clsx from 'clsx';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/admin/members', label: 'Members' },
  { href: '/admin/invitations', label: 'Invitations' },
  { href: '/admin/teams', label: 'Teams' },
  { href: '/admin/roles', label: 'Roles' },
  { href: '/admin/frameworks', label: 'Frameworks' },
  { href: '/admin/cycles', label: 'Cycles' },
  { href: '/admin/notifications', label: 'Notifications' },
  { href: '/admin/api-tokens', label: 'API tokens' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/settings', label: 'Settings' },
  { href: '/admin/audit', label: 'Audit' },
] as const;

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Organization admin" className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1">
        {LINKS.map((link) => {
          const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={clsx(
                  'inline-block border-b-2 px-3 py-2 text-sm font-medium',
                  current
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                )}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
