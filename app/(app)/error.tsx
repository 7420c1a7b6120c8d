'use client';

import { ProblemPanel } from '@/components/layout/problem-panel';
import { Button } from '@/components/ui/button';

/** An unexpected failure while rendering a signed-in page; the header stays, the page offers a retry. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ProblemPanel
      title="Something went wrong on our side"
      links={[{ href: '/', label: 'Go to your home page' }]}
      action={<Button onClick={reset}>Try again</Button>}
      reference={error.digest}
    >
      <p>Your saved work is safe. Try again in a moment; if it keeps happening, tell your admin.</p>
    </ProblemPanel>
  );
}
