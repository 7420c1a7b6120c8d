import clsx from 'clsx';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { LazyGapBars, LazySectionBars, LazyTrendLines } from '@/components/charts/lazy-trend-charts';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { formatLevel } from '@/components/profile/format';
import { DataTable } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date';
import { TREND_SNAPSHOT_MAX_AGE_MS } from '@/lib/reports/trend-aggregates';
import type { GapsClosed, OrganizationTrends, TrendCycleColumn, TrendSeries } from '@/lib/reports/trends';
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

interface TrendColumn<Row> {
  key: string;
  header: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

/**
 * The one table of the trends page: a row header (first column) and figure columns. Every table the page
 * shows (areas, sections, gaps) is this one with its own columns, so the markup and classes live here once.
 */
function TrendTable<Row>({
  label,
  minWidth,
  rowHeader,
  columns,
  rows,
  rowKey,
  strong,
}: {
  label: string;
  minWidth: string;
  rowHeader: { header: string; cell: (row: Row) => ReactNode };
  columns: TrendColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Rows shown in bold (a total above its parts). */
  strong?: (row: Row) => boolean;
}) {
  return (
    <DataTable label={label} className={minWidth}>
      <thead>
        <tr>
          <th scope="col" className="px-3 py-2 text-left font-medium">
            {rowHeader.header}
          </th>
          {columns.map((col) => (
            <th
              key={col.key}
              scope="col"
              className={clsx('px-3 py-2 font-medium', col.numeric ? 'text-right' : 'text-left')}
            >
              {col.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const bold = strong?.(row) ?? false;
          return (
            <tr key={rowKey(row)} className={bold ? 'font-medium' : undefined}>
              <th scope="row" className={clsx('px-3 py-1.5 text-left', bold ? 'font-medium' : 'font-normal')}>
                {rowHeader.cell(row)}
              </th>
              {columns.map((col) => (
                <td
                  key={col.key}
                  className={clsx('px-3 py-1.5', col.numeric ? 'text-right tabular-nums' : 'text-slate-600')}
                >
                  {col.cell(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}

/** Average levels per cycle (areas, or sections with their area), and the change from the first to the last. */
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
  const columns: TrendColumn<TrendSeries>[] = [
    ...(withArea ? [{ key: 'area', header: 'Area', cell: (row: TrendSeries) => row.areaName }] : []),
    ...cycles.map((cycle, index) => ({
      key: cycle.id,
      header: cycleLabel(cycle),
      numeric: true,
      cell: (row: TrendSeries) => (cycle.pending ? 'being prepared' : formatLevel(row.values[index] ?? null)),
    })),
    { key: 'change', header: 'Change', numeric: true, cell: (row) => change(row.values) },
  ];
  return (
    <TrendTable
      label={label}
      minWidth="min-w-[28rem]"
      rowHeader={{ header: withArea ? 'Section' : 'Area', cell: (row) => row.name }}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
    />
  );
}

type GapRow = { key: string; total: boolean; label: string; areaName: string; pending: boolean } & Pick<
  GapsClosed,
  'gaps' | 'closed' | 'narrowed'
>;

const GAP_COLUMNS: TrendColumn<GapRow>[] = [
  { key: 'area', header: 'Area', cell: (row) => row.areaName },
  { key: 'gaps', header: 'Gaps before', numeric: true, cell: (row) => (row.pending ? 'being prepared' : row.gaps) },
  {
    key: 'closed',
    header: 'Closed',
    numeric: true,
    cell: (row) =>
      row.pending ? (
        '—'
      ) : (
        <>
          {row.closed}
          {row.total && row.gaps > 0 ? (
            <span className="text-slate-600"> ({percent.format(row.closed / row.gaps)})</span>
          ) : null}
        </>
      ),
  },
  { key: 'narrowed', header: 'Narrowed', numeric: true, cell: (row) => (row.pending ? '—' : row.narrowed) },
  {
    key: 'open',
    header: 'Still open',
    numeric: true,
    cell: (row) => (row.pending ? '—' : row.gaps - row.closed - row.narrowed),
  },
];

/** Each pair's total ("All areas"), then its areas; an area row names its pair for screen readers only. */
function GapTable({ trends }: { trends: OrganizationTrends }) {
  const rows: GapRow[] = trends.gapsClosed.flatMap((pair) => [
    { ...pair, key: pair.toCycleId, total: true, areaName: 'All areas' },
    ...trends.gapsClosedByArea
      .filter((row) => row.toCycleId === pair.toCycleId)
      .map((row) => ({ ...row, key: `${row.toCycleId}/${row.areaId}`, total: false, pending: false })),
  ]);
  return (
    <TrendTable
      label="Gaps closed between consecutive cycles"
      minWidth="min-w-[30rem]"
      rowHeader={{
        header: 'Cycles',
        cell: (row) => (row.total ? row.label : <span className="sr-only">{row.label}, </span>),
      }}
      columns={GAP_COLUMNS}
      rows={rows}
      rowKey={(row) => row.key}
      strong={(row) => row.total}
    />
  );
}

/** One section of the page: a heading, what it shows, the chart in a card and its numbers as a table beside it. */
function ChartBlock({
  id,
  title,
  intro,
  chart,
  table,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {intro ? <p className="text-sm text-slate-600">{intro}</p> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-3">{chart}</div>
        {table}
      </div>
    </section>
  );
}

/** When an open cycle's figures were computed, or that some are still being prepared. */
function Freshness({ cycles }: { cycles: TrendCycleColumn[] }) {
  const snapshot = cycles.filter((cycle) => cycle.asOf);
  const pending = cycles.filter((cycle) => cycle.pending);
  if (snapshot.length === 0 && pending.length === 0) return null;
  return (
    <div role="status" className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
      {snapshot.map((cycle) => (
        <p key={cycle.id}>
          {cycle.name} is open: its organization-wide figures are as of{' '}
          <time dateTime={cycle.asOf!}>{formatDateTime(cycle.asOf!)}</time> and are recomputed every{' '}
          {TREND_SNAPSHOT_MAX_AGE_MS / 60_000} minutes while the page is read. Pick a team for its figures of this
          moment.
        </p>
      ))}
      {pending.length > 0 ? (
        <p>
          The figures of {pending.map((cycle) => cycle.name).join(', ')} are being prepared (a few minutes for a large
          organization); reload the page to see them. Picking a team shows its figures at once.
        </p>
      ) : null}
    </div>
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
  const { cycles, areas, sections, gapsClosed, maxLevel } = trends;
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
          in that cycle; gaps are measured against the targets of the day a cycle closed (today’s for the open cycle).
        </p>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {problem} Showing the default view instead.
        </p>
      ) : null}
      <Filters trends={trends} />
      {enough ? <Freshness cycles={cycles} /> : null}
      {!enough ? (
        <EmptyState trends={trends} isAdmin={isAdmin} />
      ) : (
        <>
          <ChartBlock
            id="trend-areas"
            title="Average level per area"
            intro={
              <>
                Members with ratings:{' '}
                {cycles.map((cycle, index) => (
                  <span key={cycle.id}>
                    {index > 0 ? ', ' : ''}
                    {cycle.name} <span className="tabular-nums">{cycle.pending ? 'being prepared' : cycle.raters}</span>
                  </span>
                ))}
                .
              </>
            }
            chart={
              <LazyTrendLines
                categories={names}
                series={areas.map((area) => ({ name: area.name, values: area.values }))}
                maxLevel={maxLevel}
                label="Line chart of the average level per area in each cycle; the numbers are in the table beside it."
              />
            }
            table={
              <LevelTable label="Average level per area in each cycle" cycles={cycles} rows={areas} withArea={false} />
            }
          />
          <ChartBlock
            id="trend-gaps"
            title="Gaps closed between cycles"
            intro="Each gap (a level below its target) in the earlier cycle, and where it stood in the next one: closed (at or above target), narrowed (higher, still below) or still open."
            chart={
              <LazyGapBars
                data={gapsClosed
                  .filter((pair) => !pair.pending)
                  .map((pair) => ({
                    label: pair.label,
                    closed: pair.closed,
                    narrowed: pair.narrowed,
                    open: pair.gaps - pair.closed - pair.narrowed,
                  }))}
                label="Stacked bar chart of the gaps of each cycle closed, narrowed or still open in the next; the numbers are in the table beside it."
              />
            }
            table={<GapTable trends={trends} />}
          />
          <ChartBlock
            id="trend-sections"
            title="Average level per section"
            chart={
              <LazySectionBars
                cycles={names}
                sections={sections.map((section) => ({ name: section.name, values: section.values }))}
                maxLevel={maxLevel}
                label="Bar chart of the average level per section in each cycle; the numbers are in the table beside it."
              />
            }
            table={
              <LevelTable
                label="Average level per section in each cycle"
                cycles={cycles}
                rows={sections}
                withArea={true}
              />
            }
          />
        </>
      )}
    </div>
  );
}
