import type { Metadata } from 'next';
import { ProblemPanel } from '@/components/layout/problem-panel';

export const metadata: Metadata = { title: 'Page not found' };

/** Any URL that matches no page, signed in or not. */
export default function NotFound() {
  return (
    <main className="px-4 py-16">
      <p className="mb-6 text-center text-lg font-semibold text-brand-700">Skillgrid</p>
      <ProblemPanel
        title="We could not find that page"
        links={[
          { href: '/', label: 'Go to your home page' },
          { href: '/sign-in', label: 'Sign in' },
        ]}
      >
        <p>The address may be mistyped, or the page may have moved. Check the link you followed.</p>
      </ProblemPanel>
    </main>
  );
}
