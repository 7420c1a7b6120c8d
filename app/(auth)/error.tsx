'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';

/** An unexpected failure on sign-in, sign-up or an invitation, inside the auth card. */
export default function AuthError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Something went wrong on our side</h1>
      <p className="text-slate-700">Nothing was changed. Try again, or go back to the sign-in page.</p>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <Link href="/sign-in" className="text-sm font-medium text-brand-700 underline underline-offset-2">
          Back to sign in
        </Link>
      </div>
      {error.digest ? (
        <p className="text-xs text-slate-500">
          Reference: <code>{error.digest}</code>
        </p>
      ) : null}
    </div>
  );
}
