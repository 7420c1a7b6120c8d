'use client';

import clsx from 'clsx';
import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { segment: '', label: 'Heatmap' },
  { segment: '/coverage', label: 'Coverage' },
  { segment: '/calibration', label: 'Calibration' },
  { segment: '/gaps', label: 'Gaps' },
  { segment: '/completion', label: 'Completion' },
  { segment: '/certifications', label: 'Certifications' },
  { segment: '/settings', label: 'Settings' },
] as const;

/**
 * A dot beside a tab while its page loads: the heatmap tab has no loading skeleton (components/team/team-loading.tsx),
 * so without this nothing would show that the click was taken.
 */
function TabPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      aria-hidden="true"
      className="ml-1.5 inline-block size-1.5 animate-pulse rounded-full bg-brand-600 align-middle"
    />
  ) : null;
}

/** The team page's sub-navigation; the heatmap tab also stays current while drilling into a section. */
export function TeamTabs({ teamId }: { teamId: string }) {
  const pathname = usePathname();
  const base = `/teams/${teamId}`;
  return (
    // The tabs wrap onto a second line on a phone rather than hide behind a sideways scroll.
    <nav aria-label="Team views" className="border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-x-1">
        {TABS.map((tab) => {
          const href = `${base}${tab.segment}`;
          const current =
            tab.segment === ''
              ? pathname === base || pathname.startsWith(`${base}/sections`) || pathname.startsWith(`${base}/members`)
              : pathname.startsWith(href);
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className={clsx(
                  'inline-block border-b-2 px-3 py-2 text-sm font-medium',
                  current
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:text-slate-900',
                )}
              >
                {tab.label}
                <TabPending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
