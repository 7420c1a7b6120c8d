import Link from 'next/link';
import { Pagination } from '@/components/ui/pagination';
import { Select } from '@/components/ui/select';
import { completionBreakdown } from '@/lib/assessments/completion-rule';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import { RATING_VIEWS, RATING_VIEW_LABELS } from '@/lib/insight/effective-ratings';
import {
  filterSearchParams,
  filtersOf,
  GAP_FILTER_DEFAULTS,
  MAX_LEVEL_GAP,
  type GapPageParams,
  type SortKey,
} from '@/lib/reports/filters';
import type { FilterOptions, GapPage, GapSummary, PersonGapRow, SkillGapRow } from '@/lib/reports/gap-report';
import type { CycleOption } from '@/lib/reports/scope';
import { DataTable } from '@/components/ui/table';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { formatDateTime } from '@/lib/format/date';
import { refreshGapSnapshotAction } from '@/lib/reports/actions';
import type { LoadedGapReport } from '@/lib/reports/load-report';

export interface GapReportViewProps {
  title: string;
  intro: string;
  /** Where the report lives, e.g. `/teams/…/gaps` or `/reports/gaps`. */
  basePath: string;
  /** A team report fixes the team filter; the org-wide report offers it. */
  fixedTeamId?: string;
  params: GapPageParams;
  cycles: CycleOption[];
  options: FilterOptions;
  summary: GapSummary | null;
  bySkill: GapPage<SkillGapRow> | null;
  byPerson: GapPage<PersonGapRow> | null;
  /** Live, or the organization-wide snapshot (lib/reports/gap-snapshot.ts); live when left out. */
  source?: LoadedGapReport['source'];
  /** For the snapshot's "as of" time. */
  locale?: string;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

function href(basePath: string, search: URLSearchParams): string {
  const query = search.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** The page's own state (filters, view, sort) minus the team a team page fixes in its path. */
function pageSearch(params: GapPageParams, fixedTeamId: string | undefined, extra: Record<string, string | undefined>) {
  const filters = { ...filtersOf(params), team: fixedTeamId ? undefined : params.team };
  return filterSearchParams(filters, {
    by: params.by === 'skill' ? undefined : params.by,
    sort: params.sort === 'total' ? undefined : params.sort,
    dir: params.dir === 'desc' ? undefined : params.dir,
    ...extra,
  });
}

function SortHeader({
  label,
  sortKey,
  props,
  numeric = false,
}: {
  label: string;
  sortKey: SortKey;
  props: GapReportViewProps;
  numeric?: boolean;
}) {
  const { params, basePath, fixedTeamId } = props;
  const active = params.sort === sortKey;
  // Names sort A→Z first, numbers largest first.
  const firstDir = sortKey === 'skill' || sortKey === 'name' ? 'asc' : 'desc';
  const nextDir = active ? (params.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  const search = pageSearch({ ...params, sort: sortKey, dir: nextDir }, fixedTeamId, {});
  search.set('sort', sortKey);
  search.set('dir', nextDir);
  return (
    <th
      scope="col"
      aria-sort={active ? (params.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={`px-3 py-2 font-medium ${numeric ? 'text-right' : 'text-left'}`}
    >
      <Link href={href(basePath, search)} className="underline-offset-2 hover:underline">
        {label}
        {active ? <span aria-hidden="true">{params.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </Link>
    </th>
  );
}

function SummaryPanel({ summary }: { summary: GapSummary }) {
  return (
    <section aria-labelledby="gap-summary-heading" className="space-y-4">
      <h2 id="gap-summary-heading" className="sr-only">
        Summary
      </h2>
      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Self-assessment done</dt>
          <dd className="text-2xl font-semibold" data-testid="gap-completion">
            {summary.completion.membersDone}{' '}
            <span className="text-base font-normal text-slate-600">of {summary.membersInScope} members</span>
            <span className="block text-sm font-normal text-slate-600">
              Ratings {summary.completion.ratingsPercent}% done ({completionBreakdown(summary.completion.ratings)})
              {summary.completion.ratings.toConfirm > 0 ? '; carried-over ratings count once confirmed' : ''}
            </span>
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">At or above target</dt>
          <dd className="text-2xl font-semibold">
            {summary.metShare === null ? '—' : percent.format(summary.metShare)}
            <span className="block text-sm font-normal text-slate-600">
              {summary.metPairs} of {summary.targetedPairs} member × skill pairs with a target
            </span>
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-600">Gaps matching the filters</dt>
          <dd className="text-2xl font-semibold">
            <span data-testid="gap-row-count">{summary.gapRows}</span>
            <span className="block text-sm font-normal text-slate-600">member × skill rows (the CSV’s rows)</span>
          </dd>
        </div>
      </dl>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-medium">Largest gaps, by person</h3>
          {summary.largest.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No gaps with these filters.</p>
          ) : (
            <ol className="mt-2 space-y-1 text-sm">
              {summary.largest.map((gap) => (
                <li key={gap.membershipId} className="flex justify-between gap-3">
                  <span>
                    <span className="font-medium">{gap.memberName}</span> — {gap.skillName}
                    {gap.otherGaps > 0 ? (
                      <span className="text-slate-600">
                        {' '}
                        and {gap.otherGaps} more gap{gap.otherGaps === 1 ? '' : 's'}
                      </span>
                    ) : null}
                  </span>
                  <span className="whitespace-nowrap text-slate-700">
                    {gap.level === null ? 'not rated' : gap.level} → {gap.target} (gap {gap.gap})
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-medium">Key-person risks</h3>
          <p className="text-sm text-slate-600">
            {summary.keyPersonRiskCount === 0
              ? 'Every skill has at least two members at Advanced or above.'
              : `${summary.keyPersonRiskCount} skills have fewer than two members at Advanced (3) or above.`}
          </p>
          {summary.keyPersonRisks.length > 0 ? (
            <ul className="mt-2 space-y-1 text-sm">
              {summary.keyPersonRisks.map((risk) => (
                <li key={risk.skillId} className="flex justify-between gap-3">
                  <span>
                    {risk.skillName} <span className="text-slate-500">({risk.areaName})</span>
                  </span>
                  <span className="whitespace-nowrap">
                    {risk.holder
                      ? `only ${risk.holder.name}`
                      : `${risk.holders} holder${risk.holders === 1 ? '' : 's'}`}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function FiltersForm(props: GapReportViewProps) {
  const { params, cycles, options, fixedTeamId, basePath } = props;
  const sections = params.area
    ? options.sections.filter((section) => section.areaId === params.area)
    : options.sections;
  return (
    <search>
      <AutoApplyForm
        action={basePath}
        values={{
          by: params.by,
          cycle: params.cycle,
          view: params.view,
          team: fixedTeamId ? undefined : params.team,
          area: params.area,
          section: params.section,
          roleProfile: params.roleProfile,
          minGap: String(params.minGap),
          interestOnly: params.interestOnly ? '1' : undefined,
        }}
        defaults={GAP_FILTER_DEFAULTS}
        submitLabel="Apply filters"
        aria-label="Gap report filters"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <input type="hidden" name="by" value={params.by} />
        <Select
          label="Cycle"
          name="cycle"
          defaultValue={params.cycle ?? ''}
          options={cycles.map((cycle) => ({
            value: cycle.id,
            label: `${cycle.name}${cycle.status === 'closed' ? ' (closed)' : ''}`,
          }))}
        />
        <Select
          label="Ratings"
          name="view"
          defaultValue={params.view}
          options={RATING_VIEWS.map((view) => ({ value: view, label: RATING_VIEW_LABELS[view] }))}
        />
        {fixedTeamId ? null : (
          <Select
            label="Team"
            name="team"
            defaultValue={params.team ?? ''}
            options={[
              { value: '', label: 'All teams' },
              ...options.teams.map((team) => ({ value: team.id, label: team.name })),
            ]}
          />
        )}
        <Select
          label="Area"
          name="area"
          defaultValue={params.area ?? ''}
          options={[
            { value: '', label: 'All areas' },
            ...options.areas.map((area) => ({ value: area.id, label: area.name })),
          ]}
        />
        <Select
          label="Section"
          name="section"
          defaultValue={params.section ?? ''}
          options={[
            { value: '', label: 'All sections' },
            ...sections.map((section) => ({ value: section.id, label: section.name })),
          ]}
        />
        <Select
          label="Role profile"
          name="roleProfile"
          defaultValue={params.roleProfile ?? ''}
          options={[
            { value: '', label: 'Any role profile' },
            ...options.roleProfiles.map((profile) => ({ value: profile.id, label: profile.name })),
          ]}
        />
        <div className="space-y-1">
          <label htmlFor="field-minGap" className="block text-sm font-medium text-slate-800">
            Minimum gap
          </label>
          <input
            id="field-minGap"
            name="minGap"
            type="number"
            min={1}
            max={MAX_LEVEL_GAP}
            defaultValue={params.minGap}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          />
        </div>
        <div className="flex items-end gap-2 pb-2">
          <input
            id="field-interestOnly"
            name="interestOnly"
            type="checkbox"
            value="1"
            defaultChecked={params.interestOnly}
            className="h-4 w-4 rounded border-slate-300"
          />
          <label htmlFor="field-interestOnly" className="text-sm font-medium text-slate-800">
            Only where the member wants to grow
          </label>
        </div>
        <div className="flex flex-wrap items-end gap-3 pb-2">
          <Link href={basePath} className="text-sm text-brand-700 underline">
            Reset
          </Link>
        </div>
      </AutoApplyForm>
    </search>
  );
}

function DownloadLinks(props: GapReportViewProps) {
  const { params } = props;
  const filters = filtersOf(params);
  const base = '/api/reports/gaps.csv';
  const link = (extra: Record<string, string>) => href(base, filterSearchParams(filters, extra));
  const className = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <a href={link({})} download className={`${className} font-medium`}>
        Download CSV
      </a>
      <a href={link({ format: 'wide' })} download className={className}>
        Download CSV (one row per member)
      </a>
      <a href={link({ format: 'legend' })} download className={className}>
        Column legend for the one-row-per-member CSV
      </a>
      <a href={link({ bom: '1' })} download className={className}>
        CSV for Excel (with BOM)
      </a>
    </div>
  );
}

function SkillTable(props: GapReportViewProps & { page: GapPage<SkillGapRow> }) {
  const { page } = props;
  return (
    <DataTable label="Gaps by skill" className="min-w-[40rem]">
      <thead>
        <tr>
          <SortHeader label="Skill" sortKey="skill" props={props} />
          <SortHeader label="Members below target" sortKey="members" props={props} numeric />
          <SortHeader label="Total gap" sortKey="total" props={props} numeric />
          <SortHeader label="Mean gap" sortKey="mean" props={props} numeric />
          <SortHeader label="Coverage (≥ Advanced)" sortKey="coverage" props={props} numeric />
          <th scope="col" className="px-3 py-2 text-right font-medium">
            Want to grow
          </th>
        </tr>
      </thead>
      <tbody>
        {page.rows.map((row) => (
          <tr key={row.skillId}>
            <th scope="row" className="px-3 py-2 text-left font-normal">
              <span className="font-medium">{row.skillName}</span>
              <span className="block text-xs text-slate-500">
                {row.areaName} › {row.sectionName}
              </span>
            </th>
            <td className="px-3 py-2 text-right tabular-nums">{row.membersBelow}</td>
            <td className="px-3 py-2 text-right tabular-nums">{row.totalGap}</td>
            <td className="px-3 py-2 text-right tabular-nums">{decimal.format(row.meanGap)}</td>
            <td className={`px-3 py-2 text-right tabular-nums ${row.holders < 2 ? 'font-semibold text-red-700' : ''}`}>
              {row.holders} of {row.members}
              {row.holders < 2 ? <span className="sr-only"> (key-person risk)</span> : null}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{row.interested}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function PersonTable(props: GapReportViewProps & { page: GapPage<PersonGapRow> }) {
  const { page } = props;
  return (
    <DataTable label="Gaps by person" className="min-w-[40rem]">
      <thead>
        <tr>
          <SortHeader label="Member" sortKey="name" props={props} />
          <SortHeader label="Gaps" sortKey="gaps" props={props} numeric />
          <SortHeader label="Total gap" sortKey="total" props={props} numeric />
          <SortHeader label="Largest" sortKey="max" props={props} numeric />
          <th scope="col" className="px-3 py-2 text-left font-medium">
            Largest gaps
          </th>
        </tr>
      </thead>
      <tbody>
        {page.rows.map((row) => (
          <tr key={row.membershipId}>
            <th scope="row" className="px-3 py-2 text-left font-normal">
              <span className="font-medium">{row.name}</span>
              <span className="block text-xs text-slate-500">
                {[row.roleProfile ?? 'No role profile', row.teams].filter(Boolean).join(' · ')}
              </span>
            </th>
            <td className="px-3 py-2 text-right tabular-nums">{row.gapCount}</td>
            <td className="px-3 py-2 text-right tabular-nums">{row.totalGap}</td>
            <td className="px-3 py-2 text-right tabular-nums">{row.maxGap}</td>
            <td className="px-3 py-2">
              <ul className="flex flex-wrap gap-1">
                {row.topGaps.map((gap, index) => (
                  <li key={index} className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-900">
                    {gap.skillName} <span className="font-semibold">−{gap.gap}</span>
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** Where a snapshot's figures come from and when they were read, with a way to ask for fresh ones. */
function SnapshotNotice({ source, locale }: { source: LoadedGapReport['source']; locale?: string }) {
  if (source.kind === 'live') return null;
  const { key } = source;
  const refresh = (
    <ActionButtonForm
      action={refreshGapSnapshotAction}
      fields={{
        cycleId: key.cycleId,
        view: key.view,
        minGap: String(key.minGap),
        interestOnly: String(key.interestOnly),
      }}
      label={source.kind === 'pending' ? 'Compute again' : 'Refresh now'}
      pendingLabel="Queuing…"
    />
  );
  if (source.kind === 'pending') {
    return (
      <div role="status" className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-6 text-slate-800">
        <p>
          This organization is too large to compute its organization-wide report on every view, so it is computed in the
          background. The figures for these filters are not ready yet: reload this page in a few minutes.
        </p>
        <p>
          For figures at once, filter by a team or a role profile, or download the CSV (it is always computed live).
        </p>
        {refresh}
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
      <p>
        Figures as of <time dateTime={source.asOf.toISOString()}>{formatDateTime(source.asOf, locale)}</time>, computed
        in the background (this organization is too large to compute on every view).
        {source.stale ? ' Newer figures are being computed.' : ''} Filtered by team or role profile, and the CSV, are
        always live.
      </p>
      {refresh}
    </div>
  );
}

/** The gap report: filters, summary, by-skill or by-person table, CSV links. A Server Component; plain links and a GET form. */
export function GapReportView(props: GapReportViewProps) {
  const { title, intro, basePath, fixedTeamId, params, summary, bySkill, byPerson } = props;
  const tab = (by: 'skill' | 'person', label: string) => {
    const search = pageSearch({ ...params, by, sort: 'total', dir: 'desc' }, fixedTeamId, {
      by: by === 'skill' ? undefined : by,
    });
    const current = params.by === by;
    return (
      <Link
        href={href(basePath, search)}
        aria-current={current ? 'page' : undefined}
        className={`rounded-md px-3 py-1.5 text-sm ${current ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white hover:bg-slate-100'}`}
      >
        {label}
      </Link>
    );
  };
  const pageParams = Object.fromEntries(pageSearch(params, fixedTeamId, {}).entries());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-slate-600">{intro}</p>
      </div>
      <FiltersForm {...props} />
      {props.source ? <SnapshotNotice source={props.source} locale={props.locale} /> : null}
      {props.source?.kind === 'pending' ? (
        <DownloadLinks {...props} />
      ) : summary === null ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
          There is no assessment cycle yet, so there is nothing to report. Open a cycle first.
        </p>
      ) : (
        <>
          <SummaryPanel summary={summary} />
          <div className="flex flex-wrap items-center justify-between gap-3">
            <nav aria-label="Report view" className="flex gap-2">
              {tab('skill', 'By skill')}
              {tab('person', 'By person')}
            </nav>
            <DownloadLinks {...props} />
          </div>
          <div>
            {params.by === 'skill' && bySkill ? (
              bySkill.rows.length === 0 ? (
                <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600">
                  No skill has members below target with these filters.
                </p>
              ) : (
                <SkillTable {...props} page={bySkill} />
              )
            ) : byPerson ? (
              byPerson.rows.length === 0 ? (
                <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600">
                  No member is below target with these filters.
                </p>
              ) : (
                <PersonTable {...props} page={byPerson} />
              )
            ) : null}
          </div>
          {params.by === 'skill' && bySkill ? (
            <Pagination
              basePath={basePath}
              params={pageParams}
              page={params.page}
              pageSize={bySkill.pageSize}
              total={bySkill.total}
              noun="skills"
            />
          ) : byPerson ? (
            <Pagination
              basePath={basePath}
              params={pageParams}
              page={params.page}
              pageSize={byPerson.pageSize}
              total={byPerson.total}
              noun="members"
            />
          ) : null}
        </>
      )}
    </div>
  );
}
