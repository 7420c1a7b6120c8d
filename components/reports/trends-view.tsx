import Link from 'next/link';
import { LazyGapBars, LazySectionBars, LazyTrendLines } from '@/components/charts/lazy-trend-charts';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { formatLevel } from '@/components/profile/format';
import { DataTable } from '@/components/ui/table';
import type { OrganizationTrends, TrendCycleColumn, TrendSeries } from '@/lib/reports/trends';
import { ReportsTabs } from './reports-tabs';

export interface TrendsViewProps {
  trends: OrganizationTrends;
  isAdmin: boolean;
  /** Why the link's filters were ignored, if they were. */
  problem: string | null;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

function cycleLabel(cycle: TrendCycleColumn): string {
  const parts = [cycle.name];
  if (cycle.teamName) parts.push(`(${cycle.teamName})`);
  if (cycle.status === 'open') parts.push('· open');
  return parts.join(' ');
}

function change(values: (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null);
  if (known.length < 2) return '—';
  const delta = known.at(-1)! - known[0]!;
  return `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(2)}`;
}

function LevelTable({
  label,
  cycles,
  rows,
  withArea,
}: {
  label: string;
  cycles: TrendCycleColumn[];
  rows: TrendSeries[];
  withArea: boolean;
}) {
  return (
    <DataTable label={label} className="min-w-[28rem]">
      <thead>
        <tr>
          <th scope="col" className="px-3 py-2 text-left font-medium">
            {withArea ? 'Section' : 'Area'}
          </th>
          {withArea ? (
            <th scope="col" className="px-3 py-2 text-left font-medium">
              Area
            </th>
          ) : null}
          {cycles.map((cycle) => (
            <th key={cycle.id} scope="col" className="px-3 py-2 text-right font-medium">
              {cycleLabel(cycle)}
            </th>
          ))}
          <th scope="col" className="px-3 py-2 text-right font-medium">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row" className="px-3 py-1.5 text-left font-normal">
              {row.name}
            </th>
            {withArea ? <td className="px-3 py-1.5 text-slate-600">{row.areaName}</td> : null}
            {row.values.map((value, index) => (
              <td key={cycles[index]?.id ?? index} className="px-3 py-1.5 text-right tabular-nums">
                {formatLevel(value)}
              </td>
            ))}
            <td className="px-3 py-1.5 text-right tabular-nums">{change(row.values)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Filters({ trends }: { trends: OrganizationTrends }) {
  if (trends.frameworks.length < 2 && trends.teams.length === 0) return null;
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Trend filters">
      {trends.frameworks.length > 1 ? (
        <div className="space-y-1">
          <label htmlFor="trends-framework" className="block text-sm font-medium text-slate-800">
            Framework
          </label>
          <select
            id="trends-framework"
            name="framework"
            defaultValue={trends.frameworkId ?? ''}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            {trends.frameworks.map((framework) => (
              <option key={framework.id} value={framework.id}>
                {framework.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {trends.teams.length > 0 ? (
        <div className="space-y-1">
          <label htmlFor="trends-team" className="block text-sm font-medium text-slate-800">
            Team
          </label>
          <select
            id="trends-team"
            name="team"
            defaultValue={trends.teamId ?? ''}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="">All {trends.teams.length > 1 ? 'teams' : 'my teams'}</option>
            {trends.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button
        type="submit"
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        Show
      </button>
    </form>
  );
}

function EmptyState({ trends, isAdmin }: { trends: OrganizationTrends; isAdmin: boolean }) {
  const count = trends.cycles.length;
  if (!isAdmin && trends.teams.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-700">
        Trends cover the teams you manage, and you manage none yet. An admin makes you a team’s manager under Admin →
        Teams; meanwhile your own trend is on{' '}
        <Link href="/me" className="font-medium text-brand-700 underline">
          My profile
        </Link>
        .
      </p>
    );
  }
  return (
    <div
      className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-700"
      data-testid="trends-empty"
    >
      <p>
        Trends compare cycles, so they appear once {isAdmin ? 'the organization has' : 'your teams have'} two cycles
        with ratings{count === 1 ? ` — there is one so far, ${trends.cycles[0]!.name}` : ' — there are none yet'}.
      </p>
      <p className="mt-2">
        {isAdmin ? (
          <>
            When this cycle is done, close it and open the next one under{' '}
            <Link href="/admin/cycles" className="font-medium text-brand-700 underline">
              Admin → Cycles
            </Link>
            ; every member starts it from their last ratings.
          </>
        ) : (
          <>
            Meanwhile, see where your teams stand today on{' '}
            <Link href="/teams" className="font-medium text-brand-700 underline">
              Teams
            </Link>
            . <WhoOpensCycles />
          </>
        )}
      </p>
    </div>
  );
}

export function TrendsView({ trends, isAdmin, problem }: TrendsViewProps) {
  const { cycles, areas, sections, gapsClosed, gapsClosedByArea, maxLevel } = trends;
  const names = cycles.map(cycleLabel);
  const enough = cycles.length >= 2;
  return (
    <div className="space-y-6">
      {isAdmin ? <ReportsTabs current="trends" /> : null}
      <div>
        <h1 className="text-2xl font-semibold">Trends</h1>
        <p className="text-slate-600">
          {isAdmin ? 'The organization' : 'The teams you manage'}, cycle by cycle: the average self level per area and
          section, and the gaps to target closed since the cycle before. A level counts where it was rated or confirmed
          in that cycle; gaps are measured against today’s targets.
        </p>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {problem} Showing the default view instead.
        </p>
      ) : null}
      <Filters trends={trends} />
      {!enough ? (
        <EmptyState trends={trends} isAdmin={isAdmin} />
      ) : (
        <>
          <section aria-labelledby="trend-areas-heading" className="space-y-3">
            <h2 id="trend-areas-heading" className="text-lg font-semibold">
              Average level per area
            </h2>
            <p className="text-sm text-slate-600">
              Members with ratings:{' '}
              {cycles.map((cycle, index) => (
                <span key={cycle.id}>
                  {index > 0 ? ', ' : ''}
                  {cycle.name} <span className="tabular-nums">{cycle.raters}</span>
                </span>
              ))}
              .
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              <div className="rounded-xl border border-slate-200 bg-white p-3">
                <LazyTrendLines
                  categories={names}
                  series={areas.map((area) => ({ name: area.name, values: area.values }))}
                  maxLevel={maxLevel}
                  label="Line chart of the average level per area in each cycle; the numbers are in the table beside it."
                />
              </div>
              <LevelTable label="Average level per area in each cycle" cycles={cycles} rows={areas} withArea={false} />
            </div>
          </section>
          <section aria-labelledby="trend-gaps-heading" className="space-y-3">
            <h2 id="trend-gaps-heading" className="text-lg font-semibold">
              Gaps closed between cycles
            </h2>
            <p className="text-sm text-slate-600">
              Each gap (a level below its target) in the earlier cycle, and where it stood in the next one: closed (at
              or above target), narrowed (higher, still below) or still open.
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              <div className="rounded-xl border border-slate-200 bg-white p-3">
                <LazyGapBars
                  data={gapsClosed.map((pair) => ({
                    label: pair.label,
                    closed: pair.closed,
                    narrowed: pair.narrowed,
                    open: pair.gaps - pair.closed - pair.narrowed,
                  }))}
                  label="Stacked bar chart of the gaps of each cycle closed, narrowed or still open in the next; the numbers are in the table beside it."
                />
              </div>
              <DataTable label="Gaps closed between consecutive cycles" className="min-w-[30rem]">
                <thead>
                  <tr>
                    <th scope="col" className="px-3 py-2 text-left font-medium">
                      Cycles
                    </th>
                    <th scope="col" className="px-3 py-2 text-left font-medium">
                      Area
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Gaps before
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Closed
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Narrowed
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Still open
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {gapsClosed.map((pair) => (
                    <GapRows
                      key={pair.toCycleId}
                      total={pair}
                      areas={gapsClosedByArea.filter((row) => row.toCycleId === pair.toCycleId)}
                    />
                  ))}
                </tbody>
              </DataTable>
            </div>
          </section>
          <section aria-labelledby="trend-sections-heading" className="space-y-3">
            <h2 id="trend-sections-heading" className="text-lg font-semibold">
              Average level per section
            </h2>
            <div className="grid gap-4 lg:grid-cols-2">
              <div className="rounded-xl border border-slate-200 bg-white p-3">
                <LazySectionBars
                  cycles={names}
                  sections={sections.map((section) => ({ name: section.name, values: section.values }))}
                  maxLevel={maxLevel}
                  label="Bar chart of the average level per section in each cycle; the numbers are in the table beside it."
                />
              </div>
              <LevelTable
                label="Average level per section in each cycle"
                cycles={cycles}
                rows={sections}
                withArea={true}
              />
            </div>
          </section>
        </>
      )}
    </div>
  );
}

function GapRows({
  total,
  areas,
}: {
  total: OrganizationTrends['gapsClosed'][number];
  areas: OrganizationTrends['gapsClosedByArea'];
}) {
  const open = (row: { gaps: number; closed: number; narrowed: number }) => row.gaps - row.closed - row.narrowed;
  return (
    <>
      <tr className="font-medium">
        <th scope="row" className="px-3 py-1.5 text-left">
          {total.label}
        </th>
        <td className="px-3 py-1.5">All areas</td>
        <td className="px-3 py-1.5 text-right tabular-nums">{total.gaps}</td>
        <td className="px-3 py-1.5 text-right tabular-nums">
          {total.closed}
          {total.gaps > 0 ? (
            <span className="text-slate-600"> ({percent.format(total.closed / total.gaps)})</span>
          ) : null}
        </td>
        <td className="px-3 py-1.5 text-right tabular-nums">{total.narrowed}</td>
        <td className="px-3 py-1.5 text-right tabular-nums">{open(total)}</td>
      </tr>
      {areas.map((row) => (
        <tr key={row.areaId}>
          <th scope="row" className="px-3 py-1.5 text-left font-normal">
            <span className="sr-only">{total.label}, </span>
          </th>
          <td className="px-3 py-1.5">{row.areaName}</td>
          <td className="px-3 py-1.5 text-right tabular-nums">{row.gaps}</td>
          <td className="px-3 py-1.5 text-right tabular-nums">{row.closed}</td>
          <td className="px-3 py-1.5 text-right tabular-nums">{row.narrowed}</td>
          <td className="px-3 py-1.5 text-right tabular-nums">{open(row)}</td>
        </tr>
      ))}
    </>
  );
}
