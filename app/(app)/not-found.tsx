import { ProblemPanel } from '@/components/layout/problem-panel';

/**
 * A page of the signed-in product that does not exist or that the reader may
 * not see (pages answer "not found" for both, lib/auth/page-access.ts), shown
 * under the product's header so the way on is one click.
 */
export default function AppNotFound() {
  return (
    <ProblemPanel
      title="This page is not available to you"
      links={[
        { href: '/', label: 'Go to your home page' },
        { href: '/teams', label: 'See your teams' },
      ]}
    >
      <p>It does not exist, or it belongs to a team or area you do not have access to.</p>
      <p>
        If a colleague sent you this link and you should see it — for example a team you manage — ask an admin of your
        organization to give you access.
      </p>
    </ProblemPanel>
  );
}
