import type { Metadata } from 'next';
import { getReadDb } from '@/db';
import { loadSectionAndAreaHeatmaps } from '@/lib/insight/heatmap';
import { loadTeamStaleCounts } from '@/lib/trust/team-stale';
import { sortHeatmap } from '@/lib/insight/heatmap-sort';
import { heatmapQuery, parseHeatmapParams } from '@/lib/insight/heatmap-params';
import { radarAxes } from '@/lib/insight/team-radar';
import { requireTeamPage } from '@/lib/teams/team-page';
import { HeatmapControls } from '@/components/team/heatmap-controls';
import { HeatmapLegend, HeatmapTable } from '@/components/team/heatmap-table';
import { TeamRadar } from '@/components/team/team-radar';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import type { RawSearchParams } from '@/lib/url/search-params';

export const metadata: Metadata = { title: 'Team heatmap' };

type SearchParams = Promise<RawSearchParams>;

export default async function TeamHeatmapPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: SearchParams;
}) {
  const { teamId } = await params;
  const search = await searchParams;
  const { context, scope: teamScope } = await requireTeamPage(teamId, 'individuals');
  const heatmapParams = parseHeatmapParams(search);
  const { view, sort, cols } = heatmapParams;

  if (!teamScope) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <h2 className="text-lg font-semibold">No assessment cycle yet</h2>
        <p className="mt-2 text-slate-600">
          The heatmap fills in once a cycle is open and the team rates itself. <WhoOpensCycles />
        </p>
      </div>
    );
  }

  const scope = { ...teamScope, view };
  // Heavy and read-only: the replica when DATABASE_READ_URL is set (docs/scaling.md).
  const readDb = await getReadDb();
  // One statement for both heatmaps: members × sections (table and section radar) and members × areas (area radar),
  // the areas rolled up from the sections instead of resolving ratings and targets a second time.
  // The level names came with the team and its cycle (requireTeamPage). The stale counts (issue 22) are one small
  // grouped read of the members' index entries beside the heatmaps' statement.
  const [{ bySection, byArea }, staleCounts] = await Promise.all([
    loadSectionAndAreaHeatmaps(readDb, scope),
    loadTeamStaleCounts(readDb, scope),
  ]);
  const maxLevel = context.levels.at(-1)?.level ?? 4;
  const heatmap = sortHeatmap(bySection, sort, cols);
  const anyRated = heatmap.columns.some((column) => column.raters > 0);

  return (
    <div className="space-y-8">
      <section aria-labelledby="heatmap-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 id="heatmap-heading" className="text-lg font-semibold">
              Heatmap by section
            </h2>
            <p className="text-sm text-slate-600">
              Mean level of each member per section. Open a section for its skills, or a cell for that member’s ratings.
              “Stale” under a name counts self ratings not changed or confirmed for longer than the stale period.
            </p>
          </div>
          <HeatmapControls params={heatmapParams} columnNoun="sections" />
        </div>
        {!anyRated && heatmap.members.length > 0 ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Nobody has {view === 'self' ? 'rated themselves' : 'been rated'} in this cycle yet with this view.
          </p>
        ) : null}
        <HeatmapTable
          heatmap={heatmap}
          maxLevel={maxLevel}
          caption={`${context.team.name}: mean level per member and section`}
          columnHref={(column) =>
            `/teams/${context.team.id}/sections/${encodeURIComponent(column.key)}${heatmapQuery(heatmapParams)}`
          }
          cellHref={`/teams/${context.team.id}/members/{m}?section={c}`}
          staleCounts={staleCounts}
        />
        <HeatmapLegend maxLevel={maxLevel} />
      </section>

      <section aria-labelledby="radar-heading" className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="radar-heading" className="text-lg font-semibold">
          Team radar
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Team average against the team’s target, with the same ratings view as the heatmap.
        </p>
        <TeamRadar
          byArea={radarAxes(byArea)}
          bySection={radarAxes(bySection)}
          members={bySection.members.map((member) => ({ id: member.id, name: member.name }))}
          maxLevel={maxLevel}
        />
      </section>
    </div>
  );
}
