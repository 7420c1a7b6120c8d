import Link from 'next/link';

const TABS = [
  { href: '/reports/gaps', label: 'Gaps', key: 'gaps' },
  { href: '/reports/trends', label: 'Trends', key: 'trends' },
] as const;

/** The admin's organization reports, one link each (the header's "Reports" opens the first). */
export function ReportsTabs({ current }: { current: (typeof TABS)[number]['key'] }) {
  return (
    <nav aria-label="Reports" className="border-b border-slate-200">
      <ul className="flex gap-1 text-sm">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <Link
              href={tab.href}
              aria-current={tab.key === current ? 'page' : undefined}
              className={
                tab.key === current
                  ? 'block border-b-2 border-brand-600 px-3 py-2 font-medium text-brand-900'
                  : 'block border-b-2 border-transparent px-3 py-2 text-slate-700 hover:text-brand-700'
              }
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
