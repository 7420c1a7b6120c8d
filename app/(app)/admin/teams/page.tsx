import type { Metadata } from 'next';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import Link from 'next/link';
import { TeamNameForm } from '@/components/admin/team-name-form';
import { Pagination } from '@/components/ui/pagination';
import { TextField } from '@/components/ui/text-field';
import { getDb } from '@/db';
import { requireAdminPage } from '@/lib/members/admin-page';
import { listTeams, teamListParamsSchema } from '@/lib/teams/queries';
import { DataTable } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsAdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireAdminPage();
  const params = teamListParamsSchema.parse(await searchParams);
  const list = await listTeams(await getDb(), context.organization.id, params);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Teams</h1>
        <p className="text-slate-600">Group members into teams and choose who manages each one.</p>
      </div>

      <section aria-labelledby="create-team-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="create-team-heading" className="mb-3 text-lg font-semibold">
          Create a team
        </h2>
        <TeamNameForm />
      </section>

      <section aria-labelledby="teams-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="teams-heading" className="text-lg font-semibold">
            All teams
          </h2>
          <search>
            <AutoApplyForm
              action="/admin/teams"
              values={{ q: params.q }}
              submitLabel="Search"
              className="flex items-end gap-2"
            >
              <TextField label="Search teams" name="q" type="search" defaultValue={params.q} maxLength={100} />
            </AutoApplyForm>
          </search>
        </div>

        {list.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            {params.q ? 'No teams match this search.' : 'No teams yet. Create the first one above.'}
          </p>
        ) : (
          <DataTable label={`Teams of ${context.organization.name}`} className="min-w-[28rem]">
            <thead>
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">
                  Team
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Members
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Managers
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((team) => (
                <tr key={team.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link href={`/admin/teams/${team.id}`} className="text-brand-700 underline">
                      {team.name}
                    </Link>
                  </th>
                  <td className="px-4 py-3 text-right tabular-nums">{team.memberCount}</td>
                  <td className="px-4 py-3">
                    {team.managers.length ? (
                      team.managers.map((manager) => manager.name).join(', ')
                    ) : (
                      <span className="text-amber-800">No manager</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}

        <Pagination
          basePath="/admin/teams"
          params={{ q: params.q }}
          page={params.page}
          pageSize={list.pageSize}
          total={list.total}
          noun="teams"
        />
      </section>
    </div>
  );
}
