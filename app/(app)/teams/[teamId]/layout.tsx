import type { ReactNode } from 'react';
import Link from 'next/link';
import { requireTeamPage } from '@/lib/teams/team-page';
import { TeamTabs } from '@/components/team/team-tabs';

export default async function TeamLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ teamId: string }>;
}) {
  const { teamId } = await params;
  // The tabs are manager views: members (even of this team) and other organizations get a 404, not a hint.
  const { context } = await requireTeamPage(teamId, 'individuals');
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href="/teams" className="text-brand-700 underline underline-offset-2">
            Teams
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{context.team.name}</h1>
        <p className="text-slate-600">
          {context.cycle ? (
            <>
              Cycle {context.cycle.name}
              {context.cycle.status === 'closed' ? ' (closed, read-only snapshot)' : ''}
              {context.framework ? <> · {context.framework.name}</> : null}
            </>
          ) : (
            'No assessment cycle yet'
          )}
        </p>
      </div>
      <TeamTabs teamId={context.team.id} />
      {children}
    </div>
  );
}
