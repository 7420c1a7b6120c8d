'use client';

import './globals.css';
import { ProblemPanel } from '@/components/layout/problem-panel';
import { Button } from '@/components/ui/button';

/**
 * The last boundary: the root layout itself failed, so this renders the whole
 * document. Kept to plain markup and a full-page reload link (the app's
 * router may be what broke).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 px-4 py-16 text-slate-900 antialiased">
        <p className="mb-6 text-center text-lg font-semibold text-brand-700">Skillgrid</p>
        <ProblemPanel
          title="Skillgrid could not load this page"
          links={[{ href: '/sign-in', label: 'Sign in again' }]}
          action={
            <>
              <Button onClick={reset}>Try again</Button>
              {/* A full reload, not a client navigation: the client router may be what failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
              <a
                href="/"
                className="rounded-md px-4 py-2 text-sm font-medium text-brand-700 underline underline-offset-2 hover:bg-slate-100"
              >
                Go to your home page
              </a>
            </>
          }
          reference={error.digest}
        >
          <p>Your saved work is safe. Try again in a moment; if it keeps happening, tell your admin.</p>
        </ProblemPanel>
      </body>
    </html>
  );
}
