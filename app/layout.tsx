import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Skillgrid', template: '%s · Skillgrid' },
  description: 'Team skills assessment: self-ratings, heatmaps, gaps and learning plans.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request so each gets the CSP nonce proxy.ts issues;
  // a statically rendered page (the 404) would carry scripts the CSP blocks.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* URL state for client controls (chart options, issue 19): nuqs through Next's own router. */}
        <NuqsAdapter>{children}</NuqsAdapter>
      </body>
    </html>
  );
}
