'use client';

import clsx from 'clsx';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  /** The section the link stands for, when wider than its href (Admin → every /admin page). */
  section?: string;
}

function isActive(pathname: string, item: NavItem): boolean {
  const section = item.section ?? item.href;
  if (section === '/') return pathname === '/';
  return pathname === section || pathname.startsWith(`${section}/`);
}

/** The header's links; which ones exist is decided on the server by role. */
export function PrimaryNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="w-full md:w-auto">
      {/* A column in the phone menu, a row from md up. */}
      <ul className="flex flex-col gap-1 text-sm md:flex-row md:flex-wrap md:items-center">
        {items.map((item) => {
          const active = isActive(pathname, item);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={clsx(
                  'block rounded-md px-3 py-2 focus-visible:outline-2 md:py-1.5 focus-visible:outline-offset-2 focus-visible:outline-brand-600',
                  active ? 'bg-brand-50 font-medium text-brand-900' : 'text-slate-700 hover:bg-slate-100',
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
