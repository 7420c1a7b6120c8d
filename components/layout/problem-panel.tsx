import Link from 'next/link';
import type { ReactNode } from 'react';

export interface ProblemLink {
  href: string;
  label: string;
}

/**
 * What every error and not-found boundary shows: what happened, in the
 * reader's words, and where to go next. Plain markup (no hooks), so server
 * boundaries and client ones (error.tsx) share it.
 */
export function ProblemPanel({
  title,
  children,
  links,
  action,
  reference,
}: {
  title: string;
  children: ReactNode;
  links: ProblemLink[];
  /** A button such as "Try again" (error boundaries). */
  action?: ReactNode;
  /** The server's error digest, so support can find the log line. */
  reference?: string;
}) {
  return (
    <section
      aria-labelledby="problem-heading"
      className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm"
    >
      <h1 id="problem-heading" className="text-2xl font-semibold">
        {title}
      </h1>
      <div className="mt-3 space-y-2 text-slate-700">{children}</div>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-3">
        {action}
        {links.map((link) => (
          <Link
            key={link.href}
            href={link.href}
            className="rounded-md px-4 py-2 text-sm font-medium text-brand-700 underline underline-offset-2 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
          >
            {link.label}
          </Link>
        ))}
      </div>
      {reference ? (
        <p className="mt-6 text-xs text-slate-500">
          Reference for your admin: <code>{reference}</code>
        </p>
      ) : null}
    </section>
  );
}
