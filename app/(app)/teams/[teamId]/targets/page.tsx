import type { Metadata } from 'next';
import { z } from 'zod';
import { FrameworkPicker } from '@/components/roles/framework-picker';
import { TargetTree } from '@/components/roles/target-tree';
import { setTeamTargetAction } from '@/lib/roles/actions';
import { listLiveFrameworks, loadFrameworkTree, teamTargetLevels } from '@/lib/roles/queries';
import { requireTeamPage } from '@/lib/teams/team-page';

export const metadata: Metadata = { title: 'Team targets' };

const querySchema = z.object({
  framework: z.guid().optional().catch(undefined),
  /** The section whose skills the tree shows (components/roles/target-tree.tsx: rendered on demand). */
  section: z.guid().optional().catch(undefined),
});

export default async function TeamTargetsPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Only the team's managers and admins edit targets; anyone else does not learn the page exists.
  const { db, context } = await requireTeamPage((await params).teamId);
  const { team } = context;
  const organizationId = team.organizationId;
  const query = querySchema.parse(await searchParams);
  const frameworks = await listLiveFrameworks(db, organizationId);
  const framework = frameworks.find((item) => item.id === query.framework) ?? frameworks[0];
  const [nodes, targets] = await Promise.all([
    framework ? loadFrameworkTree(db, organizationId, framework.id) : Promise.resolve([]),
    teamTargetLevels(db, organizationId, team.id),
  ]);
  const basePath = `/teams/${team.id}/targets`;
  const openSection = query.section && nodes.some((node) => node.id === query.section) ? query.section : null;
  const treeHref = (section: string | null) => {
    const search = new URLSearchParams();
    if (framework && frameworks.length > 1) search.set('framework', framework.id);
    if (section) search.set('section', section);
    const text = search.toString();
    return text ? `${basePath}?${text}` : basePath;
  };

  return (
    <div className="space-y-6">
      <div>
        {/* The team layout already names the team and links back to it. */}
        <h2 className="text-xl font-semibold">Team targets</h2>
        <p className="text-slate-600">The level this team needs on each part of the framework.</p>
      </div>

      <section
        aria-labelledby="how-heading"
        className="space-y-2 rounded-xl border border-brand-100 bg-brand-50 p-4 text-sm text-slate-800"
      >
        <h3 id="how-heading" className="font-semibold">
          How team targets combine with role profiles
        </h3>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            A level set on an area, section or group applies to every skill under it, unless a lower node sets its own.
          </li>
          <li>
            Each member also has the targets of their role profile. For every skill the <strong>higher</strong> of the
            role target and the team target applies, and reports show which one it came from (“role” or “team”).
          </li>
          <li>A member on several teams gets the highest team target among them.</li>
        </ul>
      </section>

      {framework ? (
        <>
          {frameworks.length > 1 ? (
            <FrameworkPicker basePath={basePath} frameworks={frameworks} current={framework.id} />
          ) : null}
          <TargetTree
            nodes={nodes}
            targets={targets}
            action={setTeamTargetAction}
            fields={{ teamId: team.id }}
            onDemand={{ open: openSection, href: treeHref }}
          />
        </>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          This organization has no framework yet.
        </p>
      )}
    </div>
  );
}
