import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getReadDb } from '@/db';
import { loadHeatmap } from '@/lib/insight/heatmap';
import { findSection } from '@/lib/insight/heatmap-section';
import { sortHeatmap } from '@/lib/insight/heatmap-sort';
import { heatmapQuery, parseHeatmapParams } from '@/lib/insight/heatmap-params';
import type { RawSearchParams } from '@/lib/url/search-params';
import { requireTeamPage } from '@/lib/teams/team-page';
import { HeatmapControls } from '@/components/team/heatmap-controls';
import { HeatmapLegend, HeatmapTable } from '@/components/team/heatmap-table';

export const metadata: Metadata = { title: 'Section heatmap' };

type SearchParams = Promise<RawSearchParams>;

export default async function SectionHeatmapPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string; sectionKeyOrId: string }>;
  searchParams: SearchParams;
}) {
  const { teamId, sectionKeyOrId: rawSection } = await params;
  const search = await searchParams;
  const { db, context, scope: teamScope } = await requireTeamPage(teamId, 'individuals');
  if (!teamScope) notFound();
  const section = await findSection(
    db,
    context.team.organizationId,
    teamScope.frameworkId,
    decodeURIComponent(rawSection),
  );
  if (!section) notFound();

  const heatmapParams = parseHeatmapParams(search);
  const { view, sort, cols } = heatmapParams;
  const scope = { ...teamScope, view };
  // Heavy and read-only: the replica when DATABASE_READ_URL is set (docs/scaling.md).
  const readDb = await getReadDb();
  const skills = await loadHeatmap(readDb, scope, { by: 'skill', sectionId: section.id });
  const maxLevel = context.levels.at(-1)?.level ?? 4;
  const heatmap = sortHeatmap(skills, sort, cols);
  const back = `/teams/${context.team.id}${heatmapQuery(heatmapParams)}`;

  return (
    <section aria-labelledby="section-heading" className="space-y-4">
      <p className="text-sm">
        <Link href={back} className="text-brand-700 underline underline-offset-2">
          ← All sections
        </Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="section-heading" className="text-lg font-semibold">
            {section.name}
          </h2>
          <p className="text-sm text-slate-600">Each member’s level per skill, with their resolved target and gap.</p>
        </div>
        <HeatmapControls params={heatmapParams} columnNoun="skills" />
      </div>
      <HeatmapTable
        heatmap={heatmap}
        maxLevel={maxLevel}
        caption={`${context.team.name}, ${section.name}: level per member and skill`}
        showCellTargets
        cellHref={`/teams/${context.team.id}/members/{m}?section=${section.id}#skill-{c}`}
      />
      <HeatmapLegend maxLevel={maxLevel} drillDown />
    </section>
  );
}
